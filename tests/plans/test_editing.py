"""Editing a plan: choices per development and domain, own figures, own lines, live totals,
refused concurrent saves, and the history."""

from decimal import Decimal

import pytest
from django.test import Client

from modelgemeente.budget.money import round_euro
from modelgemeente.catalog.budget_input import line_key
from modelgemeente.catalog.models import BudgetLine
from modelgemeente.plans.budget import plan_report
from modelgemeente.plans.changes import headline, lines

pytestmark = pytest.mark.django_db

COORDINATOR = "klantreizen-en-klanttevredenheid"
WAGE_INDEX = Decimal("1.03")  # edition 2026: wages +3% a year
PRICE_INDEX = Decimal("1.025")  # edition 2026: prices +2.5% a year


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
    oov = domain_total(before, "oov")
    assert oov > 0
    response = client.post(url(plan, "ontwikkelingen/"), choices_post(plan) | {"bulk": "off:oov"})
    assert response.status_code == 302
    after = plan_report(plan)
    assert domain_total(after, "oov") == 0
    assert after.grand_total.total == before.grand_total.total - oov
    plan.refresh_from_db()
    assert plan.version == 2
    assert not plan.choices.filter(development__domain__slug="oov", included=True).exists()
    change = plan.changes.first()
    assert headline(change) == "Keuzes voor ontwikkelingen gewijzigd" and change.user == editor
    assert any("opnemen in plan: ja → nee" in d for d in lines(change))


def test_a_later_start_year_moves_incidental_costs_and_is_recorded(client, plan, editor):
    client.force_login(editor)
    training = BudgetLine.objects.get(development__slug=COORDINATOR, slug="opleiding-vng-klantreizen")
    assert plan_report(plan).result.total(2027, key=line_key(training)) > 0
    response = client.post(
        url(plan, "ontwikkelingen/"),
        choices_post(plan, **{COORDINATOR: {"start_year": 2029, "motivation": "Na de nieuwe website"}}),
    )
    assert response.status_code == 302
    result = plan_report(plan).result
    assert result.total(2027, key=line_key(training)) == 0
    assert result.total(2029, key=line_key(training)) > 0
    details = lines(plan.changes.first())
    assert any("startjaar: 2027 → 2029" in d for d in details)
    assert any("motivering: (leeg) → Na de nieuwe website" in d for d in details)


def test_start_year_outside_the_plan_is_refused_with_a_dutch_message(client, plan, editor):
    client.force_login(editor)
    response = client.post(url(plan, "ontwikkelingen/"), choices_post(plan, **{COORDINATOR: {"start_year": 2035}}))
    assert response.status_code == 400
    assert "Kies een startjaar van 2027 tot en met 2030" in response.content.decode()
    plan.refresh_from_db()
    assert plan.version == 1 and plan.choices.get(development__slug=COORDINATOR).start_year == 2027


def test_wont_have_stays_listed_but_costs_nothing(client, plan, editor):
    client.force_login(editor)
    client.post(
        url(plan, "ontwikkelingen/"),
        choices_post(plan, **{COORDINATOR: {"priority": "wont", "motivation": "Eerst 2029"}}),
    )
    report = plan_report(plan)
    assert COORDINATOR not in {row.key for row in report.by_development}
    page = client.get(url(plan, "voorjaarsnota/")).content.decode()
    assert "Bewust nu niet" in page and "Eerst 2029" in page


