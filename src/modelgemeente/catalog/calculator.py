""" "What does this development cost my municipality?" on a development's public page.

A GET form, so it works without JavaScript and without an account: a municipality from the CBS list
or a typed number of inhabitants. Employees and departments are estimated in proportion to the
reference municipality and labelled as an estimate. The engine computes the model for that profile
(`model_report`, the same figures as the comparison of a plan with the model); this module only
reads the form and picks this development's lines and total from that report.
"""

from dataclasses import dataclass

from django import forms
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from modelgemeente import refdata
from modelgemeente.budget.engine import Profile
from modelgemeente.budget.money import fmt_num
from modelgemeente.core.cache import fragment
from modelgemeente.core.forms import DutchIntegerField, municipality_choices
from modelgemeente.exports.report import LineRow, Row

from .budget_input import estimated_profile, model_report
from .models import Development, Edition

MAX_INHABITANTS = 5_000_000
PARAMETERS = ("gemeente", "inwoners")  # the GET parameters; any of them present means "calculate"


class CostForm(forms.Form):
    gemeente = forms.ChoiceField(
        label=_("Gemeente"),
        required=False,
        error_messages={"invalid_choice": _("Deze gemeente staat niet in de gemeentelijst. Kies er een uit de lijst.")},
    )
    inwoners = DutchIntegerField(
        label=_("Of: aantal inwoners"),
        required=False,
        min_value=1,
        max_value=MAX_INHABITANTS,
        help_text=_("Een getal, bijvoorbeeld 23.000. Ingevuld heeft dit voorrang op de gekozen gemeente."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built per form, so the message is in the visitor's language (not the one active at import).
        outside = _("Vul een aantal inwoners in van 1 tot en met %(max)s.") % {"max": fmt_num(MAX_INHABITANTS)}
        self.fields["inwoners"].error_messages.update(min_value=outside, max_value=outside)
        self.fields["gemeente"].choices = municipality_choices(only_with_inhabitants=True)

    def clean(self):
        data = super().clean()
        code, typed = data.get("gemeente"), data.get("inwoners")
        if not code and typed is None and not self.errors:
            raise forms.ValidationError(_("Kies een gemeente of vul het aantal inwoners in."))
        data["municipality"] = refdata.municipality(code) if code else None
        return data


@dataclass
class CostAnswer:
    """This development's lines and total for one municipality's size, from the engine's report."""

    municipality: dict | None  # from the CBS list, or None for typed inhabitants
    typed: bool  # inhabitants typed by the user (not from the list)
    profile: Profile
    years: tuple[int, ...]
    lines: list[LineRow]
    total: Row | None
    source: str  # where the number of inhabitants comes from


def answer(edition: Edition, development: Development, data: dict) -> CostAnswer:
    municipality, typed = data["municipality"], data.get("inwoners")
    inhabitants = typed if typed is not None else municipality["inhabitants"]
    employees, departments = estimated_profile(edition, inhabitants)
    profile = Profile(inhabitants, employees, departments)
    report = model_report(edition, profile)
    return CostAnswer(
        municipality=municipality,
        typed=typed is not None,
        profile=profile,
        years=report.years,
        lines=[row for row in report.lines if row.development == development.slug],
        total=next((row for row in report.by_development if row.key == development.slug), None),
        source=refdata.municipality_source() if typed is None else "",
    )


def calculator(request, edition: Edition, development: Development) -> dict:
    """Template context for the calculator: the form, and the answer when the form is valid."""
    asked = any(name in request.GET for name in PARAMETERS)
    if not asked:
        # The empty form (on every development page; a select of every municipality) is rendered once per language.
        return {"cost_form": None, "cost": None, "cost_fields": fragment("cost-form", [], _render_empty_fields)}
    form = CostForm(request.GET)
    result = answer(edition, development, form.cleaned_data) if form.is_valid() else None
    return {"cost_form": form, "cost": result, "cost_fields": ""}


def _render_empty_fields() -> str:
    return mark_safe("".join(render_to_string("forms/field.html", {"field": field}) for field in CostForm()))
