"""A year's releases: the list with their notes (public), and the editors' status change."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import markdown, releases, services
from .forms import PublishForm
from .models import EditionStatus
from .views import _nav


@require_http_methods(["GET", "POST"])
def release_list(request, year):
    items = list(releases.releases_of(year, request.user))
    if not items:
        raise Http404(_("Editie %(year)s bestaat niet.") % {"year": year})
    editor = releases.is_editor(request.user)
    concept = next((e for e in items if not e.is_published), None)
    published = [e for e in items if e.is_published]
    form = None
    if editor:
        statuses = services.next_statuses(year)
        if request.method == "POST":
            form = PublishForm(request.POST, statuses=statuses)
            if form.is_valid():
                try:
                    release = services.publish_release(
                        year,
                        form.cleaned_data["status"],
                        notes=form.cleaned_data["notes"],
                        reason=form.cleaned_data["reason"],
                        user=request.user,
                    )
                except services.ReleaseError as exc:
                    form.add_error(exc.field, exc.message)
                else:
                    messages.success(
                        request,
                        _("%(label)s is gepubliceerd: %(status)s.")
                        % {"label": capfirst(release.release_label), "status": release.get_status_display()},
                    )
                    return redirect("catalog:releases", year)
        elif statuses:
            initial_status = next((s for s in statuses if s != (published[0].status if published else None)), None)
            form = PublishForm(
                statuses=statuses,
                initial={"notes": concept.release_notes if concept else "", "status": initial_status},
            )
    elif request.method == "POST":
        raise PermissionDenied
    for release in items:
        release.notes_html = markdown.render_nested(release.release_notes)
    current = published[0] if published else None
    context = _nav(releases.current(year, request.user)) | {
        "year": year,
        "releases": published,
        "concept": concept,
        "concept_differs": bool(concept and current and concept.content_hash != current.content_hash),
        "current_status": current.get_status_display() if current else EditionStatus.CONCEPT.label,
        "is_editor": editor,
        "form": form,
    }
    return render(request, "catalog/releases.html", context)
