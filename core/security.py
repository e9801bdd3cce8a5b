"""Security headers the framework does not set, and limits on what the site is sent."""

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string


class RequestSizeLimitMiddleware:
    """Refuses a body over the limit before anything reads it (Django writes uploads to disk
    as it reads them): visitors send nothing larger than a login form; staff upload files,
    in the admin only."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        in_admin = request.path_info.startswith(f"/{settings.ADMIN_URL}")
        if length > settings.VISITOR_REQUEST_MAX_BYTES and (
            length > settings.STAFF_REQUEST_MAX_BYTES or not in_admin or not request.user.is_staff
        ):
            return HttpResponse(render_to_string("413.html"), status=413)
        return self.get_response(request)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """The site's policy everywhere; in the admin, inline style attributes are allowed too.

    The admin runs no inline script, but its pages (the project's own admin templates, and the
    style attributes jQuery UI writes for modeltranslation's language tabs) carry a few inline
    `style="..."` attributes. `style-src-attr` allows those attributes only, never a <style>
    element, and scripts stay limited to the site's own files.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(f"/{settings.ADMIN_URL}"):
            parts.update = {**(parts.update or {}), "style-src-attr": ["'unsafe-inline'"]}
        return parts


class PermissionsPolicyMiddleware:
    """Tells browsers that no page of the site uses the camera, location, payment…"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
