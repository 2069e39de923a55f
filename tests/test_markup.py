"""Plain text stored as Markdown renders back to exactly that text, by either path."""

import html
import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from articles.markup import plain_text_to_markdown, render_markdown, render_plain_text

from .conftest import read_corpus

# Text with everything Markdown gives meaning to: list markers, headings, emphasis, tables, HTML.
SYNTAX = st.sampled_from(list("#>-+*_`[](){}!|:=~<&\\.1 \xa0") + ["1. ", "- ", "---", "&amp;", "<b>", "  \n"])
PIECES = (SYNTAX, st.just("\n\n"), st.just("\n"))
ANY_TEXT = st.lists(st.one_of(st.text(max_size=8), *PIECES), max_size=30).map("".join)
# Printable text only, so the expected paragraphs below need no rules for control characters.
PRINTABLE = st.text(st.characters(categories=["L", "N", "P", "S", "Zs"]), max_size=8)
PLAIN_TEXT = st.lists(st.one_of(PRINTABLE, *PIECES), max_size=30).map("".join)


def visible_text(rendered: str) -> list[str]:
    return [html.unescape(re.sub(r"<[^>]+>", "", p)) for p in re.findall(r"<p>(.*?)</p>", rendered, re.S)]


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
@example("&#0")  # a character reference without its ";": HTML reads it as U+FFFD, "&#65" as "A"
@example("&#65 and &#x41")
def test_plain_text_renders_the_same_by_markdown_and_by_the_fast_path(text):
    assert render_markdown(plain_text_to_markdown(text)) == render_plain_text(text)


@settings(max_examples=300, deadline=None)
@given(PLAIN_TEXT)
def test_plain_text_is_shown_as_written(text):
    paragraphs = ["\n".join(line.strip() for line in p.split("\n") if line.strip())
                  for p in re.split(r"\n\s*\n", text)]  # fmt: skip
    assert visible_text(render_plain_text(text)) == [p for p in paragraphs if p]


def test_tickers_in_angle_brackets_are_text_not_html():
    rendered = render_markdown(plain_text_to_markdown("USX <X> DEBT DOWNGRADED BY MOODY'S & <S&P>"))
    assert rendered == "<p>USX &lt;X&gt; DEBT DOWNGRADED BY MOODY'S &amp; &lt;S&amp;P&gt;</p>"


@pytest.mark.corpus
def test_both_paths_agree_on_every_corpus_body(corpus_path):
    for record in read_corpus(corpus_path):
        body = record["body"]
        assert render_markdown(plain_text_to_markdown(body)) == render_plain_text(body), record["headline"]
