"""What changed in each revision of an article, for the admin's History page (django-reversion)."""

from __future__ import annotations

import datetime
import difflib

import reversion
from reversion.models import Version

from .models import Article

TEXT_FIELDS = ["headline", "dek", "body", "byline", "date_note", "withdrawn_reason"]
IGNORED_FIELDS = {"body_html", "updated_at", "created_at"}
BASELINE_COMMENT = "As stored before its first change in the admin (imported, loaded or bulk-created)."
CHANGED_OUTSIDE_COMMENT = "As stored before this change (changed outside the admin since the last version)."
# Versions keep times to the millisecond (Django's JSON serialiser), the database to the microsecond.
SAME_TIME = datetime.timedelta(milliseconds=1)


def record_baseline(article: Article) -> None:
    """Keep the stored state of an article as a version when its history does not already end with it.

    Imports and the sample loader write in bulk, without revisions (a version per article would
    serialise every article and row again on each import), and `import_articles --update` rewrites
    stored stories the same way; without this, the next edit in the admin would be credited with
    what the import changed, and the imported text could be neither compared nor restored. Called
    before a revision opens: inside one, this version would be saved with the edit already applied."""
    stored = Article.objects.filter(pk=article.pk).first()
    if stored is None:
        return
    latest = Version.objects.get_for_object(stored).first()  # newest first
    if latest is not None:
        recorded = latest.field_dict.get("updated_at")
        if recorded is not None and abs(recorded - stored.updated_at) < SAME_TIME:
            return
    with reversion.create_revision():
        reversion.add_to_revision(stored)
        reversion.set_comment(CHANGED_OUTSIDE_COMMENT if latest else BASELINE_COMMENT)


def revision_changes(article: Article) -> dict[int, dict]:
    """For each revision of the article: which fields changed, a line diff of its text fields, and
    which inline rows (people, events, quotes, ...) were added, changed or removed."""
    article_versions = list(
        Version.objects.get_for_object(article).select_related("revision").order_by("revision__date_created")
    )
    revision_ids = [version.revision_id for version in article_versions]
    inline_versions: dict[int, dict] = {rid: {} for rid in revision_ids}
    for version in (
        Version.objects.filter(revision_id__in=revision_ids)
        .exclude(pk__in=[v.pk for v in article_versions])
        .select_related("content_type")
    ):
        key = (version.content_type.model_class()._meta.verbose_name, version.object_id)
        inline_versions[version.revision_id][key] = version

    changes, previous, previous_inlines = {}, None, {}
    for version in article_versions:
        fields = version.field_dict
        diffs, changed = [], []
        if previous is not None:
            for name, value in fields.items():
                if name in IGNORED_FIELDS or previous.get(name) == value:
                    continue
                if name in TEXT_FIELDS:
                    lines = difflib.unified_diff(
                        str(previous.get(name) or "").splitlines(),
                        str(value or "").splitlines(),
                        lineterm="",
                        n=1,
                    )
                    diffs.append((name, "\n".join(list(lines)[2:])))
                else:
                    changed.append(f"{name}: {previous.get(name)} → {value}")
        inlines = inline_versions[version.revision_id]
        rows = []
        if previous is not None:  # the first recorded version is the baseline, not a list of additions
            for key, inline in inlines.items():
                before = previous_inlines.get(key)
                if before is None:
                    rows.append(f"added {key[0]} “{inline.object_repr}”")
                elif before.serialized_data != inline.serialized_data:
                    rows.append(f"changed {key[0]} “{inline.object_repr}”")
            rows += [
                f"removed {key[0]} “{gone.object_repr}”"
                for key, gone in previous_inlines.items()
                if key not in inlines
            ]
        changes[version.revision_id] = {"fields": changed, "diffs": diffs, "inlines": rows}
        previous, previous_inlines = fields, inlines
    return changes
