"""The public page of an edition's maturity model (maturity.yaml; docs/maturity-method.md): the 1-5 scale, the
scoring rule, and per dimension its description, the descriptor of each level, the statements that count for each
level and the developments that raise it."""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from modelgemeente.core.enums import AnswerValue, MaturityLevel

from .models import Development
from .views import _nav, get_edition


def level_meanings() -> dict[int, str]:
    """What each level of the 1-5 scale means in general (docs/maturity-method.md, "The scale")."""
    return {
        1: _("Ad hoc: resultaten hangen af van personen; er is geen gedeelde werkwijze."),
        2: _("De basis is er en wordt herhaald, maar verschilt per afdeling of project."),
        3: _("Eén beschreven en vastgestelde werkwijze voor de hele organisatie."),
        4: _("Gemeten en gestuurd op cijfers: indicatoren, doelen en vaste rapportages."),
        5: _("Voortdurend verbeteren op basis van die cijfers; vooroplopen en delen met anderen."),
    }


def scoring_rule() -> str:
    """The scoring rule of docs/maturity-method.md in plain Dutch (also shown with an assessment's results)."""
    return _(
        "Elke stelling beantwoordt u met nee (0 punten), deels (1 punt) of ja (2 punten). Een niveau van 2 tot en met "
        "5 is bereikt als de stellingen van dat niveau samen minstens 75% van de punten halen (bij twee stellingen: "
        "ja en deels, of beter) en alle lagere niveaus ook bereikt zijn. Het niveau van een dimensie is het hoogste "
        "bereikte niveau, minstens 1; het wordt pas berekend als alle stellingen van de dimensie beantwoord zijn."
    )


def _levels(dimension) -> list[dict]:
    statements = list(dimension.statements.all())
    return [
        {
            "level": level,
            "descriptor": dimension.descriptor(level.value),
            "statements": [s for s in statements if s.level == level.value],
        }
        for level in MaturityLevel
    ]


def maturity_model(request, year):
    edition = get_edition(request, year)
    dimensions = list(
        edition.maturity_dimensions.prefetch_related(
            "statements", Prefetch("developments", queryset=Development.objects.select_related("edition", "domain"))
        )
    )
    if not dimensions:
        raise Http404(_("Deze release heeft geen volwassenheidsmodel."))
    context = _nav(edition) | {
        "dimensions": [(d, _levels(d)) for d in dimensions],
        "scale": [(level, level_meanings()[level.value]) for level in MaturityLevel],
        "answers": list(AnswerValue),
        "scoring_rule": scoring_rule(),
        "release_query": request.GET.get("release", "").strip(),
    }
    return render(request, "catalog/maturity_model.html", context)
