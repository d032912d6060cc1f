"""E-mails about theme sessions, through Django's e-mail backend (console by default, SMTP with
EMAIL_HOST; docs/community.md, "Theme sessions").

Every function here sends and never raises: a failure is logged and counted, so that a registration,
change or cancellation that was already saved is never lost because a mail server is down. The services
call them after the transaction commits (transaction.on_commit).

Links in the e-mails are absolute: SITE_URL in the settings (e.g. https://modelgemeente.nl), else
http://localhost:8000.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from modelgemeente.accounts.services import MAIL_ERRORS, one_line

from .ical import session_ics

log = logging.getLogger(__name__)

ICS_NAME = "sessie.ics"
ICS_TYPE = "text/calendar"  # Django adds the charset of a text/* attachment itself


def site_url() -> str:
    return (getattr(settings, "SITE_URL", "") or "http://localhost:8000").rstrip("/")


def session_url(session) -> str:
    return site_url() + session.get_absolute_url()


def _context(session, **extra) -> dict:
    local_start = timezone.localtime(session.starts_at)
    ends_at = timezone.localtime(session.starts_at + timedelta(minutes=session.duration_minutes))
    return {
        "session": session,
        "starts": local_start,
        "ends": ends_at,
        "url": session_url(session),
        **extra,
    }


def _send(subject: str, template: str, context: dict, recipient: str, ics: str | None = None) -> bool:
    """One e-mail; False (and a log line) when it could not be sent."""
    if not recipient:
        return False
    try:
        with translation.override(settings.LANGUAGE_CODE):
            body = render_to_string(f"community/email/{template}", context)
            message = EmailMessage(
                subject=one_line(subject), body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[recipient]
            )
            if ics is not None:
                message.attach(ICS_NAME, ics, ICS_TYPE)
            message.send()
    except MAIL_ERRORS:
        log.exception("Session e-mail %s to %s could not be sent", template, recipient)
        return False
    return True


def send_registration_confirmation(registration) -> bool:
    session = registration.session
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Aangemeld voor de themasessie %(title)s") % {"title": session.title}
    return _send(
        subject,
        "session_registered.txt",
        _context(session, registration=registration),
        registration.user.email,
        ics=session_ics(session, session_url(session)),
    )


def send_change_notice(session, changes: list[str], recipients: list[str]) -> int:
    """`changes`: what changed, one Dutch sentence each. Returns how many were sent."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Gewijzigd: themasessie %(title)s") % {"title": session.title}
    ics = session_ics(session, session_url(session))
    return sum(
        _send(subject, "session_changed.txt", _context(session, changes=changes), to, ics=ics) for to in recipients
    )


def send_cancellation(session, recipients: list[str]) -> int:
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Geannuleerd: themasessie %(title)s") % {"title": session.title}
    ics = session_ics(session, session_url(session))
    return sum(_send(subject, "session_cancelled.txt", _context(session), to, ics=ics) for to in recipients)


def send_reminder(registration) -> bool:
    session = registration.session
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Herinnering: themasessie %(title)s") % {"title": session.title}
    return _send(
        subject,
        "session_reminder.txt",
        _context(session, registration=registration),
        registration.user.email,
        ics=session_ics(session, session_url(session)),
    )
