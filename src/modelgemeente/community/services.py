"""The community's state changes, one named function each, in a transaction, with what it records
(docs/community.md). Views and the API parse input, call these, and render.

Sections (each owned by one part of the app): participation and the calendar; themes and votes; needs;
sessions, registrations and e-mail; proposals and reviews.
"""

from django.db import transaction

# === participation and calendar ===
# Joining the community for a year, the people in it, their consent to be shown, and the year's calendar.


MAX_COMMITMENT_HOURS = 200


class ParticipationError(Exception):
    """A refused participation or calendar change; the message is Dutch and meant for the user."""


def _no_participation_user_data(participation) -> bool:
    """True when nothing was recorded for the organisation in the year (so leaving loses nothing)."""
    from .models import Need, Proposal, Registration, Review, ThemeVote

    org, year = participation.organisation, participation.year
    users = participation.participants.values_list("user", flat=True)
    return not (
        Registration.objects.filter(organisation=org, session__year=year).exists()
        or ThemeVote.objects.filter(organisation=org, theme__year=year).exists()
        or Need.objects.filter(organisation=org, year=year).exists()
        or Proposal.objects.filter(organisation=org, created_at__year=year).exists()
        or Review.objects.filter(reviewer__in=users, at__year=year).exists()
    )


def _check_hours(hours: int) -> None:
    from django.utils.translation import gettext as _

    if not 1 <= hours <= MAX_COMMITMENT_HOURS:
        raise ParticipationError(
            _("Het aantal toegezegde uren ligt tussen 1 en %(max)s.") % {"max": MAX_COMMITMENT_HOURS}
        )


@transaction.atomic
def join_community(organisation, year: int, committed_hours: int, user):
    """The organisation takes part in the community in `year` with a commitment in hours."""
    from django.utils.translation import gettext as _

    from .models import Participation

    _check_hours(committed_hours)
    participation, created = Participation.objects.get_or_create(
        organisation=organisation,
        year=year,
        defaults={"committed_hours": committed_hours, "joined_by": user},
    )
    if not created:
        raise ParticipationError(_("%(org)s doet in %(year)s al mee.") % {"org": organisation.name, "year": year})
    return participation


@transaction.atomic
def change_commitment(participation, committed_hours: int, expected_hours: int | None, user):
    """Change the declared hours. `expected_hours`: the value the user saw; when someone changed it in
    the meantime the change is refused, so nobody's edit is silently overwritten."""
    from django.utils.translation import gettext as _

    from .models import Participation

    _check_hours(committed_hours)
    current = Participation.objects.select_for_update().get(pk=participation.pk)
    if expected_hours is not None and current.committed_hours != expected_hours:
        raise ParticipationError(
            _(
                "Iemand anders heeft de toegezegde uren intussen gewijzigd in %(hours)s. "
                "Bekijk de nieuwe waarde en probeer het opnieuw."
            )
            % {"hours": current.committed_hours}
        )
    current.committed_hours = committed_hours
    current.save(update_fields=["committed_hours"])
    participation.committed_hours = committed_hours
    return current


@transaction.atomic
def leave_community(participation, user) -> None:
    """Leave the year: only while nothing was recorded for the organisation in it (then only the
    participation and its roles go); otherwise refused, so no recorded hours are lost."""
    from django.utils.translation import gettext as _

    if not _no_participation_user_data(participation):
        raise ParticipationError(
            _(
                "%(org)s kan zich niet afmelden voor %(year)s: er is in dat jaar al iets vastgelegd "
                "(aanmeldingen voor sessies, stemmen, behoeften, voorstellen of beoordelingen). "
                "Verlaag zo nodig de toegezegde uren."
            )
            % {"org": participation.organisation.name, "year": participation.year}
        )
    participation.delete()


def may_give_role(user, role: str) -> bool:
    """Only the model's editors give the community role 'redacteur'."""
    from modelgemeente.catalog import releases
    from modelgemeente.core.enums import CommunityRole

    return role != CommunityRole.EDITOR or releases.is_editor(user)


@transaction.atomic
def add_participant(participation, person, role: str, user):
    """Give a member of the participating organisation a role in the community for the year."""
    from django.utils.translation import gettext as _

    from modelgemeente.core.enums import CommunityRole
    from modelgemeente.plans.models import Membership

    from .models import Participant

    if role not in CommunityRole.values:
        raise ParticipationError(_("Kies een geldige rol."))
    if not may_give_role(user, role):
        raise ParticipationError(_("Alleen de redactie van het model kan iemand de rol redacteur geven."))
    if not Membership.objects.filter(organisation=participation.organisation, user=person).exists():
        raise ParticipationError(_("Deze persoon is geen lid van %(org)s.") % {"org": participation.organisation.name})
    participant, created = Participant.objects.get_or_create(participation=participation, user=person, role=role)
    if not created:
        raise ParticipationError(_("Deze persoon heeft deze rol al."))
    return participant


@transaction.atomic
def remove_participant(participant, user) -> None:
    """Take a role away. A 'redacteur' role is taken away by the model's editors only."""
    from django.utils.translation import gettext as _

    if not may_give_role(user, participant.role):
        raise ParticipationError(_("Alleen de redactie van het model kan de rol redacteur intrekken."))
    participant.delete()


@transaction.atomic
def set_public(participant, public: bool, user):
    """The person's own consent (AVG) to show their name on the public community page; only they
    give or withdraw it. `consent_at` records when it was given (empty once withdrawn)."""
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from .models import Participant

    if participant.user_id != getattr(user, "pk", None):
        raise ParticipationError(_("Alleen de persoon zelf kan toestemming geven of intrekken."))
    now = timezone.now() if public else None
    # Every role of the person in that year follows the same consent.
    Participant.objects.filter(participation=participant.participation, user=user).update(public=public, consent_at=now)
    participant.public, participant.consent_at = public, now
    return participant


