"""Theme sessions (issue 14, item 3): planning with warnings, registration with a capacity limit, the
calendar file, e-mails that never lose a registration, attendance, notes and decisions."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from modelgemeente.catalog import releases
from modelgemeente.community import ical, services
from modelgemeente.community.models import Participation, Registration, Session, SessionDecision
from modelgemeente.core.enums import Role
from tests.conftest import member_of

pytestmark = pytest.mark.django_db


def in_days(days: float):
    return timezone.now().replace(microsecond=0) + timedelta(days=days)


def make_session(**values) -> Session:
    starts_at = values.pop("starts_at", in_days(10))
    defaults = {
        "year": starts_at.year,
        "title": "Wendbaarheid versus basiscapaciteit",
        "starts_at": starts_at,
        "duration_minutes": 120,
        "place": "Utrecht, stadskantoor",
        "video_url": "",
        "agenda": "Opening\nWendbaarheid; basiscapaciteit, en de begroting",
        "capacity": 10,
    }
    defaults.update(values)
    return Session.objects.create(**defaults)


@pytest.fixture
def session():
    return make_session()


@pytest.fixture
def participating(org, session):
    return Participation.objects.create(organisation=org, year=session.year)


@pytest.fixture
def community_editor(other_org):
    user = member_of(other_org, Role.MEMBER, "redactie@model.nl")
    user.groups.add(releases.editors_group())
    return user


class FailingBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise OSError("mail server down")


# The list and its warnings ----------------------------------------------------------------------------


def test_anonymous_sees_the_sessions_with_places_left_and_a_warning_for_too_few(client, session):
    response = client.get(reverse("community:sessions") + f"?jaar={session.year}")
    page = response.content.decode()
    assert response.status_code == 200
    assert session.title in page
    assert "Utrecht, stadskantoor" in page
    assert "utrecht-alert--warning" in page
    assert "minstens 3 per jaar" in page
    assert "Sessie plannen" not in page


def test_three_sessions_no_warning_but_a_too_long_one_is_warned_on_list_and_page(client, session):
    make_session(title="Twee")
    long = make_session(title="Marathon", duration_minutes=240)
    page = client.get(reverse("community:sessions") + f"?jaar={session.year}").content.decode()
    assert "minstens 3 per jaar" not in page
    assert "duurt 240 minuten" in page
    detail = client.get(long.get_absolute_url()).content.decode()
    assert "Deze sessie duurt 240 minuten" in detail


def test_a_bad_year_falls_back_to_this_year(client):
    assert client.get(reverse("community:sessions") + "?jaar=abc").status_code == 200
    assert client.get(reverse("community:sessions") + "?jaar=99999999999").status_code == 200


# Planning and editing --------------------------------------------------------------------------------


def form_data(session_year, **values):
    data = {
        "title": "Datagedreven werken",
        "date": f"{session_year}-12-20",
        "time": "13:30",
        "duration_minutes": "150",
        "place": "",
        "video_url": "",
        "agenda": "Agenda",
        "capacity": "12",
        "development_slugs": [],
    }
    data.update(values)
    return data


def test_editor_plans_a_session_and_place_or_video_is_required(client, community_editor, test_edition):
    year = timezone.localdate().year
    client.force_login(community_editor)
    url = reverse("community:session_create") + f"?jaar={year}"
    response = client.post(url, form_data(year))
    assert response.status_code == 200
    assert "Vul een plaats of een videoverbinding in" in response.content.decode()
    assert not Session.objects.exists()

    response = client.post(url, form_data(year, date=f"{year + 1}-01-10", place="Zwolle"))
    assert "Kies een datum in" in response.content.decode()

    response = client.post(
        url,
        form_data(year, video_url="https://video.example.nl/abc", development_slugs=["klantcontact", "digitaal-loket"]),
    )
    session = Session.objects.get()
    assert response.status_code == 302
    assert session.year == year
    assert session.development_slugs == ["klantcontact", "digitaal-loket"]
    assert timezone.localtime(session.starts_at).strftime("%H:%M") == "13:30"


def test_a_reader_or_anonymous_cannot_plan(client, reader, session):
    assert client.get(reverse("community:session_create")).status_code == 302  # to login
    client.force_login(reader)
    assert client.get(reverse("community:session_create")).status_code == 403
    assert client.get(reverse("community:session_edit", args=[session.pk])).status_code == 403


def test_a_stale_edit_is_refused_and_shows_the_current_values(client, community_editor, session):
    client.force_login(community_editor)
    url = reverse("community:session_edit", args=[session.pk])
    values = {
        "title": session.title,
        "starts_at": session.starts_at,
        "duration_minutes": 90,
        "place": "Amersfoort",
        "video_url": "",
        "agenda": session.agenda,
        "capacity": 10,
    }
    services.save_session(community_editor, year=session.year, values=values, session=session, expected_version=1)
    date = timezone.localtime(session.starts_at).date().isoformat()
    response = client.post(url, form_data(session.year, date=date, place="Zwolle", version="1"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Iemand anders heeft deze sessie intussen gewijzigd" in page
    assert 'value="Amersfoort"' in page
    session.refresh_from_db()
    assert session.place == "Amersfoort"
    assert session.version == 2


def test_a_change_of_place_is_mailed_to_the_registered_people(
    client, community_editor, reader, participating, session, org, django_capture_on_commit_callbacks
):
    services.register(reader, session, org)
    mail.outbox.clear()
    client.force_login(community_editor)
    date = timezone.localtime(session.starts_at).date().isoformat()
    time = timezone.localtime(session.starts_at).strftime("%H:%M")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("community:session_edit", args=[session.pk]),
            form_data(session.year, date=date, time=time, duration_minutes="120", place="Zwolle", version="1"),
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [reader.email]
    assert "Gewijzigd" in message.subject
    assert "Plaats: was 'Utrecht, stadskantoor', wordt 'Zwolle'." in message.body
    assert message.attachments[0][0] == "sessie.ics"


def test_a_change_of_only_the_title_sends_nothing(community_editor, reader, participating, session, org):
    services.register(reader, session, org)
    values = {
        f: getattr(session, f) for f in ("starts_at", "duration_minutes", "place", "video_url", "agenda", "capacity")
    }
    mail.outbox.clear()
    services.save_session(
        community_editor, year=session.year, values={**values, "title": "Nieuw"}, session=session, expected_version=1
    )
    assert mail.outbox == []


def test_cancelling_keeps_the_session_and_mails_the_registered(
    client, community_editor, reader, participating, session, org, django_capture_on_commit_callbacks
):
    services.register(reader, session, org)
    mail.outbox.clear()
    client.force_login(community_editor)
    url = reverse("community:session_cancel", args=[session.pk])
    assert "1 persoon is aangemeld" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"version": session.version})
    session.refresh_from_db()
    assert session.cancelled_at is not None
    assert Registration.objects.filter(session=session).count() == 1
    assert [m.subject for m in mail.outbox] == [f"Geannuleerd: themasessie {session.title}"]
    assert "STATUS:CANCELLED" in mail.outbox[0].attachments[0][1]


# Registration ----------------------------------------------------------------------------------------


def test_anonymous_cannot_register(client, session):
    page = client.get(session.get_absolute_url()).content.decode()
    assert "Log in om u aan te melden" in page
    client.post(reverse("community:session_register", args=[session.pk]))
    assert not Registration.objects.exists()


def test_member_of_a_participating_organisation_registers_and_gets_a_confirmation_with_ics(
    client, reader, participating, session, org, django_capture_on_commit_callbacks
):
    client.force_login(reader)
    assert "Aanmelden" in client.get(session.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("community:session_register", args=[session.pk]), {"organisation": org.pk})
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert (registration.user, registration.organisation) == (reader, org)
    assert len(mail.outbox) == 1
    assert "Aangemeld voor de themasessie" in mail.outbox[0].subject
    name, content, mimetype = mail.outbox[0].attachments[0]
    assert name == "sessie.ics" and mimetype.startswith("text/calendar")
    assert f"UID:session-{session.pk}@open-modelgemeente" in content
    page = client.get(session.get_absolute_url()).content.decode()
    assert "U bent aangemeld namens Gemeente Voorbeeld" in page
    assert "waarvan nog 9 vrij" in page


def test_member_of_a_non_participating_organisation_is_refused(client, outsider, other_org, session):
    client.force_login(outsider)
    response = client.post(
        reverse("community:session_register", args=[session.pk]), {"organisation": other_org.pk}, follow=True
    )
    assert "Kies een van uw deelnemende organisaties" in response.content.decode()
    assert not Registration.objects.exists()
    with pytest.raises(services.SessionError, match="namens een organisatie die in"):
        services.register(outsider, session, other_org)


def test_capacity_limit_then_unregister_frees_a_place_and_re_register(client, org, participating):
    session = make_session(capacity=1)
    first = member_of(org, Role.MEMBER, "een@voorbeeld.nl")
    second = member_of(org, Role.MEMBER, "twee@voorbeeld.nl")
    services.register(first, session, org)
    client.force_login(second)
    response = client.post(
        reverse("community:session_register", args=[session.pk]), {"organisation": org.pk}, follow=True
    )
    assert "Deze sessie is vol" in response.content.decode()
    assert services.active_registrations(session).count() == 1

    services.unregister(first, session)
    services.register(second, session, org)
    with pytest.raises(services.SessionError, match="vol"):
        services.register(first, session, org)
    services.unregister(second, session)
    again = services.register(first, session, org)
    assert again.cancelled_at is None
    assert Registration.objects.filter(session=session).count() == 2  # rows kept, re-used


def test_choice_of_organisation_when_the_member_has_several(client, reader, org, other_org, session, participating):
    from modelgemeente.plans.models import Membership

    Membership.objects.create(organisation=other_org, user=reader, role=Role.MEMBER)
    Participation.objects.create(organisation=other_org, year=session.year)
    client.force_login(reader)
    page = client.get(session.get_absolute_url()).content.decode()
    assert "Namens organisatie" in page and "Andere gemeente" in page
    client.post(reverse("community:session_register", args=[session.pk]), {"organisation": other_org.pk})
    assert Registration.objects.get().organisation == other_org


def test_a_failing_mail_server_never_loses_the_registration(
    client, reader, participating, session, org, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.community.test_sessions.FailingBackend"
    client.force_login(reader)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("community:session_register", args=[session.pk]), {"organisation": org.pk})
    assert response.status_code == 302
    assert Registration.objects.filter(session=session, user=reader, cancelled_at__isnull=True).exists()
    assert services.send_reminders(days=10, now=timezone.now()) == (0, 1)


# The calendar file ----------------------------------------------------------------------------------


def unfold(text: str) -> dict:
    """A tiny RFC 5545 reader: CRLF lines, continuation lines start with a space."""
    assert "\n" not in text.replace("\r\n", "")
    lines = text.split("\r\n")
    assert lines[-1] == ""
    for line in lines:
        assert len(line.encode("utf-8")) <= 75
    unfolded = re.sub(r"\r\n ", "", text).split("\r\n")
    return dict(line.split(":", 1) for line in unfolded if line)


def test_ics_file_is_valid_folded_escaped_and_stable(client, session):
    session.agenda = "Lange agenda; " + "wendbaarheid, basiscapaciteit en de begroting van €" * 8 + "\\einde"
    session.video_url = "https://video.example.nl/sessie"
    session.save()
    response = client.get(reverse("community:session_ics", args=[session.pk]))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode("utf-8")
    fields = unfold(body)
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert fields["UID"] == f"session-{session.pk}@open-modelgemeente"
    assert fields["DTSTART"] == session.starts_at.astimezone(ical.UTC).strftime("%Y%m%dT%H%M%SZ")
    end = session.starts_at + timedelta(minutes=120)
    assert fields["DTEND"] == end.astimezone(ical.UTC).strftime("%Y%m%dT%H%M%SZ")
    assert re.fullmatch(r"\d{8}T\d{6}Z", fields["DTSTAMP"])
    assert fields["SEQUENCE"] == "1"
    assert fields["SUMMARY"] == session.title
    assert fields["LOCATION"] == "Utrecht\\, stadskantoor\\, https://video.example.nl/sessie"
    assert fields["URL"] == f"http://testserver/gemeenschap/sessies/{session.pk}/"
    assert fields["DESCRIPTION"].startswith("Lange agenda\\; wendbaarheid\\, basiscapaciteit")
    assert "\\\\einde\\n\\nVideoverbinding" in fields["DESCRIPTION"]
    assert body.count("\r\n ") >= 5  # the long description is folded


def test_fold_never_splits_a_multibyte_character():
    folded = ical.fold("DESCRIPTION:" + "€" * 60)
    for line in folded.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75
        line.encode("utf-8").decode("utf-8")
    assert folded.replace("\r\n ", "") == "DESCRIPTION:" + "€" * 60


# Reminders --------------------------------------------------------------------------------------------


def test_reminder_command_mails_once_for_sessions_in_the_window(org, reader, participating):
    soon = make_session(title="Overmorgen", starts_at=in_days(1.5))
    later = make_session(title="Later", starts_at=in_days(5))
    cancelled = make_session(title="Gaat niet door", starts_at=in_days(1.2))
    for s in (soon, later, cancelled):
        Participation.objects.get_or_create(organisation=org, year=s.year)
        services.register(reader, s, org)
    cancelled.cancelled_at = timezone.now()
    cancelled.save()
    mail.outbox.clear()
    call_command("send_session_reminders")
    assert [m.subject for m in mail.outbox] == ["Herinnering: themasessie Overmorgen"]
    # The next day's run does not remind again: the session has left the window.
    assert services.send_reminders(now=timezone.now() + timedelta(days=1)) == (0, 0)


# Attendance, notes and decisions ----------------------------------------------------------------------


@pytest.fixture
def past_session(org, reader):
    session = make_session(starts_at=in_days(-1))
    Participation.objects.get_or_create(organisation=org, year=session.year)
    Registration.objects.create(session=session, user=reader, organisation=org)
    return session


def test_outsider_cannot_record_attendance_but_the_lead_can(client, outsider, editor, reader, past_session):
    url = reverse("community:session_report", args=[past_session.pk])
    client.force_login(outsider)
    assert client.get(url).status_code == 403
    assert client.post(reverse("community:session_decision_add", args=[past_session.pk])).status_code == 403
    past_session.lead = editor
    past_session.save()
    client.force_login(editor)
    registration = Registration.objects.get(session=past_session)
    page = client.get(url).content.decode()
    assert "Lezer (Gemeente Voorbeeld)" in page
    response = client.post(url, {f"attended_{registration.pk}": "on", "notes": "Goed gesprek.", "version": "1"})
    assert response.status_code == 302
    registration.refresh_from_db()
    past_session.refresh_from_db()
    assert registration.attended is True
    assert past_session.notes == "Goed gesprek."
    assert past_session.attendance_recorded_at is not None
    # Unticked means absent; a stale form is refused.
    client.post(url, {"notes": "Oud", "version": "1"})
    past_session.refresh_from_db()
    assert past_session.notes == "Goed gesprek."
    client.post(url, {"notes": "Bijgewerkt", "version": "2"})
    registration.refresh_from_db()
    assert registration.attended is False


def test_lead_adds_edits_and_removes_decisions_with_a_link_to_a_proposal(client, editor, past_session):
    past_session.lead = editor
    past_session.save()
    client.force_login(editor)
    client.post(reverse("community:session_decision_add", args=[past_session.pk]), {"new-text": ""})
    assert not SessionDecision.objects.exists()
    client.post(reverse("community:session_decision_add", args=[past_session.pk]), {"new-text": "Uren omhoog"})
    decision = SessionDecision.objects.get()
    url = reverse("community:session_decision", args=[past_session.pk, decision.pk])
    client.post(url, {f"d{decision.pk}-text": "Uren van de regel omhoog"})
    decision.refresh_from_db()
    assert decision.text == "Uren van de regel omhoog"
    page = client.get(reverse("community:session_report", args=[past_session.pk])).content.decode()
    assert f"/gemeenschap/voorstellen/nieuw/?besluit={decision.pk}" in page
    assert "Uren van de regel omhoog" in client.get(past_session.get_absolute_url()).content.decode()
    client.post(url, {"remove": ""})
    assert not SessionDecision.objects.exists()


def test_attendance_cannot_be_recorded_before_the_session(editor, session):
    session.lead = editor
    session.save()
    with pytest.raises(services.SessionError, match="als de sessie is begonnen"):
        services.record_attendance(editor, session, attended={}, notes="", expected_version=1)


# Linked developments --------------------------------------------------------------------------------


def test_linked_developments_link_to_the_current_release_or_say_they_are_gone(client, test_edition, session):
    session.development_slugs = ["klantcontact", "verdwenen-ontwikkeling"]
    session.save()
    page = client.get(session.get_absolute_url()).content.decode()
    assert f'href="/editie/{test_edition.year}/ontwikkeling/klantcontact/"' in page
    assert "verdwenen-ontwikkeling (niet meer in de huidige release)" in page
