"""Structured logs: a request id on every record, one JSON object per line (python-json-logger),
one line per request. Imported by gunicorn.conf.py before Django is set up."""

import contextvars
import logging
import re
import time
import uuid

from pythonjsonlogger.json import JsonFormatter as BaseJsonFormatter

REQUEST_ID_HEADER = "X-Request-ID"
# An incoming id is kept only if it is short and plain, so that it cannot forge log lines.
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
_request_id = contextvars.ContextVar("request_id", default="-")

request_logger = logging.getLogger("cities.request")


def current_request_id():
    return _request_id.get()


class RequestIdMiddleware:
    """Gives each request an id (the incoming X-Request-ID when sane), echoes it in the
    response, and logs the request once answered: method, path, status and duration."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = incoming if _SANE_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        request.id = request_id
        token = _request_id.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request_id
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            request_logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": duration_ms,
                },
            )
            return response
        finally:
            _request_id.reset(token)


class RequestIdFilter(logging.Filter):
    """Adds the current request's id (or "-") to every record."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = _request_id.get()
        return True


class JsonFormatter(BaseJsonFormatter):
    """One JSON object per record, on one line, with the traceback of an error."""

    def __init__(self, *args, **kwargs):
        super().__init__(
            "{levelname}{name}{message}{request_id}",
            style="{",
            rename_fields={"levelname": "level", "name": "logger", "exc_info": "exception"},
            timestamp="time",
            json_ensure_ascii=False,
        )
