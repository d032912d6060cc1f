"""Editing a plan: choices per development and domain, own figures, own lines, live totals,
refused concurrent saves, and the history.

On the synthetic edition (tests/data/editions/2090, figures in tests/data/README.md) with the shared `plan`
fixture: 12.500 inhabitants, 100 employees, 5 departments, 2091-2094, so every driver pays a quarter of the
reference municipality (exponent 0,5: a half). Its totals by hand are in tests/test_factories.py."""

from decimal import Decimal

import pytest
from django.test import Client

from modelgemeente.budget.money import round_euro
from modelgemeente.catalog.budget_input import line_key
from modelgemeente.catalog.models import BudgetLine
from modelgemeente.plans.budget import plan_report
from modelgemeente.plans.changes import headline, lines

from ..factories import line

pytestmark = pytest.mark.django_db

# energiedashboard (domain ruimte, horizon 2090-2092): dashboard-bouwen € 5.000 one-off (implementation, fixed),
# dashboard-licenties € 3.000 a year (inhabitants ^0,5), dashboard-beheer 4 h a week at scale 10 (inhabitants ^0,5)
DASHBOARD = "energiedashboard"
WAGE_INDEX = Decimal("1.04")  # synthetic edition: wages +4% a year
PRICE_INDEX = Decimal("1.02")  # synthetic edition: prices +2% a year
GRAND_TOTAL = Decimal("684578.63856")  # tests/test_factories.py: 197.440 + 189.548 + 146.699,68 + 150.890,95856


def url(plan, suffix=""):
    return f"/organisaties/{plan.organisation.slug}/plannen/{plan.pk}/{suffix}"


def choices_post(plan, **changes):
    """The choices form as the browser posts it, with `changes` {development slug: {field: value}}."""
    data = {
        "c-TOTAL_FORMS": plan.choices.count(),
        "c-INITIAL_FORMS": plan.choices.count(),
        "c-MIN_NUM_FORMS": 0,
        "c-MAX_NUM_FORMS": 1000,
        "version": plan.version,
    }
    for i, choice in enumerate(
        plan.choices.select_related("development").order_by(
            "development__domain__order", "development__order", "development__title"
        )
    ):
        values = {
            "id": choice.pk,
            "included": "on" if choice.included else "",
            "priority": choice.priority,
            "capacity_type": choice.capacity_type,
            "start_year": choice.start_year,
            "motivation": choice.motivation,
        }
        values.update(changes.get(choice.development.slug, {}))
        for field, value in values.items():
            if field == "included" and not value:
                continue
            data[f"c-{i}-{field}"] = value
    return data


def domain_total(report, slug):
    return next(row for row in report.by_domain if row.key == slug).total


def test_leaving_out_a_domain_removes_exactly_its_amounts(client, plan, editor):
    client.force_login(editor)
    before = plan_report(plan)
    ruimte = domain_total(before, "ruimte")
    # ruimte = omgevingsdata + energiedashboard. Money (price index): geo-licenties 8.000 × 0,5 = 4.000 and
    # dashboard-licenties 3.000 × 0,5 = 1.500 a year, geo-advies 15.000 and dashboard-bouwen 5.000 in 2091 only:
    # 25.500, 5.500, 5.500, 5.500. Capacity (wage index): geo-analist 18.000 × 0,25 = 4.500 and dashboard-beheer
    # 10.000 × 0,5 = 5.000: 9.500 a year.
    #   2091: 25.500 × 1,02 + 9.500 × 1,04 = 26.010 + 9.880 = 35.890
    #   2092: 5.500 × 1,0404 + 9.500 × 1,0816 = 5.722,2 + 10.275,2 = 15.997,4
    #   2093: 5.500 × 1,061208 + 9.500 × 1,124864 = 5.836,644 + 10.686,208 = 16.522,852
    #   2094: 5.500 × 1,08243216 + 9.500 × 1,16985856 = 5.953,37688 + 11.113,65632 = 17.067,0332
    assert ruimte == Decimal("85477.2852")  # 35.890 + 15.997,4 + 16.522,852 + 17.067,0332
    assert before.grand_total.total == GRAND_TOTAL
    response = client.post(url(plan, "ontwikkelingen/"), choices_post(plan) | {"bulk": "off:ruimte"})
    assert response.status_code == 302
    after = plan_report(plan)
    assert domain_total(after, "ruimte") == 0
    assert after.grand_total.total == GRAND_TOTAL - ruimte
    plan.refresh_from_db()
    assert plan.version == 2
    assert not plan.choices.filter(development__domain__slug="ruimte", included=True).exists()
    change = plan.changes.first()
    assert headline(change) == "Keuzes voor ontwikkelingen gewijzigd" and change.user == editor
    assert any("opnemen in plan: ja → nee" in d for d in lines(change))


