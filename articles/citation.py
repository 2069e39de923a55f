"""How to cite an article: a plain-text reference and a BibTeX entry, both with the permanent link."""

import re

from django.utils import timezone
from django.utils.dateformat import format as format_date

from .models import Article

SITE_NAME = "Newsroom archive"
BIBTEX_SPECIAL = re.compile(r"([\\{}%&$#_^~])")


def _authors(article: Article) -> str:
    if article.byline:
        return article.byline
    credits = [credit.source.name for credit in article.credits.all()]
    if credits:
        return ", ".join(credits)
    return article.publisher.name if article.publisher else ""


def _bibtex_escape(text: str) -> str:
    return BIBTEX_SPECIAL.sub(lambda m: "\\" + m.group(1) if m.group(1) not in "\\^~" else " ", text)


def plain_citation(article: Article, permalink: str) -> str:
    day = timezone.localtime(article.published_at)
    estimated = (
        " (date estimated)" if article.published_precision == Article.PublicationPrecision.ESTIMATED else ""
    )
    authors = _authors(article)
    lead = f"{authors}. " if authors else ""
    return f"{lead}“{article.headline}.” {SITE_NAME}, {format_date(day, 'F j, Y')}{estimated}. {permalink}"


def bibtex_citation(article: Article, permalink: str) -> str:
    day = timezone.localtime(article.published_at)
    key = f"{article.slug[:40].rstrip('-')}-{day:%Y}"
    fields = [
        ("title", article.headline),
        ("author", _authors(article)),
        ("organization", SITE_NAME),
        ("date", day.date().isoformat()),
        ("url", permalink),
    ]
    if article.published_precision == Article.PublicationPrecision.ESTIMATED:
        fields.append(("note", "Publication date estimated"))
    body = ",\n".join(
        f"  {name} = {{{value if name == 'url' else _bibtex_escape(value)}}}"
        for name, value in fields
        if value
    )
    return f"@online{{{key},\n{body}\n}}"
