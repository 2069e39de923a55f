"""Hypothesis over the URL space: slugs, dates, page numbers and query strings never give a 5xx."""

import os
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

# The suite runs a few hundred cases per backend; bench/README.md records the 10,000-case run
# (URL_FUZZ_EXAMPLES=10000 make test-sqlite PYTEST_ARGS=tests/test_url_fuzz.py).
EXAMPLES = int(os.environ.get("URL_FUZZ_EXAMPLES", "300"))

segments = st.one_of(
    st.sampled_from(
        ["valery-gerasimov", "nato", "baku", "tass", "2017", "03", "00", "99", "-1", "..", "%00"]
    ),
    st.text(alphabet=string.ascii_letters + string.digits + "-_.~%", min_size=0, max_size=40),
    st.integers(min_value=-10, max_value=10**12).map(str),
)
prefixes = st.sampled_from(
    ["", "people", "organisations", "places", "sources", "topics", "articles", "timeline", "quotes",
     "corrections", "feed", "api/articles", "api/people", "api/events", "2017", "2017/03", "2017/03/03"]
)  # fmt: skip
query_values = st.one_of(
    st.text(max_size=30), st.integers(min_value=-(10**12), max_value=10**12).map(str), st.just("")
)
query = st.dictionaries(
    st.sampled_from(
        ["page", "q", "person", "place", "speaker", "published_from", "page_size", "format", "x"]
    ),
    query_values,
    max_size=4,
)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(prefix=prefixes, parts=st.lists(segments, max_size=3), params=query, trailing=st.booleans())
def test_no_url_gives_a_server_error(client, seed_article, prefix, parts, params, trailing):
    path = "/" + "/".join(p for p in [prefix, *parts] if p)
    if trailing:
        path += "/"
    response = client.get(path, params)
    assert response.status_code < 500, (path, params, response.status_code)
