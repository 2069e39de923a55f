"""Markdown rendering and sanitising of article bodies, done once when an article is saved."""

import html
import re
import threading

import markdown
import nh3

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "li",
    "strong", "em", "b", "i", "code", "pre", "a", "abbr", "sup", "sub",
    "table", "thead", "tbody", "tr", "th", "td", "figure", "figcaption",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}


_converters = threading.local()


def _converter() -> markdown.Markdown:
    """One Markdown instance per thread: building one loads every extension, which costs more than
    converting a typical article (importers convert thousands)."""
    if not hasattr(_converters, "markdown"):
        _converters.markdown = markdown.Markdown(extensions=["extra", "sane_lists"], output_format="html")
    return _converters.markdown.reset()


def render_markdown(text: str) -> str:
    """Markdown to HTML that is safe to show: raw HTML, scripts and unsafe URLs are removed."""
    return sanitise_html(_converter().convert(text or ""))


def sanitise_html(html: str) -> str:
    """Only the tags, attributes and URL schemes an article body may use (feeds' HTML, for one)."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


# Plain text (wire copy, CSV cells, text files) is stored as Markdown that renders to exactly that
# text: characters Markdown would read as syntax are escaped, so a ticker such as "<X>" survives.
_INLINE_SYNTAX = re.compile(r"([\\`*_{}\[\]|])")
# An entity or character reference; "&#65" counts without its ";", as HTML reads it (the letter A).
_ENTITY_LIKE = re.compile(r"&(?=#|\w+;)")
_LINE_START = {
    "#": "\\#",
    ">": "\\>",
    "-": "\\-",
    "+": "\\+",
    ":": "&#58;",
    "=": "&#61;",
    "~": "&#126;",
}
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")
_INLINE_SPECIAL = re.compile(r"[\\`*_{}\[\]|&<]")
_ORDERED_ITEM = re.compile(r"^(\d+)\.(?=\s|$)")


def plain_paragraphs(text: str) -> list[list[str]]:
    """Paragraphs (split at blank lines) of stripped, non-empty lines; tabs become spaces and other
    control characters are dropped."""
    paragraphs = []
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    for block in re.split(r"\n\s*\n", _CONTROL.sub("", text)):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if lines:
            paragraphs.append(lines)
    return paragraphs


def _escape_line(line: str) -> str:
    if not (_INLINE_SPECIAL.search(line) or line[0] in _LINE_START or line[0].isdigit()):
        return line
    line = _ENTITY_LIKE.sub("&amp;", _INLINE_SYNTAX.sub(r"\\\1", line)).replace("<", "&lt;")
    if line[0] in _LINE_START:
        return _LINE_START[line[0]] + line[1:]
    return _ORDERED_ITEM.sub(r"\1\\.", line)


def plain_text_to_markdown(text: str) -> str:
    """Markdown that `render_markdown` turns back into `text`, paragraph for paragraph."""
    return _markdown(plain_paragraphs(text))


def render_plain_text(text: str) -> str:
    """The HTML `render_markdown(plain_text_to_markdown(text))` gives, without the cost of Markdown.

    Importers render thousands of plain-text bodies; the test suite checks both paths agree.
    """
    return _html(plain_paragraphs(text))


def plain_text_markdown_and_html(text: str) -> tuple[str, str]:
    """Both at once, for importers: the Markdown to store and the HTML it renders to."""
    paragraphs = plain_paragraphs(text)
    return _markdown(paragraphs), _html(paragraphs)


def _markdown(paragraphs: list[list[str]]) -> str:
    return "\n\n".join("\n".join(_escape_line(line) for line in lines) for lines in paragraphs)


def _html(paragraphs: list[list[str]]) -> str:
    return "\n".join(
        "<p>" + "\n".join(html.escape(line, quote=False).replace("\xa0", "&nbsp;") for line in lines) + "</p>"
        for lines in paragraphs
    )
