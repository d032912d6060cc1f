"""Every change to organisations, their members, invitations and plans.

Views and (later) the API parse the request, call one of these functions with
plain, validated data, and render the result; no function here needs a
request. A plan change runs in one transaction with its PlanChange record
(changes.save_change) and raises changes.StaleVersion when the plan was saved
by someone else since `expected_version`.

Invitations (see docs/plans.md): an invitation is open until it is accepted,
revoked by an administrator, or expires (Invitation.expires_at, 14 days).
It can be accepted by a logged-in user with the invited address either

- through the personal link from the e-mail (the token), or
- from Mijn plannen, but only when that user has confirmed their address:
  otherwise anyone who signs up with a colleague's address would see and take
  their invitations.

Accepting through the link does not confirm the address: the administrator
who sent the invitation sees the same link. Removing a member revokes that
person's open invitations for the organisation, so no leftover invitation
lets them back in.
"""

from copy import copy

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from modelgemeente.accounts.services import is_confirmed, one_line, send_safely
from modelgemeente.catalog.budget_input import estimated_profile
from modelgemeente.catalog.models import BudgetLine, Development, Edition
from modelgemeente.core.enums import LineOrigin

from . import profile
from .budget import plan_totals
from .changes import (
    StaleVersion,
    creation_record,
    development_object,
    extra_object,
    field_changes,
    line_object,
    model_diff,
    plan_object,
    refuse_if_read_only,
    save_change,
    snapshot,
)
from .models import (
    ADJUSTMENT_FIELDS,
    CHOICE_FIELDS,
    EXTRA_FIELDS,
    SETTINGS_FIELDS,
    ChangeKind,
    ExtraLine,
    Invitation,
    LineAdjustment,
    Membership,
    Organisation,
    Plan,
    PlanChange,
    PlanDevelopment,
    Role,
)
from .profile import ProfileSource, provenance_text
from .signals import plan_moved

# Organisations and members ------------------------------------------------------------------


@transaction.atomic
def create_organisation(form, user) -> Organisation:
    """Save a valid OrganisationForm; its creator becomes administrator."""
    org = form.save()
    Membership.objects.create(organisation=org, user=user, role=Role.ADMIN)
    return org


class LastAdmin(Exception):
    """The organisation would be left without an administrator."""


def _other_admins(org, membership) -> bool:
    admins = org.memberships.select_for_update().filter(role=Role.ADMIN).exclude(pk=membership.pk)
    return bool(list(admins.values_list("pk", flat=True)))


@transaction.atomic
def change_role(membership: Membership, role: str) -> Membership:
    if membership.role == Role.ADMIN and role != Role.ADMIN and not _other_admins(membership.organisation, membership):
        raise LastAdmin
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def remove_member(membership: Membership, by) -> int:
    """Remove a member and revoke their open invitations to the organisation; returns how many were revoked."""
    org, user = membership.organisation, membership.user
    if membership.role == Role.ADMIN and not _other_admins(org, membership):
        raise LastAdmin
    membership.delete()
    addresses = {a.strip().lower() for a in (user.email, user.username) if a and "@" in a}
    if not addresses:
        return 0
    match = Q()
    for address in addresses:
        match |= Q(email__iexact=address)
    return Invitation.objects.open().filter(match, organisation=org).update(revoked_at=timezone.now(), revoked_by=by)


# Invitations ---------------------------------------------------------------------------------

OPEN, USED, REVOKED, EXPIRED = "open", "used", "revoked", "expired"


def invitation_state(invitation: Invitation) -> str:
    if invitation.accepted_at is not None:
        return USED
    if invitation.revoked_at is not None:
        return REVOKED
    if invitation.expires_at <= timezone.now():
        return EXPIRED
    return OPEN


def invited_address(token: str) -> str | None:
    """The address an open invitation was sent to, to prefill the sign-up form."""
    invitation = Invitation.objects.open().filter(token=token).only("email").first()
    return invitation.email if invitation else None


