"""Authentication backends, and the admin login's lockout (django-axes)."""

import ipaddress

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LoginLockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout of repeated failed logins, for logins made through a request.

    A login without a request (a management command, a test's `client.login`) comes from no
    visitor who could be locked out, so it is left to the next backend instead of refused.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_ip_address(request):
    """The visitor's address (AXES_CLIENT_IP_CALLABLE).

    Behind our single proxy, the right-most address of X-Forwarded-For is the one the proxy
    appended: a client can put anything before it, never there. The header is read only
    from the proxy itself (TRUSTED_PROXIES), never from a client that reaches the app server.
    """
    remote_addr = request.META.get("REMOTE_ADDR")
    if not settings.BEHIND_PROXY or remote_addr not in settings.TRUSTED_PROXIES:
        return remote_addr
    appended = request.META.get("HTTP_X_FORWARDED_FOR", "").rsplit(",", 1)[-1].strip()
    try:
        return str(ipaddress.ip_address(appended))
    except ValueError:
        return remote_addr


def lockout_response(request, original_response, credentials):
    """The admin's page for a locked-out login (AXES_LOCKOUT_CALLABLE): until when, what to do.

    The same for a user name that exists and one that does not.
    """
    username = get_client_username(request, credentials)
    context = {
        **admin.site.each_context(request),
        "title": _("Login locked"),
        "username": username,
        "ip_address": request.axes_ip_address,
        "locked_until": lock_end(request, credentials, username),
        "time_zone": timezone.get_current_timezone_name(),
    }
    status = settings.AXES_HTTP_RESPONSE_CODE  # 429 Too Many Requests
    return render(request, "admin/locked_out.html", context, status=status)


def lock_end(request, credentials, username):
    """When this user name may log in again from this address. Axes counts each attempt (one
    per browser) until a cool-off after its latest failure, so the lock lasts until the most
    recent ones no longer add up to the failure limit."""
    attempts = AccessAttempt.objects.filter(username=username, ip_address=request.axes_ip_address)
    limit, failures = get_failure_limit(request, credentials), 0
    for latest, count in attempts.order_by("-attempt_time").values_list(
        "attempt_time", "failures_since_start"
    ):
        failures += count
        if failures >= limit:
            return latest + get_cool_off(request)
    return None