CALENDAR_FIELDS = (
    "content_release_due",
    "voorjaarsnota_on",
    "budget_release_due",
    "najaarsnota_on",
    "proposal_deadline",
    "theme_vote_deadline",
    "votes_per_organisation",
    "notes",
)


def calendar_fingerprint(community_year) -> str:
    """A short digest of the year's calendar as stored: the edit form carries it, and saving refuses
    when the row changed in the meantime (CommunityYear has no version field)."""
    import hashlib

    if community_year is None or community_year.pk is None:
        return "new"
    text = "|".join(str(getattr(community_year, name)) for name in CALENDAR_FIELDS)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@transaction.atomic
def save_community_year(year: int, values: dict, expected_fingerprint: str, user):
    """Set the year's dates and number of votes per organisation (editors; checked by the caller)."""
    from django.utils.translation import gettext as _

    from .models import CommunityYear

    current = CommunityYear.objects.select_for_update().filter(year=year).first()
    if calendar_fingerprint(current) != expected_fingerprint:
        raise ParticipationError(
            _(
                "Iemand anders heeft de kalender van %(year)s intussen gewijzigd. Bekijk de nieuwe gegevens en probeer het opnieuw."
            )
            % {"year": year}
        )
    current = current or CommunityYear(year=year)
    for name in CALENDAR_FIELDS:
        if name in values:
            setattr(current, name, values[name])
    current.full_clean()
    current.save()
    return current


# === end participation and calendar ===

# === themes and votes ===


class ThemeRefused(Exception):
    """A theme or vote change that is not allowed; the message is Dutch and shown to the user."""


def votes_per_organisation(year: int) -> int:
    from .models import DEFAULT_VOTES_PER_ORGANISATION, CommunityYear

    found = CommunityYear.objects.filter(year=year).first()
    return found.votes_per_organisation if found else DEFAULT_VOTES_PER_ORGANISATION


def theme_vote_deadline(year: int):
    from .models import CommunityYear

    found = CommunityYear.objects.filter(year=year).first()
    return found.theme_vote_deadline if found else None


def votes_open(year: int, today=None) -> bool:
    from django.utils import timezone

    deadline = theme_vote_deadline(year)
    return deadline is None or (today or timezone.localdate()) <= deadline


def propose_theme(*, year: int, title: str, description: str, organisation, user):
    """A participant proposes a theme for `year`; a title is unique per year."""
    from django.db import IntegrityError, transaction
    from django.utils.translation import gettext as _

    from .models import Theme

    try:
        with transaction.atomic():
            return Theme.objects.create(
                year=year, title=title, description=description, organisation=organisation, proposed_by=user
            )
    except IntegrityError:
        raise ThemeRefused(_("Er is al een thema met deze titel voor %(year)s.") % {"year": year}) from None


def cast_vote(theme, *, organisation, user, today=None):
    """One vote of `organisation` for `theme`: once per theme, at most votes_per_organisation a year,
    only while the theme is open and before the year's vote deadline."""
    from django.db import IntegrityError, transaction
    from django.utils.translation import gettext as _

    from modelgemeente.core.enums import ThemeStatus
    from modelgemeente.plans.models import Organisation

    from .models import ThemeVote

    if theme.status != ThemeStatus.PROPOSED:
        raise ThemeRefused(_("Over dit thema hebben de redacteuren al besloten; stemmen kan niet meer."))
    if not votes_open(theme.year, today):
        raise ThemeRefused(_("Het stemmen op thema's voor %(year)s is gesloten.") % {"year": theme.year})
    limit = votes_per_organisation(theme.year)
    try:
        with transaction.atomic():
            # Serialise the votes of one organisation, so two at once cannot pass the limit together.
            Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
            if ThemeVote.objects.filter(theme=theme, organisation=organisation).exists():
                raise ThemeRefused(_("%(org)s heeft al op dit thema gestemd.") % {"org": organisation.name})
            used = ThemeVote.objects.filter(theme__year=theme.year, organisation=organisation).count()
            if used >= limit:
                raise ThemeRefused(
                    _("%(org)s heeft al alle %(limit)s stemmen voor %(year)s gebruikt; trek eerst een stem in.")
                    % {"org": organisation.name, "limit": limit, "year": theme.year}
                )
            return ThemeVote.objects.create(theme=theme, organisation=organisation, user=user)
    except IntegrityError:
        raise ThemeRefused(_("%(org)s heeft al op dit thema gestemd.") % {"org": organisation.name}) from None


def withdraw_vote(theme, *, organisation, user, today=None) -> bool:
    """Withdraw `organisation`'s vote for `theme` (before the deadline); False when there was none."""
    from django.db import transaction
    from django.utils.translation import gettext as _

    from modelgemeente.core.enums import ThemeStatus

    from .models import ThemeVote

    if theme.status != ThemeStatus.PROPOSED:
        raise ThemeRefused(_("Over dit thema hebben de redacteuren al besloten; stemmen kan niet meer."))
    if not votes_open(theme.year, today):
        raise ThemeRefused(_("Het stemmen op thema's voor %(year)s is gesloten.") % {"year": theme.year})
    with transaction.atomic():
        deleted, _rows = ThemeVote.objects.filter(theme=theme, organisation=organisation).delete()
    return bool(deleted)


def decide_theme(theme, *, status: str, note: str, user):
    """An editor chooses a theme or not (or sets it back to proposed), with an optional note."""
    from django.db import transaction
    from django.utils import timezone

    from modelgemeente.core.enums import ThemeStatus

    from .models import Theme

    with transaction.atomic():
        theme = Theme.objects.select_for_update().get(pk=theme.pk)
        theme.status = status
        theme.decision_note = note
        decided = status != ThemeStatus.PROPOSED
        theme.decided_by = user if decided else None
        theme.decided_at = timezone.now() if decided else None
        theme.save(update_fields=["status", "decision_note", "decided_by", "decided_at"])
    return theme


