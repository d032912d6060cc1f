"""Signals up: raise, support, bundle in the region, raise to the national level, answer, close.

Every change runs in a transaction, checks who may make it (a refusal is a ConsultationError with a Dutch message,
nothing changed) and records a SignalEvent. Statuses only move forward: new → bundled → raised → answered, and
closed from any of them; a signal in a bundle follows its bundle.

Who may:
- raise a signal: an editor or admin of an organisation that is in at least one region;
- support one: an editor or admin of another organisation that sees it (access.organisation_sees_signal), while
  the signal is not answered or closed; a second support by the same organisation updates its impact;
- bundle and raise: a representative of the region, for new signals of the region's organisations;
- answer and close a bundle: a coordinator; close a signal: a coordinator, or the raiser while it is new.
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from modelgemeente.catalog.budget_input import line_key
from modelgemeente.catalog.models import BudgetLine, Edition
from modelgemeente.core.enums import Role, SignalStatus, SignalStep, Urgency
from modelgemeente.plans.models import TEXT_LIMIT, Membership, Organisation

from ..access import organisation_sees_signal
from ..models import Region, RegionalSignal, Signal, SignalEvent, SignalSupport
from ..regions import is_coordinator, is_representative, regions_of
from .common import ConsultationError, bump_version

TITLE_LIMIT = 200
FINISHED = (SignalStatus.ANSWERED, SignalStatus.CLOSED)


class NotAllowed(ConsultationError):
    """The user lacks the role for this step (pages answer 403 with the message)."""


# Checks ---------------------------------------------------------------------------------------------------------


def _text(value, message: str, limit: int = TEXT_LIMIT) -> str:
    value = (value or "").strip()
    if not value:
        raise ConsultationError(message)
    if len(value) > limit:
        raise ConsultationError(_("Gebruik ten hoogste %(limit)s tekens.") % {"limit": limit})
    return value


def _note(value) -> str:
    value = (value or "").strip()
    if len(value) > TEXT_LIMIT:
        raise ConsultationError(_("Gebruik ten hoogste %(limit)s tekens.") % {"limit": TEXT_LIMIT})
    return value


def _title(value) -> str:
    return _text(" ".join((value or "").split()), _("Geef een korte titel."), TITLE_LIMIT)


def _require_editor(user, organisation: Organisation) -> None:
    member = Membership.objects.filter(user=user, organisation=organisation).first() if user.is_authenticated else None
    if member is None or not member.allows(Role.EDITOR):
        raise NotAllowed(
            _("Alleen redacteuren en beheerders van %(org)s kunnen namens haar signalen melden of steunen.")
            % {"org": organisation.name}
        )


def require_representative(user, region: Region) -> None:
    if not is_representative(user, region):
        raise NotAllowed(
            _("Alleen een vertegenwoordiger van %(region)s bundelt en brengt signalen in.") % {"region": region.name}
        )


def require_coordinator(user) -> None:
    if not is_coordinator(user):
        raise NotAllowed(_("Alleen een coördinator van het landelijk beraad kan dit doen."))


def _links(edition: Edition | None, law: str, development: str, budget_lines) -> tuple[str, str, list[str]]:
    """The links, checked against the edition's stable ids; links need an edition."""
    law, development = (law or "").strip(), (development or "").strip()
    lines = list(dict.fromkeys((key or "").strip() for key in budget_lines or () if (key or "").strip()))
    if not (law or development or lines):
        return "", "", []
    if edition is None:
        raise ConsultationError(_("Kies de release waar de wet, ontwikkeling of begrotingsregels uit komen."))
    if law and not edition.laws.filter(slug=law).exists():
        raise ConsultationError(_("Kies een wet uit de lijst."))
    if development and not edition.developments.filter(slug=development).exists():
        raise ConsultationError(_("Kies een ontwikkeling uit de lijst."))
    known = {
        line_key(row) for row in BudgetLine.objects.filter(development__edition=edition).select_related("development")
    }
    unknown = [key for key in lines if key not in known]
    if unknown:
        raise ConsultationError(
            _("Kies begrotingsregels uit de lijst (onbekend: %(keys)s).") % {"keys": ", ".join(unknown)}
        )
    return law, development, lines


def _record(kind, user, *, signal=None, bundle=None, organisation=None, note="") -> SignalEvent:
    return SignalEvent.objects.create(
        signal=signal, bundle=bundle, kind=kind, user=user, organisation=organisation, note=note or ""
    )