def test_live_preview_computes_totals_without_saving(client, plan, editor):
    client.force_login(editor)
    data = choices_post(plan) | {"bulk": "all-off", "preview": "1"}
    response = client.post(url(plan, "ontwikkelingen/"), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="plan-totals"' in html and "nog niet opgeslagen" in html and "€\xa00" in html
    plan.refresh_from_db()
    assert plan.version == 1 and plan.choices.filter(included=True).count() == 37


def line_post(plan, development, **per_line):
    data = {"version": plan.version, "action": "lines"}
    for line in BudgetLine.objects.filter(development__slug=development, development__edition=plan.edition):
        for field, value in per_line.get(line.slug, {}).items():
            data[f"l{line.pk}-{field}"] = value
    return data


def test_own_figure_replaces_the_scaled_model_amount_and_shows_its_reason(client, plan, editor):
    client.force_login(editor)
    coordinator = BudgetLine.objects.get(development__slug=COORDINATOR, slug="coordinator-klantreizen")
    response = client.post(
        url(plan, f"ontwikkeling/{COORDINATOR}/"),
        line_post(plan, COORDINATOR, **{coordinator.slug: {"own": "8", "reason": "Halve rol, rest in team"}}),
    )
    assert response.status_code == 302
    report = plan_report(plan)
    row = next(line for line in report.lines if line.key == line_key(coordinator))
    # 8 of 36 hours at scale 10 (about € 101.741 a year in 2026), wage index to 2027, not scaled to 30,000 inhabitants
    cost = report.result.scenario.assumptions.cost_per_fte[10]
    assert round_euro(cost) == 101741
    assert row.cells[2027].scale == 1 and row.cells[2027].base == Decimal(8) / 36 * cost
    assert row.amount_in(2027) == (Decimal(8) / 36 * cost * WAGE_INDEX).quantize(Decimal("1e-10"))
    assert row.provenance_type == "eigen gegeven" and "Halve rol, rest in team" in row.provenance_text
    assert "16 uur per week" in row.provenance_text  # the model's figure stays visible
    history = client.get(url(plan, "historie/")).content.decode()
    assert "eigen uren per week: (leeg) → 8" in history and "reden: (leeg) → Halve rol, rest in team" in history


def test_excluding_a_line_needs_a_reason(client, plan, editor):
    client.force_login(editor)
    training = BudgetLine.objects.get(development__slug=COORDINATOR, slug="opleiding-vng-klantreizen")
    response = client.post(
        url(plan, f"ontwikkeling/{COORDINATOR}/"), line_post(plan, COORDINATOR, **{training.slug: {"excluded": "on"}})
    )
    assert response.status_code == 400
    assert "Geef een reden als u een regel weglaat" in response.content.decode()
    assert not plan.adjustments.exists()
    client.post(
        url(plan, f"ontwikkeling/{COORDINATOR}/"),
        line_post(plan, COORDINATOR, **{training.slug: {"excluded": "on", "reason": "Al gevolgd in 2026"}}),
    )
    assert plan_report(plan).result.total(key=line_key(training)) == 0


def test_own_line_adds_its_amount_and_bad_input_is_refused(client, plan, editor):
    client.force_login(editor)
    before = plan_report(plan).grand_total.values[2027]
    page = url(plan, f"ontwikkeling/{COORDINATOR}/")
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
    response = client.post(page, bad | {"extra-amount": "2400", "extra-reason": "Offerte panelbureau 2026"})
    assert response.status_code == 302
    after = plan_report(plan)
    # typed in the prices of the plan's first year (2027): exactly that in 2027, indexed from there on
    assert after.grand_total.values[2027] - before == Decimal("2400")
    own = next(line for line in after.lines if line.provenance_type == "eigen regel")
    assert own.amount_in(2028) == Decimal("2400") * PRICE_INDEX
    assert own.provenance_text == "Offerte panelbureau 2026 (bedrag in prijzen van 2027)"


def test_second_editor_working_from_an_old_version_is_refused_and_sees_what_changed(client, plan, editor, org):
    from ..conftest import member_of

    other = member_of(org, "editor", "collega@voorbeeld.nl")
    first, second = Client(), Client()
    first.force_login(editor)
    second.force_login(other)
    stale = choices_post(plan)  # both opened the page at version 1
    response = first.post(url(plan, "ontwikkelingen/"), choices_post(plan, **{COORDINATOR: {"start_year": 2028}}))
    assert response.status_code == 302
    response = second.post(url(plan, "ontwikkelingen/"), stale | {"bulk": "all-off"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Niet opgeslagen: iemand anders heeft dit plan intussen gewijzigd" in html
    assert "Redacteur" in html and "startjaar: 2027 → 2028" in html
    plan.refresh_from_db()
    assert plan.version == 2
    assert plan.choices.filter(included=True).count() == 37
    assert plan.choices.get(development__slug=COORDINATOR).start_year == 2028


def test_settings_change_profile_and_salary_with_history(client, plan, editor):
    client.force_login(editor)
    form = {
        "version": 1,
        "title": plan.title,
        "inhabitants": 31000,
        "employees": 320,
        "departments": 12,
        "profile_provenance": "Eigen telling 2026",
        "start_year": 2027,
        "horizon": 4,
        "scale_10": "90000",
    }
    response = client.post(url(plan, "uitgangspunten/"), form | {"inhabitants": 0})
    assert response.status_code == 400 and "Zorg ervoor dat deze waarde minstens 1 is" in response.content.decode()
    response = client.post(url(plan, "uitgangspunten/"), form)
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.inhabitants == 31000 and plan.salary_overrides == {"10": "90000"}
    report = plan_report(plan)
    assert next(s for s in report.salary if s.scale == 10).annual_cost == 90000
    details = lines(plan.changes.first())
    assert any("inwoners: 30.000 → 31.000" in d for d in details)
