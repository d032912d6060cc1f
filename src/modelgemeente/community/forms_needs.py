"""The form for a need (docs/community.md, "Needs"). Every message is Dutch and names the field."""

from datetime import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from modelgemeente.catalog import releases
from modelgemeente.core.enums import ThemeStatus
from modelgemeente.core.forms import YearField, YearInput, on_behalf_field

from .access import this_year
from .models import Need, Theme

NEEDED_BY_HORIZON = 10


def catalogue_choices():
    """Domains and developments of the release the site shows (catalog.releases.home_release), by slug:
    (domain choices, development choices grouped per domain, {development slug: domain slug})."""
    release = releases.home_release()
    if release is None:
        return [], [], {}
    domains = list(release.domains.order_by("order", "name"))
    developments = list(release.developments.select_related("domain").order_by("domain__order", "order", "title"))
    domain_choices = [(d.slug, d.name) for d in domains]
    grouped = [(d.name, [(dev.slug, dev.title) for dev in developments if dev.domain_id == d.pk]) for d in domains]
    return domain_choices, [g for g in grouped if g[1]], {dev.slug: dev.domain.slug for dev in developments}


class NeedForm(forms.ModelForm):
    use_required_attribute = False

    domain_slug = forms.ChoiceField(label=_("Domein"), required=False)
    development_slug = forms.ChoiceField(label=_("Ontwikkeling"), required=False)
    needed_by = YearField(
        label=_("Nodig in jaar"),
        widget=YearInput,
        error_messages={"required": _("Vul het jaar in waarin u dit nodig hebt.")},
    )
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Need
        fields = ["title", "why", "priority", "domain_slug", "development_slug", "theme", "needed_by"]
        labels = {"title": _("Wat hebt u nodig?"), "why": _("Waarom?"), "priority": _("Prioriteit")}
        help_texts = {
            "title": _("Bijvoorbeeld: een uitgewerkte begroting voor de Cyberbeveiligingswet voor kleine gemeenten."),
            "why": _("Wat lost het op voor uw gemeente, en wat gebeurt er als het er niet komt?"),
        }
        widgets = {"why": forms.Textarea(attrs={"rows": 5})}
        error_messages = {
            "title": {"required": _("Beschrijf kort wat u nodig hebt.")},
            "why": {"required": _("Leg uit waarom u dit nodig hebt.")},
            "priority": {
                "required": _("Kies een prioriteit: hoog, middel of laag."),
                "invalid_choice": _("Kies een prioriteit: hoog, middel of laag."),
            },
        }

    def __init__(self, *args, year: int, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.year = year
        domains, developments, self.development_domain = catalogue_choices()
        blank = [("", _("— geen —"))]
        self.fields["domain_slug"].choices = blank + domains
        self.fields["domain_slug"].help_text = _("Het domein, of kies hieronder een ontwikkeling.")
        self.fields["development_slug"].choices = blank + developments
        self.fields["domain_slug"].error_messages["invalid_choice"] = _("Kies een domein uit de lijst.")
        self.fields["development_slug"].error_messages["invalid_choice"] = _("Kies een ontwikkeling uit de lijst.")
        self.fields["theme"].queryset = Theme.objects.filter(year__in=[year, year + 1]).exclude(
            status=ThemeStatus.NOT_CHOSEN
        )
        self.fields["theme"].required = False
        self.fields["theme"].label = _("Thema")
        self.fields["theme"].empty_label = _("— geen —")
        self.fields["theme"].help_text = _("Een thema van dit jaar of het volgende, als de behoefte erbij past.")
        self.fields["theme"].error_messages["invalid_choice"] = _("Kies een thema uit de lijst.")
        first = this_year()
        self.fields["needed_by"].help_text = _("Van %(first)s tot en met %(last)s.") % {
            "first": first,
            "last": first + NEEDED_BY_HORIZON,
        }
        if self.instance.pk:
            self.fields["version"].initial = self.instance.updated_at.isoformat()
        if organisations is not None and len(organisations) > 1:
            self.fields["organisation"] = on_behalf_field(organisations)
            self.order_fields(["organisation"])
        self.organisations = {o.pk: o for o in organisations or []}

    def clean_title(self):
        return " ".join(self.cleaned_data["title"].split())

    def clean_needed_by(self):
        year = self.cleaned_data["needed_by"]
        first = this_year()
        if year is not None and not first <= year <= first + NEEDED_BY_HORIZON:
            raise forms.ValidationError(
                _("Kies een jaar van %(first)s tot en met %(last)s."),
                params={"first": first, "last": first + NEEDED_BY_HORIZON},
            )
        return year

    def clean_organisation(self):
        return self.organisations[self.cleaned_data["organisation"]]

    def clean_version(self):
        value = self.cleaned_data.get("version") or ""
        try:
            return datetime.fromisoformat(value) if value else None
        except ValueError:
            return None

    def clean(self):
        data = super().clean()
        development = data.get("development_slug")
        if development:
            # A development belongs to one domain: the need is linked to that domain too.
            data["domain_slug"] = self.development_domain.get(development, data.get("domain_slug", ""))
        elif self.development_domain and not data.get("domain_slug") and "domain_slug" not in self.errors:
            self.add_error("domain_slug", _("Kies een domein of een ontwikkeling waar de behoefte bij hoort."))
        return data

    def organisation(self):
        if "organisation" in self.fields:
            return self.cleaned_data["organisation"]
        return next(iter(self.organisations.values()), None)

    def values(self) -> dict:
        return {
            "title": self.cleaned_data["title"],
            "why": self.cleaned_data["why"],
            "priority": self.cleaned_data["priority"],
            "theme": self.cleaned_data.get("theme"),
            "domain_slug": self.cleaned_data.get("domain_slug") or "",
            "development_slug": self.cleaned_data.get("development_slug") or "",
            "needed_by": self.cleaned_data["needed_by"],
        }


class NeedDeleteForm(forms.Form):
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_version(self):
        value = self.cleaned_data.get("version") or ""
        try:
            return datetime.fromisoformat(value) if value else None
        except ValueError:
            return None