# === end themes and votes ===

# === needs ===


class StaleNeed(Exception):
    """The need changed since the form was loaded; nothing was saved."""


NEED_FIELDS = ("title", "why", "priority", "theme", "domain_slug", "development_slug", "needed_by")


def create_need(*, organisation, year: int, values: dict, user):
    """A participating organisation states a need; `values` holds NEED_FIELDS, already validated."""
    from django.db import transaction

    from .models import Need

    with transaction.atomic():
        return Need.objects.create(
            organisation=organisation,
            year=year,
            created_by=user,
            **{name: values.get(name) for name in NEED_FIELDS},
        )


def _locked_need(need, expected_updated_at):
    from .models import Need

    current = Need.objects.select_for_update().get(pk=need.pk)
    if expected_updated_at is None or current.updated_at != expected_updated_at:
        raise StaleNeed()
    return current


def update_need(need, *, values: dict, expected_updated_at, user):
    """Change a need as its editor read it: when someone saved it in between, StaleNeed and no change."""
    from django.db import transaction

    with transaction.atomic():
        current = _locked_need(need, expected_updated_at)
        for name in NEED_FIELDS:
            setattr(current, name, values.get(name))
        current.save()
    return current


def delete_need(need, *, expected_updated_at, user):
    """Delete a need, only as it was read (a need changed in between is not deleted unseen)."""
    from django.db import transaction

    with transaction.atomic():
        _locked_need(need, expected_updated_at).delete()


# === end needs ===

# === sessions ===
# Planning theme sessions, registering with a capacity limit, attendance, notes and decisions. E-mails go
# out after the transaction commits (community/emails.py) and never undo what was saved.

import logging  # noqa: E402
from datetime import timedelta  # noqa: E402

from django.core.exceptions import PermissionDenied  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.translation import gettext as _  # noqa: E402
from django.utils.translation import ngettext  # noqa: E402

from .models import (  # noqa: E402
    MAX_SESSION_MINUTES,
    MIN_SESSIONS_PER_YEAR,
    Registration,
    Session,
    SessionDecision,
)

session_log = logging.getLogger("modelgemeente.community.sessions")

# What an editor plans; a change to one of NOTIFY_FIELDS is mailed to the registered people.
SESSION_FIELDS = (
    "theme",
    "title",
    "starts_at",
    "duration_minutes",
    "place",
    "video_url",
    "agenda",
    "capacity",
    "development_slugs",
    "lead",
)
NOTIFY_FIELDS = ("starts_at", "duration_minutes", "place", "video_url")
DEFAULT_REMINDER_DAYS = 2


