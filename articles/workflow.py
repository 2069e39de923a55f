"""The editorial workflow: draft → in review → published (or scheduled), and withdrawn.

Plain functions, each one transition, used by the admin's actions and buttons. Each checks that the
transition is allowed for the user and the article's state, saves, and records a revision in the
article's history with who did it.
"""

from __future__ import annotations

import datetime

import reversion
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from .history import record_baseline
from .models import Article

Status = Article.Status


def can_publish(user) -> bool:
    """Editors and superusers publish, schedule and withdraw; reporters do not."""
    return user.has_perm("articles.publish_article")


def _save(article: Article, by, comment: str, fields: list[str]) -> Article:
    if not reversion.is_active():  # the admin records the baseline before it opens its revision
        record_baseline(article)
    with transaction.atomic(), reversion.create_revision():
        article.save(update_fields=[*fields, "updated_at"])
        reversion.set_user(by)
        reversion.set_comment(comment)
    return article


def _require_editor(by) -> None:
    if not can_publish(by):
        raise PermissionDenied("Only editors can publish, schedule or withdraw articles.")


def article_submit(article: Article, by) -> Article:
    """A reporter (or an editor) sends a draft to the editors."""
    if article.status != Status.DRAFT:
        raise ValidationError(f"Only a draft can be submitted for review; this one is {article.state}.")
    if not (can_publish(by) or article.created_by_id == by.pk):
        raise PermissionDenied("Reporters submit only their own drafts.")
    article.status = Status.REVIEW
    return _save(article, by, "Submitted for review", ["status"])


def article_return_to_draft(article: Article, by) -> Article:
    """An editor sends a story in review back to its reporter, or unschedules a scheduled one."""
    _require_editor(by)
    if not (article.status == Status.REVIEW or article.is_scheduled):
        raise ValidationError(
            f"Only a story in review or scheduled goes back to draft; this one is {article.state}."
        )
    article.status = Status.DRAFT
    return _save(article, by, "Returned to draft", ["status"])


def article_publish(article: Article, by, at: datetime.datetime | None = None) -> Article:
    """Publish now, or at `at`, or at the article's own future `published_at` (then it is scheduled).

    A story with a publication time already set keeps it: archived stories keep their real date.
    """
    _require_editor(by)
    if article.status == Status.PUBLISHED and not article.is_scheduled and at is None:
        raise ValidationError("This article is already published.")
    if at is not None:
        article.published_at = at
    elif article.published_at is None:
        article.published_at = timezone.now()
    article.status = Status.PUBLISHED
    article.withdrawn_reason = ""
    when = timezone.localtime(article.published_at)
    comment = f"Scheduled for {when:%Y-%m-%d %H:%M}" if article.is_scheduled else "Published"
    return _save(article, by, comment, ["status", "published_at", "withdrawn_reason"])


def article_schedule(article: Article, by, at: datetime.datetime) -> Article:
    """Publish at a future time: the story appears by itself then (published() is a query)."""
    if at <= timezone.now():
        raise ValidationError("A scheduled time must be in the future; publish now instead.")
    return article_publish(article, by, at=at)


def article_withdraw(article: Article, by, reason: str) -> Article:
    """Take a published story off the public pages; its URL then answers 410 Gone with the reason."""
    _require_editor(by)
    reason = reason.strip()
    if not reason:
        raise ValidationError("Say why the article is withdrawn: readers who follow a link will see it.")
    if article.status != Status.PUBLISHED:
        raise ValidationError(f"Only a published article can be withdrawn; this one is {article.state}.")
    article.status = Status.WITHDRAWN
    article.withdrawn_reason = reason
    return _save(article, by, f"Withdrawn: {reason}", ["status", "withdrawn_reason"])


def can_edit(article: Article, user) -> bool:
    """Editors edit any story; a reporter edits their own until it is published."""
    if can_publish(user):
        return user.has_perm("articles.change_article")
    return (
        user.has_perm("articles.change_article")
        and article.created_by_id == user.pk
        and article.status in (Status.DRAFT, Status.REVIEW)
    )


def can_delete(article: Article, user) -> bool:
    """Only a superuser deletes what readers have seen; editors may delete an unpublished draft."""
    if user.is_superuser:
        return True
    return (
        can_publish(user)
        and user.has_perm("articles.delete_article")
        and article.status in (Status.DRAFT, Status.REVIEW)
    )
