"""The yearly calendar (issue 14, item 6): the community year beside the P&C cycle, its sessions and the
model's published releases; editors set the dates."""

from datetime import date, datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from modelgemeente.catalog.releases import editors_group
from modelgemeente.community import services
from modelgemeente.community.models import CommunityYear, Session

YEAR = 2090  # the synthetic edition's year: its release is published on 1 December 2089
CALENDAR = reverse("community:calendar") + f"?jaar={YEAR}"
EDIT = reverse("community:calendar_edit") + f"?jaar={YEAR}"


def quick_user(email, editor=False):
    user = get_user_model().objects.create(username=email, email=email, first_name=email.split("@")[0])
    if editor:
        user.groups.add(editors_group())
    return user


@pytest.fixture
def model_editor(db):
    return quick_user("redactie@model.nl", editor=True)


def dates(**changes):
    data = {
        "content_release_due": "15-03-2090",
        "voorjaarsnota_on": "10-05-2090",
        "budget_release_due": "30-06-2090",
        "najaarsnota_on": "05-11-2090",
        "proposal_deadline": "01-10-2090",
        "theme_vote_deadline": "31-01-2090",
        "votes_per_organisation": "3",
        "notes": "",
        "fingerprint": "new",
    }
    return data | changes


def test_no_dates_yet_shows_a_notice_and_no_invented_dates(client, db):
    html = client.get(CALENDAR).content.decode()
    assert "De redactie heeft de data voor 2090 nog niet vastgesteld." in html
    assert "Voorjaarsnota in de raad" not in html
    assert reverse("community:calendar_edit") not in html  # not for the public


def test_editor_sets_the_dates_in_dutch_format(client, model_editor):
    client.force_login(model_editor)
    assert client.get(EDIT).status_code == 200
    response = client.post(EDIT, dates())
    assert response.status_code == 302
    year = CommunityYear.objects.get(year=YEAR)
    assert year.content_release_due == date(2090, 3, 15)
    assert year.najaarsnota_on == date(2090, 11, 5)
    assert year.votes_per_organisation == 3
    html = client.get(CALENDAR).content.decode()
    assert "nog niet vastgesteld" not in html
    assert "15 maart 2090" in html and "5 november 2090" in html


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"content_release_due": "20-05-2090"}, "De inhoudsversie moet klaar zijn vóór de voorjaarsnota."),
        ({"budget_release_due": "10-12-2090"}, "De begrotingsversie moet klaar zijn vóór de najaarsnota en begroting."),
        ({"voorjaarsnota_on": "2090-13-45"}, "Vul een datum in als dd-mm-jjjj"),
        ({"najaarsnota_on": "05-11-2091"}, "Kies een datum in 2090."),
        ({"votes_per_organisation": "0"}, "minstens 1"),
    ],
)
def test_bad_dates_are_refused_in_dutch(client, model_editor, changes, message):
    client.force_login(model_editor)
    response = client.post(EDIT, dates(**changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not CommunityYear.objects.exists()


def test_a_stale_calendar_edit_is_refused(client, model_editor):
    services.save_community_year(YEAR, {"votes_per_organisation": 5}, "new", model_editor)
    client.force_login(model_editor)
    response = client.post(EDIT, dates())  # the form was loaded before the year existed
    assert response.status_code == 400
    assert "Iemand anders heeft de kalender van 2090 intussen gewijzigd" in response.content.decode()
    assert CommunityYear.objects.get(year=YEAR).votes_per_organisation == 5
    fingerprint = client.get(EDIT).context["form"].initial["fingerprint"]
    assert client.post(EDIT, dates(fingerprint=fingerprint)).status_code == 302


def test_only_editors_edit_the_calendar(client, org, reader):
    assert client.get(EDIT).status_code == 403  # anonymous: log in
    client.force_login(reader)
    assert client.get(EDIT).status_code == 403
    assert client.post(EDIT, dates()).status_code == 403
    assert not CommunityYear.objects.exists()
    assert client.get(CALENDAR).status_code == 200


def test_calendar_lists_dates_sessions_and_releases_in_date_order(client, model_editor, test_edition):
    services.save_community_year(
        YEAR,
        {"content_release_due": date(2090, 3, 15), "najaarsnota_on": date(2090, 11, 5)},
        "new",
        model_editor,
    )
    session = Session.objects.create(
        year=YEAR,
        title="Wendbaarheid versus basiscapaciteit",
        starts_at=timezone.make_aware(datetime(2090, 4, 2, 14, 0)),
        duration_minutes=120,
        agenda="Agenda",
        capacity=20,
    )
    Session.objects.create(
        year=YEAR - 1, title="Ander jaar", starts_at=timezone.now(), duration_minutes=60, agenda="A", capacity=5
    )
    html = client.get(CALENDAR).content.decode()
    assert "Nog niet alle data voor 2090 zijn vastgesteld." in html
    assert f'href="/gemeenschap/sessies/{session.pk}/"' in html and "14:00" in html
    assert "Ander jaar" not in html
    assert "Release 2090.1 gepubliceerd" in html
    order = [
        html.index("1 december 2089"),
        html.index("15 maart 2090"),
        html.index("2 april 2090"),
        html.index("5 november 2090"),
    ]
    assert order == sorted(order)


def test_a_bad_year_is_refused(client, db):
    from django.test import Client

    response = Client(raise_request_exception=False).get(reverse("community:calendar") + "?jaar=99999")
    assert response.status_code == 400