class SessionError(Exception):
    """A refused session action; the message is Dutch and meant for the user. Nothing was saved."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class StaleSession(SessionError):
    """Someone saved the session since the form was loaded; `current` is the session as saved now."""

    def __init__(self, current: Session):
        super().__init__(
            _(
                "Iemand anders heeft deze sessie intussen gewijzigd. Uw wijziging is niet opgeslagen; "
                "het formulier toont nu de huidige gegevens. Voer uw wijziging opnieuw in."
            )
        )
        self.current = current


def _require_editor(user, year: int) -> None:
    from . import access

    if not access.is_community_editor(user, year):
        raise PermissionDenied(_("Alleen redacteuren van de gemeenschap plannen themasessies."))


def _require_lead(user, session: Session) -> None:
    from . import access

    if not access.is_session_lead(user, session):
        raise PermissionDenied(_("Alleen de sessieleider legt de aanwezigheid, het verslag en de besluiten vast."))


def active_registrations(session: Session):
    return session.registrations.filter(cancelled_at__isnull=True)


def places_left(session: Session) -> int:
    taken = getattr(session, "registered_count", None)
    if taken is None:
        taken = active_registrations(session).count()
    return max(0, session.capacity - taken)


def session_too_long(session: Session) -> bool:
    return session.duration_minutes > MAX_SESSION_MINUTES


def session_warnings(year: int, sessions=None) -> list[str]:
    """What the sessions page warns about for `year`: too few sessions planned, sessions that are too long."""
    if sessions is None:
        sessions = Session.objects.filter(year=year)
    planned = [s for s in sessions if s.cancelled_at is None]
    warnings = []
    if len(planned) < MIN_SESSIONS_PER_YEAR:
        warnings.append(
            ngettext(
                "Voor %(year)s is %(count)s themasessie gepland; de gemeenschap spreekt er minstens %(min)s per jaar af.",
                "Voor %(year)s zijn %(count)s themasessies gepland; de gemeenschap spreekt er minstens %(min)s per jaar af.",
                len(planned),
            )
            % {"year": year, "count": len(planned), "min": MIN_SESSIONS_PER_YEAR}
        )
    for session in planned:
        if session_too_long(session):
            warnings.append(
                _("De sessie '%(title)s' duurt %(minutes)s minuten; een themasessie duurt hoogstens %(max)s minuten.")
                % {"title": session.title, "minutes": session.duration_minutes, "max": MAX_SESSION_MINUTES}
            )
    return warnings


def _emails(registrations) -> list[str]:
    return [r.user.email for r in registrations.select_related("user") if r.user.email]


def _describe_changes(old: dict, session: Session) -> list[str]:
    """What changed for someone who comes, in Dutch sentences."""

    def when(starts_at, minutes):
        start = timezone.localtime(starts_at)
        end = timezone.localtime(starts_at + timedelta(minutes=minutes))
        return f"{start:%d-%m-%Y} {start:%H:%M}–{end:%H:%M}"

    changes = []
    if old["starts_at"] != session.starts_at or old["duration_minutes"] != session.duration_minutes:
        changes.append(
            _("Datum en tijd: was %(old)s, wordt %(new)s.")
            % {
                "old": when(old["starts_at"], old["duration_minutes"]),
                "new": when(session.starts_at, session.duration_minutes),
            }
        )
    if old["place"] != session.place:
        changes.append(
            _("Plaats: was '%(old)s', wordt '%(new)s'.")
            % {"old": old["place"] or _("geen"), "new": session.place or _("geen")}
        )
    if old["video_url"] != session.video_url:
        changes.append(
            _("Videoverbinding: was %(old)s, wordt %(new)s.")
            % {"old": old["video_url"] or _("geen"), "new": session.video_url or _("geen")}
        )
    return changes


def _check_session_values(values: dict) -> None:
    if not (values.get("place") or "").strip() and not (values.get("video_url") or "").strip():
        raise SessionError(_("Vul een plaats of een videoverbinding in (of allebei)."), "place")
    if not values.get("duration_minutes") or values["duration_minutes"] < 1:
        raise SessionError(_("Geef de duur in minuten (minstens 1)."), "duration_minutes")
    if not values.get("capacity") or values["capacity"] < 1:
        raise SessionError(_("Geef het maximaal aantal deelnemers (minstens 1)."), "capacity")


def save_session(user, *, year: int, values: dict, session: Session | None = None, expected_version=None) -> Session:
    """Plan a new session (`session` None) or change one. A change is saved only when the session is still
    at `expected_version` (else StaleSession); a change of date, time, duration, place or video link is
    mailed to the registered people after commit. A session longer than MAX_SESSION_MINUTES is allowed
    (the pages warn about it)."""
    _require_editor(user, year if session is None else session.year)
    values = {name: values[name] for name in SESSION_FIELDS if name in values}
    _check_session_values(values)
    if session is None:
        with transaction.atomic():
            return Session.objects.create(year=year, **values)
    with transaction.atomic():
        current = Session.objects.select_for_update().get(pk=session.pk)
        if expected_version is None or current.version != int(expected_version):
            raise StaleSession(current)
        if current.cancelled_at is not None:
            raise SessionError(_("Deze sessie is geannuleerd en kan niet meer worden gewijzigd."))
        old = {name: getattr(current, name) for name in NOTIFY_FIELDS}
        for name, value in values.items():
            setattr(current, name, value)
        current.version += 1
        current.save()
        changes = _describe_changes(old, current)
        if changes:
            recipients = _emails(active_registrations(current))
            if recipients:
                from . import emails

                transaction.on_commit(lambda: emails.send_change_notice(current, changes, recipients))
    return current


def cancel_session(user, session: Session, expected_version=None) -> Session:
    """Cancel a session (it stays, with cancelled_at); the registered people get a cancellation e-mail."""
    _require_editor(user, session.year)
    with transaction.atomic():
        current = Session.objects.select_for_update().get(pk=session.pk)
        if expected_version is not None and current.version != int(expected_version):
            raise StaleSession(current)
        if current.cancelled_at is not None:
            return current
        current.cancelled_at = timezone.now()
        current.version += 1
        current.save(update_fields=["cancelled_at", "version"])
        recipients = _emails(active_registrations(current))
        if recipients:
            from . import emails

            transaction.on_commit(lambda: emails.send_cancellation(current, recipients))
    return current


def register(user, session: Session, organisation) -> Registration:
    """Register `user` for `session` on behalf of `organisation` (one of the user's organisations that take
    part in the session's year). The capacity is checked under the session's row lock, so two people
    cannot take the last place together. The confirmation e-mail (with the calendar file) goes out after
    commit; if it fails, the registration stays."""
    from . import access

    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied(_("Meld u aan (log in) om u voor een sessie op te geven."))
    if not access.participating_organisations(user, session.year).filter(pk=organisation.pk).exists():
        raise SessionError(
            _("U kunt zich alleen aanmelden namens een organisatie die in %(year)s deelneemt aan de gemeenschap.")
            % {"year": session.year},
            "organisation",
        )
    with transaction.atomic():
        current = Session.objects.select_for_update().get(pk=session.pk)
        if current.cancelled_at is not None:
            raise SessionError(_("Deze sessie is geannuleerd; aanmelden kan niet meer."))
        if current.starts_at <= timezone.now():
            raise SessionError(_("Deze sessie is al begonnen of voorbij; aanmelden kan niet meer."))
        existing = Registration.objects.filter(session=current, user=user).first()
        if existing is not None and existing.cancelled_at is None:
            raise SessionError(_("U bent al aangemeld voor deze sessie."))
        if active_registrations(current).count() >= current.capacity:
            raise SessionError(_("Deze sessie is vol: alle %(n)s plaatsen zijn bezet.") % {"n": current.capacity})
        if existing is None:
            registration = Registration.objects.create(session=current, user=user, organisation=organisation)
        else:
            existing.cancelled_at = None
            existing.attended = None
            existing.organisation = organisation
            existing.save(update_fields=["cancelled_at", "attended", "organisation"])
            registration = existing
        from . import emails

        transaction.on_commit(lambda: emails.send_registration_confirmation(registration))
    return registration


def unregister(user, session: Session) -> Registration | None:
    """Withdraw a registration (kept, with cancelled_at), which frees the place."""
    with transaction.atomic():
        Session.objects.select_for_update().get(pk=session.pk)
        registration = Registration.objects.filter(session=session, user=user, cancelled_at__isnull=True).first()
        if registration is None:
            raise SessionError(_("U bent niet aangemeld voor deze sessie."))
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["cancelled_at"])
    return registration


def record_attendance(user, session: Session, *, attended: dict, notes: str, expected_version) -> Session:
    """The session lead records afterwards who was there (registration pk → True/False) and the notes."""
    _require_lead(user, session)
    with transaction.atomic():
        current = Session.objects.select_for_update().get(pk=session.pk)
        if current.version != int(expected_version):
            raise StaleSession(current)
        if current.cancelled_at is not None:
            raise SessionError(_("Deze sessie is geannuleerd."))
        if current.starts_at > timezone.now():
            raise SessionError(_("De aanwezigheid legt u vast als de sessie is begonnen."))
        for registration in active_registrations(current):
            if registration.pk in attended:
                registration.attended = bool(attended[registration.pk])
                registration.save(update_fields=["attended"])
        current.notes = notes
        current.attendance_recorded_at = timezone.now()
        current.version += 1
        current.save(update_fields=["notes", "attendance_recorded_at", "version"])
    return current


def _decision_text(text: str) -> str:
    from modelgemeente.plans.models import TEXT_LIMIT

    text = (text or "").strip()
    if not text:
        raise SessionError(_("Beschrijf het besluit."), "text")
    if "\x00" in text:
        raise SessionError(_("De tekst bevat een teken dat niet is toegestaan."), "text")
    if len(text) > TEXT_LIMIT:
        raise SessionError(_("Het besluit is te lang (ten hoogste %(n)s tekens).") % {"n": TEXT_LIMIT}, "text")
    return text


def add_decision(user, session: Session, text: str) -> SessionDecision:
    _require_lead(user, session)
    text = _decision_text(text)
    with transaction.atomic():
        return SessionDecision.objects.create(session=session, text=text)


def edit_decision(user, decision: SessionDecision, text: str) -> SessionDecision:
    _require_lead(user, decision.session)
    text = _decision_text(text)
    with transaction.atomic():
        decision.text = text
        decision.save(update_fields=["text"])
    return decision


def remove_decision(user, decision: SessionDecision) -> None:
    """Remove a decision; one that became a proposal stays (the proposal refers to it)."""
    _require_lead(user, decision.session)
    with transaction.atomic():
        current = SessionDecision.objects.select_for_update().get(pk=decision.pk)
        if current.proposal_id is not None:
            raise SessionError(_("Van dit besluit is een voorstel gemaakt; het blijft daarom bewaard."))
        current.delete()


def sessions_to_remind(days: int = DEFAULT_REMINDER_DAYS, now=None):
    """Sessions starting in the window (now + days - 1 day, now + days]. Run daily, each session falls in
    exactly one run's window, so each registered person gets one reminder without a stored flag."""
    now = now or timezone.now()
    return Session.objects.filter(
        cancelled_at__isnull=True,
        starts_at__gt=now + timedelta(days=days - 1),
        starts_at__lte=now + timedelta(days=days),
    ).order_by("starts_at")


def send_reminders(days: int = DEFAULT_REMINDER_DAYS, now=None) -> tuple[int, int]:
    """Remind the registered people of sessions in the window; returns (sent, failed)."""
    from . import emails

    sent = failed = 0
    for session in sessions_to_remind(days, now):
        for registration in active_registrations(session).select_related("user", "session", "organisation"):
            if emails.send_reminder(registration):
                sent += 1
            else:
                failed += 1
    return sent, failed


# === end sessions ===

# === proposals ===
# Proposals and reviews (issue 14, item 5): a comment on, or a concrete change to, a development or one of
# its budget lines; editors review it with a reason; accepted ones are written into the concept's files by
# `manage.py write_proposals` (community/writer.py), which marks them written here.


class ProposalError(Exception):
    """A proposal or review that cannot be saved; the Dutch message says why (`field`: which input)."""

    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.message = str(message)
        self.field = field


class ProposalRateLimited(ProposalError):
    """Too many proposals and comments by one person in a period (HTTP 429 in the API)."""


class StaleProposal(ProposalError):
    """The proposal changed since the reviewer or proposer read it (another review, an update)."""


# At most this many proposals and comments per person per period (seconds, count); settings may override.
PROPOSAL_LIMITS = ((3600, 10), (24 * 3600, 30))
NEW_LINE_KEYS = (
    "id",
    "description",
    "kind",
    "category",
    "amount",
    "hours_per_week",
    "salary_scale",
    "driver",
    "exponent",
    "offset",
    "spread",
    "provenance",
)
LINE_FIELDS = ("amount", "hours_per_week", "salary_scale", "driver")
DRIVERS = ("fixed", "inhabitants", "employees", "departments")
DECIDED = ("accepted", "accepted_changed", "rejected")


def proposal_limits():
    from django.conf import settings

    return tuple(getattr(settings, "COMMUNITY_PROPOSAL_LIMITS", PROPOSAL_LIMITS))


def check_proposal_rate(user) -> None:
    """ProposalRateLimited when the user reached a limit of PROPOSAL_LIMITS."""
    from datetime import timedelta

    from django.utils import timezone
    from django.utils.translation import gettext as _

    from .models import Proposal

    now = timezone.now()
    for seconds, limit in proposal_limits():
        made = Proposal.objects.filter(proposer=user, created_at__gte=now - timedelta(seconds=seconds)).count()
        if made >= limit:
            if seconds <= 3600:
                message = _(
                    "U hebt het afgelopen uur al %(n)s voorstellen en opmerkingen ingediend; probeer het later opnieuw."
                )
            else:
                message = _(
                    "U hebt het afgelopen etmaal al %(n)s voorstellen en opmerkingen ingediend; probeer het morgen opnieuw."
                )
            raise ProposalRateLimited(message % {"n": limit})


def _decimal_text(value, field: str, maximum=None) -> str:
    """A positive number as a plain string ('12', '12.5'), from a number or Dutch text ('12,5')."""
    import re
    from decimal import Decimal, InvalidOperation

    from django.utils.translation import gettext as _

    text = str(value if value is not None else "").strip().replace("€", "").replace(" ", "")
    if "," in text or re.fullmatch(r"\d{1,3}(\.\d{3})+", text):  # Dutch: 12.000 and 12,5
        text = text.replace(".", "").replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ProposalError(_("Geef een getal, bijvoorbeeld 12 of 12,5."), field) from None
    if not number.is_finite() or number <= 0:
        raise ProposalError(_("Geef een getal groter dan 0."), field)
    if maximum is not None and number > maximum:
        raise ProposalError(_("Geef hoogstens %(max)s.") % {"max": maximum}, field)
    if number >= Decimal("1e12") or number.as_tuple().exponent < -2:
        raise ProposalError(_("Geef een getal met hoogstens twee decimalen en minder dan 12 cijfers."), field)
    number = number.normalize()
    return format(number, "f")


def _salary_scales(edition) -> list[int]:
    from modelgemeente import refdata

    try:
        return refdata.salary_scales(edition.salary_table)
    except refdata.ReferenceDataError:
        return []


def validate_new_line(line: dict, development, edition) -> dict:
    """A new budget line as in a content file, checked with the content format's schema and the loader's
    cross-checks; ProposalError with a Dutch message and the field otherwise."""
    import jsonschema
    from django.utils.translation import gettext as _

    from modelgemeente.catalog import content_files

    if not isinstance(line, dict):
        raise ProposalError(_("Geef de velden van de nieuwe regel."), "proposed_value")
    line = {key: line[key] for key in NEW_LINE_KEYS if key in line and line[key] not in (None, "")}
    schema = {"$defs": content_files.DEVELOPMENT_SCHEMA.schema["$defs"], "$ref": "#/$defs/budget_line"}
    validator = jsonschema.Draft202012Validator(schema)
    for error in sorted(validator.iter_errors(line), key=lambda e: list(map(str, e.absolute_path))):
        path, message = content_files.dutch_message(error)
        if error.validator == "oneOf":
            message = _(
                "Geef óf een bedrag, óf uren per week met een salarisschaal, niet beide en niet geen van beide."
            )
            path = ["amount"]
        name = str(path[0]) if path else "proposed_value"
        if name == "provenance":
            name = "source"
        raise ProposalError(message, name)
    if development.budget_lines.filter(slug=line["id"]).exists():
        raise ProposalError(_("Deze ontwikkeling heeft al een regel met dit id; kies een ander id."), "id")
    if "salary_scale" in line and line["salary_scale"] not in _salary_scales(edition):
        raise ProposalError(
            _("Onbekende salarisschaal; kies uit: %(scales)s.")
            % {"scales": ", ".join(map(str, _salary_scales(edition)))},
            "salary_scale",
        )
    if line["kind"] == "structural" and line.get("spread", 1) != 1:
        raise ProposalError(_("Spreiding geldt alleen voor incidentele regels."), "spread")
    if line["driver"] == "fixed" and line["exponent"] != 0:
        raise ProposalError(_("Een vast bedrag (schaalt niet) heeft exponent 0."), "exponent")
    return line


def _paragraphs(text: str) -> list[str]:
    import re

    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text or "") if p.strip()]