def _set_status(signals, status) -> None:
    """Move these signals (rows) to `status`, raising their versions."""
    Signal.objects.filter(pk__in=[s.pk for s in signals]).update(status=status, version=F("version") + 1)


# A municipality's signal ----------------------------------------------------------------------------------------


@transaction.atomic
def raise_signal(
    organisation: Organisation,
    user,
    *,
    title,
    description,
    impact,
    urgency,
    edition: Edition | None = None,
    law="",
    development="",
    budget_lines=(),
) -> Signal:
    """A new signal of `organisation` (event "aangemaakt")."""
    _require_editor(user, organisation)
    if not regions_of(organisation):
        raise ConsultationError(
            _(
                "%(org)s hoort bij geen enkele regio, dus er is niemand om het signaal aan te bundelen. "
                "Vraag een beheerder de gemeenten van uw organisatie of de regio's aan te vullen."
            )
            % {"org": organisation.name}
        )
    if urgency not in Urgency.values:
        raise ConsultationError(_("Kies een urgentie: hoog, gemiddeld of laag."))
    law, development, lines = _links(edition, law, development, budget_lines)
    signal = Signal.objects.create(
        organisation=organisation,
        title=_title(title),
        description=_text(description, _("Beschrijf het knelpunt.")),
        impact=_text(impact, _("Beschrijf de gevolgen voor uw gemeente.")),
        urgency=urgency,
        edition=edition if (law or development or lines) else None,
        law=law,
        development=development,
        budget_lines=lines,
        created_by=user,
    )
    _record(SignalStep.CREATED, user, signal=signal, organisation=organisation)
    return signal


def _locked(signal: Signal) -> Signal:
    return Signal.objects.select_for_update().select_related("organisation").get(pk=signal.pk)


@transaction.atomic
def support_signal(signal: Signal, organisation: Organisation, user, impact) -> SignalSupport:
    """`organisation` supports `signal` with its own impact; again: its impact is updated."""
    _require_editor(user, organisation)
    signal = _locked(signal)
    if organisation.pk == signal.organisation_id:
        raise ConsultationError(_("Dit is het signaal van uw eigen organisatie; steunen kan alleen een andere."))
    if not organisation_sees_signal(organisation, signal):
        raise ConsultationError(
            _("%(org)s zit niet in een regio van %(raiser)s en kan dit signaal niet steunen.")
            % {"org": organisation.name, "raiser": signal.organisation.name}
        )
    if signal.status in FINISHED:
        raise ConsultationError(_("Dit signaal is al beantwoord of gesloten; steunen kan niet meer."))
    impact = _text(impact, _("Beschrijf de gevolgen voor uw gemeente."))
    support, created = SignalSupport.objects.update_or_create(
        signal=signal, organisation=organisation, defaults={"impact": impact, "user": user}
    )
    _record(
        SignalStep.SUPPORTED if created else SignalStep.SUPPORT_CHANGED,
        user,
        signal=signal,
        organisation=organisation,
        note=impact,
    )
    return support


@transaction.atomic
def withdraw_support(signal: Signal, organisation: Organisation, user) -> None:
    _require_editor(user, organisation)
    signal = _locked(signal)
    if signal.status in FINISHED:
        raise ConsultationError(_("Dit signaal is al beantwoord of gesloten; de steun blijft staan."))
    deleted, _rows = SignalSupport.objects.filter(signal=signal, organisation=organisation).delete()
    if not deleted:
        raise ConsultationError(_("%(org)s steunt dit signaal niet.") % {"org": organisation.name})
    _record(SignalStep.SUPPORT_WITHDRAWN, user, signal=signal, organisation=organisation)


@transaction.atomic
def close_signal(signal: Signal, user, note="") -> None:
    """Close a signal: a coordinator at any time, the raiser (editor or admin) while it is new."""
    note = _note(note)
    signal = _locked(signal)
    if signal.status == SignalStatus.CLOSED:
        raise ConsultationError(_("Dit signaal is al gesloten."))
    if not is_coordinator(user):
        try:
            _require_editor(user, signal.organisation)
        except NotAllowed:
            raise NotAllowed(
                _("Alleen redacteuren en beheerders van %(org)s of een coördinator kunnen dit signaal sluiten.")
                % {"org": signal.organisation.name}
            ) from None
        if signal.status != SignalStatus.NEW:
            raise ConsultationError(
                _("Dit signaal is al gebundeld door de regio; alleen een coördinator kan het nu nog sluiten.")
            )
    _set_status([signal], SignalStatus.CLOSED)
    _record(SignalStep.CLOSED, user, signal=signal, note=note)


