"""Pages of proposals and reviews: /gemeenschap/voorstellen/ (docs/community.md, "Proposals and reviews")."""

import json
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from modelgemeente.catalog import releases

from . import access, services
from .forms_proposals import HideForm, ProposalFilterForm, ProposalForm, ReviewForm
from .models import Proposal, SessionDecision


def visible_proposals(user):
    """Public proposals; editors also see hidden ones, a proposer their own hidden ones."""
    proposals = Proposal.objects.select_related("organisation", "edition")
    if access.is_community_editor(user):
        return proposals
    if getattr(user, "is_authenticated", False):
        return proposals.filter(Q(hidden_at__isnull=True) | Q(proposer=user))
    return proposals.filter(hidden_at__isnull=True)


def proposal_list(request):
    form = ProposalFilterForm(request.GET or None)
    proposals = visible_proposals(request.user)
    if form.is_valid():
        if form.cleaned_data["status"]:
            proposals = proposals.filter(status=form.cleaned_data["status"])
        if form.cleaned_data["ontwikkeling"]:
            proposals = proposals.filter(development_slug=form.cleaned_data["ontwikkeling"])
    return render(request, "community/proposal_list.html", {"form": form, "proposals": proposals[:200]})


def _error(form, exc):
    name = exc.field if exc.field in form.fields else None
    if exc.field in ("line_kind", "kind") and exc.field not in form.fields:
        name = None
    form.add_error(name, exc.message)


def _new_line_field(field):
    return {"kind": "line_kind", "provenance": "source"}.get(field, field)


SLUG = re.compile(r"[-a-zA-Z0-9_]{1,80}")


def _slug(value: str) -> str:
    """An id from the address, or 404: anything else (a NUL byte would even make PostgreSQL refuse the query)
    cannot be the id of a development or line."""
    if not SLUG.fullmatch(value):
        raise Http404
    return value