def clean_value(kind: str, field: str, value, development, line, edition):
    """The proposed (or accepted) value of a change in its stored form: text, a number as a string, an
    integer scale as a string, a driver, or a new line as a dict; ProposalError if it does not fit."""
    from django.utils.translation import gettext as _

    if kind == "new_line":
        return validate_new_line(value, development, edition)
    if field == "text":
        text = str(value or "").strip()
        if len(text.split()) < 3:
            raise ProposalError(_("Geef de voorgestelde tekst (minstens drie woorden)."), "proposed_value")
        if len(text) > 5000:
            raise ProposalError(_("De tekst is te lang (hoogstens 5.000 tekens)."), "proposed_value")
        return text
    if line is None:
        raise ProposalError(_("Kies de begrotingsregel die u wilt wijzigen."), "line_slug")
    if field == "amount":
        if line.amount is None:
            raise ProposalError(_("Deze regel rekent in uren; stel uren per week of een salarisschaal voor."), "field")
        return _decimal_text(value, "proposed_value")
    if field == "hours_per_week":
        if line.hours_per_week is None:
            raise ProposalError(_("Deze regel rekent in euro's; stel een bedrag voor."), "field")
        return _decimal_text(value, "proposed_value", maximum=400)
    if field == "salary_scale":
        if line.hours_per_week is None:
            raise ProposalError(_("Deze regel rekent in euro's; stel een bedrag voor."), "field")
        text = str(value or "").strip()
        scales = _salary_scales(edition)
        if not text.isdigit() or int(text) not in scales:
            raise ProposalError(
                _("Kies een salarisschaal uit de salaristabel: %(scales)s.") % {"scales": ", ".join(map(str, scales))},
                "proposed_value",
            )
        return str(int(text))
    if field == "driver":
        text = str(value or "").strip()
        if text not in DRIVERS:
            raise ProposalError(
                _("Kies waarmee de regel schaalt: %(drivers)s.") % {"drivers": ", ".join(DRIVERS)}, "proposed_value"
            )
        return text
    raise ProposalError(_("Kies wat u wilt wijzigen."), "field")


