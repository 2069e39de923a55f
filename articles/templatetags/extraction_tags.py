"""The admin's Suggestions panel, rendered from an article's pending extraction suggestions."""

from django import template

from ..extraction import KINDS
from ..extraction_linking import pending_suggestions

register = template.Library()

KIND_HEADINGS = {
    "person": "People",
    "organization": "Organisations",
    "place": "Places",
    "event": "Dated events",
    "quote": "Quotes",
}


@register.inclusion_tag("admin/articles/article/suggestions_panel.html", takes_context=True)
def suggestions_panel(context, article):
    suggestions = pending_suggestions(article)
    groups = [
        (KIND_HEADINGS[kind], [s for s in suggestions if s.kind == kind])
        for kind in KINDS
        if any(s.kind == kind for s in suggestions)
    ]
    return {"article": article, "groups": groups, "csrf_token": context.get("csrf_token")}
