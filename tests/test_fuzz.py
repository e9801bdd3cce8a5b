"""Random paths and query strings on every public address, in both languages: never a 500.

HYPOTHESIS_PROFILE=thorough runs ten times as many examples as CI's default profile.
"""

import os
from urllib.parse import quote, unquote_to_bytes

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from initiatives.models import Initiative, Theme

settings.register_profile(
    "ci",
    max_examples=300,
    deadline=None,
    database=None,  # nothing written into the working tree
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile("thorough", parent=settings.get_profile("ci"), max_examples=3000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

LANGUAGES = ["fr", "en"]
PARAMETERS = ["page", "q", "theme", "year", "country", "city", "level", "type", "organisation"]
ODD_VALUES = [
    "",
    "-1",
    "0",
    "1e309",
    "99999999999999999999999",
    "%ff",
    "%",
    "%zz",
    "%00",
    "\x00",
    "%C3%28",
    "\u202e",
    "\ud7ff",
    "Montréal",
    "서울",
    "' OR 1=1 --",
    "<script>",
    "x" * 5000,
]

# Characters that reach a URL as they are, as escapes, or as broken escapes.
raw_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=60)
escaped_bytes = st.binary(max_size=20).map(lambda b: "".join(f"%{byte:02x}" for byte in b))
value = st.one_of(
    st.sampled_from(ODD_VALUES),
    raw_text,
    escaped_bytes,
    raw_text.map(quote),
    st.integers().map(str),
)
query = st.lists(
    st.tuples(st.one_of(st.sampled_from(PARAMETERS), raw_text, escaped_bytes), value),
    max_size=8,
).map(lambda pairs: "&".join(f"{k}={v}" for k, v in pairs))
segment = st.one_of(
    st.sampled_from(ODD_VALUES[:14] + ["..", ".", "%2e%2e"]), raw_text, escaped_bytes
)


@pytest.fixture
def pages(site_content):
    """Every public page of each kind, by language."""
    initiative = Initiative.objects.published().first()
    theme = Theme.objects.first()
    urls = {}
    for language, partners, themes in (("fr", "partenaires", "theme"), ("en", "partners", "theme")):
        slug = getattr(initiative, f"slug_{language}")
        urls[language] = [
            f"/{language}/",
            f"/{language}/{partners}/",
            f"/{language}/{partners}/ville-de-montreal/"
            if language == "fr"
            else f"/{language}/{partners}/city-of-montreal/",
            f"/{language}/initiatives/",
            f"/{language}/initiatives/?{themes}={getattr(theme, f'slug_{language}')}",
            f"/{language}/initiatives/?q=economie",
            f"/{language}/initiatives/{slug}/",
            f"/{language}/initiatives/feed.atom",
            f"/{language}/initiatives/export.json",
            f"/{language}/initiatives/export.csv",
        ]
    return urls


def get(client, url):
    """GET the URL as a WSGI server hands it to Django: the path's escapes decoded into
    bytes (seen as Latin-1), the query string as sent. The test client would otherwise parse
    the URL itself, and take a path such as //[ for a host name."""
    path, _, query = url.partition("?")
    response = client.get(
        "/",
        PATH_INFO=unquote_to_bytes(path).decode("iso-8859-1"),
        QUERY_STRING=query.encode().decode("iso-8859-1"),
    )
    assert response.status_code < 500, url
    return response


def test_the_pages_answer(client, pages):
    for urls in pages.values():
        for url in urls:
            assert get(client, url).status_code == 200, url


@pytest.mark.parametrize("language", LANGUAGES)
@given(data=st.data())
def test_random_query_strings_never_give_a_server_error(client, pages, language, data):
    url = data.draw(st.sampled_from(pages[language]), label="page")
    separator = "&" if "?" in url else "?"
    get(client, url + separator + data.draw(query, label="query"))


@pytest.mark.parametrize("language", LANGUAGES)
@given(data=st.data())
def test_random_paths_never_give_a_server_error(client, pages, language, data):
    base = data.draw(
        st.sampled_from(
            ["/", f"/{language}/", *pages[language][1:4], "/media/", "/static/", "/admin/"]
        ),
        label="base",
    )
    segments = data.draw(st.lists(segment, min_size=1, max_size=4), label="segments")
    path = base + "/".join(s.replace("?", "%3F").replace("#", "%23") for s in segments)
    get(client, path + data.draw(st.sampled_from(["", "/", "?page=-1", "?q=%ff&q=%00"])))


@pytest.mark.parametrize("language", LANGUAGES)
def test_nul_and_broken_escapes_in_every_parameter(client, pages, language):
    """Found by the random tests on PostgreSQL, which refuses NUL characters in a query."""
    for name in PARAMETERS:
        for odd in ("%00", "a%00b", "%ff", "%", "-1", "x" * 5000):
            get(client, f"/{language}/initiatives/?{name}={odd}")
            get(client, f"/{language}/initiatives/?{name}={odd}&{name}={odd}&page=-1")