def current_value(field: str, development, line, given: str = "") -> str:
    """The value a change replaces, as the proposer read it in the release. For text, the summary, or the
    body paragraph the proposer quoted (`given`), which must be in the development's text."""
    from django.utils.translation import gettext as _

    if field == "text":
        given = " ".join((given or "").split())
        if not given or given == " ".join(development.summary.split()):
            return " ".join(development.summary.split())
        if given in _paragraphs(development.body_markdown):
            return given
        raise ProposalError(
            _("Deze tekst staat niet in de ontwikkeling; kopieer de samenvatting of één alinea letterlijk."),
            "current_value",
        )
    value = getattr(line, field)
    if field in ("amount", "hours_per_week") and value is not None:
        return format(value.normalize(), "f")
    return "" if value is None else str(value)


def proposal_target(edition, development_slug: str, line_slug: str = ""):
    """The development and line (or None) in the release; ProposalError if they do not exist there."""
    from django.utils.translation import gettext as _

    development = edition.developments.filter(slug=development_slug).first()
    if development is None:
        raise ProposalError(_("Deze ontwikkeling bestaat niet in deze editie."), "development_slug")
    line = None
    if line_slug:
        line = development.budget_lines.filter(slug=line_slug).first()
        if line is None:
            raise ProposalError(_("Deze begrotingsregel bestaat niet in deze ontwikkeling."), "line_slug")
    return development, line


