"""Needs (behoeften) of participating municipalities, and the overview the editors plan the next
edition with (docs/community.md, "Needs").

Who sees what: the overview's aggregates are public (no organisation names); the individual needs, with
the names of their organisations, are shown to participants of the year and to the editors; members
with at least the role editor of a participating organisation state, change and delete their
organisation's needs. Another organisation's need is 404 for changing and deleting.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from modelgemeente.catalog import releases
from modelgemeente.core.enums import NeedPriority, Role

from . import services
from .access import is_community_editor, member_organisations, participating_organisations, this_year
from .forms_needs import NeedDeleteForm, NeedForm
from .models import Need

MIN_YEAR, MAX_YEAR = 2000, 2100
PRIORITIES = [p.value for p in NeedPriority]  # highest first


def need_year(request) -> int:
    try:
        year = int(request.GET.get("jaar", ""))
    except ValueError:
        return this_year()
    return year if MIN_YEAR <= year <= MAX_YEAR else this_year()


def needs_url(year: int) -> str:
    return f"{reverse('community:needs')}?{urlencode({'jaar': year})}"


def may_read_needs(user, year: int) -> bool:
    return participating_organisations(user, year).exists() or is_community_editor(user, year)


# The overview ---------------------------------------------------------------------------------------


def _group(needs, key, describe) -> list[dict]:
    groups: dict = {}
    for need in needs:
        value = key(need)
        if value is None:
            continue
        group = groups.setdefault(value, {"key": value, "organisations": set(), "needs": 0, "earliest": None})
        group["organisations"].add(need.organisation_id)
        group["needs"] += 1
        group[need.priority] = group.get(need.priority, 0) + 1
        group["earliest"] = min(filter(None, [group["earliest"], need.needed_by]))
    rows = []
    for group in groups.values():
        row = {
            "key": group["key"],
            "municipalities": len(group["organisations"]),
            "needs": group["needs"],
            "priorities": {p: group.get(p, 0) for p in PRIORITIES},
            "earliest_needed_by": group["earliest"],
            **describe(group["key"]),
        }
        rows.append(row)
    rows.sort(key=lambda r: (-r["municipalities"], *(-r["priorities"][p] for p in PRIORITIES), r["label"]))
    return rows


def needs_overview(year: int) -> dict:
    """Needs of `year` by theme, development and domain: the number of municipalities (organisations),
    the priority mix, the earliest year needed; most municipalities first, then the highest priorities.
    Developments link to their page in the release the site shows, when it has them."""
    needs = list(Need.objects.filter(year=year).select_related("theme"))
    release = releases.home_release()
    developments, domains = {}, {}
    if release is not None:
        developments = {d.slug: d for d in release.developments.select_related("domain")}
        domains = {d.slug: d for d in release.domains.all()}
    themes = {n.theme_id: n.theme for n in needs if n.theme_id}

    def theme(pk):
        if pk == 0:
            return {"label": _("Zonder thema"), "theme_id": None, "chosen": False}
        return {"label": themes[pk].title, "theme_id": pk, "chosen": themes[pk].status == "chosen"}

    def development(slug):
        found = developments.get(slug)
        return {
            "label": found.title if found else slug,
            "slug": slug,
            "domain": found.domain.name if found else "",
            "url": reverse("catalog:development", args=[release.year, slug]) if found else "",
        }

    def domain(slug):
        found = domains.get(slug)
        return {
            "label": found.name if found else slug,
            "slug": slug,
            "url": reverse("catalog:domain", args=[release.year, slug]) if found else "",
        }

    return {
        "year": year,
        "release": release,
        "needs": len(needs),
        "municipalities": len({n.organisation_id for n in needs}),
        "by_theme": _group(needs, lambda n: n.theme_id or 0, theme),
        "by_development": _group(needs, lambda n: n.development_slug or None, development),
        "by_domain": _group(needs, lambda n: n.domain_slug or None, domain),
    }


def need_overview(request):
    year = need_year(request)
    return render(
        request,
        "community/need_overview.html",
        {
            **needs_overview(year),
            "priorities": NeedPriority.choices,
            "may_read": may_read_needs(request.user, year),
            "is_editor": is_community_editor(request.user, year),
            "previous_year": year - 1,
            "next_year": year + 1,
        },
    )


# The needs themselves ---------------------------------------------------------------------------------


def needs(request):
    year = need_year(request)
    may_read = may_read_needs(request.user, year)
    own = set(participating_organisations(request.user, year, Role.EDITOR).values_list("pk", flat=True))
    rows = (
        Need.objects.filter(year=year).select_related("organisation", "theme").order_by("organisation__name", "title")
        if may_read
        else Need.objects.none()
    )
    return render(
        request,
        "community/needs.html",
        {
            "year": year,
            "may_read": may_read,
            "needs": rows,
            "own": own,
            "may_state": bool(own),
            "previous_year": year - 1,
            "next_year": year + 1,
        },
    )


@login_required
def need_create(request):
    year = need_year(request)
    organisations = list(participating_organisations(request.user, year, Role.EDITOR).order_by("name"))
    if not organisations:
        raise PermissionDenied(
            _(
                "Behoeften geeft u op namens een organisatie die in %(year)s deelneemt aan de gemeenschap, "
                "met de rol redacteur of beheerder."
            )
            % {"year": year}
        )
    form = NeedForm(request.POST or None, year=year, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        need = services.create_need(
            organisation=form.organisation(), year=year, values=form.values(), user=request.user
        )
        messages.success(request, _("Behoefte „%(title)s” is opgeslagen.") % {"title": need.title})
        return redirect(needs_url(year))
    status = 400 if request.method == "POST" else 200
    return render(request, "community/need_form.html", {"form": form, "year": year}, status=status)


def _own_need(request, pk) -> Need:
    """The need, when the user may change it (editor or admin of its organisation); 404 otherwise, and
    a plain 403 for a reader of the organisation itself."""
    need = get_object_or_404(Need.objects.select_related("organisation"), pk=pk)
    if member_organisations(request.user, Role.EDITOR).filter(pk=need.organisation_id).exists():
        return need
    if member_organisations(request.user).filter(pk=need.organisation_id).exists():
        raise PermissionDenied(_("Alleen redacteuren en beheerders van uw organisatie wijzigen haar behoeften."))
    raise Http404(_("Deze behoefte bestaat niet of is niet van uw organisatie."))


def _stale_message():
    return _(
        "Iemand anders heeft deze behoefte gewijzigd nadat u haar opende; er is niets opgeslagen. "
        "Vergelijk uw invoer met de huidige versie en sla opnieuw op als u uw versie wilt bewaren."
    )


@login_required
def need_update(request, pk):
    need = _own_need(request, pk)
    form = NeedForm(request.POST or None, instance=need, year=need.year)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_need(
                need, values=form.values(), expected_updated_at=form.cleaned_data["version"], user=request.user
            )
        except services.StaleNeed:
            # Keep what the user typed, show the current version beside it, and take the current
            # version as the one read: saving again is then a conscious choice.
            current = Need.objects.select_related("theme").get(pk=need.pk)
            data = request.POST.copy()
            data["version"] = current.updated_at.isoformat()
            # The form gets its own copy: validating writes the typed values into its instance.
            form = NeedForm(data, instance=Need.objects.get(pk=need.pk), year=current.year)
            form.is_valid()
            form.add_error(None, _stale_message())
            return render(
                request,
                "community/need_form.html",
                {"form": form, "year": current.year, "need": current, "current": current},
                status=409,
            )
        messages.success(request, _("Behoefte „%(title)s” is gewijzigd.") % {"title": form.cleaned_data["title"]})
        return redirect(needs_url(need.year))
    status = 400 if request.method == "POST" else 200
    return render(request, "community/need_form.html", {"form": form, "year": need.year, "need": need}, status=status)


@login_required
def need_delete(request, pk):
    need = _own_need(request, pk)
    if request.method == "POST":
        form = NeedDeleteForm(request.POST)
        form.is_valid()
        try:
            services.delete_need(need, expected_updated_at=form.cleaned_data.get("version"), user=request.user)
        except services.StaleNeed:
            need.refresh_from_db()
            messages.error(
                request,
                _("Iemand anders heeft deze behoefte gewijzigd nadat u haar opende; bekijk haar voordat u verwijdert."),
            )
            return redirect(reverse("community:need_delete", args=[need.pk]))
        messages.success(request, _("Behoefte „%(title)s” is verwijderd.") % {"title": need.title})
        return redirect(needs_url(need.year))
    return render(request, "community/need_confirm_delete.html", {"need": need, "version": need.updated_at.isoformat()})
