"""Login throttling: after too many failed attempts for one account, wait before trying again.

Counted per account name (case-insensitive), so guessing one person's password
from many addresses is slowed down as much as from one.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .models import FailedLogin


def _window():
    return timedelta(minutes=settings.LOGIN_THROTTLE_MINUTES)


def is_blocked(username: str) -> bool:
    since = timezone.now() - _window()
    recent = FailedLogin.objects.filter(username=username.strip().lower(), at__gte=since).count()
    return recent >= settings.LOGIN_THROTTLE_ATTEMPTS


def record_failure(username: str, ip_address: str | None) -> None:
    FailedLogin.objects.create(username=username.strip().lower()[:254], ip_address=ip_address or None)
    FailedLogin.objects.filter(at__lt=timezone.now() - _window() * 4).delete()


def clear(username: str) -> None:
    FailedLogin.objects.filter(username=username.strip().lower()).delete()


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None