class InvitationClosed(Exception):
    """The invitation was used, revoked or has expired."""

    def __init__(self, state: str):
        super().__init__(state)
        self.state = state


class OtherAddress(Exception):
    """The invitation was sent to another address than the user's."""


class AddressNotConfirmed(Exception):
    """Accepting without the link from the e-mail needs a confirmed address."""


def accept_invitation(invitation: Invitation, user, *, with_token: bool) -> Membership:
    """Make `user` a member with the invitation's role.

    `with_token`: the user came through the personal link from the e-mail.
    Without it (from Mijn plannen) the user's address must be confirmed.
    """
    if (user.email or "").strip().lower() != invitation.email.strip().lower():
        raise OtherAddress
    if not with_token and not is_confirmed(user):
        raise AddressNotConfirmed
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().select_related("organisation").get(pk=invitation.pk)
        state = invitation_state(locked)
        if state != OPEN:
            raise InvitationClosed(state)
        member, _created = Membership.objects.get_or_create(
            organisation=locked.organisation, user=user, defaults={"role": locked.role}
        )
        locked.accepted_at = timezone.now()
        locked.save(update_fields=["accepted_at"])
    return member


def revoke_invitation(invitation: Invitation, by) -> None:
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        state = invitation_state(locked)
        if state != OPEN:
            raise InvitationClosed(state)
        locked.revoked_at, locked.revoked_by = timezone.now(), by
        locked.save(update_fields=["revoked_at", "revoked_by"])


def create_invitation(form, organisation: Organisation, by) -> Invitation:
    """Save a valid InvitationForm for the organisation."""
    invitation = form.save(commit=False)
    invitation.organisation, invitation.invited_by = organisation, by
    invitation.save()
    return invitation


def send_invitation(invitation: Invitation, link: str, by) -> bool:
    """E-mail the personal link; False (and logged) if sending failed. The invitation stays either way."""
    org_name = one_line(invitation.organisation.name)
    body = _(
        "%(name)s nodigt u uit als %(role)s van %(org)s in Open Modelgemeente.\n\n"
        "Open deze link om de uitnodiging te accepteren:\n%(link)s\n"
    ) % {
        "name": one_line(by.first_name or by.email),
        "role": invitation.get_role_display(),
        "org": org_name,
        "link": link,
    }
    body += _("De link is geldig tot %(date)s.\n") % {
        "date": date_format(timezone.localtime(invitation.expires_at), "j F Y")
    }
    subject = _("Uitnodiging voor %(org)s in Open Modelgemeente") % {"org": org_name}
    return send_safely(subject, body, invitation.email)


# Plans ---------------------------------------------------------------------------------------


class ConceptRelease(Exception):
    """A plan is pinned to a published release; a concept can still change under it."""


class NotInPlan(Exception):
    """A development, line or own line that is not part of this plan."""


class SharedLineLocked(PermissionDenied):
    """A plan's share in a collective provision changes only by joining or leaving it (the consultation app), so that
    the left-out model lines and the share stay together. A PermissionDenied: a 403 with this message."""

    def __init__(self):
        super().__init__(
            _(
                "Deze regel is het deel van het plan in een gezamenlijke voorziening; wijzig of verwijder hem door de "
                "voorziening te verlaten. Er is niets gewijzigd."
            )
        )


class ExtraLineChanged(Exception):
    """Someone else changed this own line since it was shown; `current` is the line as saved now."""

    def __init__(self, current: ExtraLine):
        super().__init__("own line changed by someone else")
        self.current = current


