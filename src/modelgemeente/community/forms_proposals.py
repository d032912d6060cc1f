"""Forms of proposals and reviews: they read the input's types; community.services checks the rest."""

from django import forms
from django.utils.translation import gettext_lazy as _

from modelgemeente.catalog.models import BudgetLine
from modelgemeente.core.enums import ProposalField, ProposalKind, ProposalStatus
from modelgemeente.plans.models import TEXT_LIMIT

RADIO = forms.RadioSelect(attrs={"class": "utrecht-radio-button utrecht-radio-button--html-input"})


class ProposalForm(forms.Form):
    use_required_attribute = False

    kind = forms.ChoiceField(label=_("Wat wilt u doen?"), choices=ProposalKind.choices, widget=RADIO)
    field = forms.ChoiceField(
        label=_("Wat verandert (bij een wijzigingsvoorstel)"),
        choices=[("", "—"), *ProposalField.choices],
        required=False,
    )
    current_text = forms.CharField(
        label=_("Huidige tekst (bij een tekstvoorstel)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("De samenvatting, of een alinea uit de tekst die u wilt vervangen, letterlijk."),
    )
    proposed_value = forms.CharField(
        label=_("Voorgestelde waarde"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Het nieuwe bedrag, aantal uren, de schaal, waarmee de regel schaalt, of de nieuwe tekst."),
    )
    # A new line, as in a content file.
    id = forms.SlugField(label=_("Nieuwe regel: id"), required=False, max_length=80)
    description = forms.CharField(label=_("Nieuwe regel: omschrijving"), required=False, max_length=300)
    line_kind = forms.ChoiceField(
        label=_("Nieuwe regel: soort"), choices=[("", "—"), *BudgetLine.Kind.choices], required=False
    )
    category = forms.ChoiceField(
        label=_("Nieuwe regel: categorie"), choices=[("", "—"), *BudgetLine.Category.choices], required=False
    )
    amount = forms.DecimalField(label=_("Nieuwe regel: bedrag (euro)"), required=False, min_value=0, max_digits=14)
    hours_per_week = forms.DecimalField(
        label=_("Nieuwe regel: uren per week"), required=False, min_value=0, max_digits=6
    )
    salary_scale = forms.IntegerField(label=_("Nieuwe regel: salarisschaal"), required=False, min_value=1)
    driver = forms.ChoiceField(
        label=_("Nieuwe regel: schaalt met"), choices=[("", "—"), *BudgetLine.Driver.choices], required=False
    )
    exponent = forms.DecimalField(
        label=_("Nieuwe regel: exponent"), required=False, min_value=0, max_value=1, max_digits=4
    )
    offset = forms.IntegerField(label=_("Nieuwe regel: start (jaren na begin)"), required=False, min_value=0)
    spread = forms.IntegerField(label=_("Nieuwe regel: spreiding (jaren)"), required=False, min_value=1)

    reasoning = forms.CharField(
        label=_("Onderbouwing"), max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 4})
    )
    source = forms.CharField(
        label=_("Bron"),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Verplicht bij een wijziging of nieuwe regel: een document, link of eigen meting."),
    )
    estimated_hours = forms.DecimalField(
        label=_("Uren die u hieraan besteedde (eigen opgave)"),
        required=False,
        min_value=0,
        max_value=999,
        max_digits=5,
        decimal_places=1,
    )
    organisation = forms.ModelChoiceField(label=_("Namens organisatie"), queryset=None, required=False)

    def __init__(self, *args, organisations=None, with_line=False, update=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reasoning"].error_messages["required"] = _("Geef de onderbouwing: waarom is dit nodig?")
        self.fields["organisation"].queryset = organisations
        if update:
            del self.fields["kind"], self.fields["field"], self.fields["organisation"]

    def new_line(self) -> dict:
        data = self.cleaned_data
        line = {
            "id": data.get("id"),
            "description": data.get("description"),
            "kind": data.get("line_kind"),
            "category": data.get("category"),
            "driver": data.get("driver"),
            "offset": data.get("offset"),
            "spread": data.get("spread"),
        }
        for name in ("amount", "hours_per_week", "exponent"):
            if data.get(name) is not None:
                value = float(data[name])
                line[name] = int(value) if value == int(value) else value
        if data.get("salary_scale") is not None:
            line["salary_scale"] = data["salary_scale"]
        return {k: v for k, v in line.items() if v not in (None, "")}

    def value(self, kind: str):
        return self.new_line() if kind == ProposalKind.NEW_LINE else self.cleaned_data.get("proposed_value")


class ReviewForm(forms.Form):
    use_required_attribute = False

    decision = forms.ChoiceField(
        label=_("Besluit"), choices=[c for c in ProposalStatus.choices if c[0] != ProposalStatus.OPEN], widget=RADIO
    )
    reason = forms.CharField(label=_("Reden"), max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 3}))
    accepted_value = forms.CharField(
        label=_("Aangenomen waarde (bij aangenomen met wijzigingen)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    hours = forms.DecimalField(
        label=_("Uren besteed aan deze beoordeling"),
        required=False,
        min_value=0,
        max_value=999,
        max_digits=5,
        decimal_places=1,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = _(
            "Geef de reden van uw besluit; de indiener krijgt die te zien."
        )
        self.fields["decision"].error_messages["required"] = _("Kies een besluit.")


class HideForm(forms.Form):
    use_required_attribute = False

    reason = forms.CharField(
        label=_("Reden van verbergen"), max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        # Its own ids: the review form on the same page also has a field "reason".
        kwargs.setdefault("auto_id", "id_hide_%s")
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = _("Geef de reden waarom u dit verbergt.")


class ProposalFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("alle")), *ProposalStatus.choices], required=False)
    ontwikkeling = forms.SlugField(label=_("Ontwikkeling (id)"), required=False, max_length=80)
