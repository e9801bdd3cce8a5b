"""Settings for the C.I.T.I.E.S. website, read once from the environment (README, "Settings")."""

import hashlib
import os
import tempfile
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name, default=False):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name, "")
    items = [item.strip() for item in value.split(",") if item.strip()]
    return items or default


DEBUG = env_flag("DEBUG")

# The environment's key wins; a checkout keeps its own in .secret_key (made by `make run`), so
# that every manage.py command works there as written.
SECRET_KEY_FILE = BASE_DIR / ".secret_key"
SECRET_KEY = os.environ.get("SECRET_KEY", "").strip()
if not SECRET_KEY and SECRET_KEY_FILE.is_file():
    SECRET_KEY = SECRET_KEY_FILE.read_text().strip()
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Set SECRET_KEY in the environment, or run `make run` once to make .secret_key "
            "(or DEBUG=1 to develop)."
        )
    SECRET_KEY = "development-only-key-never-used-with-debug-off"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])

INSTALLED_APPS = [
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "core.apps.CoreConfig",
    "django.contrib.postgres",
    "django_countries",
    "django_filters",
    "csp",
    "reversion",
    "import_export",
    "core.apps.LoginAttemptsConfig",  # django-axes
    "partners.apps.PartnersConfig",
    "initiatives.apps.InitiativesConfig",
    "pages.apps.PagesConfig",
    # Last, as it asks: a file replaced, cleared or left by a deleted object is deleted from
    # the storage once the change is committed, so that it is no longer served.
    "django_cleanup.apps.CleanupConfig",
]

MIDDLEWARE = [
    # First, so that every request (static files included) is timed, logged and tagged.
    "core.logging.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # HTML, XML and JSON compressed, with Django's BREACH mitigation (cached pages come
    # compressed already, from the page cache).
    "core.compression.GZipMiddleware",
    # Before sessions and languages: a kept page is found by its address alone, and answered
    # without them (a session cookie, or the admin, passes by).
    "core.cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # The admin speaks the language its user chose, whatever the public pages' cookie says.
    "core.i18n.AdminLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before anything reads the body (CSRF's check reads the form).
    "core.security.RequestSizeLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.security.ContentSecurityPolicyMiddleware",
    "core.security.PermissionsPolicyMiddleware",
    # Last, as django-axes asks: it turns a locked-out login attempt into its answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cities_site.urls"
WSGI_APPLICATION = "cities_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.i18n.language_alternates",
                "core.archive.archive_mode",
            ],
            "builtins": ["core.templatetags.translated", "core.templatetags.seo"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        # An empty DATABASE_URL (a blank line in an environment file) means the default.
        os.environ.get("DATABASE_URL", "").strip() or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# DATABASE_POOL=1 (PostgreSQL only): a psycopg connection pool in each process instead of one
# persistent connection; Django refuses CONN_MAX_AGE with a pool, so it is set to 0.
if env_flag("DATABASE_POOL") and DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": int(os.environ.get("DATABASE_POOL_MIN_SIZE", "1")),
        "max_size": int(os.environ.get("DATABASE_POOL_MAX_SIZE", "4")),
        "timeout": 10,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Staff's password-reset e-mails: printed on the console unless a server is given.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_flag("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# French first: it is the default language and the fallback of every translated field.
LANGUAGE_CODE = "fr"
LANGUAGES = [
    ("fr", _("French")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
USE_I18N = True
USE_TZ = True
# Bulk import by staff who may add content; the partners' export by those who may view it.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
TIME_ZONE = "America/Montreal"

MODELTRANSLATION_DEFAULT_LANGUAGE = "fr"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("fr",)
# The admin's language tabs use a copy of jQuery UI served by the site, never a CDN.
MODELTRANSLATION_JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"
JQUERY_UI_URL = MODELTRANSLATION_JQUERY_UI_URL

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Uploads are served by core/media.py only where a published page shows them. Behind nginx,
# MEDIA_ACCEL_REDIRECT names its internal location, which then sends the file itself.
MEDIA_ACCEL_REDIRECT = os.environ.get("MEDIA_ACCEL_REDIRECT", "").strip()
if MEDIA_ACCEL_REDIRECT:
    MEDIA_ACCEL_REDIRECT = "/" + MEDIA_ACCEL_REDIRECT.strip("/") + "/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Uploads: logos are refused above 5 MB by their validator; this bounds what is kept in memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# One line per record on standard output: JSON (LOG_FORMAT=json, the default) or plain text
# (LOG_FORMAT=text), each with the request id of the request it belongs to.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "core.logging.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "core.logging.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "filters": ["request_id"],
            "formatter": "text" if os.environ.get("LOG_FORMAT") == "text" else "json",
        },
        "nowhere": {"class": "logging.NullHandler"},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # runserver's own line per request would repeat the site's request log; its warnings
        # (4xx) and errors (5xx) still show.
        "django.server": {"level": "WARNING"},
        # A request for a host not in ALLOWED_HOSTS (scanners send many) gets its 400 and the
        # request log's line, not an error with a traceback each.
        "django.security.DisallowedHost": {"handlers": ["nowhere"], "propagate": False},
    },
}


# --- Production and security -------------------------------------------------------------
# Everything below is chosen by environment variables (README, "Deploying"). The defaults keep
# `make run` working: plain http on 127.0.0.1 with DEBUG off, so nothing here forces https
# unless HTTPS=1 says the site is reached over https.

