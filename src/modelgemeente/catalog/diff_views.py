"""The diff between two releases (/verschil/?van=2026.1&naar=2027) and the 'wat is er nieuw' page of a release.

A GET form, so it works without JavaScript and without an account: two releases and, optionally, a
municipality or its size. The computation is catalog/diff.py; these views read the form and render.
"""

from django import forms
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from modelgemeente import refdata
from modelgemeente.core.forms import DutchIntegerField

from . import markdown, releases
from .calculator import CostForm
from .diff import diff_releases, make_profile
from .views import _nav

MAX_EMPLOYEES = 100_000  # the limits of a plan's profile, as the budget API has them
MAX_DEPARTMENTS = 1_000
PROFILE_PARAMETERS = ("gemeente", "inwoners", "medewerkers", "afdelingen")


class DiffForm(CostForm):
    """Two releases and an optional profile. The releases are chosen from a list; a year ('2026', its
    current release) in the address is accepted too."""

    van = forms.CharField(label=gettext_lazy("Van release"), max_length=20, widget=forms.Select)
    naar = forms.CharField(label=gettext_lazy("Naar release"), max_length=20, widget=forms.Select)
    medewerkers = DutchIntegerField(
        label=gettext_lazy("Aantal medewerkers"),
        required=False,
        min_value=1,
        max_value=MAX_EMPLOYEES,
        help_text=gettext_lazy("Zonder: geschat in verhouding tot de referentiegemeente."),
    )
    afdelingen = DutchIntegerField(
        label=gettext_lazy("Aantal afdelingen"),
        required=False,
        min_value=1,
        max_value=MAX_DEPARTMENTS,
        help_text=gettext_lazy("Zonder: geschat in verhouding tot de referentiegemeente."),
    )

    field_order = ["van", "naar", "gemeente", "inwoners", "medewerkers", "afdelingen"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        # Newest year first; within a year the concept on top, then the newest release (the model's order).
        choices = [
            (release.release_id, f"{release.release_label} ({release.get_status_display()})")
            for release in releases.visible(user)
        ]
        for name in ("van", "naar"):
            self.fields[name].widget.choices = choices
        for name, top in (("medewerkers", MAX_EMPLOYEES), ("afdelingen", MAX_DEPARTMENTS)):
            message = _("Vul een aantal in van 1 tot en met %(max)s.") % {"max": f"{top:,}".replace(",", ".")}
            self.fields[name].error_messages.update(min_value=message, max_value=message)

    def _release(self, name):
        try:
            return releases.resolve(self.cleaned_data[name], self.user)
        except releases.ReleaseNotFound as exc:
            raise forms.ValidationError(exc.message) from None

    def clean_van(self):
        return self._release("van")

    def clean_naar(self):
        return self._release("naar")

    def clean(self):
        data = forms.Form.clean(self)  # the profile is optional here (CostForm requires one)
        code = data.get("gemeente")
        data["municipality"] = refdata.municipality(code) if code else None
        return data

    def profile(self):
        """The profile to compute with (catalog.diff.make_profile): typed inhabitants before a chosen
        municipality; nothing given is the reference municipality of the new release."""
        data, new = self.cleaned_data, self.cleaned_data["naar"]
        municipality = data.get("municipality")
        inhabitants = data.get("inwoners")
        name = ""
        if inhabitants is None and municipality:
            inhabitants, name = municipality["inhabitants"], municipality["name"]
        return make_profile(new, inhabitants, data.get("medewerkers"), data.get("afdelingen"), name=name)


def _defaults(user) -> dict:
    """Without a choice: the newest release the user may see against the one before it."""
    new = releases.home_release(user)
    old = releases.previous(new) if new else None
    return {"van": old.release_id, "naar": new.release_id} if old and new else {}


def diff(request):
    asked = any(name in request.GET for name in ("van", "naar", *PROFILE_PARAMETERS))
    data = request.GET.copy() if asked else None
    if data is not None:
        for name, value in _defaults(request.user).items():
            data.setdefault(name, value)
    elif defaults := _defaults(request.user):
        data = request.GET.copy()
        data.update(defaults)
    form = DiffForm(data, user=request.user)
    context = {"form": form, "result": None}
    status = 200
    if data is not None and form.is_valid():
        # Show the releases as their ids in the selects (a year in the address becomes its release).
        shown = data.copy()
        shown["van"], shown["naar"] = form.cleaned_data["van"].release_id, form.cleaned_data["naar"].release_id
        form.data = shown
        context["result"] = diff_releases(form.cleaned_data["van"], form.cleaned_data["naar"], form.profile())
        context["edition"] = form.cleaned_data["naar"]
    elif data is not None:
        status = 400
    return render(request, "catalog/diff.html", context, status=status)


def whats_new(request, year, number):
    try:
        release = releases.resolve(f"{year}.{number}", request.user)
    except releases.ReleaseNotFound:
        raise Http404(_("Deze release bestaat niet.")) from None
    before = releases.previous(release)
    result = diff_releases(before, release) if before else None
    context = _nav(release) | {
        "release": release,
        "notes_html": markdown.render(release.release_notes),
        "previous_release": before,
        "result": result,
    }
    return render(request, "catalog/whats_new.html", context)
