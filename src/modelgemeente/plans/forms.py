"""Forms for organisations, members and plans. Every message is Dutch and names the field."""

import unicodedata
from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from modelgemeente import refdata
from modelgemeente.budget.money import D, fmt_num
from modelgemeente.catalog import releases
from modelgemeente.catalog.models import BudgetLine, Edition
from modelgemeente.core.enums import PlanStatus
from modelgemeente.core.forms import (
    DutchDateField,
    DutchDecimalField,
    DutchIntegerField,
    YearField,
    YearInput,
    dutch_formfield,
    municipality_choices,
)

from .models import SETTINGS_FIELDS, TEXT_LIMIT, ExtraLine, Invitation, Organisation, Plan, PlanDevelopment, Role

MAX_HORIZON = 10


class OrganisationForm(forms.ModelForm):
    municipality = forms.ChoiceField(
        label=_("Gemeente"),
        required=False,
        help_text=_("Voor een samenwerkingsverband: kies de grootste deelnemende gemeente of laat leeg."),
    )

    class Meta:
        model = Organisation
        fields = ["name", "kind"]
        labels = {"name": _("Naam van de organisatie")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = municipality_choices()

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in name):
            # Tabs, line breaks and invisible characters: the name goes into e-mail subjects and exports.
            raise forms.ValidationError(_("Gebruik geen tabs, regeleinden of onzichtbare tekens in de naam."))
        if not slugify(name):
            raise forms.ValidationError(_("Gebruik letters of cijfers in de naam."))
        return name

    def save(self, commit=True):
        org = super().save(commit=False)
        base = slugify(org.name)[:70] or "organisatie"
        slug, n = base, 2
        while Organisation.objects.filter(slug=slug).exists():
            slug, n = f"{base}-{n}", n + 1
        org.slug = slug
        code = self.cleaned_data.get("municipality")
        org.municipality_codes = [code] if code else []
        if commit:
            org.save()
        return org


class InvitationForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["email", "role"]
        help_texts = {"email": _("De uitgenodigde krijgt een e-mail met een persoonlijke link.")}

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if self.organisation and self.organisation.memberships.filter(user__username__iexact=email).exists():
            raise forms.ValidationError(_("Deze persoon is al lid van de organisatie."))
        return email


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Rol"), choices=Role.choices)


class PlanCreateForm(forms.Form):
    title = forms.CharField(
        label=_("Titel van het plan"),
        max_length=200,
        help_text=_("Bijvoorbeeld: ICT-meerjarenplan voorjaarsnota 2027."),
    )
    edition = forms.ModelChoiceField(
        label=_("Editie van de Modelgemeente"), queryset=Edition.objects.none(), empty_label=None
    )
    municipality = forms.ChoiceField(
        label=_("Gemeente"),
        required=False,
        help_text=_("Vult het aantal inwoners in uit de gemeentelijst; u kunt het hieronder of later aanpassen."),
    )
    inhabitants = DutchIntegerField(
        label=_("Inwoners"),
        required=False,
        min_value=1,
        max_value=5_000_000,
        help_text=_("Leeg laten: het aantal uit de gemeentelijst."),
    )
    employees = DutchIntegerField(
        label=_("Medewerkers"),
        required=False,
        min_value=1,
        max_value=100_000,
        help_text=_("Leeg laten: een schatting naar rato van de referentiegemeente."),
    )
    departments = DutchIntegerField(
        label=_("Afdelingen"),
        required=False,
        min_value=1,
        max_value=1_000,
        help_text=_("Leeg laten: een schatting naar rato van de referentiegemeente."),
    )
    start_year = YearField(label=_("Eerste begrotingsjaar"), min_value=2020, max_value=2100)
    horizon = DutchIntegerField(label=_("Aantal jaren"), min_value=1, max_value=MAX_HORIZON, initial=4)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The current release of each year: a plan is pinned to a published release (docs/plans.md).
        self.fields["edition"].queryset = Edition.objects.filter(pk__in=[e.pk for e in releases.latest_published()])
        self.fields["municipality"].choices = municipality_choices()

    def clean(self):
        data = super().clean()
        code = data.get("municipality")
        found = refdata.municipality(code) if code else None
        if code and found is None:
            self.add_error("municipality", _("Deze gemeente staat niet in de gemeentelijst."))
        missing = not data.get("inhabitants") and not (found and found.get("inhabitants"))
        if missing and "inhabitants" not in self.errors:
            self.add_error("inhabitants", _("Kies een gemeente of vul het aantal inwoners in."))
        data["found"] = found
        return data


class PlanSettingsForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Plan
        fields = [name for name in SETTINGS_FIELDS if name != "salary_overrides"]
        formfield_callback = dutch_formfield  # numbers as Dutch users type them (core/forms.py)
        widgets = {
            "profile_provenance": forms.Textarea(attrs={"rows": 2}),
            "assumptions_note": forms.Textarea(attrs={"rows": 2}),
            "start_year": YearInput,
        }
        help_texts = {
            "profile_provenance": _("Waar komen deze aantallen vandaan? Dit staat in elke export bij het profiel."),
            "hours_per_fte": _("Leeg: de waarde van de editie."),
            "wage_index_percent": _("Leeg: de waarde van de editie."),
            "price_index_percent": _("Leeg: de waarde van de editie."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plan = self.instance
        edition = plan.edition
        self.fields["inhabitants"].validators.append(MinValueValidator(1))
        self.fields["employees"].validators.append(MinValueValidator(1))
        self.fields["departments"].validators.append(MinValueValidator(1))
        self.fields["horizon"].validators.append(MaxValueValidator(MAX_HORIZON))
        self.fields["horizon"].validators.append(MinValueValidator(1))
        self.fields["start_year"].validators += [MinValueValidator(2020), MaxValueValidator(2100)]
        self.fields["hours_per_fte"].validators += [MinValueValidator(Decimal(1)), MaxValueValidator(Decimal(60))]
        for name in ("wage_index_percent", "price_index_percent"):
            self.fields[name].validators += [MinValueValidator(Decimal(-10)), MaxValueValidator(Decimal(25))]
        self.fields["hours_per_fte"].widget.attrs["placeholder"] = fmt_num(edition.hours_per_fte)
        self.fields["wage_index_percent"].widget.attrs["placeholder"] = fmt_num(edition.wage_index_percent)
        self.fields["price_index_percent"].widget.attrs["placeholder"] = fmt_num(edition.price_index_percent)
        for scale in refdata.salary_scales(edition.salary_table):
            name = f"scale_{scale}"
            self.fields[name] = DutchDecimalField(
                label=_("Kosten per fte per jaar, schaal %(scale)s") % {"scale": scale},
                required=False,
                min_value=Decimal(1),
                max_value=Decimal(1_000_000),
                decimal_places=2,
                help_text=_("Leeg: het bedrag uit de salaristabel van de editie."),
            )
            stored = (plan.salary_overrides or {}).get(str(scale))
            self.initial.setdefault(name, None if stored is None else D(stored))  # shown as 95.000
        self.initial.setdefault("version", plan.version)

    def salary_field_names(self):
        return [name for name in self.fields if name.startswith("scale_")]

    def save(self, commit=True):
        plan = super().save(commit=False)
        stored, overrides = plan.salary_overrides or {}, {}
        for name in self.salary_field_names():
            value, scale = self.cleaned_data.get(name), name.removeprefix("scale_")
            if value is not None:
                # An unchanged amount keeps its stored text: "95000.50" is shown as 95.000,5 and read back as 95000.5.
                overrides[scale] = stored[scale] if scale in stored and D(stored[scale]) == value else str(value)
        plan.salary_overrides = overrides
        if commit:
            plan.save()
        return plan


class ChoiceForm(forms.ModelForm):
    class Meta:
        model = PlanDevelopment
        fields = ["included", "priority", "capacity_type", "start_year", "motivation"]
        formfield_callback = dutch_formfield
        widgets = {"motivation": forms.Textarea(attrs={"rows": 2}), "start_year": YearInput}

    def clean_start_year(self):
        year = self.cleaned_data["start_year"]
        plan = self.instance.plan  # the view refuses forms without a saved choice of this plan (400)
        if not plan.start_year <= year <= plan.years[-1]:
            raise forms.ValidationError(
                _("Kies een startjaar van %(first)s tot en met %(last)s (de jaren van dit plan).")
                % {"first": plan.start_year, "last": plan.years[-1]}
            )
        return year


ChoiceFormSet = forms.modelformset_factory(PlanDevelopment, form=ChoiceForm, extra=0, can_delete=False)


def price_year_field(plan: Plan, label) -> YearField:
    """The year in whose prices an own amount is typed: one of the plan's years or the edition's base year."""
    first = min(plan.edition.base_price_year, plan.start_year)
    outside = _("Kies een prijspeil van %(first)s tot en met %(last)s.") % {"first": first, "last": plan.years[-1]}
    return YearField(
        label=label,
        required=False,
        min_value=first,
        max_value=plan.years[-1],
        error_messages={"min_value": outside, "max_value": outside},
        help_text=_(
            "Het jaar waarvan de prijzen in uw bedrag gelden; leeg: %(year)s, het eerste jaar van het plan. "
            "Het bedrag wordt pas vanaf dat jaar geïndexeerd."
        )
        % {"year": plan.start_year},
    )


class LineAdjustmentForm(forms.Form):
    """The plan's choice for one line of the model."""

    excluded = forms.BooleanField(label=_("Niet opnemen"), required=False)
    own = DutchDecimalField(
        label=_("Eigen bedrag"), required=False, min_value=Decimal(0), max_value=Decimal("999999999"), decimal_places=2
    )
    reason = forms.CharField(
        label=_("Reden"), required=False, max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, line: BudgetLine, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.line = line
        if line.is_capacity:
            self.fields["own"].label = _("Eigen uren per week")
            self.fields["own"].max_value = Decimal(200)
            self.fields["own"].validators.append(MaxValueValidator(Decimal(200)))
        else:
            self.fields["price_year"] = price_year_field(plan, _("Prijspeil van het eigen bedrag"))
        self.fields["own"].help_text = _(
            "Leeg: het model (geschaald). Een eigen getal geldt voor uw gemeente en wordt niet meer geschaald."
        )

    def clean(self):
        data = super().clean()
        changed = data.get("excluded") or data.get("own") is not None
        if changed and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Geef een reden als u een regel weglaat of een eigen getal invult."))
        return data


class ExtraLineForm(forms.ModelForm):
    class Meta:
        model = ExtraLine
        fields = [
            "description",
            "kind",
            "category",
            "amount",
            "price_year",
            "hours_per_week",
            "salary_scale",
            "offset",
            "spread",
            "reason",
        ]
        formfield_callback = dutch_formfield
        widgets = {"reason": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "amount": _("Voor een geldbedrag: euro exclusief btw, in prijzen van het jaar hieronder."),
            "hours_per_week": _("Voor capaciteit: uren per week, met een salarisschaal."),
            "reason": _("Waarom deze regel, en hoe is het bedrag bepaald?"),
        }

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        scales = refdata.salary_scales(plan.edition.salary_table)
        self.fields["salary_scale"] = forms.TypedChoiceField(
            label=_("Salarisschaal"),
            required=False,
            coerce=int,
            empty_value=None,
            choices=[("", "—")] + [(s, str(s)) for s in scales],
        )
        self.fields["price_year"] = price_year_field(plan, _("Prijspeil van het bedrag"))
        self.fields["amount"].validators.append(MinValueValidator(Decimal(0)))
        self.fields["hours_per_week"].validators += [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(200))]
        self.fields["offset"].validators.append(MaxValueValidator(MAX_HORIZON))
        self.fields["spread"].validators += [MinValueValidator(1), MaxValueValidator(MAX_HORIZON)]

    def clean(self):
        data = super().clean()
        amount, hours, scale = data.get("amount"), data.get("hours_per_week"), data.get("salary_scale")
        if (amount is None) == (hours is None) and "amount" not in self.errors and "hours_per_week" not in self.errors:
            self.add_error("amount", _("Vul een bedrag óf uren per week in, niet allebei."))
        if hours is not None and scale is None:
            self.add_error("salary_scale", _("Kies bij uren per week ook een salarisschaal."))
        if amount is not None and scale is not None:
            self.add_error("salary_scale", _("Een salarisschaal hoort alleen bij uren per week."))
        if amount is not None and data.get("price_year") is None:
            data["price_year"] = self.plan.start_year
        if amount is None:
            data["price_year"] = None
        return data


# Status and scenarios (plans/status.py, plans/scenarios.py) -------------------------------------------------


class StatusForm(forms.Form):
    """One step of a plan's status; the adoption's confirmation and council decision are only read for vastgesteld
    (plans/status.change_status checks the step and this input)."""

    status = forms.ChoiceField(label=_("Nieuwe status"), choices=PlanStatus.choices)
    confirm = forms.BooleanField(
        label=_("Ik bevestig dat de raad dit plan heeft vastgesteld. Daarna kan het niet meer worden gewijzigd."),
        required=False,
    )
    decision_date = DutchDateField(label=_("Datum raadsbesluit"), required=False)
    decision_reference = forms.CharField(
        label=_("Kenmerk raadsbesluit"),
        required=False,
        max_length=100,
        help_text=_("Bijvoorbeeld het nummer van het raadsvoorstel of besluit."),
    )


class ScenarioForm(forms.Form):
    name = forms.CharField(
        label=_("Naam van het scenario"),
        max_length=80,
        help_text=_(
            "Een paar woorden, bijvoorbeeld 'sober' of 'ambitieus'; de titel wordt '<titel> — scenario <naam>'."
        ),
    )
