"""Admin for administrators of the consultation.

Editable here: regions (their municipalities are checked against the CBS list), role assignments (this is how
representatives of a region and coordinators of the national level are appointed) and the catalogue of
collective provisions. Everything else (signals, questions, answers, positions, pledges, joins) changes only
through the app, which checks permissions and versions and records every step; the admin shows it read-only.
"""

import re

from django import forms
from django.contrib import admin
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from modelgemeente import refdata
from modelgemeente.catalog.admin import ReadOnlyAdminMixin
from modelgemeente.core.enums import ConsultationRole

from . import regions
from .models import (
    Pledge,
    Position,
    PositionVersion,
    Provision,
    ProvisionJoin,
    Question,
    QuestionInput,
    Region,
    RegionalSignal,
    RegionAnswer,
    RegionStance,
    RoleAssignment,
    Signal,
    SignalEvent,
    SignalSupport,
)
from .seed import lines_outside_developments, unknown_municipality_codes

SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"


class TextListField(forms.CharField):
    """A list of short codes typed as text, separated by commas, spaces or new lines; kept as a JSON list."""

    widget = forms.Textarea(attrs={"rows": 4})

    def __init__(self, *, pattern: str, example: str, **kwargs):
        self.pattern = re.compile(pattern)
        self.example = example
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, list | tuple) else value

    def to_python(self, value):
        items = [item for item in re.split(r"[\s,;]+", super().to_python(value) or "") if item]
        return list(dict.fromkeys(items))  # each once, in the order typed

    def validate(self, value):
        super().validate(value)
        wrong = [item for item in value if not self.pattern.fullmatch(item)]
        if wrong:
            raise forms.ValidationError(
                _("Ongeldige vorm: %(items)s (verwacht bijvoorbeeld %(example)s).")
                % {"items": ", ".join(wrong), "example": self.example}
            )


class RegionForm(forms.ModelForm):
    municipality_codes = TextListField(
        label=gettext_lazy("CBS-codes van de gemeenten"),
        pattern=r"GM[0-9]{4}",
        example="GM0344",
        help_text=gettext_lazy("Gescheiden door komma's, spaties of nieuwe regels, bijvoorbeeld: GM0344, GM0307."),
    )

    class Meta:
        model = Region
        fields = ["slug", "name", "description", "municipality_codes", "is_example", "source_note"]

    def clean_municipality_codes(self):
        codes = self.cleaned_data["municipality_codes"]
        unknown = unknown_municipality_codes(codes)
        if unknown:
            raise forms.ValidationError(
                _("Deze codes staan niet in de gemeentelijst (%(source)s): %(codes)s.")
                % {"source": refdata.municipality_source(), "codes": ", ".join(unknown)}
            )
        return codes


class SlugFixedOnChange:
    """The slug of an existing region or provision cannot be changed: addresses (/regio/<slug>/, links in e-mails,
    the API) name it, and `load_consultation_examples` (run at every start) recognises an example by it, so a
    renamed example would come back next to the renamed one."""

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return ["slug", *fields] if obj is not None else fields


@admin.register(Region)
class RegionAdmin(SlugFixedOnChange, admin.ModelAdmin):
    form = RegionForm
    list_display = ["name", "slug", "is_example", "municipality_count", "inhabitant_count"]
    list_filter = ["is_example"]
    search_fields = ["name", "slug"]
    readonly_fields = ["municipality_names"]

    @admin.display(description=gettext_lazy("gemeenten"))
    def municipality_count(self, region):
        return len(region.municipality_codes or [])

    @admin.display(description=gettext_lazy("inwoners"))
    def inhabitant_count(self, region):
        return regions.inhabitants(region.municipality_codes or [])

    @admin.display(description=gettext_lazy("gemeenten in deze regio"))
    def municipality_names(self, region):
        found = [refdata.municipality(code) for code in region.municipality_codes or []]
        return ", ".join(f"{m['name']} ({m['code']})" for m in found if m) or "-"


class RoleAssignmentForm(forms.ModelForm):
    class Meta:
        model = RoleAssignment
        fields = ["user", "role", "region"]

    def clean(self):
        data = super().clean()
        role, region = data.get("role"), data.get("region")
        if role == ConsultationRole.REPRESENTATIVE and region is None:
            self.add_error("region", _("Kies de regio die deze persoon vertegenwoordigt."))
        if role == ConsultationRole.COORDINATOR and region is not None:
            self.add_error("region", _("Een coördinator van het landelijk beraad hoort niet bij een regio."))
        return data


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    form = RoleAssignmentForm
    list_display = ["user", "role", "region"]
    list_filter = ["role", "region"]
    search_fields = ["user__username", "user__email", "region__name"]
    autocomplete_fields = ["user"]


