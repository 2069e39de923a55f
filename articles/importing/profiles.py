"""Sample profiles: per-archive cleaning applied to each record before it is validated.

A profile fixes what an archive gets wrong the same way every time, and leaves out rows that are not
articles, with a reason the importer reports. `import_articles --profile NAME` applies one.
"""

from __future__ import annotations

import re

from .record import SkipRecord


class Profile:
    """No cleaning: records go to validation as read. Subclasses override `clean()`."""

    name = "none"
    description = "records as read"
    defaults: dict = {}

    def clean(self, fields: dict) -> dict:
        """The record's fields, cleaned; raises SkipRecord for a row that is not an article."""
        return {**self.defaults, **fields}


class WikinewsProfile(Profile):
    """The Wikinews CSV sample (articles/sample/wikinews/README.md lists the defects cleaned here)."""

    name = "wikinews"
    description = "Wikinews CSV export: url,date,title,text (CC BY 2.5)"
    LICENCE = "From Wikinews, CC BY 2.5"
    defaults = {
        "source": "Wikinews",
        "rights": LICENCE,
        "language": "en",
        "status": "published",
        "published_precision": "day",
        "body_format": "text",
    }
    DATELINE = re.compile(
        r"^\s*(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), "
        r"[A-Z][a-z]+ \d{1,2}, \d{4}[\s\xa0]*\n"
    )
    PULL_QUOTE_CAPTION = re.compile(r"^—\S")
    UNREVIEWED = "This article requires pre-publication review"

    def clean(self, fields: dict) -> dict:
        fields = super().clean(fields)
        headline, body = fields.get("headline", ""), fields.get("body", "")
        if headline.startswith("TEST PAGE:"):
            raise SkipRecord("a Wikinews test page, not an article")
        if body.lstrip().startswith(self.UNREVIEWED):
            raise SkipRecord("an unreviewed draft (“requires pre-publication review”)")
        if url := fields.get("url"):
            fields["url"] = re.sub(r"(?<!:)//+", "/", url)
        body = self.DATELINE.sub("", body, count=1)
        # Paragraphs are split by one to three newlines; pull-quote captions ("—Zinichev calling…")
        # lost their quote in the export and stand alone, so they are dropped.
        paragraphs = [p.strip() for p in body.split("\n")]
        fields["body"] = "\n\n".join(p for p in paragraphs if p and not self.PULL_QUOTE_CAPTION.match(p))
        return fields


PROFILES = {profile.name: profile for profile in (Profile(), WikinewsProfile())}
