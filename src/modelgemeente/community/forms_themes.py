"""Forms for themes and votes (docs/community.md, "Themes and votes"). Every message is Dutch."""

from django import forms
from django.utils.translation import gettext_lazy as _

from modelgemeente.core.enums import ThemeStatus
from modelgemeente.plans.models import TEXT_LIMIT

from .models import Theme


class ThemeForm(forms.ModelForm):
    use_required_attribute = False

    class Meta:
        model = Theme
        fields = ["title", "description"]
        labels = {"title": _("Titel van het thema"), "description": _("Toelichting")}
        help_texts = {"description": _("Waarom is dit thema belangrijk voor gemeenten, en wat moet eruit komen?")}
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.year = year

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if Theme.objects.filter(year=self.year, title__iexact=title).exists():
            raise forms.ValidationError(
                _("Er is al een thema met deze titel voor %(year)s."), params={"year": self.year}
            )
        return title


class VoteForm(forms.Form):
    """Vote for a theme, or withdraw a vote, for one of the user's organisations."""

    action = forms.ChoiceField(choices=[("vote", "vote"), ("withdraw", "withdraw")])
    organisation = forms.TypedChoiceField(
        label=_("Stemmen namens"), coerce=int, error_messages={"invalid_choice": _("Kies een van uw organisaties.")}
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {o.pk: o for o in organisations}
        self.fields["organisation"].choices = [(o.pk, o.name) for o in organisations]

    def clean_organisation(self):
        return self.organisations[self.cleaned_data["organisation"]]


class DecisionForm(forms.Form):
    use_required_attribute = False

    status = forms.ChoiceField(
        label=_("Besluit"),
        choices=ThemeStatus.choices,
        widget=forms.RadioSelect(attrs={"class": "utrecht-radio-button utrecht-radio-button--html-input"}),
        error_messages={
            "required": _("Kies gekozen, niet gekozen of voorgesteld."),
            "invalid_choice": _("Kies gekozen, niet gekozen of voorgesteld."),
        },
    )
    note = forms.CharField(
        label=_("Toelichting op het besluit"),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
