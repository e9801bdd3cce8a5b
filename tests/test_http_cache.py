"""Compressed pages and HTTP caching: what browsers and a cache in front (nginx) get."""

import gzip

import brotli
import pytest

from partners.models import Partner


@pytest.fixture
def page(client, site_content):
    """The directory, as a visitor first reads it (uncompressed)."""
    return client.get("/fr/partenaires/")


@pytest.mark.parametrize(
    "accepted, encoding, decompress",
    [
        ("gzip, deflate, br, zstd", "br", brotli.decompress),
        ("gzip, deflate", "gzip", gzip.decompress),
        ("br;q=0, gzip;q=0.5", "gzip", gzip.decompress),
        ("br;q=0.5, gzip", "gzip", gzip.decompress),
        ("br;q=0, *", "gzip", gzip.decompress),
        ("*", "br", brotli.decompress),
    ],
)
def test_pages_are_sent_compressed_as_the_browser_asks(
    client, page, accepted, encoding, decompress, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get("/fr/partenaires/", headers={"accept-encoding": accepted})
    assert response["X-Page-Cache"] == "hit"
    assert response["Content-Encoding"] == encoding
    assert int(response["Content-Length"]) == len(response.content) < len(page.content) / 3
    assert decompress(response.content) == page.content
    assert "Accept-Encoding" in response["Vary"]


def test_a_page_made_afresh_is_sent_compressed_too(client, site_content):
    response = client.get("/en/partners/", headers={"accept-encoding": "gzip"})
    assert response["X-Page-Cache"] == "miss"
    assert b"Partners" in gzip.decompress(response.content)


def test_a_client_that_asks_for_no_compression_gets_none(client, page):
    for accepted in ("", "identity", "br;q=0", "gzip;q=0", "gzip;q=0, br;q=0, *", "gzip;q=nan"):
        response = client.get("/fr/partenaires/", headers={"accept-encoding": accepted})
        assert not response.has_header("Content-Encoding"), accepted
        assert response.content == page.content


def test_a_page_not_cached_is_not_compressed_for_a_client_that_refuses_gzip(client, db):
    response = client.get("/en/initiatives/?theme=nothing", headers={"accept-encoding": "gzip;q=0"})
    assert not response.has_header("Content-Encoding")


def test_a_page_not_cached_is_compressed_by_django(client, site_content):
    # An ignored filter: a page of its own, kept out of caches.
    response = client.get("/en/initiatives/?theme=nothing", headers={"accept-encoding": "gzip"})
    assert "private" in response["Cache-Control"]
    assert response["Content-Encoding"] == "gzip"
    assert b"could not be understood" in gzip.decompress(response.content)


def test_public_pages_may_be_kept_and_revalidated(client, page, django_assert_num_queries):
    etag = page["ETag"]
    assert etag.startswith('W/"')
    assert page["X-Accel-Expires"].startswith("@")  # for nginx: until the end of this second
    assert page["Cache-Control"].split(", ") == sorted(
        ["public", "max-age=0", "s-maxage=1", "must-revalidate"], key=page["Cache-Control"].find
    )
    with django_assert_num_queries(0):
        again = client.get("/fr/partenaires/", headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    other = client.get("/en/partners/", headers={"if-none-match": etag})
    assert other.status_code == 200  # each address its own tag


def test_an_edit_changes_the_tag(client, page, committed):
    with committed():
        Partner.objects.filter(content_key="ville-de-barcelone").get().save()
    response = client.get("/fr/partenaires/", headers={"if-none-match": page["ETag"]})
    assert response.status_code == 200
    assert response["ETag"] != page["ETag"]


def test_staff_pages_stay_private(admin_client, site_content):
    for path in ("/fr/", "/en/partners/", "/admin/", "/admin/partners/partner/"):
        response = admin_client.get(path)
        assert response.status_code == 200, path
        cache_control = response["Cache-Control"]
        assert "private" in cache_control and "no-store" in cache_control, path
        assert not response.has_header("ETag"), path


def test_a_staff_member_gets_no_304_for_a_visitors_tag(client, admin_client, page):
    response = admin_client.get("/fr/partenaires/", headers={"if-none-match": page["ETag"]})
    assert response.status_code == 200