HTTPS = env_flag("HTTPS")
# HTTPS=1 turns on the redirect to https, Secure cookies and HSTS together; each can still be
# set on its own.
SECURE_SSL_REDIRECT = env_flag("SECURE_SSL_REDIRECT", default=HTTPS)
# Load balancers probe /healthz over plain http, on the app server itself.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = env_flag("SESSION_COOKIE_SECURE", default=HTTPS)
CSRF_COOKIE_SECURE = env_flag("CSRF_COOKIE_SECURE", default=HTTPS)
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 365 * 24 * 3600 if HTTPS else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=HTTPS)
SECURE_HSTS_PRELOAD = env_flag("SECURE_HSTS_PRELOAD", default=HTTPS)
# Behind a reverse proxy that terminates TLS, trust its X-Forwarded-Proto and X-Forwarded-For
# headers (only then: a client could send them itself otherwise).
BEHIND_PROXY = env_flag("BEHIND_PROXY")
# The proxy's addresses, as gunicorn reads them (gunicorn.conf.py): X-Forwarded-For is read
# only on requests that come from them.
TRUSTED_PROXIES = env_list("FORWARDED_ALLOW_IPS", ["127.0.0.1", "::1"])
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Staff sessions (the public site uses none) end after a few hours and when the browser closes.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", 4 * 3600))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SAMESITE = "Lax"

# The admin's address: another one than admin/ keeps most automated login attempts away.
ADMIN_URL = os.environ.get("ADMIN_URL", "admin/").strip("/") + "/"

# Admin login: after AXES_FAILURE_LIMIT failed attempts for a user name from one address, that
# pair is locked out for AXES_COOLOFF_HOURS. Attempts are kept in the database, so several app
# servers share them.
AUTHENTICATION_BACKENDS = [
    "core.auth.LoginLockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Each attempt during a lockout, even with the right password, starts the wait over (the
# default; the lockout page says so).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = True
AXES_LOCKOUT_CALLABLE = "core.auth.lockout_response"
# No banner in the logs each time Django starts; failed logins are still logged.
AXES_VERBOSE = False
# The visitor's address, from X-Forwarded-For only with BEHIND_PROXY.
AXES_CLIENT_IP_CALLABLE = "core.auth.client_ip_address"

# Content-Security-Policy: nothing inline, nothing from elsewhere. The admin gets the same
# policy plus inline style attributes (see core/security.py).
_MEDIA_ORIGIN = os.environ.get("MEDIA_ORIGIN", "")  # e.g. https://bucket.s3.amazonaws.com
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *([_MEDIA_ORIGIN] if _MEDIA_ORIGIN else [])],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "manifest-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), "
    "fullscreen=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), "
    "payment=(), picture-in-picture=(), publickey-credentials-get=(), screen-wake-lock=(), "
    "sync-xhr=(), usb=(), xr-spatial-tracking=()"
)

CSRF_FAILURE_VIEW = "core.error_views.csrf_failure"

# Request bodies: staff's at most STAFF_UPLOAD_MAX_MB (uploads), others' 1 MB; the proxy in
# front must allow as much (README, "Deploying").
STAFF_REQUEST_MAX_BYTES = int(os.environ.get("STAFF_UPLOAD_MAX_MB", "100")) * 1024 * 1024
VISITOR_REQUEST_MAX_BYTES = 1024 * 1024
# Request limits: the admin's largest forms have a few hundred fields.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
DATA_UPLOAD_MAX_NUMBER_FILES = 20

# Static files: hashed names are cached for a year (WhiteNoise marks them immutable); other
# files for a minute.
WHITENOISE_MAX_AGE = 60

# The cache (pages, the content version): shared by every process of this machine in files,
# or by every app server in Redis (REDIS_URL), which may fail without failing the site.
PAGE_CACHE_ALIAS = "default"
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "3600"))
# True only while `manage.py archive_site` renders the static archive.
SITE_ARCHIVE = False
PAGE_CACHE_VERSION_SECONDS = 30
_CACHE_ENTRIES = int(os.environ.get("CACHE_MAX_ENTRIES", "5000"))
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            # Several sites may share one Redis database; each keeps to its own keys.
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "cities"),
            "OPTIONS": {
                # An unreachable or stalled Redis makes pages uncached, never an error.
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    DJANGO_REDIS_LOGGER = "cities.cache"
else:
    CACHES = {
        "default": {
            "BACKEND": "core.file_cache.UncompressedFileCache",
            "LOCATION": os.environ.get("CACHE_DIR")
            or os.path.join(
                tempfile.gettempdir(),
                "cities-cache-" + hashlib.sha256(str(BASE_DIR).encode()).hexdigest()[:12],
            ),
            "OPTIONS": {"MAX_ENTRIES": _CACHE_ENTRIES},
        }
    }

# Uploaded files: this machine's MEDIA_ROOT, or an S3-compatible bucket (django-storages,
# installed from requirements-s3.txt) when AWS_STORAGE_BUCKET_NAME is set.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME or os.environ.get("MEDIA_STORAGE") == "s3":
    if not AWS_STORAGE_BUCKET_NAME:
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME, the bucket.")
    STORAGES["default"] = {"BACKEND": "core.storage.PrivateBucketStorage"}
    AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME") or None
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_CUSTOM_DOMAIN = os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None
    # A private bucket: the site decides what is public and signs a short-lived address.
    AWS_DEFAULT_ACL = "private"
    AWS_S3_FILE_OVERWRITE = False
    AWS_QUERYSTRING_AUTH = True
