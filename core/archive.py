"""The static archive: every page a visitor reaches by following links from the home pages,
rendered through Django's test client, its addresses made into files that any static host
serves, and the same pages as a WARC file for web archives."""

import io
import logging
import re
import shutil
from dataclasses import dataclass, field
from html import escape, unescape
from pathlib import Path
from urllib.parse import parse_qs, parse_qsl, quote, unquote, urljoin, urlsplit

from django.conf import settings
from django.test import Client
from django.test.utils import override_settings
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

# Every address the pages hold: href, src, srcset and CSS url().
ATTRIBUTE = re.compile(r'\b(href|src|srcset|content)="([^"]*)"')
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")
XML_LINK = re.compile(r"<(loc|id)>([^<]+)</\1>|\bhref=\"([^\"]+)\"")
START = ["/", "/fr/", "/en/", "/robots.txt", "/sitemap.xml", "/favicon.ico"]
MAX_PAGES = 50_000  # a guard against a page that links to ever new addresses


def archive_mode(request):
    return {"archive": settings.SITE_ARCHIVE}


@dataclass
class Archive:
    folder: Path
    base_url: str  # where the archive will be served, its root: https://archive.example.org
    files: dict = field(default_factory=dict)  # address -> (file, content type, body)
    broken: list = field(default_factory=list)  # (address, status, page that links to it)
    written: set = field(default_factory=set)

    @property
    def host(self):
        return urlsplit(self.base_url).netloc

    def is_internal(self, address):
        """Whether the address is of the site and one the archive holds: not the admin's."""
        parts = urlsplit(address)
        return (
            parts.scheme in ("", "http", "https")
            and parts.netloc in ("", self.host)
            and not parts.path.startswith(("/" + settings.ADMIN_URL, "/healthz"))
            and "q" not in parse_qs(parts.query, keep_blank_values=True)  # a search
        )

    def file_of(self, address):
        """The archive's path for an address: its query made into folders, since a static
        host serves no query (``/fr/initiatives/?theme=culture`` is
        ``/fr/initiatives/theme=culture/``)."""
        parts = urlsplit(address)
        path = unquote(parts.path) or "/"
        if parts.query:
            pairs = parse_qsl(parts.query, keep_blank_values=True)
            folders = [f"{name}={value}" for name, value in pairs]
            path = path.rstrip("/") + "/" + "/".join(f.replace("/", "-") for f in folders) + "/"
        return path + "index.html" if path.endswith("/") else path

    def archived_address(self, address):
        parts = urlsplit(address)
        path = self.file_of(address).removesuffix("index.html")
        fragment = f"#{parts.fragment}" if parts.fragment else ""
        prefix = f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""
        return prefix + quote(path, safe="/=&,") + fragment

    def build(self):
        self.discard()
        request_log = logging.getLogger("cities.request")
        level = request_log.level
        request_log.setLevel(logging.WARNING)
        parts = urlsplit(self.base_url)
        try:
            with override_settings(
                SITE_ARCHIVE=True,
                PAGE_CACHE_SECONDS=0,
                ALLOWED_HOSTS=[parts.hostname],
                SECURE_SSL_REDIRECT=False,
            ):
                client = Client(HTTP_HOST=parts.netloc)
                self._crawl(client, secure=parts.scheme == "https")
        finally:
            request_log.setLevel(level)
        return self

    def _crawl(self, client, secure):
        queue = [(address, None) for address in START]
        seen = set(START)
        while queue:
            address, referrer = queue.pop(0)
            response = client.get(address, secure=secure)
            if response.status_code in (301, 302):
                target = urljoin(address, response["Location"])
                if not self.is_internal(target):
                    self.broken.append((address, response.status_code, referrer))
                    continue
                target = self._path(target)
                links = [target]
                if urlsplit(address).path.endswith("/"):
                    body = redirect_page(self.archived_address(target)).encode()
                    self._keep(address, "text/html; charset=utf-8", body, referrer)
                elif target != address + "/":  # a static host adds a folder's slash itself
                    final = client.get(target, follow=True, secure=secure)
                    if final["Content-Type"].startswith("text/html"):
                        self.broken.append((address, response.status_code, referrer))
                    else:  # the favicon: its bytes where browsers ask for it
                        self._keep(address, final["Content-Type"], read(final), referrer)
            elif response.status_code != 200:
                self.broken.append((address, response.status_code, referrer))
                continue
            else:
                body, links = self._rewrite(address, response["Content-Type"], read(response))
                self._keep(address, response["Content-Type"], body, referrer)
            for link in links:
                link = link.split("#")[0]
                if not link or link in seen:
                    continue
                if len(seen) >= MAX_PAGES:
                    self.broken.append((link, f"beyond {MAX_PAGES} addresses", address))
                    continue
                seen.add(link)
                queue.append((link, address))

    def _rewrite(self, address, content_type, body):
        """The body with its internal addresses made the archive's, and those addresses."""
        if not content_type.startswith(("text/html", "text/css")):
            if content_type.startswith(("application/xml", "application/atom+xml")):
                found = [m[1] or m[2] for m in XML_LINK.findall(body.decode())]
                return body, [self._path(u) for u in found if self.is_internal(u) and "://" in u]
            return body, []
        text = body.decode()
        links = []

        def internal(value):
            absolute = urljoin(address, unescape(value.strip()))
            if not self.is_internal(absolute) or absolute.startswith(("mailto:", "tel:")):
                return None
            links.append(self._path(absolute))
            return absolute

        def attribute(match):
            name, value = match[1], match[2]
            if name == "srcset":
                candidates = []
                for candidate in value.split(","):
                    url, *descriptor = candidate.split()
                    found = internal(url)
                    candidates.append(
                        " ".join([self.archived_address(self._path(found)), *descriptor])
                        if found
                        else candidate.strip()
                    )
                return f'srcset="{", ".join(candidates)}"'
            if name == "content" and not value.startswith(("/", "http")):
                return match[0]
            found = internal(value)
            if found is None:
                live = urlsplit(urljoin(address, unescape(value)))
                if live.scheme in ("http", "https", "") and live.netloc in ("", self.host):
                    # The admin, a search: on the live site, if it still is.
                    return f'{name}="{escape(urljoin(self.base_url, self._path(live.geturl())))}"'
                return match[0]
            keep_host = value.startswith("http")
            new = self.archived_address(found if keep_host else self._path(found))
            return f'{name}="{escape(new)}"'

        def css_url(match):
            found = internal(match[1])
            return f"url({self.archived_address(self._path(found))})" if found else match[0]

        if content_type.startswith("text/css"):
            text = CSS_URL.sub(css_url, text)
        else:
            text = ATTRIBUTE.sub(attribute, text)
        return text.encode(), links

    def _path(self, absolute):
        parts = urlsplit(absolute)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def _keep(self, address, content_type, body, referrer):
        """Writes the file; refuses a page with a form's token (never a visitor's page) and
        an address whose file another address already has."""
        file = self.staging / self.file_of(address).lstrip("/")
        if b"csrfmiddlewaretoken" in body or file in self.written:
            self.broken.append((address, "not archived", referrer))
            return
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_bytes(body)
        self.written.add(file)
        self.files[address] = (file, content_type, body)

    @property
    def staging(self):
        return self.folder.with_name(self.folder.name + ".new")

    def publish(self):
        """The new archive in the place of the previous one, once it is whole and checked."""
        shutil.rmtree(self.folder, ignore_errors=True)
        self.staging.rename(self.folder)

    def discard(self):
        shutil.rmtree(self.staging, ignore_errors=True)

    @property
    def pages(self):
        return [a for a, (_f, kind, _b) in self.files.items() if kind.startswith("text/html")]

    def size(self):
        return sum(len(body) for _f, _k, body in self.files.values())

    def write_warc(self, path):
        """Each archived file as a WARC response record, at its address in the archive."""
        with open(path, "wb") as output:
            writer = WARCWriter(output, gzip=True)

            def write(record):
                writer.write_record(record)
                record.raw_stream.close()  # warcio's temporary copy, made to count the bytes

            info = {"software": "C.I.T.I.E.S. archive", "format": "WARC/1.1"}
            write(writer.create_warcinfo_record(path.name, info))
            for address, (_file, content_type, body) in self.files.items():
                headers = StatusAndHeaders(
                    "200 OK",
                    [("Content-Type", content_type), ("Content-Length", str(len(body)))],
                    protocol="HTTP/1.1",
                )
                url = self.base_url.rstrip("/") + self.archived_address(address)
                payload = io.BytesIO(body)
                write(writer.create_warc_record(url, "response", payload, http_headers=headers))


