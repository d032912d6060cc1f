"""Forms of the theme sessions: planning a session, registering, attendance and notes, decisions."""

from datetime import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelgemeente.catalog import releases
from modelgemeente.core.enums import ThemeStatus
from modelgemeente.plans.models import TEXT_LIMIT

from .models import MAX_SESSION_MINUTES, Participant, Session, SessionDecision, Theme

MAX_CAPACITY = 500
MAX_MINUTES = 24 * 60


def development_choices(user=None) -> list[tuple[str, str]]:
    """The developments of the current published release (catalog.releases.home_release), by slug."""
    release = releases.home_release(user)
    if release is None:
        return []
    return [(d.slug, d.title) for d in release.developments.order_by("domain__order", "order", "title")]


def lead_queryset(year: int):
    """People who take part in the community in `year` (in any role)."""
    users = Participant.objects.filter(participation__year=year).values_list("user", flat=True)
    return get_user_model().objects.filter(pk__in=users).order_by("first_name", "email")


class LeadChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.first_name} ({obj.email})" if obj.first_name else obj.email


class SessionForm(forms.ModelForm):
    """An editor plans or changes a session. `version` carries the version the form was loaded at."""

    use_required_attribute = False

    # A date input shows only an ISO value (YYYY-MM-DD); the Dutch format would leave it empty when editing.
    date = forms.DateField(label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    time = forms.TimeField(label=_("Begintijd"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    development_slugs = forms.MultipleChoiceField(
        label=_("Gekoppelde ontwikkelingen"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Ontwikkelingen uit de huidige release van het model."),
    )
    video_url = forms.URLField(
        label=_("Videoverbinding"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("Bijvoorbeeld een link naar een videovergadering. Vul een plaats of een videoverbinding in."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Session
        fields = ["theme", "title", "duration_minutes", "place", "video_url", "agenda", "capacity", "lead"]
        field_classes = {"lead": LeadChoiceField}
        labels = {"theme": _("Thema"), "lead": _("Sessieleider")}
        help_texts = {
            "duration_minutes": _("Een themasessie duurt hoogstens %(max)s minuten (3 uur).")
            % {"max": MAX_SESSION_MINUTES},
            "video_url": _(
                "Bijvoorbeeld een link naar een videovergadering. Vul een plaats of een videoverbinding in."
            ),
            "lead": _("Iemand die dit jaar deelneemt aan de gemeenschap."),
        }

    def __init__(self, *args, year: int, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.year = year
        self.fields["theme"].queryset = Theme.objects.filter(
            year=year, status__in=[ThemeStatus.CHOSEN, ThemeStatus.PROPOSED]
        ).order_by("title")
        self.fields["theme"].required = False
        self.fields["lead"].queryset = lead_queryset(year)
        self.fields["lead"].required = False
        self.fields["agenda"].widget = forms.Textarea(attrs={"rows": 6})
        self.fields["agenda"].max_length = TEXT_LIMIT
        self.fields["duration_minutes"].min_value = 1
        self.fields["capacity"].min_value = 1
        choices = development_choices(user)
        known = {slug for slug, _title in choices}
        # Slugs linked earlier that are no longer in the current release stay selectable, so saving
        # the form never drops them silently.
        kept = [slug for slug in (self.instance.development_slugs or []) if slug not in known]
        self.fields["development_slugs"].choices = choices + [
            (slug, f"{slug} ({_('niet meer in de huidige release')})") for slug in kept
        ]
        if self.instance.pk:
            start = timezone.localtime(self.instance.starts_at)
            self.initial.setdefault("date", start.date())
            self.initial.setdefault("time", start.time().replace(second=0, microsecond=0))
            self.initial.setdefault("development_slugs", list(self.instance.development_slugs or []))
            self.initial["version"] = self.instance.version
        # Order: what it is about, when, where, who.
        self.order_fields(
            [
                "theme",
                "title",
                "date",
                "time",
                "duration_minutes",
                "place",
                "video_url",
                "agenda",
                "capacity",
                "development_slugs",
                "lead",
                "version",
            ]
        )

    def clean_duration_minutes(self):
        minutes = self.cleaned_data["duration_minutes"]
        if minutes is not None and not 1 <= minutes <= MAX_MINUTES:
            raise forms.ValidationError(_("Geef de duur in minuten, tussen 1 en %(max)s.") % {"max": MAX_MINUTES})
        return minutes

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        if capacity is not None and not 1 <= capacity <= MAX_CAPACITY:
            raise forms.ValidationError(
                _("Geef het maximaal aantal deelnemers, tussen 1 en %(max)s.") % {"max": MAX_CAPACITY}
            )
        return capacity

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date.year != self.year:
            raise forms.ValidationError(
                _("Kies een datum in %(year)s: de sessie hoort bij het gemeenschapsjaar %(year)s.")
                % {"year": self.year}
            )
        return date

    def clean(self):
        data = super().clean()
        no_place = not (data.get("place") or "").strip() and not (data.get("video_url") or "").strip()
        if no_place and "place" not in self.errors and "video_url" not in self.errors:
            self.add_error("place", _("Vul een plaats of een videoverbinding in (of allebei)."))
        if data.get("date") and data.get("time"):
            naive = datetime.combine(data["date"], data["time"])
            data["starts_at"] = timezone.make_aware(naive)
        return data

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "theme": data.get("theme"),
            "title": data["title"].strip(),
            "starts_at": data["starts_at"],
            "duration_minutes": data["duration_minutes"],
            "place": data.get("place", "").strip(),
            "video_url": data.get("video_url", "").strip(),
            "agenda": data["agenda"],
            "capacity": data["capacity"],
            "development_slugs": list(data.get("development_slugs") or []),
            "lead": data.get("lead"),
        }


class RegistrationForm(forms.Form):
    """Register on behalf of one of the user's participating organisations (a choice when there are several)."""

    organisation = forms.ModelChoiceField(
        label=_("Namens organisatie"),
        queryset=None,
        empty_label=None,
        error_messages={"invalid_choice": _("Kies een van uw deelnemende organisaties.")},
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if organisations.count() == 1:
            self.fields["organisation"].widget = forms.HiddenInput()
            self.fields["organisation"].initial = organisations.first().pk


class AttendanceForm(forms.Form):
    """One checkbox per registered person, and the notes."""

    use_required_attribute = False

    notes = forms.CharField(
        label=_("Verslag"), required=False, max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 8})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, registrations, **kwargs):
        super().__init__(*args, **kwargs)
        self.registrations = list(registrations)
        for registration in self.registrations:
            person = registration.user.first_name or registration.user.email
            self.fields[f"attended_{registration.pk}"] = forms.BooleanField(
                label=f"{person} ({registration.organisation.name})",
                required=False,
                initial=bool(registration.attended),
            )
        self.order_fields([f"attended_{r.pk}" for r in self.registrations] + ["notes", "version"])

    def attendance_fields(self):
        return [self[f"attended_{r.pk}"] for r in self.registrations]

    def attended(self) -> dict[int, bool]:
        return {r.pk: bool(self.cleaned_data.get(f"attended_{r.pk}")) for r in self.registrations}


class DecisionForm(forms.ModelForm):
    use_required_attribute = False

    class Meta:
        model = SessionDecision
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"text": {"required": _("Beschrijf het besluit.")}}
