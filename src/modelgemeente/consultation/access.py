"""Who may see what in the consultation (signals and regional signals); read-only, no state changes.

Shared by the pages, the API and the services of every part; questions, positions and provisions keep their own
helpers in their own modules and build on these.

- A **signal** is visible to members (any role) of the organisations in any region of the raising organisation,
  to the representatives of those regions, to the raising organisation itself and to coordinators.
- A **regional signal** (bundle) is visible to the organisations of its region, its representatives and
  coordinators.
- Anyone else gets 404 (the item's existence is not revealed); an anonymous visitor gets LoginRequired (a 403 page
  with a login link), as for plans.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from modelgemeente.plans.access import LoginRequired
from modelgemeente.plans.models import Organisation

from .models import RegionalSignal, Signal
from .regions import is_coordinator, regions_of, user_organisations, user_regions

__all__ = [
    "LoginRequired",
    "bundle_for",
    "can_see_region",
    "login_required_for",
    "organisation_sees_signal",
    "organisations_in",
    "signal_for",
    "visible_bundles",
    "visible_signals",
]


def login_required_for(request) -> None:
    """LoginRequired for an anonymous visitor (rendered as 403 with a login link)."""
    if not request.user.is_authenticated:
        raise LoginRequired(_("Log in om het overleg van uw regio te bekijken."))


def organisations_in(regions) -> list[Organisation]:
    """The organisations with at least one municipality in any of `regions`."""
    codes = {code for region in regions for code in (region.municipality_codes or [])}
    if not codes:
        return []
    return [o for o in Organisation.objects.order_by("name") if codes & set(o.municipality_codes or [])]


def visible_signals(user):
    """The signals `user` may see (a queryset, newest first); none for an anonymous visitor."""
    if not user.is_authenticated:
        return Signal.objects.none()
    signals = Signal.objects.select_related("organisation", "bundle", "bundle__region")
    if is_coordinator(user):
        return signals.all()
    raisers = {o.pk for o in organisations_in(user_regions(user))}
    raisers.update(o.pk for o in user_organisations(user))
    return signals.filter(organisation__in=raisers)


def visible_bundles(user):
    """The regional signals `user` may see: those of their regions (member or representative); all for a
    coordinator."""
    if not user.is_authenticated:
        return RegionalSignal.objects.none()
    bundles = RegionalSignal.objects.select_related("region")
    if is_coordinator(user):
        return bundles.all()
    return bundles.filter(region__in=[r.pk for r in user_regions(user)])


def signal_for(request, pk) -> Signal:
    """The signal for a page: LoginRequired when anonymous, 404 when it does not exist or is not visible."""
    login_required_for(request)
    try:
        return get_object_or_404(visible_signals(request.user), pk=int(pk))
    except (TypeError, ValueError):
        raise Http404(_("Dit signaal bestaat niet of is niet zichtbaar voor u.")) from None


def bundle_for(request, pk) -> RegionalSignal:
    """The regional signal for a page: LoginRequired when anonymous, 404 when not visible."""
    login_required_for(request)
    try:
        return get_object_or_404(visible_bundles(request.user), pk=int(pk))
    except (TypeError, ValueError):
        raise Http404(_("Dit regionale signaal bestaat niet of is niet zichtbaar voor u.")) from None


def can_see_region(user, region) -> bool:
    """May `user` see the region's own business (its signals, its representatives' work)? Members of its
    organisations, its representatives and coordinators."""
    if not user.is_authenticated:
        return False
    return is_coordinator(user) or any(r.pk == region.pk for r in user_regions(user))


def organisation_sees_signal(organisation: Organisation, signal: Signal) -> bool:
    """Does `organisation` see `signal`: it raised it, or it shares a region with the raising organisation."""
    if organisation.pk == signal.organisation_id:
        return True
    theirs = {r.pk for r in regions_of(signal.organisation)}
    return any(r.pk in theirs for r in regions_of(organisation))
