"""Uploaded files in an S3-compatible bucket (django-storages), as in production: a site
served by gunicorn stores the logos uploaded in its admin in a private bucket of moto's S3
server on loopback, and its pages show them through the site's own addresses, which send
visitors to a short-lived signed address of the bucket."""

import io
import os
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid

import boto3
import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from moto.server import ThreadedMotoServer
from PIL import Image

from scripts.tempsite import BASE_DIR, TempSite, free_port

BUCKET = "cities-media"
REGION = "us-east-1"
CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
ADMIN_URL = "admin/"
PASSWORD = "a-long-test-password-" + uuid.uuid4().hex
PARTNER_PAGE = "/fr/partenaires/ville-de-barcelone/"


@pytest.fixture
def bucket():
    """An empty bucket on an S3 server of the test's own: its endpoint and a client."""
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    s3 = boto3.client("s3", endpoint_url=endpoint, region_name=REGION, **CREDENTIALS)
    s3.create_bucket(Bucket=BUCKET)
    yield endpoint, s3
    s3.close()
    server.stop()


def bucket_contents(s3):
    listing = s3.list_objects_v2(Bucket=BUCKET)
    return {
        item["Key"]: s3.get_object(Bucket=BUCKET, Key=item["Key"])["Body"].read()
        for item in listing.get("Contents", [])
    }


def png(width, height):
    output = io.BytesIO()
    Image.new("RGBA", (width, height), (200, 30, 60, 128)).save(output, format="PNG")
    return output.getvalue()


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response, response.read()
    except urllib.error.HTTPError as error:
        return error, b""


def test_logos_uploaded_in_the_admin_are_stored_and_shown_from_the_bucket(bucket, admin_browser):
    endpoint, s3 = bucket
    env = {
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_ENDPOINT_URL": endpoint,
        "AWS_S3_REGION_NAME": REGION,
        "AWS_ACCESS_KEY_ID": CREDENTIALS["aws_access_key_id"],
        "AWS_SECRET_ACCESS_KEY": CREDENTIALS["aws_secret_access_key"],
        "MEDIA_ORIGIN": endpoint,
        "REDIS_URL": "",
        "ADMIN_URL": ADMIN_URL,
        "DJANGO_SUPERUSER_PASSWORD": PASSWORD,
    }
    with TempSite(env=env) as site:
        site.prepare()
        site.manage("createsuperuser", "--noinput", "--username=editor", "--email=e@example.org")
        site.start()
        editor = admin_browser(site.url, ADMIN_URL)
        editor.log_in("editor", PASSWORD)
        change_path = editor.change_form_of("partners/partner", "Ville de Barcelone")
        assert bucket_contents(s3) == {}

        logo = png(960, 480)
        url, _, html = editor.submit(
            change_path,
            {"logo": SimpleUploadedFile("barcelona.png", logo, "image/png")},
            form_id="partner_form",
        )
        assert urllib.parse.urlsplit(url).path == f"/{ADMIN_URL}partners/partner/", html[:3000]

        stored = bucket_contents(s3)
        original = "partners/logos/barcelona.png"
        rendition = "partners/logos/renditions/barcelona.webp"
        assert set(stored) == {original, rendition}
        assert stored[original] == logo
        with Image.open(io.BytesIO(stored[rendition])) as image:
            assert (image.format, image.size, image.mode) == ("WEBP", (480, 240), "RGBA")

        response, page = fetch(site.url + PARTNER_PAGE)
        img = BeautifulSoup(page, "html.parser").find("img", class_="partner-page-logo")
        assert img["src"] == f"/media/{rendition}"
        assert (img["width"], img["height"]) == ("480", "240")
        img_src = [
            part
            for part in response.headers["Content-Security-Policy"].split(";")
            if part.strip().startswith("img-src")
        ]
        assert endpoint in img_src[0].split()
        served, body = fetch(site.url + img["src"])
        assert served.url.startswith(f"{endpoint}/{BUCKET}/{rendition}?")  # signed
        assert body == stored[rendition]
        assert served.headers["Content-Type"] == "image/webp"
        # The uploaded original is never given an address.
        assert fetch(f"{site.url}/media/{original}")[0].status == 404
        assert fetch(f"{endpoint}/{BUCKET}/{original}")[0].status == 403

        url, status, html = editor.submit(
            change_path,
            {"logo": SimpleUploadedFile("notes.png", b"Not an image at all.\n", "image/png")},
            form_id="partner_form",
        )
        assert (url, status) == (site.url + change_path, 200)
        assert BeautifulSoup(html, "html.parser").find(id="id_logo_error").get_text(strip=True)
        assert bucket_contents(s3) == stored


def test_the_site_refuses_to_start_with_s3_storage_but_no_bucket():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "DJANGO_"))}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=BASE_DIR,
        env={**env, "SECRET_KEY": "x", "MEDIA_STORAGE": "s3"},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME" in result.stderr
