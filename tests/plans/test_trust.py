"""Own figures mean what the user typed; forged or junk hidden fields are a 400 that saves nothing;
an action on one development's page cannot touch another development.

On the synthetic edition with the shared `plan` fixture (12.500 inhabitants, 2091-2094, prices +2% a year)."""

from decimal import Decimal

import pytest

from modelgemeente.plans.budget import plan_report
from modelgemeente.plans.changes import lines
from modelgemeente.plans.models import ExtraLine

from ..factories import line
from ..html_forms import form_data, post_data
from .test_editing import DASHBOARD, choices_post, line_post, url

pytestmark = pytest.mark.django_db


def line_row(plan, slug):
    return next(row for row in plan_report(plan).lines if row.key.endswith(f"/{slug}"))


def test_an_own_amount_is_in_the_prices_of_the_plans_first_year_by_default(client, plan, editor):
    """Issue 9: an own € 15.000 for 2027 used to show as € 15.375 (indexed from the edition's price year)."""
    client.force_login(editor)
    response = client.post(
        url(plan, f"ontwikkeling/{DASHBOARD}/"),
        line_post(plan, DASHBOARD, **{"dashboard-licenties": {"own": "15000", "reason": "Offerte leverancier 2091"}}),
    )
    assert response.status_code == 302
    row = line_row(plan, "dashboard-licenties")
    assert row.amount_in(2091) == Decimal(15000)  # not 15.000 × 1,02 = 15.300 (indexed from 2090)
    assert row.amount_in(2092) == Decimal("15300")  # indexed from 2091 on, 2% a year: 15.000 × 1,02
    assert "(prijspeil 2091)" in row.cells[2091].explanation and "prijsindex" not in row.cells[2091].explanation
    assert plan.adjustments.get().price_year == 2091
    page = client.get(url(plan, f"ontwikkeling/{DASHBOARD}/")).content.decode()
    assert "€\xa015.000" in page and "€\xa015.300" not in page.split("2091:")[1].split("</li>")[0]


def test_an_own_amount_in_a_later_years_prices_is_not_indexed_before_that_year(client, plan, editor):
    client.force_login(editor)
    client.post(
        url(plan, f"ontwikkeling/{DASHBOARD}/"),
        line_post(
            plan,
            DASHBOARD,
            **{"dashboard-licenties": {"own": "15000", "price_year": "2093", "reason": "Nieuw contract 2093"}},
        ),
    )
    row = line_row(plan, "dashboard-licenties")
    # 2091 and 2092 are not indexed down; 2093 as typed; 2094 one year of 2%: 15.000 × 1,02 = 15.300
    assert [row.amount_in(y) for y in plan.years] == [Decimal(15000), Decimal(15000), Decimal(15000), Decimal("15300")]


def test_a_price_year_outside_the_plan_is_refused(client, plan, editor):
    client.force_login(editor)
    response = client.post(
        url(plan, f"ontwikkeling/{DASHBOARD}/"),
        line_post(plan, DASHBOARD, **{"dashboard-licenties": {"own": "15000", "price_year": "2099", "reason": "x"}}),
    )
    # from the edition's price year (2090) to the plan's last year (2094)
    assert response.status_code == 400 and "Kies een prijspeil van 2090 tot en met 2094." in response.content.decode()
    assert not plan.adjustments.exists()


def test_changing_employees_makes_the_profile_provenance_say_the_municipality_gave_it(client, plan, editor):
    assert "schatting naar rato" in plan.profile_provenance  # employees and departments were estimated
    client.force_login(editor)
    form = form_data(client.get(url(plan, "uitgangspunten/")).content.decode(), "employees")
    response = client.post(url(plan, "uitgangspunten/"), post_data(form) | {"employees": "280"})
    assert response.status_code == 302
    plan.refresh_from_db()
    # the fixture's plan has typed inhabitants: those and now the employees are the municipality's own
    assert plan.profile_provenance.startswith("Inwoners en medewerkers: opgegeven door de gemeente. ")
    assert "Afdelingen: schatting naar rato" in plan.profile_provenance  # departments still are an estimate
    assert plan.profile_sources["employees"] == "own"
    form = form_data(client.get(url(plan, "uitgangspunten/")).content.decode(), "employees")
    client.post(url(plan, "uitgangspunten/"), post_data(form) | {"departments": "11", "inhabitants": "30500"})
    plan.refresh_from_db()
    assert plan.profile_provenance == "Inwoners, medewerkers en afdelingen: opgegeven door de gemeente."
    assert "CBS" not in plan.profile_provenance and "schatting" not in plan.profile_provenance
    assert any("herkomst profiel" in d for d in lines(plan.changes.first()))


def test_a_plan_from_the_cbs_list_cites_cbs_until_the_inhabitants_are_changed(client, test_edition, org, editor):
    client.force_login(editor)
    client.post(
        f"/organisaties/{org.slug}/plannen/nieuw/",
        {"title": "Plan", "edition": test_edition.pk, "municipality": "GM1680", "start_year": 2091, "horizon": 4},
    )
    plan = org.plans.get()
    assert "CBS" in plan.profile_provenance and plan.profile_sources["inhabitants"] == "cbs"
    form = form_data(client.get(url(plan, "uitgangspunten/")).content.decode(), "employees")
    client.post(url(plan, "uitgangspunten/"), post_data(form) | {"inhabitants": "26000"})
    plan.refresh_from_db()
    assert plan.profile_provenance.startswith("Inwoners: opgegeven door de gemeente.")
    assert "CBS" not in plan.profile_provenance


