"""Forms of the product digitalisation pages. They read what was typed (Dutch numbers, choices) and give a Dutch
message at the field; whether the values may be saved is checked again by services/digitalisation.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from modelgemeente.core.enums import Authentication, DigitalLevel
from modelgemeente.core.forms import DutchIntegerField, YearField, YearInput
from modelgemeente.plans.models import TEXT_LIMIT

from .product_csv import MAX_BYTES
from .services.digitalisation import MAX_INHABITANTS, MAX_VERSION, MAX_VOLUME, MAX_YEAR, MIN_YEAR, SOURCE_LIMIT

STALE_PAGE = _("De pagina is onvolledig of verouderd; laad haar opnieuw en vul het formulier opnieuw in.")


def level_choices():
    return [("", _("niet beoordeeld"))] + [(value, f"{value} – {label}") for value, label in DigitalLevel.choices]


def login_choices():
    return [("", _("— niet opgegeven —"))] + list(Authentication.choices)


class VersionForm(forms.Form):
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        max_value=MAX_VERSION,
        error_messages={
            "required": STALE_PAGE,
            "invalid": STALE_PAGE,
            "min_value": STALE_PAGE,
            "max_value": STALE_PAGE,
        },
    )


def _inhabitants_field(required: bool):
    return DutchIntegerField(
        label=_("Inwoners"),
        required=required,
        min_value=1,
        max_value=MAX_INHABITANTS,
        error_messages={"required": _("Vul het aantal inwoners in.")},
    )


class StartMeasurementForm(forms.Form):
    use_required_attribute = False

    year = YearField(
        label=_("Jaar van de meting"),
        widget=YearInput,
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        error_messages={"required": _("Vul het jaar van de meting in.")},
    )
    inhabitants = _inhabitants_field(required=False)
    inhabitants_source = forms.CharField(
        label=_("Herkomst inwonertal"), required=False, max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, cbs: tuple[int | None, str], **kwargs):
        super().__init__(*args, **kwargs)
        inhabitants, source = cbs
        if inhabitants is None:
            self.fields["inhabitants"].required = True
            self.fields["inhabitants"].help_text = _(
                "Uw organisatie heeft geen gemeente met een inwonertal in de CBS-lijst: vul het aantal zelf in."
            )
            self.fields["inhabitants_source"].help_text = _("Bijvoorbeeld: basisregistratie personen, 1 januari.")
        else:
            self.fields["inhabitants"].help_text = _(
                "Vooraf ingevuld uit de gemeentelijst van het CBS. De schattingen van het aantal aanvragen per "
                "product rekenen hiermee."
            )
            self.fields["inhabitants_source"].help_text = _("Past u het aantal aan, vermeld dan de nieuwe bron.")


class MeasurementSettingsForm(forms.Form):
    use_required_attribute = False

    inhabitants = _inhabitants_field(required=True)
    inhabitants_source = forms.CharField(
        label=_("Herkomst inwonertal"),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Vermeld waar het aantal inwoners vandaan komt.")},
    )
    note = forms.CharField(
        label=_("Toelichting"), required=False, max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 4})
    )
    version = VersionForm.base_fields["version"]


class ScoreRowForm(forms.Form):
    """One product's row of the entry table (prefix: p-<product id>)."""

    level = forms.TypedChoiceField(
        label=_("Digitaal niveau"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": _("Kies een digitaal niveau van 0 tot en met 5, of niet beoordeeld.")},
    )
    volume = DutchIntegerField(
        label=_("Eigen aantal per jaar"),
        required=False,
        min_value=0,
        max_value=MAX_VOLUME,
        error_messages={
            "min_value": _("Het aantal per jaar kan niet negatief zijn."),
            "max_value": _("Het aantal per jaar is hoogstens %(limit_value)s; controleer het getal."),
        },
    )
    volume_source = forms.CharField(label=_("Herkomst eigen aantal"), required=False, max_length=SOURCE_LIMIT)
    offered_authentication = forms.ChoiceField(
        label=_("Inlog nu"),
        required=False,
        error_messages={"invalid_choice": _("Kies een inlog uit de lijst.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = level_choices()
        self.fields["offered_authentication"].choices = login_choices()


class ScoresForm:
    """The entry table: a ScoreRowForm per product row (readings.ProductRow) and the version read. A row whose
    fields are not in the posted data at all is left out (not touched), so a partial post clears nothing."""

    def __init__(self, data, rows, scores: dict, version: int):
        self.data = data
        self.version = VersionForm(data, initial={"version": version})
        self.rows = []
        for row in rows:
            score = scores.get(row.product_id)
            prefix = f"p-{row.product_id}"
            initial = {name: getattr(score, name) for name in ScoreRowForm.base_fields} if score else {}
            posted = data is not None and any(f"{prefix}-{name}" in data for name in ScoreRowForm.base_fields)
            form = ScoreRowForm(data if posted else None, prefix=prefix, initial=initial)
            self.rows.append((row, form))

    @property
    def is_bound(self) -> bool:
        return self.data is not None

    def is_valid(self) -> bool:
        valid = [form.is_valid() for _, form in self.rows if form.is_bound]
        return self.version.is_valid() and all(valid)

    def values(self) -> dict[str, dict]:
        """{product id: row values} of the posted rows, for services.digitalisation.save_scores."""
        return {row.product_id: dict(form.cleaned_data) for row, form in self.rows if form.is_bound}

    def errors(self) -> list[tuple[str, str, str, str]]:
        """(product name, field label, field id, message) of every invalid field."""
        out = [("", "", "", e) for e in self.version.non_field_errors() + self.version.errors.get("version", [])]
        for row, form in self.rows:
            name = row.product.name if row.product else row.product_id
            for field in form:
                out += [(name, field.label, field.auto_id, e) for e in field.errors]
        return out


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Ingevuld sjabloon (CSV)"),
        help_text=_("Het CSV-sjabloon van deze meting, ingevuld en opgeslagen als CSV; hoogstens 1 MB."),
        error_messages={
            "required": _("Kies het ingevulde CSV-bestand."),
            "empty": _("Het bestand is leeg."),
            "invalid": _("Kies het ingevulde CSV-bestand."),
        },
    )
    version = VersionForm.base_fields["version"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("Het bestand is groter dan 1 MB; het sjabloon is veel kleiner."))
        return upload