@login_required
def proposal_new(request):
    try:
        year = int(request.GET.get("editie", ""))
    except ValueError:
        raise Http404 from None
    edition = releases.current(year, request.user)
    if edition is None:
        raise Http404
    development = get_object_or_404(edition.developments, slug=_slug(request.GET.get("ontwikkeling", "")))
    line = None
    if request.GET.get("regel"):
        line = get_object_or_404(development.budget_lines, slug=_slug(request.GET["regel"]))
    decision = None
    if request.GET.get("besluit"):
        if not request.GET["besluit"].isascii() or not request.GET["besluit"].isdigit():
            raise Http404
        decision = get_object_or_404(SessionDecision.objects.select_related("session"), pk=request.GET["besluit"])
        if not access.is_session_lead(request.user, decision.session):
            raise Http404
    organisations = access.member_organisations(request.user)
    initial = {"kind": "comment", "current_text": development.summary if line is None else ""}
    if decision is not None:
        initial |= {"kind": "change" if line else "comment", "reasoning": decision.text}
    form = ProposalForm(request.POST or None, organisations=organisations, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            proposal = services.create_proposal(
                request.user,
                edition=edition,
                kind=data["kind"],
                development_slug=development.slug,
                line_slug=line.slug if line else "",
                field=data["field"],
                proposed_value=form.value(data["kind"]),
                current_text=data["current_text"],
                reasoning=data["reasoning"],
                source=data["source"],
                estimated_hours=data["estimated_hours"],
                organisation=data["organisation"],
                decision=decision,
            )
        except services.ProposalRateLimited as exc:
            form.add_error(None, exc.message)
            return render(
                request,
                "community/proposal_form.html",
                {"form": form, "edition": edition, "dev": development, "line": line, "decision": decision},
                status=429,
            )
        except services.ProposalError as exc:
            if data["kind"] == "new_line":
                exc.field = _new_line_field(exc.field)
            _error(form, exc)
        else:
            messages.success(request, _("Dank u wel. Uw bijdrage is opgeslagen; de redactie beoordeelt haar."))
            return redirect(proposal)
    return render(
        request,
        "community/proposal_form.html",
        {"form": form, "edition": edition, "dev": development, "line": line, "decision": decision},
    )


def _proposal(request, pk):
    proposal = get_object_or_404(visible_proposals(request.user), pk=pk)
    return proposal


def proposal_detail(request, pk):
    proposal = _proposal(request, pk)
    editor = access.is_community_editor(request.user)
    is_proposer = request.user.is_authenticated and proposal.proposer_id == request.user.pk
    context = {
        "proposal": proposal,
        "reviews": proposal.reviews.select_related("reviewer"),
        "editor": editor,
        "is_proposer": is_proposer,
        "development": proposal.edition.developments.filter(slug=proposal.development_slug).first(),
        "proposed_json": json.dumps(proposal.proposed_value, ensure_ascii=False, indent=1)
        if isinstance(proposal.proposed_value, dict)
        else None,
    }
    if editor:
        context["review_form"] = ReviewForm(initial={"version": proposal.version})
        context["hide_form"] = HideForm()
    if is_proposer and proposal.status == "needs_info":
        context["update_url"] = True
    return render(request, "community/proposal_detail.html", context)


@require_POST
@login_required
def proposal_review(request, pk):
    proposal = _proposal(request, pk)
    if not access.is_community_editor(request.user):
        raise Http404
    form = ReviewForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        value = data["accepted_value"].strip() or None
        if value and proposal.kind == "new_line":
            try:
                value = json.loads(value)
            except ValueError:
                form.add_error("accepted_value", _("Geef de nieuwe regel als JSON-object."))
        if form.is_valid():
            try:
                services.review_proposal(
                    proposal,
                    request.user,
                    decision=data["decision"],
                    reason=data["reason"],
                    expected_version=data["version"],
                    accepted_value=value,
                    hours=data["hours"],
                )
            except services.StaleProposal as exc:
                form.add_error(None, exc.message)
            except services.ProposalError as exc:
                _error(form, exc)
            else:
                messages.success(request, _("Uw beoordeling is opgeslagen; de indiener krijgt een e-mail."))
                return redirect(proposal)
    context = {
        "proposal": proposal,
        "reviews": proposal.reviews.select_related("reviewer"),
        "editor": True,
        "review_form": form,
        "hide_form": HideForm(),
    }
    return render(request, "community/proposal_detail.html", context, status=400)


@require_POST
@login_required
def proposal_hide(request, pk):
    proposal = _proposal(request, pk)
    if not access.is_community_editor(request.user):
        raise Http404
    if request.POST.get("show"):
        services.show_proposal(proposal, request.user)
        messages.success(request, _("Het voorstel is weer zichtbaar."))
        return redirect(proposal)
    form = HideForm(request.POST)
    if form.is_valid():
        services.hide_proposal(proposal, request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("Het voorstel is verborgen."))
        return redirect(proposal)
    context = {
        "proposal": proposal,
        "reviews": proposal.reviews.select_related("reviewer"),
        "editor": True,
        "review_form": ReviewForm(initial={"version": proposal.version}),
        "hide_form": form,
    }
    return render(request, "community/proposal_detail.html", context, status=400)


@login_required
def proposal_update(request, pk):
    proposal = _proposal(request, pk)
    if proposal.proposer_id != request.user.pk or proposal.status != "needs_info":
        raise Http404
    initial = {
        "reasoning": proposal.reasoning,
        "source": proposal.source,
        "current_text": proposal.current_value,
        "proposed_value": "" if isinstance(proposal.proposed_value, dict) else proposal.proposed_value,
    }
    if isinstance(proposal.proposed_value, dict):
        initial |= {("line_kind" if k == "kind" else k): v for k, v in proposal.proposed_value.items()}
    form = ProposalForm(request.POST or None, update=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # The version the proposer read (a hidden field); junk counts as an old version: nothing is saved.
        version = request.POST.get("version", "").strip()
        try:
            services.update_proposal(
                proposal,
                request.user,
                expected_version=int(version) if version.isascii() and version.isdigit() else 0,
                proposed_value=form.value(proposal.kind),
                current_text=data["current_text"],
                reasoning=data["reasoning"],
                source=data["source"],
                estimated_hours=data["estimated_hours"],
            )
        except services.ProposalError as exc:
            if proposal.kind == "new_line":
                exc.field = _new_line_field(exc.field)
            _error(form, exc)
        else:
            messages.success(request, _("Uw aanvulling is opgeslagen; het voorstel staat weer open."))
            return redirect(proposal)
    return render(request, "community/proposal_form.html", {"form": form, "proposal": proposal, "update": True})
