import shutil
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from modelgemeente.plans.models import Membership, Organisation, Role

REPO = Path(__file__).resolve().parent.parent
EDITION_2026 = REPO / "content" / "editions" / "2026"
TEST_DATA = Path(__file__).resolve().parent / "data"
TEST_EDITION = TEST_DATA / "editions" / "2090"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Every test starts with an empty cache: the API throttles count requests in it, so the anonymous calls
    of one test (a junk sweep, schemathesis) must not leave the next one rate-limited."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True, scope="session")
def _test_salary_tables():
    """Salary tables of the synthetic edition live in tests/data/salary/, not in the shipped data/salary/.

    The loader and the engine find a table through refdata.salary_table_path; for the whole test session
    a table that exists in tests/data/salary/ is taken from there, every other id from data/salary/ as usual.
    """
    from modelgemeente import refdata

    shipped = refdata.salary_table_path

    def path(table_id: str) -> Path:
        test_table = TEST_DATA / "salary" / f"{table_id}.yaml"
        if table_id and "/" not in table_id and test_table.is_file():
            return test_table
        return shipped(table_id)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(refdata, "salary_table_path", path)
        yield


@pytest.fixture
def test_edition(db):
    """The synthetic test edition (tests/data/editions/2090): 3 domains, 6 developments, 16 lines with round
    figures, loaded into the test database. Unit and view tests use it so that content edits cannot break them;
    tests/data/README.md has its figures and the model totals by hand."""
    from tests.factories import load_published

    return load_published(TEST_EDITION)


@pytest.fixture
def test_edition_copy(tmp_path):
    """A writable copy of the synthetic edition folder, for tests that break or change files."""
    target = tmp_path / "editions" / "2090"
    shutil.copytree(TEST_EDITION, target)
    return target


@pytest.fixture
def edition(db):
    """The real 2026 starter edition, loaded into the test database: for content tests (tests/content),
    browser, LibreOffice and end-to-end tests. Other tests use `test_edition`."""
    from tests.factories import load_published

    return load_published(EDITION_2026)


@pytest.fixture
def edition_copy(tmp_path):
    """A writable copy of the 2026 edition folder, for tests that break files."""
    target = tmp_path / "editions" / "2026"
    shutil.copytree(EDITION_2026, target)
    return target


# Accounts and organisations -------------------------------------------------

PASSWORD = "Begroting-2027!"


def make_user(email, name="Test", confirmed=True):
    """A user whose login name is `email`; `confirmed`: the address was confirmed through the e-mail link."""
    from modelgemeente.accounts.models import EmailAddress

    user = get_user_model()(username=email, email=email, first_name=name)
    user.set_password(PASSWORD)
    user.save()
    EmailAddress.objects.create(
        user=user, email=email.strip().lower(), confirmed_at=timezone.now() if confirmed else None
    )
    return user


@pytest.fixture
def org(db):
    return Organisation.objects.create(
        name="Gemeente Voorbeeld", slug="gemeente-voorbeeld", municipality_codes=["GM1680"]
    )


@pytest.fixture
def other_org(db):
    return Organisation.objects.create(name="Andere gemeente", slug="andere-gemeente")


def member_of(org, role, email):
    user = make_user(email, email.split("@")[0].capitalize())
    Membership.objects.create(organisation=org, user=user, role=role)
    return user


@pytest.fixture
def admin_user(org):
    return member_of(org, Role.ADMIN, "beheer@voorbeeld.nl")


@pytest.fixture
def editor(org):
    return member_of(org, Role.EDITOR, "redacteur@voorbeeld.nl")


@pytest.fixture
def reader(org):
    return member_of(org, Role.MEMBER, "lezer@voorbeeld.nl")


@pytest.fixture
def outsider(other_org):
    return member_of(other_org, Role.ADMIN, "buiten@andere.nl")


def create_plan_through_the_form(client, org, editor, edition, inhabitants, start_year):
    """A plan made as an editor makes it: the create form, posted by `editor` (logged out again after)."""
    client.force_login(editor)
    response = client.post(
        f"/organisaties/{org.slug}/plannen/nieuw/",
        {
            "title": f"ICT-plan {start_year}",
            "edition": edition.pk,
            "municipality": "",
            "inhabitants": inhabitants,
            "start_year": start_year,
            "horizon": 4,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    return org.plans.get()


@pytest.fixture
def plan(test_edition, org, editor, client):
    """A plan on the synthetic edition, created through the form: 12.500 inhabitants (a quarter of the
    reference municipality), so an estimated 100 employees and 5 departments, 2091-2094, titled
    "ICT-plan 2091". It computes the same as `PlanFactory()`, whose totals tests/test_factories.py has by hand."""
    return create_plan_through_the_form(client, org, editor, test_edition, 12_500, 2091)


@pytest.fixture
def real_plan(edition, org, editor, client):
    """A plan on the real 2026 edition for 30,000 inhabitants, 2027-2030, created through the form: for the
    browser and LibreOffice tests, which stay on the real content."""
    return create_plan_through_the_form(client, org, editor, edition, 30_000, 2027)