def create_plan(
    organisation: Organisation,
    user,
    *,
    edition: Edition,
    title: str,
    start_year: int,
    horizon: int,
    municipality: dict | None = None,
    inhabitants: int | None = None,
    employees: int | None = None,
    departments: int | None = None,
) -> Plan:
    """A plan with a choice for every development of the edition. `municipality` is the entry of the CBS
    list (refdata.municipality); figures not given come from it or are estimated from the reference
    municipality, and the profile's provenance says which. A plan starts on a published release only
    (ConceptRelease otherwise): a concept can still change under it."""
    if not edition.is_published:
        raise ConceptRelease(_("Een plan begint op een gepubliceerde release, niet op een concept."))
    inhabitants_given = inhabitants
    inhabitants = inhabitants or municipality["inhabitants"]
    est_employees, est_departments = estimated_profile(edition, inhabitants)
    sources = {"inhabitants": ProfileSource.CBS if municipality and not inhabitants_given else ProfileSource.OWN}
    sources["employees"] = ProfileSource.OWN if employees else ProfileSource.ESTIMATE
    sources["departments"] = ProfileSource.OWN if departments else ProfileSource.ESTIMATE
    with transaction.atomic():
        plan = Plan.objects.create(
            organisation=organisation,
            edition=edition,
            title=title,
            municipality_code=municipality["code"] if municipality else "",
            inhabitants=inhabitants,
            employees=employees or est_employees,
            departments=departments or est_departments,
            profile_sources=sources,
            profile_provenance=provenance_text(edition, sources, municipality),
            start_year=start_year,
            horizon=horizon,
            created_by=user,
        )
        start_plan(plan, user)
    return plan


def start_plan(plan: Plan, user) -> None:
    """A new plan's choices (every development of its edition, with the model's defaults) and its
    first history record. Part of create_plan; the test factories build plans with it too."""
    PlanDevelopment.objects.bulk_create(
        PlanDevelopment(plan=plan, development=d, capacity_type=d.capacity_type, start_year=plan.start_year)
        for d in plan.edition.developments.all()
    )
    PlanChange.objects.create(
        plan=plan,
        version=plan.version,
        user=user,
        kind=ChangeKind.CREATED,
        details=[creation_record(plan)],
        totals=plan_totals(plan),
    )


def save_plan_settings(plan: Plan, user, expected_version: int, values: dict) -> PlanChange | None:
    """Profile, years and assumptions (any of SETTINGS_FIELDS). A changed profile figure becomes the
    municipality's own and its provenance text is written anew, unless the text itself was changed.
    Choices starting outside the plan's new years are moved inside them."""
    current = Plan.objects.select_related("edition").get(pk=plan.pk)
    before = snapshot(current, SETTINGS_FIELDS)
    before_values = {name: getattr(current, name) for name in SETTINGS_FIELDS}
    for name, value in values.items():
        if name not in SETTINGS_FIELDS:
            raise ValueError(f"not a plan setting: {name}")
        setattr(current, name, value)
    if current.profile_provenance == before_values["profile_provenance"]:
        profile.after_change(current, before_values)  # a changed figure is now the municipality's own
    details = model_diff(before, current, SETTINGS_FIELDS, plan_object())

    def apply():
        current.version = plan.version  # the version save_change has just given the plan
        current.save()
        # Starting later than a development's start year would drop it from view: move those along.
        current.choices.filter(start_year__lt=current.start_year).update(start_year=current.start_year)
        current.choices.filter(start_year__gt=current.years[-1]).update(start_year=current.years[-1])

    return save_change(plan, expected_version, user, ChangeKind.SETTINGS, details, apply)


def apply_bulk(action: str, choices) -> None:
    """'all-on', 'all-off', 'on:<domain>', 'off:<domain>': include or leave out in one go (on unsaved
    choices, which are then saved with save_choices or previewed)."""
    if not action:
        return
    switch, _sep, domain = action.partition(":")
    switch = switch.removeprefix("all-")
    for choice in choices:
        if not domain or choice.development.domain.slug == domain:
            choice.included = switch == "on"


