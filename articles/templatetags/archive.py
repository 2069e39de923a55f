"""Template filters that show dates as precisely as the archive knows them."""

from django import template
from django.utils import timezone
from django.utils.dateformat import format as format_date

from articles.models import Article, DatePrecision

register = template.Library()

DAY = "F j, Y"
MONTH = "F Y"
YEAR = "Y"


@register.filter
def event_date(event) -> str:
    """ "March 3, 2017", "March 2014" or "2014", by the event's precision."""
    pattern = {DatePrecision.DAY: DAY, DatePrecision.MONTH: MONTH}.get(event.precision, YEAR)
    return format_date(event.date, pattern)


@register.filter
def publication_date(article) -> str:
    """The publication date at the precision known: "about March 3, 2017" when estimated."""
    if article.published_at is None:
        return "undated"
    moment = timezone.localtime(article.published_at)
    precision = article.published_precision
    Precision = Article.PublicationPrecision
    if precision == Precision.EXACT:
        return format_date(moment, "F j, Y, H:i T")
    if precision == Precision.MONTH:
        return format_date(moment, MONTH)
    if precision == Precision.YEAR:
        return format_date(moment, YEAR)
    text = format_date(moment, DAY)
    return f"about {text}" if precision == Precision.ESTIMATED else text
