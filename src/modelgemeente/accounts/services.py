"""Every change to an account: creating it, and confirming its e-mail address.

Confirming an address: after sign-up the user gets an e-mail with a link that
holds a signed token (django.core.signing) naming the user and the address;
it is valid for CONFIRMATION_DAYS. Opening the link and pressing the button
marks that address confirmed. Only the mailbox's owner receives that link, so
only they can confirm; an invitation link is not accepted as proof (the
administrator who sent it can see and copy it). Completing a password reset,
whose link also goes only to the mailbox, confirms the address too.

Personal API tokens (create_token, revoke_token, authenticate_token; docs/security.md):
the secret is returned once by create_token and only its SHA-256 hash is kept.
"""

import hashlib
import hmac
import logging
import secrets
import smtplib
import unicodedata
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import BadHeaderError, send_mail
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from modelgemeente.core.enums import TokenScope

from .models import TOKEN_MAX_DAYS, ApiToken, EmailAddress

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


# Personal API tokens. A secret looks like "omg_1a2b3c4d_<43 characters>": a fixed marker (so
# secret scanners and people recognise it), the public prefix, and 32 random bytes (256 bits).
TOKEN_MARKER = "omg_"  # noqa: S105 (not a password: the public start of every secret)
TOKEN_PREFIX_LENGTH = 8  # hex characters
TOKEN_RANDOM_BYTES = 32
# last_used_at is written at most once per this many seconds per token, not on every request.
LAST_USED_INTERVAL = timedelta(seconds=60)


def hash_secret(secret: str) -> str:
    """SHA-256 of the whole secret, hex. Unkeyed on purpose: see docs/security.md."""
    return hashlib.sha256(secret.encode()).hexdigest()


def token_expiry(value) -> datetime:
    """A chosen expiry as a moment: a date means "valid through that day" (until midnight, local time)."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return timezone.make_aware(datetime.combine(value + timedelta(days=1), time.min))
    raise TypeError("expires_at must be a date or a datetime")


def latest_token_expiry(now=None) -> datetime:
    """The latest moment a token made now may expire: the end of the day a year from today."""
    today = timezone.localdate(now or timezone.now())
    return token_expiry(today + timedelta(days=TOKEN_MAX_DAYS))


@sensitive_variables("secret")
@transaction.atomic
def create_token(user, name: str, scope: str, expires_at) -> tuple[ApiToken, str]:
    """A new token for `user`; returns the token and its secret, which is not stored and cannot be shown again.

    `expires_at` is a date (valid through that day) or a datetime, in the future and at most
    TOKEN_MAX_DAYS days ahead; `scope` a TokenScope. Raises ValidationError otherwise.
    """
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Geef de sleutel een naam, bijvoorbeeld waarvoor u hem gebruikt.")})
    if scope not in TokenScope.values:
        raise ValidationError({"scope": _("Kies lezen of lezen en schrijven.")})
    expires_at = token_expiry(expires_at)
    now = timezone.now()
    if expires_at <= now:
        raise ValidationError({"expires_at": _("Kies een datum na vandaag.")})
    if expires_at > latest_token_expiry(now):
        raise ValidationError({"expires_at": _("Een sleutel is hoogstens een jaar geldig.")})
    for _attempt in range(10):  # a prefix is 32 random bits: a clash is rare, but must not be an error
        prefix = secrets.token_hex(TOKEN_PREFIX_LENGTH // 2)
        if not ApiToken.objects.filter(prefix=prefix).exists():
            break
    else:  # pragma: no cover
        raise RuntimeError("no free API token prefix")
    secret = f"{TOKEN_MARKER}{prefix}_{secrets.token_urlsafe(TOKEN_RANDOM_BYTES)}"
    token = ApiToken.objects.create(
        user=user, name=name[:100], prefix=prefix, secret_hash=hash_secret(secret), scope=scope, expires_at=expires_at
    )
    log.info("API token %s made for user %s", prefix, user.pk)
    return token, secret


@transaction.atomic
def revoke_token(token: ApiToken, by_user) -> ApiToken:
    """Revoke a token from now on; only its owner may. Revoking it again keeps the first date."""
    if by_user is None or by_user.pk != token.user_id:
        raise PermissionDenied
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        log.info("API token %s revoked by user %s", token.prefix, by_user.pk)
    return token


def _token_prefix(secret: str) -> str | None:
    """The prefix of a secret of the right shape, else None (no database query for garbage)."""
    if not isinstance(secret, str) or not secret.startswith(TOKEN_MARKER) or len(secret) > 200:
        return None
    prefix, sep, rest = secret[len(TOKEN_MARKER) :].partition("_")
    if not sep or not rest or len(prefix) != TOKEN_PREFIX_LENGTH:
        return None
    return prefix


@sensitive_variables("secret")
def authenticate_token(secret: str) -> ApiToken | None:
    """The active token this secret belongs to, with its user; None if unknown, expired, revoked or the user is inactive.

    The token is found by its public prefix and the hashes are compared in constant time,
    so the answer time says nothing about how much of a guessed secret was right.
    last_used_at is updated at most once per LAST_USED_INTERVAL.
    """
    prefix = _token_prefix(secret)
    if prefix is None:
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.secret_hash, hash_secret(secret)):
        return None
    now = timezone.now()
    if token.revoked_at is not None or token.expires_at <= now or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_INTERVAL:
        # A conditional update: of several requests in the same minute only one writes.
        ApiToken.objects.filter(pk=token.pk).filter(
            models.Q(last_used_at__isnull=True) | models.Q(last_used_at__lte=now - LAST_USED_INTERVAL)
        ).update(last_used_at=now)
        token.last_used_at = now
    return token