def save_choices(plan: Plan, user, expected_version: int, rows: dict[str, dict]) -> PlanChange | None:
    """The choices for developments: {development slug: {field: value}} for any of CHOICE_FIELDS."""
    choices = {c.development.slug: c for c in plan.choices.select_related("development")}
    details, changed = [], []
    for slug, values in rows.items():
        choice = choices.get(slug)
        if choice is None:
            raise NotInPlan(slug)
        before = snapshot(choice, CHOICE_FIELDS)
        for name, value in values.items():
            if name not in CHOICE_FIELDS:
                raise ValueError(f"not a choice field: {name}")
            setattr(choice, name, value)
        found = model_diff(before, choice, CHOICE_FIELDS, development_object(choice.development))
        if found:
            details += found
            changed.append(choice)
    return save_change(
        plan,
        expected_version,
        user,
        ChangeKind.CHOICES,
        details,
        lambda: PlanDevelopment.objects.bulk_update(changed, CHOICE_FIELDS),
    )


def adjustment_for(plan: Plan, line: BudgetLine, data: dict) -> LineAdjustment:
    """An unsaved adjustment from {excluded, own, reason, price_year}: `own` is an amount for a money
    line (in prices of `price_year`, default the plan's first year) or hours per week for capacity."""
    own = data.get("own")
    money = own is not None and not line.is_capacity
    return LineAdjustment(
        plan=plan,
        budget_line=line,
        excluded=bool(data.get("excluded")),
        amount=own if money else None,
        hours_per_week=own if line.is_capacity else None,
        price_year=(data.get("price_year") or plan.start_year) if money else None,
        reason=(data.get("reason") or "").strip(),
    )


def _adjustment_facts(adjustment: LineAdjustment | None) -> dict:
    """An adjustment that neither leaves the line out nor gives a figure is the model's line."""
    if adjustment is None or not (adjustment.excluded or adjustment.overrides):
        return {"excluded": False, "amount": None, "hours_per_week": None, "price_year": None, "reason": ""}
    return snapshot(adjustment, ADJUSTMENT_FIELDS)


def save_line_adjustments(
    plan: Plan, user, expected_version: int, development: Development, figures: dict[str, dict]
) -> PlanChange | None:
    """The plan's choice per model line of one development: {line slug: {excluded, own, reason,
    price_year}} (see adjustment_for). A line back at the model's figure loses its adjustment."""
    lines = {line.slug: line for line in development.budget_lines.select_related("development")}
    adjustments = {a.budget_line_id: a for a in plan.adjustments.filter(budget_line__development=development)}
    details, changed = [], []
    for slug, data in figures.items():
        line = lines.get(slug)
        if line is None:
            raise NotInPlan(slug)
        old, new = adjustments.get(line.pk), adjustment_for(plan, line, data)
        found = field_changes(line_object(line), _adjustment_facts(old), _adjustment_facts(new), ADJUSTMENT_FIELDS)
        if found:
            details += found
            changed.append((old, new))

    def apply():
        for old, new in changed:
            if not (new.excluded or new.overrides):
                if old is not None:
                    old.delete()
                continue
            if old is not None:
                new.pk = old.pk
            new.save()

    return save_change(plan, expected_version, user, ChangeKind.LINES, details, apply)


def add_extra_line(
    plan: Plan, user, development: Development, values: dict, expected_version: int | None = None
) -> ExtraLine:
    """An own line only adds: it cannot overwrite anyone's change, so it is saved on top of the current
    version whatever version the user started from (the pages). `expected_version` (the API's If-Match)
    refuses it with StaleVersion when the plan was saved since."""
    if not plan.choices.filter(development=development).exists():
        raise NotInPlan(development.slug)
    extra = ExtraLine(plan=plan, development=development, **_extra_values(values))
    record = {"object": None, "action": "added", "values": snapshot(extra, EXTRA_FIELDS)}

    def apply():
        extra.save()
        record["object"] = extra_object(extra)  # with the new line's id; the record is written after apply()

    save_change(plan, expected_version, user, ChangeKind.EXTRA_ADDED, [record], apply)
    return extra


def _extra_values(values: dict) -> dict:
    unknown = set(values) - set(EXTRA_FIELDS)
    if unknown:
        raise ValueError(f"not an own-line field: {sorted(unknown)}")
    return values


