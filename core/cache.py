"""The page cache: visitors' pages kept in Django's cache under the content version's
namespace, forgotten by any change to the content once it is committed."""

import hashlib
import logging
import time
from pathlib import Path
from urllib.parse import unquote_plus

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponseNotModified, QueryDict
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import parse_etags
from django.utils.translation import get_language_from_path

from .compression import compressed_bodies, encode, is_compressible
from .content import is_content
from .i18n import catalogues_version
from .models import ContentVersion
from .publishing import next_publication, publish_due

VERSION_KEY = "content-version"
# The query parameters pages read (the apps add theirs); others are left out of the key and
# of the request, so that `?utm_source=…` is the page without it.
QUERY_PARAMETERS = {"p"}  # the sitemap's pages

logger = logging.getLogger("cities.cache")


def page_cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def content_version():
    """The committed content version, read from the database at most every
    PAGE_CACHE_VERSION_SECONDS: a change whose cache could not be told (the cache was down)
    takes effect that long after the cache is back. Kept with it: the next scheduled
    publication, made when its moment has come."""
    cache = page_cache()
    state = cache.get(VERSION_KEY)
    if state is None:
        state = _committed_state()
        cache.add(VERSION_KEY, state, settings.PAGE_CACHE_VERSION_SECONDS)
    version, due = state
    if due is not None and due <= time.time():
        publish_due()
        version = publish_content_version()
    return version


def _committed_state():
    return ContentVersion.current(), next_publication()


def publish_content_version():
    state = _committed_state()
    _tell_cache(lambda cache: cache.set(VERSION_KEY, state, settings.PAGE_CACHE_VERSION_SECONDS))
    return state[0]


def forget_cached_pages():
    """For writes that send no signal (``QuerySet.update``, raw SQL)."""
    ContentVersion.bump()
    publish_content_version()


def content_changed(sender, using=None, **kwargs):
    # For m2m_changed the sender is the relation's table, in the app of the model holding it.
    if not is_content(sender):
        return
    ContentVersion.bump()
    # Until the commit, the database still gives the previous number to other connections.
    _tell_cache(lambda cache: cache.delete(VERSION_KEY))
    if sender.__module__ == "__fake__":
        return  # a migration's model, maybe of an older schema: the next request reads it
    connection = transaction.get_connection(using)
    if not any(entry[1] is publish_content_version for entry in connection.run_on_commit):
        transaction.on_commit(publish_content_version, using=using)


def _tell_cache(operation):
    """A change is saved whatever the cache does: if it cannot be told, pages follow the
    database's version within PAGE_CACHE_VERSION_SECONDS."""
    try:
        operation(page_cache())
    except Exception:
        logger.exception(
            "The cache could not be told of a change; pages show it within %s s.",
            settings.PAGE_CACHE_VERSION_SECONDS,
        )


def connect_signals():
    post_save.connect(content_changed, dispatch_uid="page-cache-post-save")
    post_delete.connect(content_changed, dispatch_uid="page-cache-post-delete")
    m2m_changed.connect(content_changed, dispatch_uid="page-cache-m2m")


def keep_out_of_caches(response):
    """For pages made of what a visitor typed wrong (an ignored filter, a page that does not
    exist): each would otherwise be a cache entry of its own."""
    patch_cache_control(response, private=True)
    return response


def _shows_content(request):
    path = request.path_info
    return (
        path == "/sitemap.xml"
        or get_language_from_path(path) is not None
        or path.startswith("/" + settings.ADMIN_URL)
    )


def _is_staff_request(request):
    return (
        settings.SESSION_COOKIE_NAME in request.COOKIES
        or "HTTP_AUTHORIZATION" in request.META
        or request.path_info.startswith("/" + settings.ADMIN_URL)
    )


def _is_cacheable_request(request):
    return request.method == "GET" and not _is_staff_request(request)


def _is_cacheable_response(response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",")}
    return "cookie" not in vary and "*" not in vary


