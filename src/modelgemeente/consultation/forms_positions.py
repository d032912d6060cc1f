"""Forms of the position pages: they read the input's types; services/positions.py checks the rest.
Every message is Dutch."""

from django import forms
from django.utils.translation import gettext_lazy as _

from modelgemeente.core.enums import Stance
from modelgemeente.plans.models import TEXT_LIMIT

from .models import Question, Region, RegionalSignal
from .services.positions import LONG_TEXT_LIMIT, TITLE_LIMIT

CHECKBOXES = forms.CheckboxSelectMultiple(attrs={"class": "utrecht-checkbox utrecht-checkbox--html-input"})
RADIO = forms.RadioSelect(attrs={"class": "utrecht-radio-button utrecht-radio-button--html-input"})


def _too_long(limit: int) -> dict:
    return {"max_length": _("Ten hoogste %(limit)s tekens.") % {"limit": limit}}


def _title():
    return forms.CharField(
        label=_("Titel"),
        max_length=TITLE_LIMIT,
        error_messages={"required": _("Vul de titel in."), **_too_long(TITLE_LIMIT)},
    )


def _text():
    return forms.CharField(
        label=_("Standpunt"),
        max_length=LONG_TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={"required": _("Vul de tekst van het standpunt in."), **_too_long(LONG_TEXT_LIMIT)},
    )


def _minority_notes(help_text):
    return forms.CharField(
        label=_("Minderheidsstandpunten"),
        required=False,
        max_length=LONG_TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=help_text,
        error_messages=_too_long(LONG_TEXT_LIMIT),
    )


class IdsChoice(forms.ModelMultipleChoiceField):
    """Checkboxes of rows by id; anything that cannot be an id is refused before the database sees it (a number
    beyond 64 bits would even make SQLite fail)."""

    def _check_values(self, value):
        for pk in value:
            text = str(pk)
            if not (text.isascii() and text.isdigit() and len(text) < 19):
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": text[:40]}
                )
        return super()._check_values(value)


class SignalChoice(IdsChoice):
    def label_from_instance(self, obj):
        return f"{obj.title} ({obj.region.name})"


def _choices_errors(what):
    message = _("Kies %(what)s uit de lijst.") % {"what": what}
    return {"invalid_choice": message, "invalid_pk_value": message, "invalid_list": message}


class VersionForm(forms.Form):
    """The version the user read (a hidden field); junk counts as an old version, so nothing is saved."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_version(self) -> int:
        value = self.cleaned_data["version"].strip()
        return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else -1


class PositionForm(forms.Form):
    use_required_attribute = False

    title = _title()
    text = _text()
    questions = IdsChoice(
        label=_("Komt voort uit de vragen"),
        queryset=Question.objects.order_by("-created_at"),
        required=False,
        widget=CHECKBOXES,
        error_messages=_choices_errors(_("vragen")),
    )
    signals = SignalChoice(
        label=_("Komt voort uit de regionale signalen"),
        queryset=RegionalSignal.objects.select_related("region").order_by("-created_at"),
        required=False,
        widget=CHECKBOXES,
        error_messages=_choices_errors(_("regionale signalen")),
    )


class PositionEditForm(VersionForm):
    use_required_attribute = False

    title = _title()
    text = _text()
    minority_notes = _minority_notes(_("Het standpunt van regio's die bezwaar of voorbehoud hebben, in eigen woorden."))
    field_order = ["title", "text", "minority_notes", "version"]


class FinaliseForm(VersionForm):
    """The confirmation page's form: finalising is its button (the page says that nothing changes afterwards)."""

    use_required_attribute = False

    minority_notes = _minority_notes(
        _("Verplicht als een regio bezwaar of voorbehoud heeft: zo staat de minderheid bij het besluit.")
    )
    field_order = ["minority_notes", "version"]

    def __init__(self, *args, dissent: list[str], **kwargs):
        """dissent: the regions that object or have reservations; then the notes are required (services/positions.py
        checks it again)."""
        super().__init__(*args, **kwargs)
        field = self.fields["minority_notes"]
        field.required = bool(dissent)
        field.error_messages["required"] = _(
            "Beschrijf de minderheidsstandpunten voordat u vaststelt (bezwaar of voorbehoud van: %(regions)s)."
        ) % {"regions": ", ".join(dissent)}


CHOOSE_STANCE = _("Kies steun, steun met voorbehoud, bezwaar of onthouding.")


class StanceForm(forms.Form):
    use_required_attribute = False

    region = forms.ModelChoiceField(
        label=_("Regio"),
        queryset=None,
        error_messages={
            "required": _("Kies de regio die u vertegenwoordigt."),
            "invalid_choice": _("Kies een regio die u vertegenwoordigt."),
        },
    )
    stance = forms.ChoiceField(
        label=_("Opstelling"),
        choices=Stance.choices,
        widget=RADIO,
        error_messages=dict.fromkeys(("required", "invalid_choice"), CHOOSE_STANCE),
    )
    reason = forms.CharField(
        label=_("Reden"),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Waarom de regio dit standpunt inneemt; bij bezwaar of voorbehoud: wat er anders moet."),
        error_messages={"required": _("Geef de reden van de regio."), **_too_long(TEXT_LIMIT)},
    )

    def __init__(self, *args, regions: list[Region], **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["region"]
        field.queryset = Region.objects.filter(pk__in=[r.pk for r in regions])
        field.initial = regions[0].pk
        if len(regions) == 1:
            field.widget = forms.HiddenInput()