def update_extra_line(
    plan: Plan,
    user,
    extra: ExtraLine,
    values: dict,
    expected: dict | None = None,
    expected_version: int | None = None,
) -> PlanChange | None:
    """Change an own line on top of the current plan version. `expected` is the line's canonical values
    (changes.snapshot over EXTRA_FIELDS) as the user saw them: if someone changed the line since,
    ExtraLineChanged is raised and nothing is saved. `expected_version` as for add_extra_line."""
    values = _extra_values(values)
    with transaction.atomic():
        current = ExtraLine.objects.select_for_update().select_related("development").filter(plan=plan).get(pk=extra.pk)
        if current.origin == LineOrigin.SHARED:
            raise SharedLineLocked()
        before = snapshot(current, EXTRA_FIELDS)
        if expected is not None and expected != before:
            raise ExtraLineChanged(current)
        obj = extra_object(current)
        updated = copy(current)
        for name, value in values.items():
            setattr(updated, name, value)
        details = model_diff(before, updated, EXTRA_FIELDS, obj)
        return save_change(plan, expected_version, user, ChangeKind.EXTRA_CHANGED, details, updated.save)


def delete_extra_line(plan: Plan, user, extra: ExtraLine, expected_version: int | None = None) -> PlanChange:
    """Delete an own line of the plan; the record keeps what it held. `expected_version` as for
    add_extra_line."""
    if extra.plan_id != plan.pk:
        raise NotInPlan(extra.pk)
    if extra.origin == LineOrigin.SHARED:
        raise SharedLineLocked()
    record = {"object": extra_object(extra), "action": "deleted", "values": snapshot(extra, EXTRA_FIELDS)}
    return save_change(plan, expected_version, user, ChangeKind.EXTRA_DELETED, [record], extra.delete)


# Shared lines: a collective provision instead of the model's lines ---------------------------------
# The consultation app decides which lines a provision replaces and what the plan's share is; these two
# functions only change the plan, in one saved change, and know nothing of provisions.


def swap_in_shared_lines(
    plan: Plan, user, expected_version: int, exclude: list[BudgetLine], add: list[dict], reason: str
) -> list[ExtraLine]:
    """Leave the `exclude` model lines out (with `reason`) and add own lines marked "gezamenlijke voorziening"
    (`add`: ExtraLine field values with a development). Returns the added lines."""
    in_plan = set(plan.choices.values_list("development_id", flat=True))
    missing = [v["development"].slug for v in add if v["development"].pk not in in_plan]
    if missing:
        raise NotInPlan(missing[0])
    adjustments = {a.budget_line_id: a for a in plan.adjustments.filter(budget_line__in=exclude)}
    details, changed = [], []
    for line in exclude:
        old = adjustments.get(line.pk)
        new = copy(old) if old is not None else LineAdjustment(plan=plan, budget_line=line)
        # An own figure keeps the reason the user gave it (leaving brings the figure back); a new exclusion says why.
        new.excluded, new.reason = True, (old.reason if old is not None and old.reason else reason)
        found = field_changes(line_object(line), _adjustment_facts(old), _adjustment_facts(new), ADJUSTMENT_FIELDS)
        if found:
            details += found
            changed.append(new)
    extras = [ExtraLine(plan=plan, origin=LineOrigin.SHARED, **values) for values in add]
    records = [{"object": None, "action": "added", "values": snapshot(extra, EXTRA_FIELDS)} for extra in extras]

    def apply():
        for adjustment in changed:
            adjustment.save()
        for extra, record in zip(extras, records, strict=True):
            extra.save()
            record["object"] = extra_object(extra)

    save_change(plan, expected_version, user, ChangeKind.SHARED_JOINED, details + records, apply)
    return extras


