"""The section "Ambities en voortgang" of a plan's exports (registered in apps.py): per ambition of the plan's
organisation that is linked to this plan (or to no plan) and per year the target, the measured value and whether it
is on track, with the developments of the plan the ambition relies on and whether they count in it."""

from django.db.models import Q
from django.utils.translation import gettext as _

from modelgemeente.budget.money import fmt_eur
from modelgemeente.exports.report import ReportSection

from .models import Ambition
from .progress_chart import status_text
from .services.ambitions import describe_metric, linked_developments, measured_how, progress


def _developments_text(ambition: Ambition, plan) -> str:
    parts = []
    for d in linked_developments(ambition, plan):
        if not d.in_plan:
            state = _("staat niet in de release van dit plan")
        else:
            state = _("telt mee") if d.counts else _("telt niet mee")
        cost = _("%(amount)s in %(first)s-%(last)s") % {
            "amount": fmt_eur(d.total),
            "first": plan.years[0],
            "last": plan.years[-1],
        }
        parts.append(f"{d.title} ({state}; {cost})")
    return "; ".join(parts)


def _rows(ambition: Ambition, plan) -> list[list]:
    developments = _developments_text(ambition, plan) or _("geen gekoppeld")
    metric = describe_metric(ambition)
    rows = []
    for index, point in enumerate(progress(ambition)):
        rows.append(
            [
                ambition.title,
                metric,
                point.year,
                point.target if point.target is not None else _("geen doel"),
                point.actual if point.actual is not None else _("nog niet gemeten"),
                status_text(point),
                developments if index == 0 else "",
            ]
        )
    return rows


def ambitions_section(plan) -> list[ReportSection]:
    ambitions = list(
        Ambition.objects.filter(organisation=plan.organisation)
        .filter(Q(plan=plan) | Q(plan__isnull=True))
        .select_related("organisation")
        .prefetch_related("targets")
        .order_by("title", "pk")
    )
    if not ambitions:
        return []
    rows = [row for ambition in ambitions for row in _rows(ambition, plan)]
    metrics = sorted({a.metric for a in ambitions})
    notes = [
        _(
            "Doel en gemeten waarde: een percentage (0-100) bij de digitaliseringsindexen en bij inlog op niveau, "
            "een niveau (1-5) bij volwassenheid. Op koers: de gemeten waarde haalt het doel van dat jaar. Een jaar "
            "zonder meting toont geen waarde, geen schatting."
        ),
        *(measured_how(metric) for metric in metrics),
        _(
            "Kosten van de ontwikkelingen: de rekenregels van het model voor dit plan (de begrotingsmotor), ook voor "
            "een ontwikkeling die niet meetelt (wat zij het plan zou kosten); euro exclusief btw, geïndexeerd."
        ),
    ]
    return [
        ReportSection(
            title=_("Ambities en voortgang"),
            sheet=_("Ambities"),
            intro=_(
                "De meetbare doelen van %(organisation)s die bij dit plan horen of aan geen plan gekoppeld zijn, per "
                "jaar met de gemeten waarde uit de zelfevaluaties en de metingen productdigitalisering."
            )
            % {"organisation": plan.organisation.name},
            header=[
                _("Ambitie"),
                _("Maatstaf"),
                _("Jaar"),
                _("Doel"),
                _("Gemeten"),
                _("Op koers"),
                _("Ontwikkelingen in dit plan"),
            ],
            rows=rows,
            notes=notes,
        )
    ]