def _clean_common(user, *, reasoning, source, estimated_hours, organisation, kind):
    from decimal import Decimal

    from django.utils.translation import gettext as _

    from . import access

    reasoning, source = (reasoning or "").strip(), (source or "").strip()
    if not reasoning:
        raise ProposalError(_("Geef de onderbouwing: waarom is dit nodig?"), "reasoning")
    if kind != "comment" and not source:
        raise ProposalError(_("Geef de bron van uw voorstel (een document, een link of uw eigen meting)."), "source")
    if kind == "new_line" and len(source) < 10:
        raise ProposalError(_("Beschrijf de bron in minstens 10 tekens."), "source")
    if estimated_hours is not None and not (Decimal(0) <= Decimal(estimated_hours) <= Decimal(999)):
        raise ProposalError(_("Geef een aantal uren tussen 0 en 999."), "estimated_hours")
    if organisation is not None and not access.member_organisations(user).filter(pk=organisation.pk).exists():
        raise ProposalError(_("U bent geen lid van deze organisatie."), "organisation")
    return reasoning, source


def create_proposal(
    user,
    *,
    edition,
    kind: str,
    development_slug: str,
    line_slug: str = "",
    field: str = "",
    proposed_value=None,
    current_text: str = "",
    reasoning: str,
    source: str = "",
    estimated_hours=None,
    organisation=None,
    decision=None,
):
    """A new comment or change proposal by `user` on the release they read; ProposalError (or
    ProposalRateLimited) with a Dutch message when it cannot be made. A session decision it came from
    (`decision`, only by the session's lead or an editor) is linked to it."""
    from django.db import transaction
    from django.utils.translation import gettext as _

    from . import access
    from .models import Proposal, SessionDecision

    if not getattr(user, "is_authenticated", False):
        raise ProposalError(_("Meld u aan om te reageren of een wijziging voor te stellen."))
    if kind not in ("comment", "change", "new_line"):
        raise ProposalError(_("Kies of u een opmerking maakt of een wijziging voorstelt."), "kind")
    development, line = proposal_target(edition, development_slug, line_slug)
    reasoning, source = _clean_common(
        user, reasoning=reasoning, source=source, estimated_hours=estimated_hours, organisation=organisation, kind=kind
    )
    current, value = "", None
    if kind == "change":
        if field not in ("text", *LINE_FIELDS):
            raise ProposalError(_("Kies wat u wilt wijzigen."), "field")
        if field != "text" and line is None:
            raise ProposalError(_("Kies de begrotingsregel die u wilt wijzigen."), "line_slug")
        value = clean_value(kind, field, proposed_value, development, line, edition)
        current = current_value(field, development, line, current_text)
        if str(value) == current:
            raise ProposalError(_("De voorgestelde waarde is gelijk aan de huidige."), "proposed_value")
    elif kind == "new_line":
        field, line_slug = "", ""
        value = clean_value(
            kind,
            field,
            dict(proposed_value or {}) | {"provenance": {"type": "source", "text": source}},
            development,
            None,
            edition,
        )
    else:
        field = ""
    with transaction.atomic():
        check_proposal_rate(user)
        if decision is not None:
            decision = SessionDecision.objects.select_for_update().select_related("session").get(pk=decision.pk)
            if not access.is_session_lead(user, decision.session):
                raise ProposalError(_("Alleen de sessieleider of de redactie maakt van een besluit een voorstel."))
            if decision.proposal_id:
                raise ProposalError(_("Van dit besluit is al een voorstel gemaakt."))
        proposal = Proposal.objects.create(
            kind=kind,
            edition=edition,
            development_slug=development.slug,
            line_slug=line.slug if line is not None and kind != "new_line" else "",
            field=field,
            current_value=current,
            proposed_value=value,
            reasoning=reasoning,
            source=source,
            estimated_hours=estimated_hours,
            proposer=user,
            organisation=organisation,
        )
        if decision is not None:
            decision.proposal = proposal
            decision.save(update_fields=["proposal"])
    return proposal


def update_proposal(
    proposal,
    user,
    *,
    expected_version: int,
    proposed_value=None,
    current_text: str = "",
    reasoning: str,
    source: str = "",
    estimated_hours=None,
):
    """The proposer answers 'needs more information': a new version of the proposal, open again."""
    from django.db import transaction
    from django.utils.translation import gettext as _

    from .models import Proposal

    with transaction.atomic():
        locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if locked.proposer_id != getattr(user, "pk", None):
            raise ProposalError(_("Alleen de indiener kan dit voorstel aanvullen."))
        if locked.status != "needs_info":
            raise ProposalError(_("Dit voorstel vraagt geen aanvulling (meer)."))
        if locked.version != expected_version:
            raise StaleProposal(_("Het voorstel is intussen gewijzigd; lees het opnieuw en probeer het nog eens."))
        reasoning, source = _clean_common(
            user,
            reasoning=reasoning,
            source=source,
            estimated_hours=estimated_hours,
            organisation=None,
            kind=locked.kind,
        )
        if locked.kind != "comment":
            development, line = proposal_target(locked.edition, locked.development_slug, locked.line_slug)
            if locked.kind == "new_line":
                proposed_value = dict(proposed_value or {}) | {"provenance": {"type": "source", "text": source}}
            locked.proposed_value = clean_value(
                locked.kind, locked.field, proposed_value, development, line, locked.edition
            )
            if locked.field == "text":
                locked.current_value = current_value("text", development, line, current_text or locked.current_value)
        locked.reasoning, locked.source = reasoning, source
        if estimated_hours is not None:
            locked.estimated_hours = estimated_hours
        locked.status = "open"
        locked.version += 1
        locked.save()
    return locked


