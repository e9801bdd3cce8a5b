"""Production configuration: what an operator sets, and what a browser or a proxy receives."""

import json
import logging
import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.logging import JsonFormatter

ROOT = Path(settings.BASE_DIR)
PRODUCTION_ENV = {
    "SECRET_KEY": "a-long-random-production-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "HTTPS": "1",
    "BEHIND_PROXY": "1",
    "ALLOWED_HOSTS": "cities.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://cities.example.org",
}

# Variables of the test process that would change what the fresh process reads.
INHERITED_NOT = {
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # set by conftest.py for the browser tests
    "DEBUG",
    "HTTPS",
    "BEHIND_PROXY",
    "REDIS_URL",
    "AWS_STORAGE_BUCKET_NAME",
    "MEDIA_STORAGE",
    "DATABASE_POOL",
    "ADMIN_URL",
}


def run_manage(*args, env=None, code=None):
    """manage.py (or Python code after django.setup()) in a fresh process with this environment:
    settings are read once, at start, from the environment."""
    clean = {k: v for k, v in os.environ.items() if k not in INHERITED_NOT}
    clean = {**clean, "DJANGO_SETTINGS_MODULE": "cities_site.settings", **(env or {})}
    if code is not None:
        command = [sys.executable, "-c", "import django; django.setup()\n" + code]
    else:
        command = [sys.executable, "manage.py", *args]
    return subprocess.run(command, cwd=ROOT, env=clean, capture_output=True, text=True)


def settings_with(env, expression):
    result = run_manage(
        env={"SECRET_KEY": "x", **env},
        code=f"import json; from django.conf import settings; print(json.dumps({expression}))",
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_check_deploy_reports_nothing_with_the_production_variables():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_without_https_the_site_keeps_working_over_plain_http():
    """`make run` serves http on 127.0.0.1 with DEBUG off: nothing may force https there."""
    values = settings_with(
        {},
        "[settings.SECURE_SSL_REDIRECT, settings.SESSION_COOKIE_SECURE,"
        " settings.CSRF_COOKIE_SECURE, settings.SECURE_HSTS_SECONDS, settings.DEBUG]",
    )
    assert values == [False, False, False, 0, False]


def test_https_turns_on_redirect_secure_cookies_and_hsts_together():
    values = settings_with(
        {"HTTPS": "1", "BEHIND_PROXY": "1"},
        "[settings.SECURE_SSL_REDIRECT, settings.SESSION_COOKIE_SECURE,"
        " settings.CSRF_COOKIE_SECURE, settings.SECURE_HSTS_SECONDS >= 31536000,"
        " settings.SECURE_PROXY_SSL_HEADER]",
    )
    assert values == [True, True, True, True, ["HTTP_X_FORWARDED_PROTO", "https"]]


def test_shared_cache_storage_and_pool_are_chosen_by_variables():
    # Without Redis, every process of the machine shares one cache, of bounded size.
    local = settings_with({}, "settings.CACHES['default']")
    assert local["BACKEND"] == "core.file_cache.UncompressedFileCache"
    assert local["OPTIONS"] == {"MAX_ENTRIES": 5000}
    assert settings_with(
        {"REDIS_URL": "redis://127.0.0.1:6379/1"}, "settings.CACHES['default']"
    ) == {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/1",
        "KEY_PREFIX": "cities",
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": 0.5,
            "SOCKET_TIMEOUT": 0.5,
        },
    }
    assert (
        settings_with(
            {"REDIS_URL": "redis://127.0.0.1:6379/1", "CACHE_KEY_PREFIX": "cities-staging"},
            "settings.CACHES['default']['KEY_PREFIX']",
        )
        == "cities-staging"
    )
    assert settings_with({}, "settings.STORAGES['default']['BACKEND']").endswith(
        "FileSystemStorage"
    )
    assert (
        settings_with(
            {"AWS_STORAGE_BUCKET_NAME": "cities-media"}, "settings.STORAGES['default']['BACKEND']"
        )
        == "core.storage.PrivateBucketStorage"
    )
    database = settings_with(
        {"DATABASE_URL": "postgres://u@db.example:5432/cities", "DATABASE_POOL": "1"},
        "settings.DATABASES['default']",
    )
    assert database["CONN_MAX_AGE"] == 0
    assert database["OPTIONS"]["pool"]["max_size"] == 4
    # A blank DATABASE_URL (an empty line of an environment file) is the default database.
    blank = settings_with({"DATABASE_URL": " "}, "settings.DATABASES['default']['ENGINE']")
    assert blank == "django.db.backends.sqlite3"
    assert settings_with({"ADMIN_URL": "/gestion/"}, "settings.ADMIN_URL") == "gestion/"


def test_pages_carry_the_security_headers(client, site_content):
    response = client.get("/fr/")
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "default-src 'none'" in csp
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert "Server" not in response


