"""How django-axes names the account and the address a login attempt comes from.

Axes locks the combination of account and client address
(AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]): after too many
failures that account is refused from that address only, so nobody can lock a
colleague out from elsewhere. These two functions are its AXES_USERNAME_CALLABLE
and AXES_CLIENT_IP_CALLABLE.
"""

import ipaddress

from django.conf import settings


def username(request, credentials=None):
    """The login name as stored: e-mail addresses are compared in lower case."""
    value = None
    if credentials:
        value = credentials.get("username")
    elif request is not None:
        value = getattr(request, "POST", {}).get("username")
    if not value:
        return None
    return str(value).strip().lower()


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request):
    """The client's address: REMOTE_ADDR, or from X-Forwarded-For behind trusted proxies.

    X-Forwarded-For is read only when TRUSTED_PROXY_COUNT says how many proxies
    of our own stand in front of the application. Each appends the address it
    received the request from, so the client is the TRUSTED_PROXY_COUNT-th
    entry from the right; anything further left could be typed by the client.
    """
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count > 0:
        forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= count:
            found = _valid(forwarded[-count])
            if found:
                return found
    return request.META.get("REMOTE_ADDR") or None
