"""Every change to an account: creating it, and confirming its e-mail address.

Confirming an address: after sign-up the user gets an e-mail with a link that
holds a signed token (django.core.signing) naming the user and the address;
it is valid for CONFIRMATION_DAYS. Opening the link and pressing the button
marks that address confirmed. Only the mailbox's owner receives that link, so
only they can confirm; an invitation link is not accepted as proof (the
administrator who sent it can see and copy it). Completing a password reset,
whose link also goes only to the mailbox, confirms the address too.
"""

import logging
import smtplib
import unicodedata
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import BadHeaderError, send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import EmailAddress

# Invitations belong to a higher layer (plans). It registers its lookup here when the app
# is ready (plans.apps), so that signing up from an invitation link shows the invited
# address without accounts importing plans.
_invitation_lookups: list = []


def register_invitation_lookup(lookup) -> None:
    """`lookup(token) -> address | None`; called by the app that sends invitations."""
    if lookup not in _invitation_lookups:
        _invitation_lookups.append(lookup)


def invited_address(token: str) -> str | None:
    """The address an open invitation with this token went to, if an app knows it."""
    for lookup in _invitation_lookups:
        address = lookup(token)
        if address:
            return address
    return None


log = logging.getLogger(__name__)

User = get_user_model()

CONFIRMATION_DAYS = 3
CONFIRMATION_SALT = "modelgemeente.accounts.confirm-email"
# A new confirmation e-mail is sent at most once per this many seconds per account.
RESEND_SECONDS = 60

# What sending an e-mail can raise: SMTP errors, a header with a line break,
# and network errors (socket errors are OSError; SMTPException is one too).
MAIL_ERRORS = (smtplib.SMTPException, BadHeaderError, OSError)


def one_line(text: str) -> str:
    """Text without control or format characters (CR, LF, TAB, zero-width...), for e-mail headers."""
    cleaned = "".join(" " if unicodedata.category(ch) in ("Cc", "Cf") else ch for ch in str(text))
    return " ".join(cleaned.split())


def send_safely(subject: str, body: str, recipient: str) -> bool:
    """Send one e-mail; a failure is logged and reported as False, never raised."""
    try:
        send_mail(
            subject=one_line(subject), message=body, from_email=settings.DEFAULT_FROM_EMAIL, recipient_list=[recipient]
        )
    except MAIL_ERRORS:
        log.exception("E-mail to %s could not be sent", recipient)
        return False
    return True


@transaction.atomic
def create_account(*, name: str, email: str, password: str):
    """A new user whose login name is the lower-case address; the address is not yet confirmed."""
    email = email.strip().lower()
    user = User(username=email, email=email, first_name=name)
    user.set_password(password)
    user.save()
    EmailAddress.objects.create(user=user, email=email)
    return user


def is_confirmed(user) -> bool:
    """Has this user confirmed the address they now have?"""
    if not getattr(user, "is_authenticated", False) or not user.email:
        return False
    return EmailAddress.objects.filter(user=user, email=user.email.strip().lower(), confirmed_at__isnull=False).exists()


def mark_confirmed(user) -> bool:
    """Record the user's current address as confirmed; False if it already was."""
    email = (user.email or "").strip().lower()
    with transaction.atomic():
        record, _created = EmailAddress.objects.select_for_update().get_or_create(user=user, defaults={"email": email})
        if record.email == email and record.confirmed_at is not None:
            return False
        record.email, record.confirmed_at = email, timezone.now()
        record.save(update_fields=["email", "confirmed_at"])
    return True


def confirmation_token(user) -> str:
    return signing.dumps({"user": user.pk, "email": (user.email or "").strip().lower()}, salt=CONFIRMATION_SALT)


class InvalidConfirmation(Exception):
    """The link is damaged, expired, or for an address the account no longer has."""


def confirm_email(token: str):
    """Confirm the address named in a token from a confirmation e-mail; returns the user."""
    try:
        data = signing.loads(token, salt=CONFIRMATION_SALT, max_age=timedelta(days=CONFIRMATION_DAYS))
    except signing.BadSignature as error:  # SignatureExpired is a BadSignature
        raise InvalidConfirmation from error
    user = User.objects.filter(pk=data.get("user"), is_active=True).first()
    if user is None or (user.email or "").strip().lower() != data.get("email"):
        raise InvalidConfirmation
    mark_confirmed(user)
    return user


def check_confirmation_token(token: str) -> bool:
    """Is the token valid now (without confirming anything)?"""
    try:
        data = signing.loads(token, salt=CONFIRMATION_SALT, max_age=timedelta(days=CONFIRMATION_DAYS))
    except signing.BadSignature:
        return False
    return User.objects.filter(pk=data.get("user"), is_active=True, email__iexact=data.get("email")).exists()


class TooSoon(Exception):
    """A confirmation e-mail was sent less than RESEND_SECONDS ago."""


def send_confirmation(user, build_absolute_uri, *, force: bool = False) -> bool:
    """Send the confirmation link to the user's address; False if the e-mail could not be sent.

    `build_absolute_uri` is request.build_absolute_uri. Raises TooSoon when the
    previous e-mail went out less than RESEND_SECONDS ago (unless `force`).
    """
    email = (user.email or "").strip().lower()
    now = timezone.now()
    with transaction.atomic():
        record, _created = EmailAddress.objects.select_for_update().get_or_create(user=user, defaults={"email": email})
        if (
            not force
            and record.sent_at
            and record.email == email
            and now - record.sent_at < timedelta(seconds=RESEND_SECONDS)
        ):
            raise TooSoon
        if record.email != email:
            record.email, record.confirmed_at = email, None
            record.save(update_fields=["email", "confirmed_at"])
    link = build_absolute_uri(reverse("accounts:confirm_email", args=[confirmation_token(user)]))
    body = _(
        "Beste %(name)s,\n\n"
        "Bevestig uw e-mailadres voor Open Modelgemeente door deze link te openen:\n%(link)s\n\n"
        "De link is %(days)s dagen geldig. Hebt u geen account aangemaakt? Dan kunt u deze e-mail negeren.\n"
    ) % {"name": user.first_name or email, "link": link, "days": CONFIRMATION_DAYS}
    sent = send_safely(_("Bevestig uw e-mailadres voor Open Modelgemeente"), body, email)
    if sent:  # a failed e-mail may be retried at once
        EmailAddress.objects.filter(pk=record.pk).update(sent_at=now)
    return sent
