"""A page cache for visitors' GET requests, emptied by any change to the content.

Each cached page's key holds the *content version*, a value kept in the cache itself and
replaced whenever a model of a content app is saved or deleted, or a many-to-many relation of
one changes (the admin, the loader, the shell alike), and replaced again once that change is
committed, since another process may have made a page of the content before it meanwhile.
A page saved under an older version is never read again and simply expires, so an edit
shows on the very next request, in every language, in every process: with Redis
(``REDIS_URL``) the version is a key of the shared cache; with the default cache, in each
process's memory, it is the modification time of a small file that every process of the
machine reads (one ``stat`` a request).

What is cached: the pages of each language (``/fr/…``, ``/en/…``) and the sitemap, for GET
requests without a session cookie (staff in the admin have one) or
``Authorization`` header, answered 200 by a page that sets no cookie and does not vary on
cookies. The key holds the scheme, host, path and query string, so each language (its
address carries its prefix) and each filtered list has its own entry.

The middleware sits after ``RememberLanguageMiddleware``, which sets the language cookie on
the way out: it runs for cached pages as for others, so a cached page never carries a cookie
meant for another visitor.
"""

import hashlib
import logging
import os
import pickle
import tempfile
import time
import uuid
from pathlib import Path

from django.apps import AppConfig
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import get_language_from_path

CONTENT_APPS = {"partners", "initiatives"}
VERSION_KEY = "page-cache:content-version"

logger = logging.getLogger("cities.cache")

try:
    from redis.exceptions import RedisError

    CACHE_FAILURES = (OSError, RedisError)
except ImportError:  # pragma: no cover - the redis package comes with the site's dependencies
    CACHE_FAILURES = (OSError,)
# A page kept by another version of the site (before a deploy) may not unpickle here.
UNREADABLE_PAGE = (pickle.UnpicklingError, AttributeError, ImportError, EOFError, TypeError)
# After a failure, a process leaves the cache alone for this long rather than wait for it
# (up to the 1 s timeout) on every request and every save.
CACHE_REST_SECONDS = 30


def cache_is_resting(cache):
    return time.monotonic() < getattr(cache, "cities_rest_until", 0)


def cache_failed(cache, error):
    """Logs the failure once per rest period, and starts one."""
    if not cache_is_resting(cache):
        logger.warning(
            "The cache could not be reached; pages are served uncached for the next %s s. %s",
            CACHE_REST_SECONDS,
            error,
        )
    cache.cities_rest_until = time.monotonic() + CACHE_REST_SECONDS


def page_cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def _version_file():
    """With a cache in each process's memory, the version must still be shared by every
    process of the machine (gunicorn's workers, the admin's): it is then a file's mtime."""
    if not isinstance(page_cache(), LocMemCache):
        return None
    configured = getattr(settings, "PAGE_CACHE_VERSION_FILE", None)
    if configured:
        return Path(configured)
    site = hashlib.sha256(str(settings.BASE_DIR).encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"cities-page-cache-{site}.version"


def content_version():
    path = _version_file()
    if path is not None:
        try:
            return path.stat().st_mtime_ns
        except FileNotFoundError:
            path.touch()
            return path.stat().st_mtime_ns
    cache = page_cache()
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY)
    return version


def bump_content_version():
    """Forget every cached page: their keys hold the previous version."""
    path = _version_file()
    if path is not None:
        path.touch()
        try:
            previous = path.stat().st_mtime_ns
        except FileNotFoundError:  # pragma: no cover - removed between the two calls
            previous = 0
        stamp = max(time.time_ns(), previous + 1)
        os.utime(path, ns=(stamp, stamp))
        return
    cache = page_cache()
    if not cache_is_resting(cache):
        try:
            cache.set(VERSION_KEY, uuid.uuid4().hex, None)
            return
        except CACHE_FAILURES as error:
            cache_failed(cache, error)
    # The edit is saved all the same; refusing it would lose the staff's work.
    logger.error(
        "The cache could not be reached to forget the cached pages: visitors may see the "
        "previous content until the pages expire (PAGE_CACHE_SECONDS)."
    )


def page_key(request, version):
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"page-cache:{version}:{digest}"


def _is_public_page(path):
    """The pages of a language (/fr/…, /en/…) and the sitemap; never the admin, /healthz…"""
    return path == "/sitemap.xml" or get_language_from_path(path) is not None


def _is_cacheable_request(request):
    return (
        request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
        and _is_public_page(request.path_info)
    )


def _is_cacheable_response(response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",")}
    return "cookie" not in vary and "*" not in vary


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.timeout = getattr(settings, "PAGE_CACHE_SECONDS", 3600)

    def __call__(self, request):
        if not self.timeout or not _is_cacheable_request(request):
            return self.get_response(request)
        cache = page_cache()
        if cache_is_resting(cache):
            return self.get_response(request)
        try:
            key = page_key(request, content_version())
            response = cache.get(key)
        except CACHE_FAILURES as error:
            # Without its cache the site is slower, not broken: the page is made afresh.
            cache_failed(cache, error)
            return self.get_response(request)
        except UNREADABLE_PAGE as error:
            logger.warning("A cached page could not be read; it is made afresh. %r", error)
            response = None
        if response is not None:
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if _is_cacheable_response(response):
            # Template responses are rendered by now: the handler renders them before
            # returning through the middleware.
            try:
                cache.set(key, response, self.timeout)
            except CACHE_FAILURES as error:
                cache_failed(cache, error)
                return response
            response["X-Page-Cache"] = "miss"
        return response


def _content_changed(sender, using=None, **kwargs):
    # For m2m_changed the sender is the relation's table, in the app of the model holding it.
    if sender._meta.app_label not in CONTENT_APPS:
        return
    bump_content_version()
    # Another process that reads the content between this change and its commit still sees
    # the old content, and would keep what it makes of it (a page, the list's facet index)
    # under the new version: the version is replaced again once the change is committed.
    connection = transaction.get_connection(using)
    if connection.in_atomic_block and not any(
        entry[1] is bump_content_version for entry in connection.run_on_commit
    ):
        transaction.on_commit(bump_content_version, using=using)


class PageCacheConfig(AppConfig):
    """Connects the invalidation at start-up in every process: web, shell, commands."""

    name = "cities_site"
    label = "cities_site"
    verbose_name = "C.I.T.I.E.S."
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        post_save.connect(_content_changed, dispatch_uid="page-cache-post-save")
        post_delete.connect(_content_changed, dispatch_uid="page-cache-post-delete")
        m2m_changed.connect(_content_changed, dispatch_uid="page-cache-m2m")
