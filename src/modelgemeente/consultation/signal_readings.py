"""Readings of signals for pages and the API: how far a signal reaches, and the national overview.

A signal's reach counts the raising organisation and every supporting one: the organisations, the regions they are
in (regions.regions_of; a municipality in two regions counts both) and the inhabitants of their municipalities
(CBS figures from data/municipalities, each municipality once; regions.inhabitants_source names the source and date).
"""

from dataclasses import dataclass

from django.db.models import Prefetch

from modelgemeente.plans.models import Organisation

from .models import Region, RegionalSignal, Signal, SignalSupport
from .regions import inhabitants_source, organisations_inhabitants, regions_of
from .services.signals import SignalStep


@dataclass(frozen=True)
class Reach:
    organisations: list[Organisation]  # the raiser first, then the supporters in order of support
    regions: list[Region]
    inhabitants: int
    source: str  # where the inhabitants come from


@dataclass(frozen=True)
class OverviewRow:
    signal: Signal
    reach: Reach
    bundle: RegionalSignal | None
    answer: str  # the national level's answer to the signal's regional signal, "" while there is none


def _reach(organisations) -> Reach:
    organisations = list({o.pk: o for o in organisations}.values())
    regions = {r.pk: r for org in organisations for r in regions_of(org)}
    return Reach(
        organisations=organisations,
        regions=sorted(regions.values(), key=lambda r: r.name),
        inhabitants=organisations_inhabitants(organisations),
        source=inhabitants_source(),
    )


def signal_reach(signal: Signal) -> Reach:
    return _reach([signal.organisation, *(s.organisation for s in signal.supports.all())])


def bundle_reach(bundle: RegionalSignal) -> Reach:
    """The reach of a regional signal: every organisation that raised or supported one of its signals, once."""
    signals = with_supports(bundle.signals.all()).order_by("created_at", "pk")
    return _reach(org for s in signals for org in [s.organisation, *(x.organisation for x in s.supports.all())])


def with_supports(signals):
    """`signals` (a queryset) with their organisation, bundle and supports read in a few queries."""
    return signals.select_related("organisation", "bundle", "bundle__region").prefetch_related(
        Prefetch("supports", queryset=SignalSupport.objects.select_related("organisation"))
    )


def national_overview(signals=None) -> list[OverviewRow]:
    """Every signal (or those of `signals`, a queryset), newest first, with its reach, status and answer."""
    rows = with_supports(Signal.objects.all() if signals is None else signals).order_by("-created_at", "-pk")
    return [
        OverviewRow(signal=s, reach=signal_reach(s), bundle=s.bundle, answer=s.bundle.answer if s.bundle else "")
        for s in rows
    ]


def step_label(kind: str) -> str:
    """The Dutch label of a recorded step (SignalEvent.kind); an unknown kind as it is."""
    try:
        return SignalStep(kind).label
    except ValueError:
        return kind
