"""Limits the site puts on what it is sent."""

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string


class RequestSizeLimitMiddleware:
    """Refuses a body over the limit before anything reads it (Django writes uploads to disk
    as it reads them): visitors send nothing larger than a login form; staff upload files."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.VISITOR_REQUEST_MAX_BYTES and (
            length > settings.STAFF_REQUEST_MAX_BYTES or not request.user.is_staff
        ):
            return HttpResponse(render_to_string("413.html"), status=413)
        return self.get_response(request)