def _keep_used_parameters(request):
    query = request.META.get("QUERY_STRING", "")
    if not query:
        return
    # On the query string as sent: parsing and encoding it again cost a third of a kept page.
    kept = "&".join(
        part for part in query.split("&") if unquote_plus(part.split("=", 1)[0]) in QUERY_PARAMETERS
    )
    if kept != query:
        request.META["QUERY_STRING"] = kept
        request.GET = QueryDict(kept)


def release_stamp():
    """A stamp of the code that makes the pages (Python, templates, the static files'
    manifest), so that a deploy never serves pages cached by the code it replaced."""
    base = Path(settings.BASE_DIR)
    stamp = hashlib.blake2b(digest_size=8)
    # The manifest by its content: collectstatic rewrites it on every deploy, most often the same.
    manifest = base / "staticfiles" / "staticfiles.json"
    stamp.update(manifest.read_bytes() if manifest.is_file() else b"")
    files = []
    for folder in ("templates", *(app.path for app in apps.get_app_configs())):
        path = Path(folder) if Path(folder).is_absolute() else base / folder
        if path.is_relative_to(base) and ".venv" not in path.parts:
            files += path.rglob("*.py")
            files += path.rglob("*.html")
    for file in sorted(set(files)):
        if file.is_file():
            stat = file.stat()
            stamp.update(f"{file} {stat.st_mtime_ns} {stat.st_size}".encode())
    return stamp.hexdigest()


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.release = release_stamp()

    def __call__(self, request):
        if not _shows_content(request):
            return self.get_response(request)
        version = content_version()  # also for staff and the admin: what is due gets published
        if _is_staff_request(request):
            response = self.get_response(request)
            # A member of staff's pages (drafts, previews, the admin) stay in their browser.
            patch_cache_control(response, private=True, no_store=True)
            return response
        if not settings.PAGE_CACHE_SECONDS or not _is_cacheable_request(request):
            return self.get_response(request)
        _keep_used_parameters(request)
        cache = page_cache()
        address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        # The code's release and the interface's catalogues too: a deploy or a recompiled .po
        # shows on the next request.
        stamp = f"{self.release} {catalogues_version()} {address}"
        key = "page:" + hashlib.sha256(stamp.encode()).hexdigest()
        tag = hashlib.sha256(f"{version} {stamp}".encode()).hexdigest()[:32]
        etag = f'W/"{tag}"'
        if _has_etag(request, etag):
            return _revalidated(etag)
        cached = cache.get(key, version=version)
        if cached is not None:
            response, bodies = cached
            response["X-Page-Cache"] = "hit"
            return encode(response, bodies, request)
        response = self.get_response(request)
        if _is_cacheable_response(response):
            # Template responses are rendered by now, on their way out of the view.
            _mark_public(response, etag)
            bodies = compressed_bodies(response) if is_compressible(response) else {}
            cache.set(key, (response, bodies), settings.PAGE_CACHE_SECONDS, version=version)
            response["X-Page-Cache"] = "miss"
            return encode(response, bodies, request)
        return response


def _mark_public(response, etag):
    """Browsers and shared caches (nginx) may keep the page, and ask again after a second
    whether it changed: the content version is in its ETag."""
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=0, s_maxage=1, must_revalidate=True)
    # nginx's own (it reads no s-maxage, and is not passed on): kept until the end of this
    # second, the finest it counts, so that an edit shows within a second.
    response["X-Accel-Expires"] = f"@{int(time.time())}"
    patch_vary_headers(response, ["Accept-Encoding"])


def _has_etag(request, etag):
    given = request.META.get("HTTP_IF_NONE_MATCH")
    if not given:
        return False
    return any(tag.removeprefix("W/") == etag.removeprefix("W/") for tag in parse_etags(given))


def _revalidated(etag):
    response = HttpResponseNotModified()
    _mark_public(response, etag)
    response["X-Page-Cache"] = "revalidated"
    return response
