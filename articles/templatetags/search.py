"""Links on the search page that change one parameter and keep the rest of the search."""

from django import template
from django.http import QueryDict

register = template.Library()


@register.simple_tag(takes_context=True)
def search_url(context, param: str, value=None) -> str:
    """The current search with `param` set to `value` (or removed when None), back on page one.

    A year facet sets the date range to that year.
    """
    query: QueryDict = context["request"].GET.copy()
    query.pop("page", None)
    if param == "year":
        query["date_from"], query["date_to"] = f"{value}-01-01", f"{value}-12-31"
    elif value is None or value == "":
        query.pop(param, None)
    else:
        query[param] = str(value)
    return "?" + query.urlencode()


@register.simple_tag(takes_context=True)
def page_url(context, number: int) -> str:
    """The current search on another page."""
    query: QueryDict = context["request"].GET.copy()
    query["page"] = str(number)
    return "?" + query.urlencode()