# Forged and junk hidden fields: 400, nothing saved ---------------------------------------------


def assert_refused(response, plan, version=1):
    assert response.status_code == 400, response.status_code
    assert "er is niets" in response.content.decode()
    plan.refresh_from_db()
    assert plan.version == version


@pytest.mark.parametrize("version", ["abc", "", "1e9", "99999999999999999999", "-1"])
def test_junk_version_on_the_choices_and_development_pages(client, plan, editor, version):
    client.force_login(editor)
    assert_refused(client.post(url(plan, "ontwikkelingen/"), choices_post(plan) | {"version": version}), plan)
    assert_refused(
        client.post(url(plan, f"ontwikkeling/{DASHBOARD}/"), line_post(plan, DASHBOARD) | {"version": version}),
        plan,
    )
    assert_refused(
        client.post(
            url(plan, f"ontwikkeling/{DASHBOARD}/"), {"version": version, "action": "delete_extra", "extra_id": "1"}
        ),
        plan,
    )


def test_an_extra_id_that_is_not_a_number(client, plan, editor):
    client.force_login(editor)
    assert_refused(
        client.post(
            url(plan, f"ontwikkeling/{DASHBOARD}/"), {"version": 1, "action": "delete_extra", "extra_id": "abc"}
        ),
        plan,
    )


def test_a_choice_id_of_another_plan_is_refused(client, plan, editor, org):
    from modelgemeente.plans.services import create_plan

    client.force_login(editor)
    other = create_plan(
        org, editor, edition=plan.edition, inhabitants=5000, title="Ander plan", start_year=2091, horizon=4
    )
    data = choices_post(plan)
    data["c-0-id"] = other.choices.first().pk
    assert_refused(client.post(url(plan, "ontwikkelingen/"), data), plan)
    assert other.choices.filter(motivation="").count() == other.choices.count()


@pytest.mark.parametrize("total", ["7", "100000", "abc", "0"])  # 7: one more than the edition's 6 developments
def test_a_raised_or_junk_form_count_is_refused(client, plan, editor, total):
    client.force_login(editor)
    assert_refused(client.post(url(plan, "ontwikkelingen/"), choices_post(plan) | {"c-TOTAL_FORMS": total}), plan)


def test_an_unknown_action_is_refused(client, plan, editor):
    client.force_login(editor)
    assert_refused(client.post(url(plan, f"ontwikkeling/{DASHBOARD}/"), {"version": 1, "action": "drop"}), plan)


def test_delete_extra_only_deletes_an_own_line_of_the_pages_development(client, plan, editor):
    other_development = plan.choices.exclude(development__slug=DASHBOARD).first().development
    extra = ExtraLine.objects.create(
        plan=plan,
        development=other_development,
        description="Eigen licentie",
        kind="structural",
        category="licences",
        amount=Decimal(1000),
        reason="Offerte",
    )
    client.force_login(editor)
    response = client.post(
        url(plan, f"ontwikkeling/{DASHBOARD}/"), {"version": 1, "action": "delete_extra", "extra_id": extra.pk}
    )
    assert response.status_code == 404
    assert ExtraLine.objects.filter(pk=extra.pk).exists()
    response = client.post(
        url(plan, f"ontwikkeling/{other_development.slug}/"),
        {"version": 1, "action": "delete_extra", "extra_id": extra.pk},
    )
    assert response.status_code == 302 and not ExtraLine.objects.filter(pk=extra.pk).exists()


def test_free_text_has_a_limit_with_a_clear_message(client, plan, editor):
    client.force_login(editor)
    long = "x" * 4001
    response = client.post(url(plan, "ontwikkelingen/"), choices_post(plan, **{DASHBOARD: {"motivation": long}}))
    assert response.status_code == 400 and "niet meer dan 4000 tekens" in response.content.decode()
    beheer = line(plan.edition, f"{DASHBOARD}/dashboard-beheer")
    response = client.post(
        url(plan, f"ontwikkeling/{DASHBOARD}/"),
        line_post(plan, DASHBOARD, **{beheer.slug: {"own": "8", "reason": long}}),
    )
    assert response.status_code == 400 and "niet meer dan 4000 tekens" in response.content.decode()
    plan.refresh_from_db()
    assert plan.version == 1


def test_saving_an_unchanged_form_is_no_change(client, plan, editor):
    client.force_login(editor)
    for page in ("ontwikkelingen/", f"ontwikkeling/{DASHBOARD}/", "uitgangspunten/"):
        form = form_data(client.get(url(plan, page)).content.decode(), "version")
        response = client.post(url(plan, page), post_data(form), follow=True)
        assert "Er was niets gewijzigd" in response.content.decode(), page
    plan.refresh_from_db()
    assert plan.version == 1 and plan.changes.count() == 1
