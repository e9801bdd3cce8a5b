"""gunicorn's settings for `make serve` and production. Each can be changed by environment
variable: GUNICORN_BIND (or PORT), GUNICORN_WORKERS, GUNICORN_THREADS, GUNICORN_TIMEOUT."""

import multiprocessing
import os

import gunicorn.http.wsgi

wsgi_app = "cities_site.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then, so that a slow leak never grows for weeks.
max_requests = 2000
max_requests_jitter = 200
# Load the site before forking: a broken configuration stops the server at once.
preload_app = True

# Request limits: a request line of at most 4 KB, 50 headers of at most 8 KB each. The body's
# size is bounded by Django (DATA_UPLOAD_MAX_MEMORY_SIZE) and by the proxy in front.
limit_request_line = 4094
limit_request_fields = 50
limit_request_field_size = 8190

# Client addresses and the scheme come from the proxy only when BEHIND_PROXY says there is one.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Django logs each request (with its id) as JSON on standard output; gunicorn's own messages
# go there too, in the same form. No separate access log.
accesslog = None
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "core.logging.JsonFormatter"}},
    "filters": {"request_id": {"()": "core.logging.RequestIdFilter"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["stdout"], "level": "INFO"},
    "loggers": {
        "gunicorn.error": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": [], "level": "CRITICAL", "propagate": False},
    },
}

# gunicorn names itself in a Server header on every answer; say nothing about the software.
gunicorn.http.wsgi.SERVER = "web"
