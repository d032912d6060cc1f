"""Themes for a year's sessions: proposed by participants, voted on per organisation, chosen by the
editors (docs/community.md, "Themes and votes"). The views parse, call community/services.py, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from modelgemeente.core.enums import Role, ThemeStatus

from . import services
from .access import is_community_editor, member_organisations, this_year
from .forms_themes import DecisionForm, ThemeForm, VoteForm
from .models import Theme, ThemeVote

MIN_YEAR, MAX_YEAR = 2000, 2100


def theme_year(request) -> int:
    """?jaar= (the themes' year); the coming year by default or when the value is not a year."""
    try:
        year = int(request.GET.get("jaar", ""))
    except ValueError:
        return this_year() + 1
    return year if MIN_YEAR <= year <= MAX_YEAR else this_year() + 1


def themes_url(year: int) -> str:
    return f"{reverse('community:themes')}?{urlencode({'jaar': year})}"


def theme_organisations(user, year: int, role: str = Role.MEMBER):
    """The user's organisations that take part in the themes' year or the year before it (the themes of
    next year are proposed and voted on during this year), with at least `role`."""
    return (
        member_organisations(user, role).filter(participations__year__in=[year - 1, year]).distinct().order_by("name")
    )


def themes_with_counts(year: int):
    return Theme.objects.filter(year=year).annotate(vote_count=Count("votes")).order_by("-vote_count", "title")


def themes(request):
    year = theme_year(request)
    rows = list(themes_with_counts(year))
    voters = list(theme_organisations(request.user, year, Role.EDITOR))
    votes = {}
    for vote in ThemeVote.objects.filter(theme__year=year, organisation__in=voters):
        votes.setdefault(vote.organisation_id, set()).add(vote.theme_id)
    limit = services.votes_per_organisation(year)
    return render(
        request,
        "community/themes.html",
        {
            "year": year,
            "themes": rows,
            "chosen": [t for t in rows if t.status == ThemeStatus.CHOSEN],
            "voters": [
                {"organisation": o, "voted": votes.get(o.pk, set()), "left": limit - len(votes.get(o.pk, set()))}
                for o in voters
            ],
            "limit": limit,
            "deadline": services.theme_vote_deadline(year),
            "votes_open": services.votes_open(year),
            "can_propose": year >= this_year() and theme_organisations(request.user, year).exists(),
            "participant_reader": not voters and theme_organisations(request.user, year).exists(),
            "is_editor": is_community_editor(request.user, year),
            "previous_year": year - 1,
            "next_year": year + 1,
        },
    )


@login_required
def theme_create(request):
    year = theme_year(request)
    organisations = theme_organisations(request.user, year)
    if not organisations.exists():
        raise PermissionDenied(_("Alleen deelnemers aan de gemeenschap kunnen een thema voorstellen."))
    if year < this_year():
        raise PermissionDenied(_("Thema's voorstellen kan alleen voor dit jaar of een volgend jaar."))
    form = ThemeForm(request.POST or None, year=year)
    if request.method == "POST" and form.is_valid():
        try:
            theme = services.propose_theme(
                year=year,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                organisation=organisations.first(),
                user=request.user,
            )
        except services.ThemeRefused as refused:
            form.add_error("title", str(refused))
        else:
            messages.success(request, _("Thema „%(title)s” is voorgesteld.") % {"title": theme.title})
            return redirect(themes_url(year))
    status = 400 if request.method == "POST" else 200
    return render(request, "community/theme_form.html", {"form": form, "year": year}, status=status)


@login_required
@require_POST
def theme_vote(request, pk):
    theme = get_object_or_404(Theme, pk=pk)
    organisations = list(theme_organisations(request.user, theme.year, Role.EDITOR))
    if not organisations:
        raise PermissionDenied(
            _("Stemmen kan namens een deelnemende organisatie, door haar leden met de rol redacteur of beheerder.")
        )
    form = VoteForm(request.POST, organisations=organisations)
    if not form.is_valid():
        messages.error(request, _("Kies een van uw organisaties om namens te stemmen."))
        return redirect(themes_url(theme.year))
    organisation = form.cleaned_data["organisation"]
    try:
        if form.cleaned_data["action"] == "vote":
            services.cast_vote(theme, organisation=organisation, user=request.user)
            messages.success(
                request, _("%(org)s stemt op „%(title)s”.") % {"org": organisation.name, "title": theme.title}
            )
        elif services.withdraw_vote(theme, organisation=organisation, user=request.user):
            messages.success(
                request,
                _("De stem van %(org)s op „%(title)s” is ingetrokken.")
                % {"org": organisation.name, "title": theme.title},
            )
    except services.ThemeRefused as refused:
        messages.error(request, str(refused))
    return redirect(themes_url(theme.year))


def _require_editor(request, year):
    if not request.user.is_authenticated:
        return False
    if not is_community_editor(request.user, year):
        raise PermissionDenied(_("Alleen redacteuren van de gemeenschap kiezen de thema's."))
    return True


def _decide_page(request, year, bound=None, status=200):
    rows = list(themes_with_counts(year))
    for theme in rows:
        theme.form = (
            bound
            if bound is not None and bound.theme_pk == theme.pk
            else DecisionForm(prefix=f"t{theme.pk}", initial={"status": theme.status, "note": theme.decision_note})
        )
    return render(request, "community/themes_decide.html", {"year": year, "themes": rows}, status=status)


@login_required
def themes_decide(request):
    year = theme_year(request)
    _require_editor(request, year)
    return _decide_page(request, year)


@login_required
@require_POST
def theme_decide(request, pk):
    theme = get_object_or_404(Theme, pk=pk)
    _require_editor(request, theme.year)
    form = DecisionForm(request.POST, prefix=f"t{theme.pk}")
    form.theme_pk = theme.pk
    if not form.is_valid():
        return _decide_page(request, theme.year, form, status=400)
    theme = services.decide_theme(
        theme, status=form.cleaned_data["status"], note=form.cleaned_data["note"], user=request.user
    )
    messages.success(
        request, _("„%(title)s”: %(status)s.") % {"title": theme.title, "status": theme.get_status_display()}
    )
    return redirect(f"{reverse('community:themes_decide')}?{urlencode({'jaar': theme.year})}")
