"""The Suggestions panel of the article change page: accept or dismiss what extraction found.

Kept apart from ArticleAdmin: the panel is a template override plus one POST-only admin view.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_POST

from .extraction_linking import accept_suggestion, dismiss_suggestion, pending_suggestions
from .models import Article, ExtractionDismissal
from .workflow import can_edit


@require_POST
def suggestion_action(request, pk: int):
    """Accept or dismiss one pending suggestion (form fields `action` and `key`), then go back."""
    if not request.user.has_perm("articles.change_article"):
        raise PermissionDenied
    article = get_object_or_404(Article.objects.visible_to(request.user), pk=pk)
    if not can_edit(article, request.user):  # the same rule as the article's own change form
        raise PermissionDenied
    action, key = request.POST.get("action"), request.POST.get("key", "")
    if action not in ("accept", "dismiss"):
        return HttpResponseBadRequest("action must be “accept” or “dismiss”")
    suggestion = next((s for s in pending_suggestions(article) if s.key == key), None)
    if suggestion is None:
        return HttpResponseBadRequest("no such pending suggestion for this article (already handled?)")
    if action == "accept":
        accept_suggestion(article, suggestion)
        messages.success(request, f"Linked: {suggestion.label}")
    else:
        dismiss_suggestion(article, suggestion, request.user)
        messages.info(request, f"Dismissed: {suggestion.label}")
    return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]) + "#suggestions")


@admin.register(ExtractionDismissal)
class ExtractionDismissalAdmin(admin.ModelAdmin):
    """Dismissed suggestions: delete one to see it offered again."""

    list_display = ["label", "key", "article", "dismissed_by", "dismissed_at"]
    list_select_related = ["article", "dismissed_by"]
    search_fields = ["key", "label", "article__headline"]
    autocomplete_fields = ["article"]
    readonly_fields = ["dismissed_by", "dismissed_at"]
