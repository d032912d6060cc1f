"""Forms of the participation part of the community: joining a year, the commitment, people and their
roles, and the year's calendar (dates typed the Dutch way, 31-03-2027)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from modelgemeente.core.enums import CommunityRole
from modelgemeente.core.forms import DutchIntegerField

from .models import DEFAULT_COMMITMENT_HOURS, CommunityYear
from .services import CALENDAR_FIELDS, MAX_COMMITMENT_HOURS

DATE_FORMATS = ["%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y-%m-%d"]
MAX_VOTES = 20


class DutchDateField(forms.DateField):
    """A date as Dutch users type it: 31-03-2027 (also 31/03/2027, 31.03.2027 or 2027-03-31)."""

    widget = forms.DateInput(format="%d-%m-%Y", attrs={"inputmode": "numeric", "autocomplete": "off"})
    input_formats = DATE_FORMATS
    default_error_messages = {"invalid": _("Vul een datum in als dd-mm-jjjj, bijvoorbeeld 31-03-2027.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("Als dd-mm-jjjj, bijvoorbeeld 31-03-2027."))
        super().__init__(**kwargs)


class CommitmentForm(forms.Form):
    committed_hours = DutchIntegerField(
        label=_("Toegezegde uren dit jaar"),
        min_value=1,
        max_value=MAX_COMMITMENT_HOURS,
        initial=DEFAULT_COMMITMENT_HOURS,
        help_text=_("Tussen 1 en %(max)s uur; gebruikelijk is 20.") % {"max": MAX_COMMITMENT_HOURS},
    )
    # The value the user saw, so a change made meanwhile by someone else is not overwritten.
    expected_hours = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=0, max_value=10_000)


class ParticipantForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Persoon"), queryset=None, empty_label=_("— kies een lid —"))
    role = forms.ChoiceField(label=_("Rol in de gemeenschap"), choices=())

    def __init__(self, *args, organisation, allow_editor: bool, **kwargs):
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        self.fields["user"].queryset = (
            get_user_model().objects.filter(memberships__organisation=organisation).order_by("first_name", "email")
        )
        self.fields["user"].label_from_instance = lambda u: f"{u.get_full_name() or u.first_name} ({u.email})"
        self.fields["role"].choices = [
            (value, label) for value, label in CommunityRole.choices if allow_editor or value != CommunityRole.EDITOR
        ]
        self.fields["user"].error_messages["invalid_choice"] = _("Kies een lid van de organisatie.")
        self.fields["user"].error_messages["required"] = _("Kies een persoon.")
        self.fields["role"].error_messages["invalid_choice"] = _("Kies een rol uit de lijst.")


class CommunityYearForm(forms.ModelForm):
    use_required_attribute = False

    content_release_due = DutchDateField(
        label=CommunityYear._meta.get_field("content_release_due").verbose_name.capitalize(), required=False
    )
    voorjaarsnota_on = DutchDateField(
        label=CommunityYear._meta.get_field("voorjaarsnota_on").verbose_name.capitalize(), required=False
    )
    budget_release_due = DutchDateField(
        label=CommunityYear._meta.get_field("budget_release_due").verbose_name.capitalize(), required=False
    )
    najaarsnota_on = DutchDateField(
        label=CommunityYear._meta.get_field("najaarsnota_on").verbose_name.capitalize(), required=False
    )
    proposal_deadline = DutchDateField(
        label=CommunityYear._meta.get_field("proposal_deadline").verbose_name.capitalize(), required=False
    )
    theme_vote_deadline = DutchDateField(
        label=CommunityYear._meta.get_field("theme_vote_deadline").verbose_name.capitalize(), required=False
    )
    votes_per_organisation = DutchIntegerField(label=_("Stemmen per organisatie"), min_value=1, max_value=MAX_VOTES)
    fingerprint = forms.CharField(widget=forms.HiddenInput, max_length=20)

    class Meta:
        model = CommunityYear
        fields = list(CALENDAR_FIELDS)  # the fields the service saves, defined once
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.year = year

    def clean(self):
        data = super().clean()
        d = {name: data.get(name) for name in self.Meta.fields[:6]}
        # Each P&C date and release deadline lies in the year itself.
        for name in ("content_release_due", "voorjaarsnota_on", "budget_release_due", "najaarsnota_on"):
            if d[name] and d[name].year != self.year:
                self.add_error(name, _("Kies een datum in %(year)s.") % {"year": self.year})
        order = [
            ("content_release_due", "voorjaarsnota_on", _("De inhoudsversie moet klaar zijn vóór de voorjaarsnota.")),
            (
                "content_release_due",
                "budget_release_due",
                _("De inhoudsversie (voorjaar) komt vóór de begrotingsversie (zomer)."),
            ),
            (
                "budget_release_due",
                "najaarsnota_on",
                _("De begrotingsversie moet klaar zijn vóór de najaarsnota en begroting."),
            ),
            ("voorjaarsnota_on", "najaarsnota_on", _("De voorjaarsnota komt vóór de najaarsnota en begroting.")),
        ]
        for earlier, later, message in order:
            if d[earlier] and d[later] and d[earlier] >= d[later] and not self.has_error(later):
                self.add_error(later, message)
        return data
