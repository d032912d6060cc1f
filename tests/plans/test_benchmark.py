"""The peer benchmark on the plan overview (plans/benchmark.py): the plan's cost per inhabitant from the engine, the
M&I/Partners figures with their source (data/benchmark), and the anonymised average of the app's own plans of the
same size class and first year, only from 5 organisations on."""

from decimal import Decimal

import pytest
from django.test import override_settings

from modelgemeente.budget.money import fmt_eur
from modelgemeente.plans.benchmark import plan_benchmark
from modelgemeente.plans.budget import plan_report
from tests.factories import OrganisationFactory, PlanFactory

pytestmark = pytest.mark.django_db


def per_inhabitant(plan) -> dict[int, Decimal]:
    totals = plan_report(plan).grand_total.values
    return {year: amount / plan.inhabitants for year, amount in totals.items()}


def mean(values) -> Decimal:
    values = list(values)
    return sum(values, Decimal(0)) / len(values)


def overview(client, plan, user) -> str:
    client.force_login(user)
    response = client.get(f"/organisaties/{plan.organisation.slug}/plannen/{plan.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    return html.split('id="benchmark-heading"')[1].split("</section>")[0]


def test_the_plan_against_the_published_benchmark(plan, client, editor):
    result = plan_benchmark(plan)
    own = per_inhabitant(plan)
    assert result.per_year == own and result.average == mean(own.values())
    # 12.500 inhabitants: the class below 60.000 inhabitants; national figure of the latest book year (2022: 106),
    # the class figure of the latest year that published one (2018: 84).
    assert (result.size_class, result.class_label) == ("tot-60k", "minder dan 60.000 inwoners")
    assert (result.national.year, result.national.amount) == (2022, Decimal(106))
    assert (result.in_class.year, result.in_class.amount) == (2018, Decimal(84))
    assert result.national.url.startswith("https://mxi.nl/kennis/628/")
    assert result.source == "M&I/Partners, ICT-benchmark gemeenten, kennispagina's op mxi.nl"

    html = overview(client, plan, editor)
    assert "niet de hele ICT-begroting van uw gemeente" in html
    for year in plan.years:
        row = html.split(f'data-year="{year}"')[1].split("</tr>")[0]
        assert fmt_eur(own[year], 2) in row
    assert "boekjaar 2022" in html and "€\xa0106 per inwoner" in html
    assert "minder dan 60.000 inwoners, boekjaar 2018" in html and "€\xa084 per inwoner" in html
    assert "M&amp;I/Partners, ICT-benchmark gemeenten" in html
    assert "Te weinig plannen (1) voor een vergelijking" in html


def test_the_app_s_plans_from_five_organisations_on(plan, client, editor):
    # Three more organisations with a plan of the same class and first year: 4, too few.
    peers = [PlanFactory(organisation=OrganisationFactory(), inhabitants=n) for n in (10_000, 20_000, 40_000)]
    # Not counted: another size class, another first year, a plan moved to another release; an organisation with two
    # plans counts once, with the one saved last.
    PlanFactory(organisation=OrganisationFactory(), inhabitants=80_000)
    PlanFactory(organisation=OrganisationFactory(), inhabitants=30_000, start_year=2092)
    moved = PlanFactory(organisation=OrganisationFactory(), inhabitants=25_000)
    PlanFactory(organisation=moved.organisation, inhabitants=25_000, start_year=2095, supersedes=moved)
    peers[0] = PlanFactory(organisation=peers[0].organisation, inhabitants=50_000)

    result = plan_benchmark(plan)
    assert result.peers.count == 4 and not result.peers.enough and result.rows()[0][2] is None
    html = overview(client, plan, editor)
    assert "Te weinig plannen (4) voor een vergelijking" in html and "Gemiddelde van" not in html

    peers.append(PlanFactory(organisation=OrganisationFactory(), inhabitants=59_999))
    result = plan_benchmark(plan)
    assert result.peers.count == 5 and result.peers.enough
    figures = [per_inhabitant(p) for p in [plan, *peers]]
    for year in plan.years:
        assert result.peers.per_year[year] == mean(f[year] for f in figures)
    assert result.peers.average == mean(mean(f.values()) for f in figures)
    html = overview(client, plan, editor)
    assert "Gemiddelde van 5 plannen" in html and "Te weinig plannen" not in html
    assert fmt_eur(result.peers.average, 2) in html.split('data-year="gemiddeld"')[1]
    for other in peers:
        assert other.organisation.name not in html and other.title not in html  # anonymous


def test_a_broken_benchmark_file_does_not_break_the_plan_page(plan, client, editor, tmp_path):
    (tmp_path / "benchmark").mkdir()
    (tmp_path / "benchmark" / "ict-kosten-per-inwoner.yaml").write_text("years: [", encoding="utf-8")
    with override_settings(DATA_DIR=tmp_path):
        html = overview(client, plan, editor)
    assert "De benchmarkcijfers konden niet worden gelezen" in html
    assert 'data-year="2091"' in html  # the plan's own figures stay
