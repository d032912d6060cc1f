"""The form for a measurable ambition: what, which plan and developments, and a target per year. Every message is
Dutch and stands at its field; the rules for a target are the service's (services/ambitions.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from modelgemeente.core.enums import AmbitionMetric
from modelgemeente.core.forms import DutchDecimalField, YearField
from modelgemeente.plans.models import TEXT_LIMIT, Plan

from .services.ambitions import TITLE_LIMIT, AmbitionError, dimension_choices, value_error, values_of, year_error

TARGET_ROWS = 6  # rows for a target on the form (more when the ambition already has more)


class PlanField(forms.ModelChoiceField):
    def label_from_instance(self, plan):
        label = f"{plan.title} ({plan.years[0]}–{plan.years[-1]}, {plan.edition.release_label})"
        return f"{label}, {_('vervangen')}" if plan.is_superseded else label


class AmbitionForm(forms.Form):
    use_required_attribute = False

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(
        label=_("Titel"),
        max_length=TITLE_LIMIT,
        help_text=_("Bijvoorbeeld: 85% van de aanvragen digitaal in 2029."),
        error_messages={"required": _("Geef de ambitie een titel.")},
    )
    metric = forms.ChoiceField(
        label=_("Maatstaf"),
        choices=AmbitionMetric.choices,
        error_messages={"required": _("Kies een maatstaf."), "invalid_choice": _("Kies een van de maatstaven.")},
    )
    dimension = forms.ChoiceField(
        label=_("Dimensie"),
        required=False,
        help_text=_("Alleen bij de maatstaf volwassenheidsniveau: de dimensie waarvan het niveau het doel is."),
        error_messages={"invalid_choice": _("Kies een dimensie uit de lijst.")},
    )
    plan = PlanField(
        label=_("Plan"),
        queryset=Plan.objects.none(),
        required=False,
        empty_label=_("— geen plan —"),
        help_text=_("Het plan dat deze ambitie moet waarmaken."),
        error_messages={"invalid_choice": _("Kies een plan van uw organisatie uit de lijst.")},
    )
    developments = forms.MultipleChoiceField(
        label=_("Ontwikkelingen uit het plan waarop de ambitie steunt"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Kiest u een ander plan, gebruik dan eerst de knop ‘Ontwikkelingen van dit plan tonen’."),
        error_messages={"invalid_choice": _("Ontwikkeling '%(value)s' staat niet in het gekozen plan.")},
    )
    note = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, organisation, ambition=None, rows: int = TARGET_ROWS, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.rows = rows
        plans = Plan.objects.filter(organisation=organisation, superseded_by__isnull=True)
        if ambition is not None and ambition.plan_id:
            plans = Plan.objects.filter(organisation=organisation).filter(
                pk__in=[*plans.values_list("pk", flat=True), ambition.plan_id]
            )
        self.fields["plan"].queryset = plans.select_related("edition").order_by("-start_year", "title")
        dimensions = dimension_choices()
        current = ambition.dimension if ambition is not None else ""
        if current and current not in dict(dimensions):
            dimensions.append((current, current))
        self.fields["dimension"].choices = [("", _("— geen —")), *dimensions]
        self.chosen_plan = self._chosen_plan(ambition)
        self.fields["developments"].choices = _development_choices(self.chosen_plan)
        for i in range(rows):
            row = {"n": i + 1}
            self.fields[f"target_year_{i}"] = YearField(label=_("Jaar, regel %(n)s") % row, required=False)
            self.fields[f"target_value_{i}"] = DutchDecimalField(
                label=_("Doelwaarde, regel %(n)s") % row, required=False
            )

    def _chosen_plan(self, ambition):
        """The plan whose developments the checkboxes offer: the one posted, else the initial one, else none."""
        key = self.add_prefix("plan")
        raw = self.data.get(key) if self.is_bound else self.initial.get("plan", ambition.plan_id if ambition else "")
        if isinstance(raw, Plan):
            raw = raw.pk
        try:
            return self.fields["plan"].queryset.filter(pk=int(raw)).first()
        except (TypeError, ValueError):
            return None

    def target_rows(self):
        return [(self[f"target_year_{i}"], self[f"target_value_{i}"]) for i in range(self.rows)]

    def other_fields(self):
        """The fields rendered one by one (not the targets, not the developments, not the version)."""
        return [self[name] for name in ("title", "metric", "dimension", "plan")]

    def clean(self):
        data = super().clean()
        metric = data.get("metric")
        if metric == AmbitionMetric.MATURITY_LEVEL and not data.get("dimension"):
            self.add_error("dimension", _("Kies de dimensie waarvan het volwassenheidsniveau het doel is."))
        if data.get("developments") and not data.get("plan"):
            self.add_error("developments", _("Kies eerst het plan waarin de ontwikkelingen staan."))
        data["targets"] = self._targets(metric)
        return data

    def _targets(self, metric) -> dict:
        targets = {}
        for i in range(self.rows):
            year_name, value_name = f"target_year_{i}", f"target_value_{i}"
            if year_name in self.errors or value_name in self.errors:
                continue
            year, value = self.cleaned_data.get(year_name), self.cleaned_data.get(value_name)
            if year is None and value is None:
                continue
            if year is None:
                self.add_error(year_name, _("Vul het jaar van deze doelwaarde in."))
            elif message := year_error(year):
                self.add_error(year_name, message)
            elif year in targets:
                self.add_error(year_name, _("Dit jaar staat al in een andere regel."))
            if value is None:
                self.add_error(value_name, _("Vul de doelwaarde voor dit jaar in."))
            elif metric and (message := value_error(metric, value)):
                self.add_error(value_name, message)
            if year_name not in self.errors and value_name not in self.errors:
                targets[year] = value
        if not targets and not any(name.startswith("target_") for name in self.errors):
            self.add_error("target_year_0", _("Geef ten minste één jaar met een doelwaarde."))
        return targets

    def values(self) -> dict:
        """The keyword arguments of services.ambitions.create_ambition / update_ambition."""
        data = self.cleaned_data
        return {
            "title": data["title"],
            "metric": data["metric"],
            "dimension": data.get("dimension") or "",
            "plan": data.get("plan"),
            "developments": list(data.get("developments") or []),
            "note": data.get("note") or "",
            "targets": data["targets"],
        }

    def add_service_error(self, error: AmbitionError) -> None:
        """A refusal of the service at the field it is about (the whole form when it names none of them)."""
        field = error.field if error.field in self.fields else None
        if error.field == "targets":
            field = "target_year_0"
        self.add_error(field, error.message)


def initial_of(ambition) -> dict:
    """The form's initial values for an ambition, with its targets in the first rows."""
    values = values_of(ambition)
    targets = values.pop("targets")
    initial = values | {"version": ambition.version, "plan": ambition.plan_id}
    for i, (year, value) in enumerate(targets.items()):
        initial[f"target_year_{i}"], initial[f"target_value_{i}"] = year, value
    return initial


def rows_for(ambition) -> int:
    """Target rows on the form: at least TARGET_ROWS, and one empty row more than the ambition has targets."""
    return max(TARGET_ROWS, ambition.targets.count() + 1) if ambition is not None else TARGET_ROWS


def initial_from_post(data) -> dict:
    """A posted form as the initial values of a fresh one (to show another plan's developments, unsaved)."""
    return {key: data.getlist(key) if key == "developments" else data.get(key) for key in data if key != "action"}


def _development_choices(plan) -> list[tuple[str, str]]:
    if plan is None:
        return []
    choices = plan.choices.select_related("development__domain").order_by(
        "development__domain__order", "development__order", "development__title"
    )
    return [
        (
            c.development.slug,
            f"{c.development.domain.name}: {c.development.title} "
            f"({_('telt mee in het plan') if c.counts else _('telt niet mee in het plan')})",
        )
        for c in choices
    ]