def read(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def redirect_page(target):
    target = escape(target)
    return (
        f'<!doctype html><html><head><meta charset="utf-8"><title>C.I.T.I.E.S.</title>'
        f'<meta http-equiv="refresh" content="0; url={target}"></head>'
        f'<body><p><a href="{target}">C.I.T.I.E.S.</a></p></body></html>'
    )


def broken_links(folder):
    """Each internal address in the archive's pages that no file answers, with its page; and
    each address of another host the pages would load (a stylesheet, a script, an image)."""
    missing, foreign = [], []
    for page in Path(folder).rglob("*.html"):
        text = page.read_text()
        base = "/" + page.relative_to(folder).parent.as_posix().strip(".") + "/"
        for tag in re.finditer(r"<(a|link|script|img|source)\b[^>]*>", text):
            for value in re.findall(r'\b(?:href|src)="([^"]*)"', tag[0]):
                value = unescape(value)
                parts = urlsplit(urljoin(base.replace("//", "/"), value))
                loads = tag[1] in ("script", "img", "source") or (
                    tag[1] == "link" and re.search(r'rel="(stylesheet|icon|preload)', tag[0])
                )
                if parts.netloc:
                    if loads:
                        foreign.append((page, value))
                    continue
                if parts.scheme not in ("", "http", "https") or not parts.path:
                    continue
                path = unquote(parts.path)
                file = Path(folder) / path.lstrip("/")
                if path.endswith("/"):
                    file = file / "index.html"
                if not file.is_file() or parts.query:  # a static host serves no query
                    missing.append((page, value))
    return missing, foreign
