"""`{% fragment_cache seconds name vary_on... %}…{% endfragment_cache %}`: Django's `{% cache %}`,
except that 0 seconds renders the block without touching the cache at all.

Django's tag still reads the cache (and writes an already expired entry) at 0 seconds, so a preview
or FRAGMENT_CACHE_SECONDS=0 could be served a fragment stored earlier under the same key.
"""

from django import template
from django.templatetags.cache import CacheNode

register = template.Library()


class FragmentCacheNode(CacheNode):
    def render(self, context):
        if not self.expire_time_var.resolve(context):
            return self.nodelist.render(context)
        return super().render(context)


@register.tag("fragment_cache")
def fragment_cache(parser, token):
    nodelist = parser.parse(("endfragment_cache",))
    parser.delete_first_token()
    tokens = token.split_contents()
    if len(tokens) < 3:
        raise template.TemplateSyntaxError(f"'{tokens[0]}' takes at least two arguments: seconds and a name.")
    return FragmentCacheNode(
        nodelist,
        parser.compile_filter(tokens[1]),
        tokens[2],
        [parser.compile_filter(token) for token in tokens[3:]],
        None,
    )
