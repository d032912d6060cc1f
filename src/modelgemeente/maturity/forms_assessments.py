"""The forms of the maturity self-assessment: start one, answer the questionnaire, add the gap's developments to a
plan. Every message is Dutch and names what to do; the services check the same rules again."""

from dataclasses import dataclass

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelgemeente.core.enums import MATURITY_TARGET, AnswerValue, MaturityLevel
from modelgemeente.core.forms import YearField
from modelgemeente.plans.models import TEXT_LIMIT

from .services.assessments import MAX_YEAR, MIN_YEAR, releases_with_model

ANSWER_ERROR = _("Kies nee, deels of ja.")
TARGET_ERROR = _("Kies een doelniveau van 1 tot en met 5.")
TOO_LONG = _("Ten hoogste %(limit_value)s tekens.")


def level_choices():
    return [(level.value, f"{level.value} {level.label}") for level in MaturityLevel]


class StartForm(forms.Form):
    use_required_attribute = False

    year = YearField(
        label=_("Jaar"),
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        error_messages={"required": _("Vul het jaar in waarover de zelfevaluatie gaat.")},
    )
    edition = forms.ModelChoiceField(
        label=_("Volwassenheidsmodel uit release"),
        queryset=None,
        empty_label=None,
        help_text=_("Gepubliceerde releases met een volwassenheidsmodel, de nieuwste eerst."),
        error_messages={
            "required": _("Kies een release."),
            "invalid_choice": _("Kies een release uit de lijst."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year
        outside = _("Kies een jaar van %(first)s tot en met %(last)s.") % {"first": MIN_YEAR, "last": MAX_YEAR}
        self.fields["year"].error_messages.update(min_value=outside, max_value=outside)
        self.fields["edition"].queryset = releases_with_model()
        self.fields["edition"].initial = self.fields["edition"].queryset.first()
        self.fields["edition"].label_from_instance = lambda e: f"{e.title} ({e.release_label})"


@dataclass
class DimensionFields:
    """The part of the questionnaire about one dimension: its statements with their answer field, its target and
    its note."""

    dimension: object
    result: object
    statements: list  # [(statement, bound field)]
    target: forms.BoundField
    note: forms.BoundField

    @property
    def descriptors(self) -> list[tuple[MaturityLevel, str]]:
        return [(level, self.dimension.descriptor(level.value)) for level in MaturityLevel]


def answer_name(statement) -> str:
    return f"s-{statement.pk}"


class AssessmentForm(forms.Form):
    """One answer field per statement (not required: a dimension without every answer has no level yet), a
    target and a note per dimension, the sharing choice and the assessment's note."""

    use_required_attribute = False

    share_with_peers = forms.BooleanField(
        label=_("Anoniem meetellen in het gemiddelde van andere organisaties"),
        required=False,
        help_text=_("Gemiddelden worden alleen getoond als minstens 5 organisaties meetellen."),
    )
    note = forms.CharField(
        label=_("Toelichting bij de zelfevaluatie"),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": TOO_LONG},
    )

    def __init__(self, data=None, *, assessment, dimensions, results, answers):
        super().__init__(data, initial={"share_with_peers": assessment.share_with_peers, "note": assessment.note})
        self.dimensions = dimensions
        self.results = results
        for dimension in dimensions:
            for statement in dimension.statements.all():
                self.fields[answer_name(statement)] = forms.TypedChoiceField(
                    label=statement.text,
                    choices=AnswerValue.choices,
                    coerce=int,
                    required=False,
                    widget=forms.RadioSelect,
                    initial=answers.get(statement.pk),
                    error_messages={"invalid_choice": ANSWER_ERROR},
                )
            result = results[dimension.pk]
            self.fields[f"t-{dimension.pk}"] = forms.TypedChoiceField(
                label=_("Doelniveau"),
                choices=level_choices(),
                coerce=int,
                initial=result.target or MATURITY_TARGET,
                error_messages={"required": TARGET_ERROR, "invalid_choice": TARGET_ERROR},
            )
            self.fields[f"n-{dimension.pk}"] = forms.CharField(
                label=_("Toelichting bij deze dimensie"),
                required=False,
                max_length=TEXT_LIMIT,
                initial=result.note,
                widget=forms.Textarea(attrs={"rows": 2}),
                error_messages={"max_length": TOO_LONG},
            )

    def groups(self) -> list[DimensionFields]:
        return [
            DimensionFields(
                dimension,
                self.results[dimension.pk],
                [(s, self[answer_name(s)]) for s in dimension.statements.all()],
                self[f"t-{dimension.pk}"],
                self[f"n-{dimension.pk}"],
            )
            for dimension in self.dimensions
        ]

    def values(self) -> dict:
        """The keyword arguments of services.assessments.save_assessment (answers left open stay as saved)."""
        data = self.cleaned_data
        answers = {}
        for dimension in self.dimensions:
            for statement in dimension.statements.all():
                value = data.get(answer_name(statement))
                if value not in (None, ""):
                    answers[statement.pk] = value
        return {
            "answers": answers,
            "targets": {d.pk: data[f"t-{d.pk}"] for d in self.dimensions},
            "notes": {d.pk: data[f"n-{d.pk}"] for d in self.dimensions},
            "share_with_peers": data["share_with_peers"],
            "note": data["note"],
        }


class AddToPlanForm(forms.Form):
    """The gap's developments to include in the plan (the ones the plan does not count yet are offered)."""

    developments = forms.MultipleChoiceField(
        label=_("Ontwikkelingen om op te nemen"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Kies ten minste één ontwikkeling om op te nemen."),
            "invalid_choice": _("Kies alleen ontwikkelingen uit de lijst."),
        },
    )

    def __init__(self, data=None, *, choices, initial=None):
        super().__init__(data, initial={"developments": initial or []})
        self.fields["developments"].choices = choices