def _notify_proposer(review_pk: int) -> None:
    """E-mail the proposer about a review; a failure is logged, never raised (the review is saved)."""
    import logging
    from smtplib import SMTPException

    from django.conf import settings
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.utils import translation

    from .models import Review

    review = Review.objects.select_related("proposal", "proposal__proposer").filter(pk=review_pk).first()
    proposer = review.proposal.proposer if review else None
    if proposer is None or not proposer.email:
        return
    with translation.override("nl"):
        context = {
            "review": review,
            "proposal": review.proposal,
            "user": proposer,
            "site": getattr(settings, "SITE_URL", ""),
        }
        subject = " ".join(render_to_string("community/email/proposal_reviewed_subject.txt", context).split())
        body = render_to_string("community/email/proposal_reviewed.txt", context)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [proposer.email])
    except (SMTPException, OSError, ValueError):
        logging.getLogger(__name__).exception("Review e-mail for proposal %s could not be sent", review.proposal_id)


def review_proposal(
    proposal, user, *, decision: str, reason: str, expected_version: int, accepted_value=None, hours=None
):
    """An editor's review: the proposal's status becomes `decision`, with the reason; the proposer gets an
    e-mail after the transaction. StaleProposal when the proposal changed since `expected_version`."""
    from decimal import Decimal

    from django.db import transaction
    from django.utils.translation import gettext as _

    from . import access
    from .models import Proposal, Review

    if not access.is_community_editor(user):
        raise ProposalError(_("Alleen de redactie beoordeelt voorstellen."))
    if decision not in ("accepted", "accepted_changed", "rejected", "needs_info"):
        raise ProposalError(_("Kies een besluit."), "decision")
    reason = (reason or "").strip()
    if not reason:
        raise ProposalError(_("Geef de reden van uw besluit; de indiener krijgt die te zien."), "reason")
    if hours is not None and not (Decimal(0) <= Decimal(hours) <= Decimal(999)):
        raise ProposalError(_("Geef een aantal uren tussen 0 en 999."), "hours")
    with transaction.atomic():
        locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if locked.version != expected_version:
            raise StaleProposal(
                _("Het voorstel is intussen gewijzigd of beoordeeld (versie %(v)s); lees het opnieuw.")
                % {"v": locked.version}
            )
        if locked.written_at is not None:
            raise ProposalError(_("Dit voorstel staat al in de inhoudsbestanden; het besluit ligt vast."))
        value = None
        if decision == "accepted_changed":
            if locked.kind == "comment":
                raise ProposalError(_("Een opmerking kan niet met wijzigingen worden aangenomen."), "decision")
            if accepted_value in (None, "", {}):
                raise ProposalError(_("Geef de waarde die u aanneemt."), "accepted_value")
            development, line = proposal_target(locked.edition, locked.development_slug, locked.line_slug)
            if locked.kind == "new_line" and isinstance(accepted_value, dict):
                accepted_value = {"provenance": locked.proposed_value.get("provenance")} | accepted_value
            try:
                value = clean_value(locked.kind, locked.field, accepted_value, development, line, locked.edition)
            except ProposalError as exc:
                raise ProposalError(exc.message, "accepted_value") from None
        review = Review.objects.create(
            proposal=locked, reviewer=user, decision=decision, reason=reason, accepted_value=value, hours=hours
        )
        locked.status = decision
        locked.version += 1
        locked.save(update_fields=["status", "version"])
        transaction.on_commit(lambda: _notify_proposer(review.pk))
    return review


def hide_proposal(proposal, user, *, reason: str):
    """Moderation: an editor hides a proposal from public lists, with a reason (kept for the proposer)."""
    from django.db import transaction
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from . import access
    from .models import Proposal

    if not access.is_community_editor(user):
        raise ProposalError(_("Alleen de redactie kan voorstellen verbergen."))
    reason = (reason or "").strip()
    if not reason:
        raise ProposalError(_("Geef de reden waarom u dit verbergt."), "reason")
    with transaction.atomic():
        locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
        locked.hidden_at, locked.hidden_by, locked.hidden_reason = timezone.now(), user, reason
        locked.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    return locked


def show_proposal(proposal, user):
    """Undo moderation: the proposal is public again (the reason is kept for the record)."""
    from django.db import transaction
    from django.utils.translation import gettext as _

    from . import access
    from .models import Proposal

    if not access.is_community_editor(user):
        raise ProposalError(_("Alleen de redactie kan voorstellen weer tonen."))
    with transaction.atomic():
        locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
        locked.hidden_at, locked.hidden_by = None, None
        locked.save(update_fields=["hidden_at", "hidden_by"])
    return locked


def accepted_value(proposal):
    """The value to write: the last review's accepted value (accepted with changes), else the proposed one."""
    review = proposal.reviews.order_by("-at", "-pk").first()
    if review is not None and review.decision == "accepted_changed" and review.accepted_value is not None:
        return review.accepted_value
    return proposal.proposed_value


def mark_proposals_written(proposals, written_to: dict) -> int:
    """Record that the write command put these proposals into the files (`written_to`: pk → file)."""
    from django.db import transaction
    from django.utils import timezone

    from .models import Proposal

    now = timezone.now()
    with transaction.atomic():
        rows = Proposal.objects.select_for_update().filter(pk__in=[p.pk for p in proposals], written_at__isnull=True)
        count = 0
        for row in rows:
            row.written_at, row.written_to = now, written_to.get(row.pk, "")[:500]
            row.save(update_fields=["written_at", "written_to"])
            count += 1
    return count


# === end proposals ===