def swap_out_shared_lines(
    plan: Plan, user, expected_version: int, restore: list[BudgetLine], remove_ids: list[int]
) -> PlanChange | None:
    """Undo swap_in_shared_lines: the `restore` lines count again (unless the plan also has its own figure for
    one: then only the exclusion is lifted), and the shared lines with these ids go. Lines the user removed or
    changed by hand in the meantime are left as they are."""
    adjustments = {a.budget_line_id: a for a in plan.adjustments.filter(budget_line__in=restore, excluded=True)}
    removed = list(plan.extra_lines.filter(pk__in=remove_ids, origin=LineOrigin.SHARED).select_related("development"))
    details = []
    for line in restore:
        old = adjustments.get(line.pk)
        if old is None:
            continue
        new = copy(old)
        new.excluded = False
        details += field_changes(line_object(line), _adjustment_facts(old), _adjustment_facts(new), ADJUSTMENT_FIELDS)
    details += [
        {"object": extra_object(extra), "action": "deleted", "values": snapshot(extra, EXTRA_FIELDS)}
        for extra in removed
    ]

    def apply():
        for old in adjustments.values():
            if old.overrides:
                old.excluded = False
                old.save(update_fields=["excluded"])
            else:
                old.delete()
        for extra in removed:
            extra.delete()

    return save_change(plan, expected_version, user, ChangeKind.SHARED_LEFT, details, apply)


# Moving a plan to another release ------------------------------------------------------------


class MigrationRefused(Exception):
    """The plan cannot be moved as asked; `message` says why, in Dutch."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def migrate_plan(plan: Plan, target: Edition, decisions: dict | None, user, expected_version: int) -> Plan:
    """Move a plan to another published release: a NEW plan on `target` that supersedes `plan`, with the
    plan's profile, years and own assumptions, a choice for every development of the target and the own
    figures and lines as `decisions` say (plans/migration.py; defaults keep every own figure). The old
    plan is not changed: it stays readable, with its exports, and is read-only from now on.

    Refused (MigrationRefused) for a concept, the plan's own release and decisions that are not valid;
    SupersededPlan when the plan was moved already, AdoptedPlan when it is vastgesteld (one continues in a scenario);
    StaleVersion when it was saved since `expected_version`."""
    from . import migration  # imports plans.budget, which the rest of this module does not need

    if not target.is_published:
        raise MigrationRefused(
            _("Een plan kan alleen naar een gepubliceerde release; %(id)s is een concept.") % {"id": target.release_id}
        )
    if target.pk == plan.edition_id:
        raise MigrationRefused(_("Dit plan staat al op release %(id)s.") % {"id": target.release_id})
    with transaction.atomic():
        current = Plan.objects.select_for_update().select_related("edition", "organisation").get(pk=plan.pk)
        refuse_if_read_only(current)
        if current.version != expected_version:
            raise StaleVersion(
                current.changes.filter(version__gt=expected_version).select_related("user").order_by("version")
            )
        result = migration.preview(current, target, decisions)
        if result.errors:
            raise MigrationRefused(" ".join(result.errors))
        new = result.new_plan
        new.supersedes = current
        new.version = current.version + 1
        new.created_by = user
        new.save()
        for row in [*result.choices, *result.adjustments, *result.extra_lines]:
            row.plan = new
        PlanDevelopment.objects.bulk_create(result.choices)
        LineAdjustment.objects.bulk_create(result.adjustments)
        ExtraLine.objects.bulk_create(result.extra_lines)
        carried = sum(1 for item in result.items if item.kind == "choice" and item.status == migration.KEPT)
        head = {
            "object": plan_object(),
            "action": "migrated",
            "values": {
                "from": current.edition.release_id,
                "to": target.release_id,
                "plan": current.pk,
                "carried_choices": carried,
            },
        }
        change = PlanChange.objects.create(
            plan=new, version=new.version, user=user, kind=ChangeKind.MIGRATED, details=[head, *result.facts]
        )
        copied = {e.copied_from: e.pk for e in result.extra_lines if getattr(e, "copied_from", None)}
        plan_moved.send(sender=Plan, old_plan=current, new_plan=new, extra_lines=copied, user=user)
        change.totals = plan_totals(new)  # after the apps carried along what they keep for the plan
        change.save(update_fields=["totals"])
    return new
