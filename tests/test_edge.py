"""nginx in front (deploy/nginx.conf, `make edge`): it keeps public pages, asks the site again
every second with their ETag, shows an edit at the next revalidation, and keeps nothing of
staff's."""

import time
import urllib.request

import pytest

from scripts.edge import Edge, nginx
from scripts.tempsite import TempSite, free_port

pytestmark = pytest.mark.skipif(not nginx(), reason="nginx is not installed")


@pytest.fixture(scope="module")
def edge():
    with TempSite() as site:
        site.prepare()
        site.start()
        with Edge(site.port, free_port(), site.env["MEDIA_ROOT"]) as edge:
            edge.site = site
            yield edge


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def get(url, **headers):
    """The answer itself, a redirect not followed."""
    request = urllib.request.Request(url, headers=headers)
    try:
        with OPENER.open(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:  # a 304 or a redirect comes as one
        return error.code, error.headers, error.read()


def test_a_public_page_is_kept_and_revalidated_every_second(edge):
    url = edge.url + "/en/partners/"
    status, first, body = get(url, **{"Accept-Encoding": "br"})
    assert status == 200 and first["Content-Encoding"] == "br"
    assert "X-Accel-Expires" not in first
    _, again, same = get(url, **{"Accept-Encoding": "br"})
    assert again["X-Edge-Cache"] == "HIT" and same == body
    time.sleep(1.1)
    _, later, _ = get(url, **{"Accept-Encoding": "br"})
    assert later["X-Edge-Cache"] == "REVALIDATED"
    status, _, empty = get(url, **{"If-None-Match": first["ETag"], "Accept-Encoding": "br"})
    assert status == 304 and empty == b""


def test_an_edit_shows_at_the_next_revalidation(edge):
    url = edge.url + "/fr/partenaires/"
    get(url)
    get(url)
    code = (
        "import django; django.setup(); from partners.models import Partner; "
        "p = Partner.objects.get(content_key='ville-de-barcelone'); "
        "p.name_fr = 'Barcelone modifiée'; p.save()"
    )
    edge.site.run_python(code)
    saved = time.monotonic()
    # Within a second by nginx's clock (make bench measures it); a loaded machine gets slack.
    while "Barcelone modifiée" not in get(url)[2].decode():
        assert time.monotonic() - saved <= 3
        time.sleep(0.05)


def test_staff_and_private_answers_are_never_kept(edge):
    for _ in range(2):
        _, headers, _ = get(edge.url + "/en/partners/", Cookie="sessionid=someone")
        assert headers["X-Edge-Cache"] == "BYPASS"
        _, headers, _ = get(edge.url + "/en/initiatives/?theme=nothing")
        assert headers["X-Edge-Cache"] == "MISS"  # private: asked of the site each time
        status, headers, _ = get(edge.url + "/language/en/?next=/en/")
        assert status == 302 and "django_language=en" in headers["Set-Cookie"]
        assert headers["X-Edge-Cache"] == "MISS"  # sets a cookie


def test_another_host_gets_its_own_page_never_one_kept_for_others(edge):
    url = edge.url + "/fr/initiatives/"
    port = edge.url.rsplit(":", 1)[1]
    for host in ("127.0.0.1:1337", "127.0.0.1.:1337"):
        get(url, Host=host)
        _, _, page = get(url)
        assert b":1337" not in page and f"127.0.0.1:{port}/fr/".encode() in page


def test_a_long_address_is_answered(edge):
    status, _, _ = get(edge.url + "/fr/?utm_source=" + "a" * 3000)
    assert status == 200


def test_static_files_are_served_by_nginx(edge):
    status, headers, body = get(edge.url + "/static/img/favicon.ico")
    assert status == 200 and body
    assert "X-Edge-Cache" not in headers  # never passed to the site