class ProvisionForm(forms.ModelForm):
    replaces_developments = TextListField(
        label=gettext_lazy("vervangt ontwikkelingen"),
        pattern=SLUG,
        example="omgevingsloket",
        help_text=gettext_lazy("De korte namen van de ontwikkelingen, gescheiden door komma's."),
    )
    replaces_lines = TextListField(
        label=gettext_lazy("vervangt begrotingsregels"),
        pattern=f"{SLUG}/{SLUG}",
        example="omgevingsloket/licentie-koppelcomponent",
        help_text=gettext_lazy("Als ontwikkeling/regel, gescheiden door komma's."),
    )

    class Meta:
        model = Provision
        fields = [
            "slug",
            "name",
            "description",
            "owner",
            "status",
            "is_example",
            "build_cost",
            "yearly_cost",
            "write_off_years",
            "cost_key",
            "cost_note",
            "replaces_developments",
            "replaces_lines",
        ]

    def clean(self):
        data = super().clean()
        outside = lines_outside_developments(data.get("replaces_developments") or [], data.get("replaces_lines") or [])
        if outside and "replaces_lines" not in self.errors:
            self.add_error(
                "replaces_lines",
                _("Deze regels horen niet bij een van de vervangen ontwikkelingen: %(lines)s.")
                % {"lines": ", ".join(outside)},
            )
        return data


@admin.register(Provision)
class ProvisionAdmin(SlugFixedOnChange, admin.ModelAdmin):
    form = ProvisionForm
    list_display = ["name", "slug", "status", "owner", "is_example", "build_cost", "yearly_cost", "cost_key"]
    list_filter = ["status", "is_example", "cost_key"]
    search_fields = ["name", "slug", "owner"]

    def save_model(self, request, obj, form, change):
        if change:  # an open page in the app with the old version must not overwrite this edit
            obj.version = F("version") + 1
        else:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        obj.refresh_from_db(fields=["version"])


class ReadOnly(ReadOnlyAdminMixin, admin.ModelAdmin):
    pass


@admin.register(Signal)
class SignalAdmin(ReadOnly):
    list_display = ["title", "organisation", "urgency", "status", "bundle", "created_at"]
    list_filter = ["status", "urgency"]
    search_fields = ["title", "organisation__name"]


@admin.register(SignalSupport)
class SignalSupportAdmin(ReadOnly):
    list_display = ["signal", "organisation", "at"]


@admin.register(RegionalSignal)
class RegionalSignalAdmin(ReadOnly):
    list_display = ["title", "region", "status", "raised_at", "answered_at"]
    list_filter = ["status", "region"]


@admin.register(SignalEvent)
class SignalEventAdmin(ReadOnly):
    list_display = ["at", "kind", "signal", "bundle", "organisation", "user"]
    list_filter = ["kind"]


@admin.register(Question)
class QuestionAdmin(ReadOnly):
    list_display = ["title", "kind", "deadline", "reminder_sent_on", "closed_at"]
    list_filter = ["kind"]


@admin.register(QuestionInput)
class QuestionInputAdmin(ReadOnly):
    list_display = ["question", "region", "organisation", "at"]


@admin.register(RegionAnswer)
class RegionAnswerAdmin(ReadOnly):
    list_display = ["question", "region", "answered_at", "late"]
    list_filter = ["late", "region"]


@admin.register(Position)
class PositionAdmin(ReadOnly):
    list_display = ["title", "status", "version", "published_at", "updated_at"]
    list_filter = ["status"]


@admin.register(RegionStance)
class RegionStanceAdmin(ReadOnly):
    list_display = ["position", "region", "stance", "at"]
    list_filter = ["stance"]


@admin.register(PositionVersion)
class PositionVersionAdmin(ReadOnly):
    list_display = ["position", "number", "status", "at", "user"]


@admin.register(Pledge)
class PledgeAdmin(ReadOnly):
    list_display = ["provision", "organisation", "kind", "max_yearly_share", "updated_at"]
    list_filter = ["kind", "provision"]


@admin.register(ProvisionJoin)
class ProvisionJoinAdmin(ReadOnly):
    list_display = ["plan", "provision", "yearly_share", "at"]
