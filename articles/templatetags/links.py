"""`{% link "articles:home" %}`: `{% url %}` for URLs without arguments, reversed once per process.

Every page's header and footer name the same fourteen URLs; reversing them anew on each request was
about a tenth of an article page's render. The result depends only on the URL name, the URLconf and
the script prefix, so it is kept per (name, urlconf, prefix) and stays right under any of them.
"""

from functools import lru_cache

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape

register = template.Library()


@lru_cache(maxsize=256)
def _reversed(name: str, urlconf: str | None, prefix: str) -> str:
    # The prefix is part of the key because reverse() prepends the current one.
    return conditional_escape(reverse(name, urlconf=urlconf))


class LinkNode(template.Node):
    def __init__(self, name: str):
        self.name = name

    def render(self, context) -> str:
        # get_urlconf() is None outside a request that set one: the settings' URLconf then applies.
        return _reversed(self.name, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())


@receiver(setting_changed)
def _forget_links(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _reversed.cache_clear()


@register.tag
def link(parser, token):
    """{% link "app:name" %}: the URL of a view that takes no arguments (a quoted name only)."""
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "'\"" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError(
            "{% link %} takes one quoted URL name, e.g. {% link 'articles:home' %}"
        )
    return LinkNode(bits[1][1:-1])
