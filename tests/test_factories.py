"""The synthetic edition and the factories: what other tests build on, with the figures computed by hand
(tests/data/README.md)."""

from decimal import Decimal

import pytest

from modelgemeente.catalog.budget_input import model_budget
from modelgemeente.catalog.content_files import read_edition
from modelgemeente.catalog.models import BudgetLine
from modelgemeente.plans.budget import PlanInput, plan_result
from modelgemeente.plans.models import Membership, Priority, Role

from .conftest import TEST_EDITION
from .factories import (
    PASSWORD,
    ExtraLineFactory,
    InvitationFactory,
    LineAdjustmentFactory,
    MembershipFactory,
    PlanDevelopmentFactory,
    PlanFactory,
    UserFactory,
    choice,
    line,
)

pytestmark = pytest.mark.django_db


def test_the_synthetic_edition_covers_every_kind_category_and_driver(test_edition):
    assert read_edition(TEST_EDITION).data["year"] == 2090
    lines = BudgetLine.objects.filter(development__edition=test_edition)
    assert (test_edition.domains.count(), test_edition.developments.count(), lines.count()) == (3, 6, 16)
    assert {v for v, _ in BudgetLine.Kind.choices} == set(lines.values_list("kind", flat=True))
    assert {v for v, _ in BudgetLine.Category.choices} == set(lines.values_list("category", flat=True))
    assert {v for v, _ in BudgetLine.Driver.choices} == set(lines.values_list("driver", flat=True))
    assert set(lines.values_list("exponent", flat=True)) == {Decimal(0), Decimal("0.5"), Decimal(1)}
    capacity = lines.filter(hours_per_week__isnull=False)
    assert capacity.count() == 5 and capacity.filter(kind="incidental").exists()
    assert lines.filter(offset__gt=0).exists() and lines.filter(spread__gt=1).exists()
    for row in lines:
        assert row.provenance_type in ("source", "estimate")
        assert row.provenance_text.startswith("Synthetische testgegevens"), row.slug
    assert test_edition.laws.count() == 3 and test_edition.opgaven.count() == 2


def test_the_model_totals_of_the_synthetic_edition_by_hand(test_edition):
    # tests/data/README.md: money lines 85.000, 79.000, 61.000, 57.000 at 2090 prices (index 2%),
    # capacity lines 172.000, 172.000, 145.000, 145.000 (index 4%)
    assert model_budget(test_edition).result.per_year() == {
        2090: Decimal("257000"),  # 85.000 + 172.000
        2091: Decimal("259460"),  # 79.000 × 1,02 + 172.000 × 1,04 = 80.580 + 178.880
        2092: Decimal("220296.4"),  # 61.000 × 1,0404 + 145.000 × 1,0816 = 63.464,40 + 156.832
        2093: Decimal("223594.136"),  # 57.000 × 1,061208 + 145.000 × 1,124864 = 60.488,856 + 163.105,28
    }


def test_a_factory_plan_computes_by_hand(db):
    plan = PlanFactory()
    assert plan.edition.year == 2090 and plan.choices.count() == 6 and plan.changes.count() == 1
    # 12.500 inhabitants, 100 employees, 5 departments: a quarter of the reference on every driver, so
    # exponent 1 pays 0,25 and exponent 0,5 pays 0,5. Every development starts in 2091; at 2090 prices:
    #   money:    2091 60.000 (loket 20.000, training 1.500, scanners 1.000, soc 12.000, geo-licenties 4.000,
    #                          geo-advies 15.000, dashboard 5.000, dashboard-licenties 1.500)
    #             2092 46.000 (loket 20.000, loket-licenties 2.500, scanners 1.000, soc 12.000, archief 5.000,
    #                          geo-licenties 4.000, dashboard-licenties 1.500)
    #             2093 28.000, 2094 27.000
    #   capacity: 2091 and 2092 131.000 (beheer 22.500, advies 27.000, officer 72.000, analist 4.500,
    #             dashboard-beheer 5.000), 2093 and 2094 104.000 (without the two-year advies)
    assert plan_result(PlanInput.load(plan)).per_year() == {
        2091: Decimal("197440"),  # 60.000 × 1,02 + 131.000 × 1,04
        2092: Decimal("189548"),  # 46.000 × 1,0404 + 131.000 × 1,0816
        2093: Decimal("146699.68"),  # 28.000 × 1,061208 + 104.000 × 1,124864
        2094: Decimal("150890.95856"),  # 27.000 × 1,08243216 + 104.000 × 1,16985856
    }


def test_own_figures_left_out_lines_and_extra_lines_by_hand(db):
    plan = PlanFactory()
    # an own € 50.000 for loket-bouwen (prices of 2091, spread 2) replaces 20.000 × 1,02 and 20.000 × 1,0404
    LineAdjustmentFactory(plan=plan)
    # loket-licenties left out: 2.500 a year from 2092
    LineAdjustmentFactory(
        plan=plan, budget_line=line(plan.edition, "digitaal-loket/loket-licenties"), excluded=True, amount=None
    )
    ExtraLineFactory(plan=plan)  # € 12.000 one-off in 2091, in the prices of 2091
    totals = plan_result(PlanInput.load(plan)).per_year()
    assert totals[2091] == Decimal("197440") - Decimal("20400") + Decimal("25000") + Decimal("12000")
    assert totals[2092] == Decimal("189548") - Decimal("20808") + Decimal("25500") - Decimal("2601")
    assert totals[2093] == Decimal("146699.68") - Decimal("2653.02")  # 2.500 × 1,061208


def test_a_development_left_out_or_started_later(db):
    plan = PlanFactory(choices=False)
    PlanDevelopmentFactory(plan=plan, development=plan.edition.developments.get(slug="energiedashboard"))
    # only energiedashboard in 2091: dashboard 5.000 + licences 1.500 at 1,02; beheer 5.000 at 1,04: 6.630 + 5.200
    assert plan_result(PlanInput.load(plan)).per_year()[2091] == Decimal("11830")
    # the same with every other development set aside as won't-have
    plan = PlanFactory()
    for slug in ("digitaal-loket", "klantcontact", "informatiebeveiliging", "archief-op-orde", "omgevingsdata"):
        c = choice(plan, slug)
        c.priority = Priority.WONT
        c.save()
    assert plan_result(PlanInput.load(plan)).per_year()[2091] == Decimal("11830")


def test_users_members_and_invitations(db):
    user = UserFactory(email="anna@voorbeeld.nl")
    assert user.username == "anna@voorbeeld.nl" and user.check_password(PASSWORD)
    assert user.email_address.is_confirmed
    assert not UserFactory(confirmed=False).email_address.is_confirmed
    membership = MembershipFactory(role=Role.EDITOR)
    assert Membership.objects.get(user=membership.user).allows(Role.EDITOR)
    assert InvitationFactory().is_open
    assert not InvitationFactory(accepted=True).is_open
    assert not InvitationFactory(revoked=True).is_open
    assert not InvitationFactory(expired=True).is_open