def test_a_later_start_year_moves_incidental_costs_and_is_recorded(client, plan, editor):
    client.force_login(editor)
    building = line(plan.edition, f"{DASHBOARD}/dashboard-bouwen")  # € 5.000 one-off, fixed: not scaled
    assert plan_report(plan).result.total(2091, key=line_key(building)) == Decimal("5100")  # 5.000 × 1,02
    response = client.post(
        url(plan, "ontwikkelingen/"),
        choices_post(plan, **{DASHBOARD: {"start_year": 2093, "motivation": "Na de nieuwe website"}}),
    )
    assert response.status_code == 302
    result = plan_report(plan).result
    assert result.total(2091, key=line_key(building)) == 0
    assert result.total(2093, key=line_key(building)) == Decimal("5306.04")  # 5.000 × 1,02² = 5.000 × 1,061208
    assert result.total(key=line_key(building)) == Decimal("5306.04")  # and in no other year
    details = lines(plan.changes.first())
    assert any("startjaar: 2091 → 2093" in d for d in details)
    assert any("motivering: (leeg) → Na de nieuwe website" in d for d in details)


def test_start_year_outside_the_plan_is_refused_with_a_dutch_message(client, plan, editor):
    client.force_login(editor)
    response = client.post(url(plan, "ontwikkelingen/"), choices_post(plan, **{DASHBOARD: {"start_year": 2099}}))
    assert response.status_code == 400
    assert "Kies een startjaar van 2091 tot en met 2094" in response.content.decode()
    plan.refresh_from_db()
    assert plan.version == 1 and plan.choices.get(development__slug=DASHBOARD).start_year == 2091


def test_wont_have_stays_listed_but_costs_nothing(client, plan, editor):
    client.force_login(editor)
    client.post(
        url(plan, "ontwikkelingen/"),
        choices_post(plan, **{DASHBOARD: {"priority": "wont", "motivation": "Eerst 2093"}}),
    )
    report = plan_report(plan)
    assert DASHBOARD not in {row.key for row in report.by_development}
    page = client.get(url(plan, "voorjaarsnota/")).content.decode()
    assert "Bewust nu niet" in page and "Eerst 2093" in page