# The region's bundle --------------------------------------------------------------------------------------------


@transaction.atomic
def bundle_signals(region: Region, user, *, title, summary, signals) -> RegionalSignal:
    """A regional signal of these new signals of the region's organisations (each signal: "gebundeld")."""
    require_representative(user, region)
    title = _title(title)
    summary = _text(summary, _("Vat samen wat de regio inbrengt."))
    locked = list(
        Signal.objects.select_for_update().select_related("organisation").filter(pk__in=[s.pk for s in signals])
    )
    if not locked:
        raise ConsultationError(_("Kies minstens één nieuw signaal om te bundelen."))
    for signal in locked:
        if region.pk not in {r.pk for r in regions_of(signal.organisation)}:
            raise ConsultationError(
                _("Signaal „%(title)s” komt van %(org)s, die niet in %(region)s zit.")
                % {"title": signal.title, "org": signal.organisation.name, "region": region.name}
            )
        if signal.status != SignalStatus.NEW:
            raise ConsultationError(
                _("Signaal „%(title)s” is niet meer nieuw (%(status)s).")
                % {"title": signal.title, "status": signal.get_status_display()}
            )
    bundle = RegionalSignal.objects.create(region=region, title=title, summary=summary, created_by=user)
    Signal.objects.filter(pk__in=[s.pk for s in locked]).update(
        bundle=bundle, status=SignalStatus.BUNDLED, version=F("version") + 1
    )
    _record(SignalStep.BUNDLED, user, bundle=bundle, note=", ".join(s.title for s in locked))
    for signal in locked:
        _record(SignalStep.BUNDLED, user, signal=signal, note=title)
    return bundle


def _locked_bundle(bundle: RegionalSignal, expected_version) -> RegionalSignal:
    """The bundle, locked, at `expected_version` (else StaleVersion)."""
    locked = RegionalSignal.objects.select_for_update().select_related("region").get(pk=bundle.pk)
    bump_version(locked, expected_version)
    return locked


def _move(bundle: RegionalSignal, user, step, note="") -> None:
    signals = list(bundle.signals.all())
    _set_status(signals, bundle.status)
    _record(step, user, bundle=bundle, note=note)
    for signal in signals:
        _record(step, user, signal=signal, note=note)


@transaction.atomic
def raise_bundle(bundle: RegionalSignal, user, expected_version) -> RegionalSignal:
    """The representative raises the regional signal to the national level; its signals follow."""
    require_representative(user, bundle.region)
    bundle = _locked_bundle(bundle, expected_version)
    if bundle.status != SignalStatus.BUNDLED:
        raise ConsultationError(_("Dit regionale signaal is al %(status)s.") % {"status": bundle.get_status_display()})
    bundle.status, bundle.raised_at = SignalStatus.RAISED, timezone.now()
    bundle.save(update_fields=["status", "raised_at", "updated_at"])
    _move(bundle, user, SignalStep.RAISED)
    return bundle


@transaction.atomic
def answer_bundle(bundle: RegionalSignal, user, expected_version, answer) -> RegionalSignal:
    """A coordinator answers a raised regional signal (again: the answer is replaced); its signals follow."""
    require_coordinator(user)
    answer = _text(answer, _("Schrijf het antwoord van het landelijk beraad."))
    bundle = _locked_bundle(bundle, expected_version)
    if bundle.status not in (SignalStatus.RAISED, SignalStatus.ANSWERED):
        raise ConsultationError(
            _("Alleen een ingebracht regionaal signaal kan worden beantwoord; dit is %(status)s.")
            % {"status": bundle.get_status_display()}
        )
    bundle.status, bundle.answer, bundle.answered_at = SignalStatus.ANSWERED, answer, timezone.now()
    bundle.save(update_fields=["status", "answer", "answered_at", "updated_at"])
    _move(bundle, user, SignalStep.ANSWERED, answer)
    return bundle


@transaction.atomic
def close_bundle(bundle: RegionalSignal, user, expected_version, note="") -> RegionalSignal:
    """A coordinator closes a regional signal; its signals are closed too."""
    require_coordinator(user)
    note = _note(note)
    bundle = _locked_bundle(bundle, expected_version)
    if bundle.status == SignalStatus.CLOSED:
        raise ConsultationError(_("Dit regionale signaal is al gesloten."))
    bundle.status = SignalStatus.CLOSED
    bundle.save(update_fields=["status", "updated_at"])
    _move(bundle, user, SignalStep.CLOSED, note)
    return bundle
