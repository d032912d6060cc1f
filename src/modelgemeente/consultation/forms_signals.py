"""The forms of the signal pages. They only parse: who may do what is checked by services/signals.py.
Every message is Dutch and names the field."""

from django import forms
from django.utils.translation import gettext_lazy as _

from modelgemeente.catalog.budget_input import line_key
from modelgemeente.catalog.models import BudgetLine, Edition
from modelgemeente.core.enums import Urgency
from modelgemeente.core.forms import on_behalf_field
from modelgemeente.plans.models import TEXT_LIMIT

TEXT_ERRORS = {"max_length": _("Gebruik ten hoogste %(limit_value)d tekens (nu %(show_value)d).")}


def _text(label, required_message, help_text="", required=True, rows=5):
    return forms.CharField(
        label=label,
        required=required,
        max_length=TEXT_LIMIT,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": required_message, **TEXT_ERRORS},
    )


def _title(help_text=""):
    return forms.CharField(
        label=_("Titel"),
        max_length=200,
        help_text=help_text,
        error_messages={"required": _("Geef een korte titel."), **TEXT_ERRORS},
    )


class OnBehalfOf(forms.Form):
    """A form acting for one of the user's organisations: a choice only when there is more than one."""

    use_required_attribute = False

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {o.pk: o for o in organisations}
        if len(self.organisations) > 1:
            self.fields["organisation"] = on_behalf_field(organisations)
            self.order_fields(["organisation"])

    def organisation(self):
        if "organisation" in self.fields:
            return self.organisations[self.cleaned_data["organisation"]]
        return next(iter(self.organisations.values()), None)


def link_choices(release: Edition | None):
    """Laws, developments (per domain) and budget lines (per development) of `release`, by their stable ids."""
    if release is None:
        return [], [], []
    laws = [(law.slug, law.name) for law in release.laws.order_by("name")]
    developments = list(release.developments.select_related("domain").order_by("domain__order", "order", "title"))
    by_domain: dict = {}
    for dev in developments:
        by_domain.setdefault(dev.domain.name, []).append((dev.slug, dev.title))
    lines = BudgetLine.objects.filter(development__edition=release).select_related("development")
    by_development: dict = {}
    for line in lines.order_by("development__domain__order", "development__order", "development__title", "order"):
        by_development.setdefault(line.development.title, []).append((line_key(line), line.description))
    return laws, list(by_domain.items()), list(by_development.items())


class SignalForm(OnBehalfOf):
    title = _title(_("Bijvoorbeeld: de aansluiting op de Basisregistratie Personen kost kleine gemeenten te veel."))
    description = _text(
        _("Knelpunt"),
        _("Beschrijf het knelpunt."),
        _("Wat loopt er vast in landelijk beleid, een wet of bij een leverancier?"),
    )
    impact = _text(
        _("Gevolgen voor uw gemeente"),
        _("Beschrijf de gevolgen voor uw gemeente."),
        _("Wat merkt uw gemeente ervan: kosten, capaciteit, dienstverlening, risico's?"),
    )
    urgency = forms.ChoiceField(
        label=_("Urgentie"),
        choices=Urgency.choices,
        initial=Urgency.MEDIUM,
        error_messages={
            "required": _("Kies een urgentie: hoog, gemiddeld of laag."),
            "invalid_choice": _("Kies een urgentie: hoog, gemiddeld of laag."),
        },
    )
    law = forms.ChoiceField(
        label=_("Wet"), required=False, error_messages={"invalid_choice": _("Kies een wet uit de lijst.")}
    )
    development = forms.ChoiceField(
        label=_("Ontwikkeling"),
        required=False,
        error_messages={"invalid_choice": _("Kies een ontwikkeling uit de lijst.")},
    )
    budget_lines = forms.MultipleChoiceField(
        label=_("Begrotingsregels"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        error_messages={
            "invalid_choice": _("Kies begrotingsregels uit de lijst."),
            "invalid_list": _("Kies begrotingsregels uit de lijst."),
        },
    )

    def __init__(self, *args, release: Edition | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.release = release
        laws, developments, lines = link_choices(release)
        blank = [("", _("— geen —"))]
        self.fields["law"].choices = blank + laws
        self.fields["development"].choices = blank + developments
        self.fields["budget_lines"].choices = lines
        if release is not None:
            self.fields["budget_lines"].help_text = _("Uit %(release)s. Kies er meer met Ctrl (of Cmd) ingedrukt.") % {
                "release": release.release_label
            }

    def clean_title(self):
        return " ".join(self.cleaned_data["title"].split())

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "description": data["description"],
            "impact": data["impact"],
            "urgency": data["urgency"],
            "edition": self.release,
            "law": data.get("law") or "",
            "development": data.get("development") or "",
            "budget_lines": data.get("budget_lines") or [],
        }


class SupportForm(OnBehalfOf):
    impact = _text(
        _("Gevolgen voor uw gemeente"),
        _("Beschrijf de gevolgen voor uw gemeente."),
        _("Wat betekent dit knelpunt voor uw eigen gemeente?"),
        rows=4,
    )


class WithdrawForm(OnBehalfOf):
    pass


class BundleForm(forms.Form):
    use_required_attribute = False

    signals = forms.TypedMultipleChoiceField(
        label=_("Nieuwe signalen uit de regio"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Kies minstens één nieuw signaal om te bundelen."),
            "invalid_choice": _("Kies signalen uit de lijst; ververs de pagina als een signaal intussen is gebundeld."),
            "invalid_list": _("Kies signalen uit de lijst."),
        },
    )
    title = _title(_("De titel waaronder de regio het signaal inbrengt."))
    summary = _text(
        _("Samenvatting van de regio"),
        _("Vat samen wat de regio inbrengt."),
        _("Het knelpunt zoals de regio het ziet, met de gevolgen voor haar gemeenten."),
    )

    def __init__(self, *args, signals=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.signals = {s.pk: s for s in signals}
        self.fields["signals"].choices = [(s.pk, f"{s.title} ({s.organisation.name})") for s in signals]

    def clean_title(self):
        return " ".join(self.cleaned_data["title"].split())

    def chosen(self) -> list:
        return [self.signals[pk] for pk in self.cleaned_data["signals"]]


class VersionForm(forms.Form):
    """A change of a regional signal read at `version`; a missing or junk version is a stale form."""

    use_required_attribute = False

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        max_value=2**31 - 1,
        error_messages={
            "required": _("Deze pagina is verouderd; laad haar opnieuw."),
            "invalid": _("Deze pagina is verouderd; laad haar opnieuw."),
            "min_value": _("Deze pagina is verouderd; laad haar opnieuw."),
            "max_value": _("Deze pagina is verouderd; laad haar opnieuw."),
        },
    )


class AnswerForm(VersionForm):
    answer = _text(
        _("Antwoord van het landelijk beraad"),
        _("Schrijf het antwoord van het landelijk beraad."),
        _("Het antwoord staat bij het regionale signaal en bij elk signaal erin."),
    )


class CloseForm(VersionForm):
    note = _text(_("Toelichting"), "", _("Waarom wordt het gesloten?"), required=False, rows=3)


class CloseSignalForm(forms.Form):
    use_required_attribute = False

    note = _text(_("Toelichting"), "", _("Waarom wordt het gesloten?"), required=False, rows=3)
