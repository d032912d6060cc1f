import shutil
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from modelgemeente.plans.models import Membership, Organisation, Role

REPO = Path(__file__).resolve().parent.parent
EDITION_2026 = REPO / "content" / "editions" / "2026"


@pytest.fixture
def edition(db):
    """The real 2026 starter edition, loaded into the test database."""
    from modelgemeente.catalog.loader import load_edition

    return load_edition(EDITION_2026).edition


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


@pytest.fixture
def plan(edition, org, editor, client):
    """A plan for a municipality of 30,000 inhabitants, 2027-2030, created through the form."""
    client.force_login(editor)
    response = client.post(
        f"/organisaties/{org.slug}/plannen/nieuw/",
        {
            "title": "ICT-plan 2027",
            "edition": edition.pk,
            "municipality": "",
            "inhabitants": 30000,
            "start_year": 2027,
            "horizon": 4,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    return org.plans.get()