def test_the_admin_allows_inline_style_attributes_but_no_inline_script(admin_client):
    csp = admin_client.get("/admin/partners/partner/add/")["Content-Security-Policy"]
    assert "style-src-attr 'unsafe-inline'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-eval" not in csp
    assert "'unsafe-inline'" not in csp.split("style-src-attr")[0]


def test_healthz_answers_without_session_or_language(client, db):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert not response.cookies
    assert "Set-Cookie" not in response
    assert len(queries) == 1
    assert "session" not in queries[0]["sql"].lower()
    assert client.get("/fr/healthz").status_code == 404


def test_healthz_answers_503_when_the_database_does_not(tmp_path):
    missing = tmp_path / "no-such-folder" / "db.sqlite3"
    result = run_manage(
        env={
            "SECRET_KEY": "x",
            "ALLOWED_HOSTS": "testserver",
            "DATABASE_URL": f"sqlite:///{missing}",
        },
        code=(
            "from django.test import Client\n"
            "r = Client().get('/healthz')\n"
            "print(r.status_code, r.content.decode().strip(), 'Set-Cookie' in r)"
        ),
    )
    assert result.stdout.strip().splitlines()[-1] == "503 database unavailable False"


def test_a_request_for_another_host_is_one_log_line_without_a_traceback(tmp_path):
    result = run_manage(
        env={
            "SECRET_KEY": "x",
            "ALLOWED_HOSTS": "testserver",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "LOG_FORMAT": "text",
        },
        # The health check: refused before it reads the (empty) database.
        code=(
            "from django.test import Client\n"
            "print(Client().get('/healthz', HTTP_HOST='evil.example'))"
        ),
    )
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 2, result.stdout + result.stderr
    assert "INFO cities.request" in lines[0] and "GET /healthz 400" in lines[0]
    assert "status_code=400" in lines[1]
    assert "Traceback" not in result.stdout + result.stderr


def test_each_request_is_logged_with_an_id_echoed_to_the_client(client, db, caplog):
    caplog.set_level(logging.INFO, logger="cities.request")
    response = client.get("/healthz", headers={"x-request-id": "edge-42.a"})
    assert response["X-Request-ID"] == "edge-42.a"
    record = next(r for r in caplog.records if r.name == "cities.request")
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "edge-42.a"
    assert line["method"] == "GET"
    assert line["path"] == "/healthz"
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], float)


def test_an_odd_incoming_request_id_is_replaced(client, db):
    response = client.get("/healthz", headers={"x-request-id": "bad id\u202e" + "x" * 100})
    generated = response["X-Request-ID"]
    assert len(generated) == 32
    assert generated.isalnum()
    assert client.get("/healthz")["X-Request-ID"] != generated


@pytest.mark.urls("tests.error_urls")
def test_an_error_is_logged_with_its_traceback_and_request_id(db, caplog):
    from django.test import Client

    response = Client(raise_request_exception=False).get(
        "/boom/", headers={"x-request-id": "trace-me"}
    )
    assert response.status_code == 500
    record = next(r for r in caplog.records if r.name == "django.request")
    line = json.loads(JsonFormatter().format(record))
    assert line["level"] == "ERROR"
    assert line["request_id"] == "trace-me"
    assert "Traceback" in line["exception"]
    assert "RuntimeError: boom" in line["exception"]


def test_gunicorn_configuration_limits_requests_and_hides_its_name():
    import gunicorn.http.wsgi

    original = gunicorn.http.wsgi.SERVER
    try:
        config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
        assert gunicorn.http.wsgi.SERVER == "web"
    finally:
        gunicorn.http.wsgi.SERVER = original
    assert config["wsgi_app"] == "cities_site.wsgi:application"
    assert config["bind"].startswith("127.0.0.1:")
    assert config["limit_request_line"] <= 4094
    assert config["limit_request_fields"] <= 100
    assert config["accesslog"] is None


def test_healthz_is_not_redirected_to_https(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/fr/").status_code == 301


def test_the_environment_key_wins_over_the_checkout_key(project_copy):
    """Several app servers share SECRET_KEY through their environment; a checkout's own
    .secret_key (made private by `make`) is only the fallback."""
    made = subprocess.run(["make", ".secret_key"], cwd=project_copy, capture_output=True)
    assert made.returncode == 0, made.stderr
    key_file = project_copy / ".secret_key"
    assert key_file.stat().st_mode & 0o777 == 0o600
    code = (
        "import django; django.setup()\n"
        "from django.conf import settings; print(settings.SECRET_KEY)"
    )
    env = {k: v for k, v in os.environ.items() if k not in INHERITED_NOT | {"SECRET_KEY"}}
    env["DJANGO_SETTINGS_MODULE"] = "cities_site.settings"

    def key_seen(**extra):
        result = subprocess.run(
            [sys.executable, "-c", code],
            cwd=project_copy,
            env={**env, **extra},
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    assert key_seen(SECRET_KEY="the-shared-production-key") == "the-shared-production-key"
    assert key_seen() == key_file.read_text().strip()
    # No make target replaces the environment's key with the checkout's.
    assert "SECRET_KEY=" not in (project_copy / "Makefile").read_text()
