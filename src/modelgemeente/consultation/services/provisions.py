"""Collective provisions: interest and conditional pledges of organisations, and plans that join or leave.

- pledge(): an editor or administrator of an organisation states interest, or a conditional pledge "we join if our
  yearly share is at most X" (X required, more than 0). A second call updates the organisation's pledge (its
  version goes up); nothing that did not change is written.
- withdraw_pledge(): the organisation withdraws; its pledge is deleted (a joined plan stays joined until it leaves).
- join_provision(): the plan's replaced lines are left out with the reason "vervangen door gezamenlijke voorziening
  <naam>" and the plan's yearly share (provision_figures.share_if_joined, from the engine) is added as its own
  structural line with origin "gezamenlijk" under the first replaced development the plan counts; one PlanChange
  (plans.services.swap_in_shared_lines) and a ProvisionJoin that records exactly what was swapped. A line the plan
  had left out already stays as it was, also after leaving.
- leave_provision(): undoes exactly that (plans.services.swap_out_shared_lines) and deletes the join.

Refusals are ConsultationError (Dutch, nothing changed); a user without the editor role in the organisation gets
PermissionDenied.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from modelgemeente.budget.money import fmt_eur, fmt_num
from modelgemeente.catalog.budget_input import edition_budget_lines, line_key
from modelgemeente.core.enums import Category, CostKey, LineKind, PledgeKind, ProvisionStatus, Role
from modelgemeente.plans import services as plan_services
from modelgemeente.plans.changes import ReadOnlyPlan
from modelgemeente.plans.changes import StaleVersion as StalePlan
from modelgemeente.plans.models import TEXT_LIMIT, Membership, Organisation, Plan

from .. import provision_figures
from ..models import Pledge, Provision, ProvisionJoin
from .common import ConsultationError, StaleVersion

# The largest yearly amount a pledge can hold (the column has 14 digits, 2 of them decimals).
MAX_PLEDGE = Decimal("999999999999.99")


def may_act_for(user, organisation: Organisation) -> bool:
    """An editor or administrator of the organisation."""
    if not getattr(user, "is_authenticated", False):
        return False
    member = Membership.objects.filter(user=user, organisation=organisation).first()
    return member is not None and member.allows(Role.EDITOR)


def _require_editor(user, organisation: Organisation) -> None:
    if not may_act_for(user, organisation):
        raise PermissionDenied(
            _("Alleen een redacteur of beheerder van %(org)s kan dit doen.") % {"org": organisation.name}
        )


def _refuse_ended(provision: Provision) -> None:
    if provision.status == ProvisionStatus.ENDED:
        raise ConsultationError(_("Deze voorziening is beëindigd; meedoen kan niet meer."))


def _clean_note(note) -> str:
    note = (note or "").strip()
    if "\x00" in note:
        raise ConsultationError(_("De toelichting bevat een ongeldig teken (NUL); haal het weg."))
    if len(note) > TEXT_LIMIT:
        raise ConsultationError(
            _("De toelichting is te lang: ten hoogste %(max)s tekens.") % {"max": fmt_num(TEXT_LIMIT)}
        )
    return note


def _clean_limit(value) -> Decimal:
    if value is None or value == "":
        raise ConsultationError(_("Vul bij een toezegging het hoogste deel per jaar in waarbij u meedoet."))
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        raise ConsultationError(_("Vul het hoogste deel per jaar in als bedrag, bijvoorbeeld 12.500.")) from None
    if not amount.is_finite() or amount <= 0 or amount > MAX_PLEDGE:
        raise ConsultationError(
            _("Vul een hoogste deel per jaar in van meer dan € 0 tot en met %(max)s.") % {"max": fmt_eur(MAX_PLEDGE)}
        )
    if amount != amount.quantize(Decimal("0.01")):
        raise ConsultationError(_("Vul het bedrag in hele centen in (ten hoogste 2 decimalen)."))
    return amount


def pledge(provision: Provision, organisation: Organisation, user, *, kind, max_yearly_share=None, note="") -> Pledge:
    """State interest or a conditional pledge for `organisation`, or change it (see the module docstring)."""
    _require_editor(user, organisation)
    _refuse_ended(provision)
    if kind not in PledgeKind.values:
        raise ConsultationError(_("Kies belangstelling of een voorwaardelijke toezegging."))
    limit = _clean_limit(max_yearly_share) if kind == PledgeKind.PLEDGE else None
    note = _clean_note(note)
    if provision_figures.weight(provision, organisation) is None:
        raise ConsultationError(
            _(
                "Deze voorziening wordt verdeeld naar inwonertal, maar bij %(org)s staan geen gemeenten met een "
                "bekend inwonertal. Vraag de beheerder van de organisatie de gemeenten (CBS-codes) toe te voegen."
            )
            % {"org": organisation.name}
        )
    with transaction.atomic():
        existing = Pledge.objects.select_for_update().filter(provision=provision, organisation=organisation).first()
        if existing is None:
            return Pledge.objects.create(
                provision=provision,
                organisation=organisation,
                kind=kind,
                max_yearly_share=limit,
                note=note,
                created_by=user,
            )
        if (existing.kind, existing.max_yearly_share, existing.note) == (kind, limit, note):
            return existing
        existing.kind, existing.max_yearly_share, existing.note = kind, limit, note
        existing.version += 1
        existing.save()
        return existing


def withdraw_pledge(pledge: Pledge, user) -> None:
    _require_editor(user, pledge.organisation)
    with transaction.atomic():
        Pledge.objects.filter(pk=pledge.pk).delete()


# Plans --------------------------------------------------------------------------------------------------------


def _share_line(provision: Provision, plan: Plan, development, share) -> dict:
    model = provision_figures.cost_model(provision)
    key = (
        _("naar inwonertal: %(weight)s van %(total)s inwoners")
        if provision.cost_key == CostKey.INHABITANTS
        else _("in gelijke delen: 1 van %(total)s deelnemers")
    ) % {"weight": fmt_num(share.weight), "total": fmt_num(share.weight / share.fraction)}
    reason = _(
        "Jaarlijks deel in de gezamenlijke voorziening %(name)s (eigenaar: %(owner)s). Kostenmodel: bouw %(build)s, "
        "afgeschreven in %(years)s jaar, plus %(yearly)s per jaar, samen %(total)s per jaar; verdeeld %(key)s. "
        "Het deel is berekend bij het aansluiten, met alle organisaties die toen belangstelling hadden, iets "
        "hadden toegezegd of waren aangesloten; het wordt vanaf het eerste jaar van het plan geïndexeerd. "
        "Herkomst van de kosten: %(note)s"
    ) % {
        "name": provision.name,
        "owner": provision.owner,
        "build": fmt_eur(model.build_cost),
        "years": model.write_off_years,
        "yearly": fmt_eur(model.yearly_cost),
        "total": fmt_eur(model.yearly_total),
        "key": key,
        "note": provision.cost_note,
    }
    return {
        "development": development,
        "description": (_("Deel in gezamenlijke voorziening %(name)s") % {"name": provision.name})[:300],
        "kind": LineKind.STRUCTURAL,
        "category": Category.OTHER,
        "amount": share.yearly.quantize(Decimal("0.01")),
        "reason": reason[:TEXT_LIMIT],
    }


def _plan_error(error) -> ConsultationError:
    if isinstance(error, StalePlan):
        return StaleVersion()
    return ConsultationError(str(error))


def join_provision(plan: Plan, provision: Provision, user, expected_plan_version: int) -> ProvisionJoin:
    """Take part with `plan`: its replaced lines out, its yearly share in (see the module docstring)."""
    _require_editor(user, plan.organisation)
    _refuse_ended(provision)
    if ProvisionJoin.objects.filter(plan=plan, provision=provision).exists():
        raise ConsultationError(_("Dit plan is al aangesloten bij deze voorziening."))
    lines = provision_figures.replaced_lines(provision, plan.edition)
    if not lines:
        raise ConsultationError(
            _("De release van dit plan (%(release)s) bevat geen van de regels die deze voorziening vervangt.")
            % {"release": plan.edition.release_title}
        )
    counted = {c.development.slug: c.development for c in plan.choices.select_related("development") if c.counts}
    order = [*provision.replaces_developments, *(line.development.slug for line in lines)]
    development = next((counted[slug] for slug in order if slug in counted), None)
    if development is None:
        raise ConsultationError(
            _("Dit plan neemt geen van de vervangen ontwikkelingen op (%(developments)s); neem er eerst een op.")
            % {"developments": ", ".join(dict.fromkeys(line.development.title for line in lines))}
        )
    share = provision_figures.share_if_joined(provision, plan.organisation)
    if share is None:
        raise ConsultationError(
            _("Bij %(org)s staan geen gemeenten met een bekend inwonertal, dus het deel is niet te berekenen.")
            % {"org": plan.organisation.name}
        )
    left_out = set(plan.adjustments.filter(excluded=True).values_list("budget_line_id", flat=True))
    exclude = [line for line in lines if line.pk not in left_out]
    reason = _("vervangen door gezamenlijke voorziening %(name)s") % {"name": provision.name}
    values = _share_line(provision, plan, development, share)
    try:
        with transaction.atomic():
            added = plan_services.swap_in_shared_lines(plan, user, expected_plan_version, exclude, [values], reason)
            return ProvisionJoin.objects.create(
                plan=plan,
                provision=provision,
                excluded_lines=[line_key(line) for line in exclude],
                extra_line_ids=[extra.pk for extra in added],
                yearly_share=values["amount"],
                user=user,
            )
    except (StalePlan, ReadOnlyPlan) as error:
        raise _plan_error(error) from None
    except IntegrityError:
        raise ConsultationError(_("Dit plan is al aangesloten bij deze voorziening.")) from None


def carry_joins(sender, old_plan: Plan, new_plan: Plan, extra_lines: dict[int, int], **kwargs) -> None:
    """A plan moved to another release (plans.signals.plan_moved) takes its participation along: the new plan has
    the share lines (copied with their origin) and the same left-out lines (by their stable keys), so it gets a
    join of its own and cannot join again and count the share twice. The old plan keeps its join, as it was. A copy
    of a plan (a scenario, plans.signals.plan_copied) gets the joins of its source in the same way."""
    for join in ProvisionJoin.objects.filter(plan=old_plan):
        ProvisionJoin.objects.create(
            plan=new_plan,
            provision=join.provision,
            excluded_lines=join.excluded_lines,
            extra_line_ids=[extra_lines[pk] for pk in join.extra_line_ids if pk in extra_lines],
            yearly_share=join.yearly_share,
            user=kwargs.get("user") or join.user,
        )


def leave_provision(join: ProvisionJoin, user, expected_plan_version: int) -> None:
    """The plan leaves: the lines the join left out count again and its shared lines go; the join is deleted."""
    plan = join.plan
    _require_editor(user, plan.organisation)
    excluded = set(join.excluded_lines)
    restore = [line for line in edition_budget_lines(plan.edition) if line_key(line) in excluded]
    try:
        with transaction.atomic():
            plan_services.swap_out_shared_lines(plan, user, expected_plan_version, restore, list(join.extra_line_ids))
            ProvisionJoin.objects.filter(pk=join.pk).delete()
    except (StalePlan, ReadOnlyPlan) as error:
        raise _plan_error(error) from None
