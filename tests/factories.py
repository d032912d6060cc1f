"""factory_boy factories for users, organisations, members, invitations and plans on the synthetic edition.

Plans are made on the synthetic test edition (tests/data/editions/2090), loaded on first use when no test
loaded it yet; its figures are in tests/data/README.md. Defaults are round, so expected amounts can be
computed by hand: a plan is for 12.500 inhabitants (a quarter of the reference municipality), so 100
employees and 5 departments (estimated in proportion), 2091-2094.

    user = UserFactory()                                   # confirmed address, password PASSWORD
    member = MembershipFactory(role=Role.EDITOR).user
    plan = PlanFactory(organisation=org)                   # with a choice for every development
    LineAdjustmentFactory(plan=plan, budget_line=line(plan.edition, "digitaal-loket/loket-bouwen"))
"""

from datetime import date, timedelta
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone, translation
from factory.django import DjangoModelFactory, Password

from modelgemeente.accounts.models import EmailAddress
from modelgemeente.catalog.models import BudgetLine, Development, Edition, EditionStatus
from modelgemeente.plans.models import (
    ExtraLine,
    Invitation,
    LineAdjustment,
    Membership,
    Organisation,
    Plan,
    PlanDevelopment,
    Priority,
    Role,
)
from modelgemeente.plans.profile import provenance_text
from modelgemeente.plans.services import start_plan

PASSWORD = "Begroting-2027!"
TEST_YEAR = 2090


# The synthetic edition's publication date, as tests/data/README.md gives it.
TEST_RELEASE_DATE = date(2089, 12, 1)


def load_published(folder, status=EditionStatus.BUDGET, on: date | None = None) -> Edition:
    """Load an edition folder and publish it as its year's release (as the editors would); a folder
    already published unchanged is not loaded again. The synthetic edition is dated TEST_RELEASE_DATE."""
    from modelgemeente.catalog.services import load_edition, publish_release

    result = load_edition(folder)
    if result.same_as is not None:
        return result.same_as
    if on is None and result.edition.year == TEST_YEAR:
        on = TEST_RELEASE_DATE
    return publish_release(result.edition.year, status, notes="Testrelease.", reason="Testcorrectie.", on=on)


def synthetic_edition() -> Edition:
    """The synthetic test edition, loaded and published if no test did so yet."""
    from .conftest import TEST_EDITION

    return Edition.objects.published().filter(year=TEST_YEAR).order_by("-number").first() or load_published(
        TEST_EDITION
    )


def development(edition: Edition, slug: str) -> Development:
    return Development.objects.get(edition=edition, slug=slug)


def line(edition: Edition, key: str) -> BudgetLine:
    """A budget line by its engine key, 'development/line'."""
    dev, slug = key.split("/")
    return BudgetLine.objects.get(development__edition=edition, development__slug=dev, slug=slug)


def choice(plan: Plan, slug: str) -> PlanDevelopment:
    """The plan's choice for one development."""
    return plan.choices.get(development__slug=slug)


def dutch_provenance(edition: Edition, sources: dict) -> str:
    with translation.override("nl"):
        return provenance_text(edition, sources)


class UserFactory(DjangoModelFactory):
    """A user who logs in with an e-mail address; `confirmed=False` leaves the address unconfirmed."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"gebruiker{n}@voorbeeld.nl")
    username = factory.SelfAttribute("email")
    first_name = factory.Faker("first_name", locale="nl_NL")
    password = Password(PASSWORD)

    @factory.post_generation
    def confirmed(user, create, extracted, **kwargs):
        if not create:
            return
        EmailAddress.objects.update_or_create(
            user=user,
            defaults={
                "email": user.email.strip().lower(),
                "confirmed_at": None if extracted is False else timezone.now(),
            },
        )


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Gemeente Test {n}")
    slug = factory.Sequence(lambda n: f"gemeente-test-{n}")
    kind = Organisation.Kind.MUNICIPALITY
    municipality_codes = factory.LazyFunction(list)


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.MEMBER


class InvitationFactory(DjangoModelFactory):
    """An open invitation; traits `accepted`, `revoked` and `expired` close it."""

    class Meta:
        model = Invitation

    organisation = factory.SubFactory(OrganisationFactory)
    email = factory.Sequence(lambda n: f"genodigde{n}@voorbeeld.nl")
    role = Role.MEMBER
    invited_by = factory.SubFactory(UserFactory)

    class Params:
        accepted = factory.Trait(accepted_at=factory.LazyFunction(timezone.now))
        revoked = factory.Trait(
            revoked_at=factory.LazyFunction(timezone.now), revoked_by=factory.SelfAttribute("invited_by")
        )
        expired = factory.Trait(expires_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=1)))


class PlanFactory(DjangoModelFactory):
    """A plan on the synthetic edition for 12.500 inhabitants, 2091-2094, as the create page makes it: a
    choice for every development (`choices=False`: none) and its first history record."""

    class Meta:
        model = Plan
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    edition = factory.LazyFunction(synthetic_edition)
    title = factory.Sequence(lambda n: f"ICT-plan {n}")
    inhabitants = 12_500
    employees = 100  # 400 × 12.500 / 50.000, the estimate in proportion to the reference municipality
    departments = 5  # 20 × 12.500 / 50.000
    profile_sources = factory.LazyFunction(
        lambda: {"inhabitants": "own", "employees": "estimate", "departments": "estimate"}
    )
    # The text the create page writes from these sources (plans/profile.py), in Dutch as it is stored.
    profile_provenance = factory.LazyAttribute(lambda o: dutch_provenance(o.edition, o.profile_sources))
    start_year = 2091
    horizon = 4
    created_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def choices(plan, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        start_plan(plan, plan.created_by)


class PlanDevelopmentFactory(DjangoModelFactory):
    """A plan's choice for one development; for a plan made with `PlanFactory(choices=False)` (otherwise every
    development already has one: change it with `choice(plan, slug)`)."""

    class Meta:
        model = PlanDevelopment

    plan = factory.SubFactory(PlanFactory, choices=False)
    development = factory.LazyAttribute(lambda o: o.plan.edition.developments.order_by("slug").first())
    included = True
    priority = Priority.SHOULD
    capacity_type = factory.LazyAttribute(lambda o: o.development.capacity_type)
    start_year = factory.LazyAttribute(lambda o: o.plan.start_year)
    motivation = ""


class LineAdjustmentFactory(DjangoModelFactory):
    """An own figure for a line of the model (default: € 50.000 for digitaal-loket/loket-bouwen, in the prices
    of the plan's first year); `excluded=True, amount=None` leaves the line out."""

    class Meta:
        model = LineAdjustment

    plan = factory.SubFactory(PlanFactory)
    budget_line = factory.LazyAttribute(lambda o: line(o.plan.edition, "digitaal-loket/loket-bouwen"))
    excluded = False
    amount = Decimal("50000")
    reason = "Offerte van onze leverancier."
    price_year = None


class ExtraLineFactory(DjangoModelFactory):
    """A line the plan adds itself (default: € 12.000 one-off implementation under energiedashboard)."""

    class Meta:
        model = ExtraLine

    plan = factory.SubFactory(PlanFactory)
    development = factory.LazyAttribute(lambda o: development(o.plan.edition, "energiedashboard"))
    description = "Koppeling met de warmtemonitor"
    kind = BudgetLine.Kind.INCIDENTAL
    category = BudgetLine.Category.IMPLEMENTATION
    amount = Decimal("12000")
    offset = 0
    spread = 1
    reason = "Eigen wens van het college."
    price_year = None
