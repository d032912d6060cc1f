"""Extra sections of a plan's exports, supplied by the apps above plans.

The layers (docs/architecture.md) let plans import nothing from maturity or consultation, yet a plan's XLSX,
ODS and PDF carry, for example, the section "ambities en voortgang". An app registers a provider in its
AppConfig.ready(); a provider takes a plan and returns a list of exports.report.ReportSection (empty when it has
nothing for this plan). Only downloads call this: pages show the same facts on the apps' own pages.
"""

from collections.abc import Callable

from modelgemeente.exports.report import ReportSection

from .models import Plan

Provider = Callable[[Plan], list[ReportSection]]
_providers: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def sections_for(plan: Plan) -> list[ReportSection]:
    return [section for provider in _providers for section in provider(plan)]
