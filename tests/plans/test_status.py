"""A plan's status (concept, ingediend, vastgesteld) on its status page: who may take which step, the version check,
the history, junk input, a vastgesteld plan refused on every page that changes a plan, and its downloads frozen
byte for byte as they were at adoption. On the synthetic edition (the shared `plan` fixture)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone, translation

from modelgemeente.core.enums import PlanStatus
from modelgemeente.exports import writers
from modelgemeente.plans import status
from modelgemeente.plans.budget import plan_export_report
from modelgemeente.plans.changes import lines
from modelgemeente.plans.models import ChangeKind, FrozenExport, Organisation, Plan
from tests.maturity.test_assessments import assessment, scored  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def url(plan, suffix=""):
    return f"/organisaties/{plan.organisation.slug}/plannen/{plan.pk}/{suffix}"


def step(client, plan, new, **extra):
    plan.refresh_from_db()
    return client.post(url(plan, "status/"), {"version": plan.version, "status": new} | extra)


def state(plan):
    return Plan.objects.values_list("status", "version").get(pk=plan.pk)


ADOPT = {"confirm": "on", "decision_date": "3-7-2026", "decision_reference": "RB 2026-41"}


def test_steps_per_role_with_history_and_the_badge(client, plan, editor, reader, admin_user):
    client.force_login(reader)
    page = client.get(url(plan, "status/")).content.decode()
    assert "plan-status-concept" in page and "Alleen redacteuren" in page
    assert step(client, plan, "ingediend").status_code == 403
    assert state(plan) == ("concept", 1)

    client.force_login(editor)
    assert step(client, plan, "ingediend").status_code == 302
    assert state(plan) == ("ingediend", 2)
    assert step(client, plan, "concept").status_code == 302
    assert step(client, plan, "ingediend").status_code == 302
    response = step(client, plan, "vastgesteld", **ADOPT)
    assert response.status_code == 403 and "beheerder" in response.content.decode()
    assert state(plan) == ("ingediend", 4)

    change = plan.changes.get(version=2)
    assert change.kind == ChangeKind.STATUS
    assert change.details == [{"object": {"kind": "plan"}, "field": "status", "old": "concept", "new": "ingediend"}]
    with translation.override("nl"):
        assert lines(change) == ["status: concept → ingediend"]
    history = client.get(url(plan, "historie/")).content.decode()
    assert "Status gewijzigd" in history and "concept → ingediend" in history
    organisation = client.get(f"/organisaties/{plan.organisation.slug}/").content.decode()
    assert "plan-status-ingediend" in organisation

    client.force_login(admin_user)
    response = step(client, plan, "vastgesteld")  # no confirmation
    assert response.status_code == 400 and "Bevestig dat de raad" in response.content.decode()
    assert state(plan) == ("ingediend", 4)
    assert step(client, plan, "vastgesteld", **ADOPT).status_code == 302
    plan.refresh_from_db()
    assert (plan.status, plan.version, plan.decision_date, plan.decision_reference) == (
        "vastgesteld",
        5,
        date(2026, 7, 3),
        "RB 2026-41",
    )
    assert plan.status_changed_at is not None
    assert sorted(FrozenExport.objects.filter(plan=plan).values_list("fmt", flat=True)) == sorted(writers.FORMATS)
    page = client.get(url(plan)).content.decode()
    assert "plan-status-vastgesteld" in page and "Vastgesteld door de raad op 3 juli 2026" in page
    adoption = plan.changes.get(version=5)
    assert {"object": {"kind": "plan"}, "field": "decision_date", "new": "2026-07-03"} in adoption.details
    with translation.override("nl"):  # the history shows the decision date as a reader writes it, not as stored
        adopted = lines(adoption)
    assert any(line.endswith(": 3 juli 2026") for line in adopted), adopted
    assert ": 3 juli 2026" in client.get(url(plan, "historie/")).content.decode()
    assert "Ontwikkelingen kiezen" not in page and "Profiel en uitgangspunten</a>" not in page
    response = step(client, plan, "concept")
    assert response.status_code == 403 and "Dit plan is vastgesteld" in response.content.decode()
    assert state(plan) == ("vastgesteld", 5)


def test_a_stale_version_is_refused(client, plan, editor):
    client.force_login(editor)
    response = client.post(url(plan, "status/"), {"version": 1, "status": "ingediend"})
    assert response.status_code == 302
    response = client.post(url(plan, "status/"), {"version": 1, "status": "concept"})
    assert response.status_code == 409 and "iemand anders" in response.content.decode()
    assert state(plan) == ("ingediend", 2)


@pytest.mark.parametrize(
    "data, message",
    [
        ({"status": "gesloten"}, "Selecteer een geldige keuze"),
        ({"status": ""}, "Dit veld is verplicht"),
        ({"status": "vastgesteld"}, "dien het eerst in"),
        ({"status": "concept"}, "al concept"),
        ({"status": "ingediend", "decision_reference": "RB 1"}, "alleen bij het vaststellen"),
        ({"status": "ingediend", "decision_date": "31-02-2026"}, "dag-maand-jaar"),
        ({"status": "ingediend", "decision_reference": "x" * 101}, "101"),
        ({"status": "ingediend\x00"}, "Selecteer een geldige keuze"),
    ],
)
def test_junk_gets_a_dutch_message_and_changes_nothing(client, plan, admin_user, data, message):
    client.force_login(admin_user)
    response = client.post(url(plan, "status/"), {"version": plan.version} | data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert state(plan) == ("concept", 1)


@pytest.mark.parametrize("version", ["", "abc", "99999999999999999999", "-1"])
def test_a_missing_or_junk_version_is_a_400(client, plan, editor, version):
    client.force_login(editor)
    data = {"status": "ingediend"} if version == "" else {"status": "ingediend", "version": version}
    assert client.post(url(plan, "status/"), data).status_code == 400
    assert state(plan) == ("concept", 1)


def test_a_decision_date_in_the_future_is_refused(plan, admin_user, editor):
    status.change_status(plan, editor, 1, PlanStatus.SUBMITTED)
    with pytest.raises(status.StatusRefused, match="toekomst"):
        status.change_status(
            plan, admin_user, 2, PlanStatus.ADOPTED, confirmed=True, decision_date=timezone.localdate() + timedelta(1)
        )
    assert state(plan) == ("ingediend", 2) and not FrozenExport.objects.exists()


def adopt_quickly(plan):
    """Vastgesteld without writing the frozen exports (the read-only tests need only the status)."""
    Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.ADOPTED)
    plan.refresh_from_db()


def test_a_vastgesteld_plan_is_refused_on_every_page_that_changes_it(client, plan, editor, admin_user):
    extra = plan.extra_lines.create(
        development=plan.choices.first().development,
        description="Eigen licentie",
        kind="structural",
        category="licences",
        amount=1000,
        reason="Offerte",
    )
    adopt_quickly(plan)
    version = plan.version
    client.force_login(editor)
    slug = extra.development.slug
    posts = [
        ("uitgangspunten/", {"title": "Anders"}),
        ("ontwikkelingen/", {}),
        (f"ontwikkeling/{slug}/", {"action": "lines"}),
        (f"ontwikkeling/{slug}/", {"action": "add_extra", "extra-description": "Nieuw"}),
        (f"ontwikkeling/{slug}/", {"action": "edit_extra", "extra_id": extra.pk}),
        (f"ontwikkeling/{slug}/", {"action": "delete_extra", "extra_id": extra.pk}),
    ]
    for suffix, data in posts:
        response = client.post(url(plan, suffix), {"version": version} | data, follow=True)
        assert "Dit plan is vastgesteld en kan niet meer worden gewijzigd" in response.content.decode(), suffix
    for suffix in ("uitgangspunten/", "ontwikkelingen/"):
        assert client.get(url(plan, suffix)).status_code == 302  # back to the plan, with the reason
    response = client.post(url(plan, "naar-release/"), {"naar": "2090.1", "version": version, "action": "confirm"})
    assert response.status_code in (400, 409)
    assert "Overzetten naar release" not in response.content.decode()
    client.force_login(admin_user)
    assert step(client, plan, "concept").status_code == 403
    assert Plan.objects.get(pk=plan.pk).version == version and Plan.objects.count() == 1
    assert list(plan.extra_lines.values_list("description", flat=True)) == ["Eigen licentie"]
    assert plan.changes.count() == 1
    detail = client.get(url(plan, f"ontwikkeling/{slug}/")).content.decode()
    assert "Eigen regel toevoegen" not in detail and "Regels opslaan" not in detail


def test_frozen_downloads_stay_byte_identical(client, plan, editor, admin_user, reader, outsider):
    status.change_status(plan, editor, 1, PlanStatus.SUBMITTED)
    status.change_status(plan, admin_user, 2, PlanStatus.ADOPTED, confirmed=True)
    client.force_login(reader)
    at_adoption = {}
    for fmt in writers.FORMATS:
        response = client.get(url(plan, f"plan.{fmt}"))
        assert response.status_code == 200
        assert (
            response["Content-Disposition"] == f'attachment; filename="ict-plan-gemeente-voorbeeld-{plan.pk}-v3.{fmt}"'
        )
        at_adoption[fmt] = response.content
    assert "Gemeente Voorbeeld" in at_adoption["csv"].decode("utf-8-sig")

    # Something that would change a fresh export: the organisation's name (in every export's subtitle).
    Organisation.objects.filter(pk=plan.organisation_id).update(name="Gemeente Hernoemd")
    plan.refresh_from_db()
    fresh = writers.download(lambda: plan_export_report(plan), "csv", "x").content.decode("utf-8-sig")
    assert "Gemeente Hernoemd" in fresh
    for fmt in writers.FORMATS:
        assert client.get(url(plan, f"plan.{fmt}")).content == at_adoption[fmt], fmt

    # A format without a frozen copy (added after adoption) is made from the plan as it is.
    FrozenExport.objects.filter(plan=plan, fmt="csv").delete()
    assert "Gemeente Hernoemd" in client.get(url(plan, "plan.csv")).content.decode("utf-8-sig")
    client.force_login(outsider)
    assert client.get(url(plan, "plan.pdf")).status_code == 404
    client.logout()
    assert client.get(url(plan, "plan.pdf")).status_code == 403


@pytest.mark.parametrize("suffix", ["status/", "scenarios/", "scenarios/vergelijking/"])
def test_new_pages_are_closed_to_outsiders_and_anonymous_visitors(client, plan, outsider, suffix):
    client.force_login(outsider)
    assert client.get(url(plan, suffix)).status_code == 404
    assert client.post(url(plan, suffix), {"version": 1, "status": "ingediend", "name": "x"}).status_code == 404
    client.logout()
    assert client.get(url(plan, suffix)).status_code == 403
    assert state(plan) == ("concept", 1) and Plan.objects.count() == 1


@pytest.mark.usefixtures("scored")  # an assessment of 2091 with a gap that digitaal-loket closes
def test_a_vastgesteld_plan_cannot_join_or_leave_a_provision_nor_take_the_maturity_gap(client, plan, editor, org):
    """The pages of the apps above plans: the consultation's join and leave, the maturity gap's "add to plan"."""
    from modelgemeente.consultation.models import ProvisionJoin
    from modelgemeente.consultation.services import provisions as provision_services
    from tests.consultation.test_provisions import loket_provision

    provision = loket_provision()
    join = provision_services.join_provision(plan, provision, editor, Plan.objects.get(pk=plan.pk).version)
    plan.choices.filter(development__slug="digitaal-loket").update(included=False)
    adopt_quickly(plan)
    version = plan.version
    client.force_login(editor)
    response = client.post(f"/voorzieningen/{provision.slug}/deelname/{join.pk}/verlaten/", {"version": version})
    assert response.status_code == 400 and "Dit plan is vastgesteld" in response.content.decode()
    join.delete()  # as if it had not joined: it is not offered, and a forged post is refused
    assert f'value="{plan.pk}"' not in client.get(f"/voorzieningen/{provision.slug}/").content.decode()
    response = client.post(f"/voorzieningen/{provision.slug}/aansluiten/", {"plan": plan.pk, "version": version})
    assert response.status_code == 400

    gap = f"/organisaties/{org.slug}/volwassenheid/2091/kloof/"
    assert client.get(gap + f"?plan={plan.pk}").status_code == 404  # not offered: it cannot change
    response = client.post(gap + f"?plan={plan.pk}", {"developments": ["digitaal-loket"], "version": version})
    assert response.status_code == 404
    assert Plan.objects.get(pk=plan.pk).version == version and not ProvisionJoin.objects.filter(plan=plan).exists()
    assert plan.choices.get(development__slug="digitaal-loket").included is False
