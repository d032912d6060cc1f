"""An iCalendar file (RFC 5545) for a theme session, written with the standard library.

One VEVENT per session: a UID that stays the same for the session (so a calendar replaces the event
when the file is opened again), SEQUENCE = the session's version (a changed session wins over the old
one), times in UTC, lines folded at 75 octets and ended with CRLF, text values escaped. A cancelled
session is sent as STATUS:CANCELLED with METHOD:CANCEL, so calendars remove it.
"""

from datetime import UTC, datetime, timedelta

from django.utils import timezone

PRODID = "-//Open Modelgemeente//Themasessies//NL"
UID_DOMAIN = "open-modelgemeente"
MAX_OCTETS = 75


def escape(text: str) -> str:
    """A TEXT value: backslash, semicolon and comma escaped, line breaks as \\n (RFC 5545, 3.3.11)."""
    text = str(text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """One content line folded into lines of at most 75 octets (UTF-8), continuation lines starting with a
    space; a multi-byte character is never split."""
    parts, current, size = [], "", 0
    limit = MAX_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size = " ", 1
            limit = MAX_OCTETS
        current += char
        size += width
    parts.append(current)
    return "\r\n".join(parts)


def utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def uid(session) -> str:
    return f"session-{session.pk}@{UID_DOMAIN}"


def session_ics(session, url: str, now: datetime | None = None) -> str:
    """The calendar file for `session`; `url` is the absolute address of its page."""
    now = now or timezone.now()
    ends_at = session.starts_at + timedelta(minutes=session.duration_minutes)
    location = ", ".join(filter(None, [session.place, session.video_url]))
    description = session.agenda
    if session.video_url:
        description = f"{description}\n\nVideoverbinding: {session.video_url}"
    cancelled = session.cancelled_at is not None
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        f"METHOD:{'CANCEL' if cancelled else 'PUBLISH'}",
        "BEGIN:VEVENT",
        f"UID:{uid(session)}",
        f"DTSTAMP:{utc(now)}",
        f"DTSTART:{utc(session.starts_at)}",
        f"DTEND:{utc(ends_at)}",
        f"SEQUENCE:{session.version}",
        f"SUMMARY:{escape(session.title)}",
    ]
    if location:
        lines.append(f"LOCATION:{escape(location)}")
    lines += [
        f"URL:{url}",
        f"DESCRIPTION:{escape(description)}",
        f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(fold(line) + "\r\n" for line in lines)
