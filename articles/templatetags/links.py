"""`{% link "articles:home" %}`: `{% url %}` for URLs without arguments, reversed once per process
(articles.page_urls.fixed_url: every page's header and footer name the same fourteen URLs)."""

from django import template
from django.utils.html import conditional_escape

from ..page_urls import fixed_url

register = template.Library()


class LinkNode(template.Node):
    def __init__(self, name: str):
        self.name = name

    def render(self, context) -> str:
        return conditional_escape(fixed_url(self.name))


@register.tag
def link(parser, token):
    """{% link "app:name" %}: the URL of a view that takes no arguments (a quoted name only)."""
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "'\"" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError(
            "{% link %} takes one quoted URL name, e.g. {% link 'articles:home' %}"
        )
    return LinkNode(bits[1][1:-1])
