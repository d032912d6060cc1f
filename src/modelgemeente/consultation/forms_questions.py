"""Forms of the questions of the national level: asking a question, a municipality's input, a region's answer.

The forms check what a user can fix at the field (empty, too long, a date in the past, no region chosen); the
service (services/questions.py) checks everything again and its refusal is shown at the same field.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelgemeente.core.enums import QuestionKind
from modelgemeente.core.forms import DutchDateField

from .forms_positions import IdsChoice
from .models import Region
from .services.questions import BODY_LIMIT, INPUT_LIMIT, TITLE_LIMIT

ALL_REGIONS, SELECTION = "alle", "selectie"


class QuestionForm(forms.Form):
    use_required_attribute = False

    kind = forms.ChoiceField(
        label=_("Soort"), choices=QuestionKind.choices, initial=QuestionKind.QUESTION, widget=forms.RadioSelect
    )
    title = forms.CharField(label=_("Titel"), max_length=TITLE_LIMIT)
    body = forms.CharField(
        label=_("Vraag of conceptbeleid"),
        max_length=BODY_LIMIT,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "Een lege regel begint een nieuwe alinea. Opmaak mag in Markdown: ## voor een kopje, - voor een "
            "opsomming, **vet**."
        ),
    )
    deadline = DutchDateField(
        label=_("Uiterste datum voor antwoord"),
        help_text=_("Dag-maand-jaar, bijvoorbeeld 31-12-2026. Vandaag of later."),
    )
    scope = forms.ChoiceField(
        label=_("Gesteld aan"),
        choices=[(ALL_REGIONS, _("Alle regio's")), (SELECTION, _("Een selectie van regio's (kies hieronder)"))],
        initial=ALL_REGIONS,
        widget=forms.RadioSelect,
    )
    regions = IdsChoice(
        label=_("Regio's"),
        queryset=Region.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Alleen nodig bij een selectie."),
        error_messages=dict.fromkeys(
            ("invalid_choice", "invalid_pk_value", "invalid_list"), _("Kies regio's uit de lijst.")
        ),
    )

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline < timezone.localdate():
            raise forms.ValidationError(_("De uiterste datum ligt in het verleden; kies vandaag of later."))
        return deadline

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("scope") == SELECTION and not cleaned.get("regions") and "regions" not in self.errors:
            self.add_error("regions", _("Kies ten minste één regio, of kies alle regio's."))
        if cleaned.get("scope") == ALL_REGIONS and not Region.objects.exists():
            self.add_error("scope", _("Er zijn nog geen regio's; een beheerder legt ze eerst vast."))
        return cleaned

    def values(self) -> dict:
        """The keyword arguments of services.questions.ask_question."""
        data = self.cleaned_data
        regions = Region.objects.all() if data["scope"] == ALL_REGIONS else data["regions"]
        return {
            "kind": data["kind"],
            "title": data["title"],
            "body": data["body"],
            "deadline": data["deadline"],
            "regions": list(regions),
        }


def _text_field(label, limit: int, rows: int, help_text) -> forms.CharField:
    return forms.CharField(
        label=label, max_length=limit, widget=forms.Textarea(attrs={"rows": rows}), help_text=help_text
    )


class InputForm(forms.Form):
    """A municipality's input for its region. The prefix keeps the forms of several organisations apart."""

    use_required_attribute = False
    text = _text_field(
        _("Inbreng van uw gemeente"),
        INPUT_LIMIT,
        6,
        _("De vertegenwoordiger van de regio leest dit en verwerkt het in het antwoord van de regio."),
    )


class AnswerForm(forms.Form):
    use_required_attribute = False
    text = _text_field(
        _("Antwoord van de regio"),
        BODY_LIMIT,
        10,
        _("U kunt het antwoord wijzigen tot de vraag is gesloten. Na de uiterste datum heet het te laat."),
    )
