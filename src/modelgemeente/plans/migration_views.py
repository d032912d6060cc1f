"""Moving a plan to another release: the preview, and confirming it (docs/plans.md, "Moving a plan to
another release").

GET `?naar=<release id>` shows what happens to each of the plan's own items, with the decisions to make
(their defaults keep every own figure) and the totals per year before and after. Any member may look;
only an editor may confirm (POST `action=confirm`), and only to a published release. Nothing changes
until then: services.migrate_plan makes the new plan, and the old one stays as it was, read-only.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from modelgemeente.catalog import releases

from . import migration, services
from .access import membership, plan_for
from .changes import ReadOnlyPlan, StaleVersion
from .models import Role
from .plan_views import plan_context

FIELD = "k."  # form fields of decisions: k.<item key> (and k.under:<item key>)


def _decisions(params) -> dict[str, str]:
    return {name.removeprefix(FIELD): value for name, value in params.items() if name.startswith(FIELD)}


def migrate(request, org, pk):
    plan, member = plan_for(request, org, pk)
    params = request.POST if request.method == "POST" else request.GET
    confirm = request.method == "POST" and params.get("action") == "confirm"
    if confirm:
        membership(request, org, Role.EDITOR)  # a reader may look, not confirm: 403
    candidates = list(migration.target_choices(plan, releases.visible(request.user)))
    newer = list(migration.newer_releases(plan)[:1])
    release_id = (params.get("naar") or "").strip()
    if not release_id and newer and request.method == "GET":
        release_id = newer[0].release_id
    errors, target, result = [], None, None
    if release_id:
        try:
            target = releases.resolve(release_id[:40], request.user)
        except releases.ReleaseNotFound as error:
            errors.append(error.message)
        else:
            if target.pk == plan.edition_id:
                errors.append(_("Dit plan staat al op release %(id)s; kies een andere release.") % {"id": release_id})
                target = None
    if target is not None:
        result = migration.preview(plan, target, _decisions(params))
        errors += result.errors
    status = 400 if errors else 200
    if confirm and not errors:
        if target is None:
            errors.append(_("Kies de release waarnaar u het plan wilt overzetten."))
        else:
            done = _confirm(request, plan, target, result, params, errors)
            if done:
                return done
            result = migration.preview(plan, target, _decisions(params))  # the plan may have changed
        status = 409 if any(isinstance(e, _Conflict) for e in errors) else 400
    superseded = plan.is_superseded
    context = plan_context(
        plan,
        member,
        candidates=candidates,
        release_id=release_id,
        target=target,
        preview=result,
        errors=[str(e) for e in errors],
        can_confirm=member.allows(Role.EDITOR) and not plan.is_read_only and target is not None and target.is_published,
        superseded=superseded,
        field=FIELD,
    )
    return render(request, "plans/migrate.html", context, status=status)


class _Conflict(str):
    """An error message that is a conflict with someone else's change (409)."""


def _confirm(request, plan, target, result, params, errors):
    try:
        version = int(params.get("version", ""))
    except ValueError:
        errors.append(_("Het formulier mist de versie van het plan. Open de pagina opnieuw; er is niets gewijzigd."))
        return None
    try:
        new = services.migrate_plan(plan, target, result.decisions, request.user, version)
    except StaleVersion:
        errors.append(
            _Conflict(
                _(
                    "Niet overgezet: iemand anders heeft het plan intussen gewijzigd. Hieronder staat de "
                    "voorvertoning van het plan zoals het nu is; controleer uw keuzes en zet het opnieuw over."
                )
            )
        )
        plan.refresh_from_db()
        return None
    except ReadOnlyPlan as error:
        errors.append(_Conflict(str(error)))
        return None
    except services.MigrationRefused as error:
        errors.append(error.message)
        return None
    messages.success(
        request,
        _(
            "Het plan is overgezet naar release %(id)s. Dit is de nieuwe versie; de vorige versie blijft "
            "bewaard en is alleen nog te lezen."
        )
        % {"id": target.release_id},
    )
    return redirect(new)