def test_live_preview_computes_totals_without_saving(client, plan, editor):
    client.force_login(editor)
    data = choices_post(plan) | {"bulk": "all-off", "preview": "1"}
    response = client.post(url(plan, "ontwikkelingen/"), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="plan-totals"' in html and "nog niet opgeslagen" in html and "€\xa00" in html
    plan.refresh_from_db()
    assert plan.version == 1 and plan.choices.filter(included=True).count() == 6  # every development


def line_post(plan, development, **per_line):
    data = {"version": plan.version, "action": "lines"}
    for row in BudgetLine.objects.filter(development__slug=development, development__edition=plan.edition):
        for field, value in per_line.get(row.slug, {}).items():
            data[f"l{row.pk}-{field}"] = value
    return data


def test_own_figure_replaces_the_scaled_model_amount_and_shows_its_reason(client, plan, editor):
    client.force_login(editor)
    beheer = line(plan.edition, f"{DASHBOARD}/dashboard-beheer")
    response = client.post(
        url(plan, f"ontwikkeling/{DASHBOARD}/"),
        line_post(plan, DASHBOARD, **{beheer.slug: {"own": "8", "reason": "Halve rol, rest in team"}}),
    )
    assert response.status_code == 302
    report = plan_report(plan)
    row = next(r for r in report.lines if r.key == line_key(beheer))
    # 8 of 36 hours at scale 10 (€ 90.000 a year in 2090: 5.000 × 18), wage index to 2091, not scaled to
    # 12.500 inhabitants: 8 / 36 × 90.000 = 20.000, × 1,04 = 20.800
    cost = report.result.scenario.assumptions.cost_per_fte[10]
    assert round_euro(cost) == 90000
    assert row.cells[2091].scale == 1 and row.cells[2091].base == Decimal(8) / 36 * cost
    assert round_euro(row.cells[2091].base) == 20000
    assert row.amount_in(2091) == (Decimal(8) / 36 * cost * WAGE_INDEX).quantize(Decimal("1e-10"))
    assert round_euro(row.amount_in(2091)) == 20800
    assert row.provenance_type == "eigen gegeven" and "Halve rol, rest in team" in row.provenance_text
    assert "4 uur per week" in row.provenance_text  # the model's figure stays visible
    history = client.get(url(plan, "historie/")).content.decode()
    assert "eigen uren per week: (leeg) → 8" in history and "reden: (leeg) → Halve rol, rest in team" in history


def test_excluding_a_line_needs_a_reason(client, plan, editor):
    client.force_login(editor)
    building = line(plan.edition, f"{DASHBOARD}/dashboard-bouwen")
    response = client.post(
        url(plan, f"ontwikkeling/{DASHBOARD}/"), line_post(plan, DASHBOARD, **{building.slug: {"excluded": "on"}})
    )
    assert response.status_code == 400
    assert "Geef een reden als u een regel weglaat" in response.content.decode()
    assert not plan.adjustments.exists()
    assert plan_report(plan).result.total(key=line_key(building)) == Decimal("5100")  # 5.000 × 1,02 in 2091
    client.post(
        url(plan, f"ontwikkeling/{DASHBOARD}/"),
        line_post(plan, DASHBOARD, **{building.slug: {"excluded": "on", "reason": "Al gebouwd in 2090"}}),
    )
    report = plan_report(plan)
    assert report.result.total(key=line_key(building)) == 0
    assert report.grand_total.total == GRAND_TOTAL - Decimal("5100")


def test_own_line_adds_its_amount_and_bad_input_is_refused(client, plan, editor):
    client.force_login(editor)
    before = plan_report(plan).grand_total.values[2091]
    assert before == Decimal("197440")  # tests/test_factories.py: 60.000 × 1,02 + 131.000 × 1,04
    page = url(plan, f"ontwikkeling/{DASHBOARD}/")
    bad = {
        "version": 1,
        "action": "add_extra",
        "extra-description": "Klantpanel",
        "extra-kind": "structural",
        "extra-category": "licences",
        "extra-amount": "-5",
        "extra-offset": 0,
        "extra-spread": 1,
        "extra-reason": "x",
    }
    response = client.post(page, bad)
    assert response.status_code == 400 and "Zorg ervoor dat deze waarde minstens 0 is" in response.content.decode()
    response = client.post(
        page, bad | {"extra-amount": "1000", "extra-hours_per_week": "4", "extra-salary_scale": "10"}
    )
    assert "niet allebei" in response.content.decode()
    assert not plan.extra_lines.exists()
    response = client.post(page, bad | {"extra-amount": "2400", "extra-reason": "Offerte panelbureau 2091"})
    assert response.status_code == 302
    after = plan_report(plan)
    # typed in the prices of the plan's first year (2091): exactly that in 2091, indexed from there on
    assert after.grand_total.values[2091] - before == Decimal("2400")
    own = next(r for r in after.lines if r.provenance_type == "eigen regel")
    assert own.amount_in(2092) == Decimal("2400") * PRICE_INDEX == Decimal("2448")
    assert own.provenance_text == "Offerte panelbureau 2091 (bedrag in prijzen van 2091)"


def test_second_editor_working_from_an_old_version_is_refused_and_sees_what_changed(client, plan, editor, org):
    from ..conftest import member_of

    other = member_of(org, "editor", "collega@voorbeeld.nl")
    first, second = Client(), Client()
    first.force_login(editor)
    second.force_login(other)
    stale = choices_post(plan)  # both opened the page at version 1
    response = first.post(url(plan, "ontwikkelingen/"), choices_post(plan, **{DASHBOARD: {"start_year": 2092}}))
    assert response.status_code == 302
    response = second.post(url(plan, "ontwikkelingen/"), stale | {"bulk": "all-off"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Niet opgeslagen: iemand anders heeft dit plan intussen gewijzigd" in html
    assert "Redacteur" in html and "startjaar: 2091 → 2092" in html
    plan.refresh_from_db()
    assert plan.version == 2
    assert plan.choices.filter(included=True).count() == 6  # the stale "all off" changed nothing
    assert plan.choices.get(development__slug=DASHBOARD).start_year == 2092


def test_settings_change_profile_and_salary_with_history(client, plan, editor):
    client.force_login(editor)
    form = {
        "version": 1,
        "title": plan.title,
        "inhabitants": 31000,
        "employees": 320,
        "departments": 12,
        "profile_provenance": "Eigen telling 2090",
        "start_year": 2091,
        "horizon": 4,
        "scale_10": "95000",  # the edition's own scale 10 costs 90.000
    }
    response = client.post(url(plan, "uitgangspunten/"), form | {"inhabitants": 0})
    assert response.status_code == 400 and "Zorg ervoor dat deze waarde minstens 1 is" in response.content.decode()
    response = client.post(url(plan, "uitgangspunten/"), form)
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.inhabitants == 31000 and plan.salary_overrides == {"10": "95000"}
    report = plan_report(plan)
    assert next(s for s in report.salary if s.scale == 10).annual_cost == 95000
    details = lines(plan.changes.first())
    assert any("inwoners: 12.500 → 31.000" in d for d in details)
