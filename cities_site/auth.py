"""Authentication backends, and the admin login's lockout (django-axes)."""

import ipaddress

from axes.backends import AxesStandaloneBackend
from django.conf import settings


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
    appended: a client can put anything before it, never there.
    """
    remote_addr = request.META.get("REMOTE_ADDR")
    if not settings.BEHIND_PROXY:
        return remote_addr
    appended = request.META.get("HTTP_X_FORWARDED_FOR", "").rsplit(",", 1)[-1].strip()
    try:
        return str(ipaddress.ip_address(appended))
    except ValueError:
        return remote_addr
