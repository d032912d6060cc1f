"""Questions down (services/questions.py): asking, input of municipalities, the regions' answers (late ones marked,
not refused), closing, who sees what, and the reminders before the deadline."""

from datetime import datetime, time, timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from modelgemeente.consultation import question_access as access
from modelgemeente.consultation.models import Question, QuestionInput, Region, RegionAnswer
from modelgemeente.consultation.question_readings import progress
from modelgemeente.consultation.services import questions as service
from modelgemeente.core.enums import QuestionKind
from tests.consultation.question_world import ask, qworld  # noqa: F401

TODAY = timezone.localdate


def at_noon(day):
    return timezone.make_aware(datetime.combine(day, time(12, 0)))


# Asking -----------------------------------------------------------------------------------------------------------


def test_the_coordinator_asks_two_regions_all_still_open(qworld):  # noqa: F811
    question = ask(qworld)
    assert question.created_by == qworld.coordinator
    assert sorted(r.slug for r in question.regions.all()) == ["noord", "zuid"]
    state = progress(question)
    assert (state.answered, state.total) == (0, 2)
    assert [r.name for r in state.open] == ["Regio Noord", "Regio Zuid"]


def test_only_a_coordinator_may_ask(qworld):  # noqa: F811
    for user in (qworld.rep_noord, qworld.editor_groningen, AnonymousUser()):
        with pytest.raises(service.QuestionDenied, match="Alleen coördinatoren"):
            service.ask_question(
                user, kind="vraag", title="Titel", body="Tekst", deadline=TODAY(), regions=[qworld.noord]
            )
    assert not Question.objects.exists()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"deadline": "yesterday"}, "deadline", "in het verleden"),
        ({"deadline": "2030-01-01"}, "deadline", "Vul een datum in"),
        ({"regions": []}, "regions", "ten minste één regio"),
        ({"regions": ["noord"]}, "regions", "bestaande regio"),
        ({"regions": [Region(slug="nieuw", name="Niet opgeslagen")]}, "regions", "bestaande regio"),
        ({"title": "x" * 201}, "title", "te lang: hoogstens 200 tekens, nu 201"),
        ({"title": "   "}, "title", "Vul de titel in"),
        ({"body": "Vraag\x00"}, "body", "ongeldig teken"),
        ({"body": "x" * 20_001}, "body", "hoogstens 20.000 tekens"),
        ({"body": None}, "body", "moet tekst zijn"),
        ({"kind": "bevel"}, "kind", "Kies een vraag of conceptbeleid"),
    ],
)
def test_junk_questions_are_refused_at_their_field_and_nothing_is_saved(qworld, change, field, message):  # noqa: F811
    values = {
        "kind": QuestionKind.DRAFT_POLICY,
        "title": "Conceptbeleid API-strategie",
        "body": "## Doel\n\nEén strategie.",
        "deadline": TODAY(),
        "regions": [qworld.noord],
    }
    values.update(change)
    if values["deadline"] == "yesterday":
        values["deadline"] = TODAY() - timedelta(days=1)
    with pytest.raises(service.QuestionError, match=message) as raised:
        service.ask_question(qworld.coordinator, **values)
    assert raised.value.field == field
    assert not Question.objects.exists()


def test_a_deadline_of_today_is_accepted_and_the_title_is_one_line(qworld):  # noqa: F811
    question = ask(qworld, days=0, title="  Twee\n regels  ")
    assert question.deadline == TODAY()
    assert question.title == "Twee regels"


# Input and answers ------------------------------------------------------------------------------------------------


def test_a_full_round_one_region_in_time_one_late(qworld):  # noqa: F811
    question = ask(qworld, days=5)
    groningen = service.give_input(question, qworld.noord, qworld.groningen, qworld.editor_groningen, "Steun.")
    service.give_input(question, qworld.noord, qworld.leeuwarden, qworld.admin_leeuwarden, "Zorgen over kosten.")
    assert groningen.user == qworld.editor_groningen

    on_time = service.answer_question(question, qworld.noord, qworld.rep_noord, "Noord steunt, met zorgen over kosten.")
    assert not on_time.late
    assert on_time.answered_by == qworld.rep_noord
    state = progress(question)
    assert (state.answered, state.total) == (1, 2)
    assert [r.name for r in state.open] == ["Regio Zuid"]
    assert state.late == []

    after = at_noon(question.deadline + timedelta(days=1))
    late = service.answer_question(question, qworld.zuid, qworld.rep_zuid, "Zuid steunt.", now=after)
    assert late.late and late.answered_at == after
    state = progress(question)
    assert (state.answered, state.total) == (2, 2)
    assert state.open == []
    assert [r.name for r in state.late] == ["Regio Zuid"]


def test_an_answer_on_the_deadline_day_is_in_time(qworld):  # noqa: F811
    question = ask(qworld, days=2)
    answer = service.answer_question(
        question, qworld.noord, qworld.rep_noord, "Op tijd.", now=at_noon(question.deadline)
    )
    assert not answer.late


def test_an_answer_is_edited_keeping_one_row_and_recording_the_latest_save(qworld):  # noqa: F811
    question = ask(qworld, days=1)
    first = service.answer_question(question, qworld.noord, qworld.rep_noord, "Eerste versie.")
    later = at_noon(question.deadline + timedelta(days=3))
    second = service.answer_question(question, qworld.noord, qworld.rep_noord, "Tweede versie.", now=later)
    assert second.pk == first.pk
    assert RegionAnswer.objects.count() == 1
    assert (second.text, second.answered_at) == ("Tweede versie.", later)
    # The text that counts was written after the deadline: the answer is late from now on, also after a later edit.
    assert second.late
    third = service.answer_question(question, qworld.noord, qworld.rep_noord, "Derde versie.", now=later)
    assert third.late


def test_only_the_representative_of_an_asked_region_answers(qworld):  # noqa: F811
    question = ask(qworld)
    for user in (qworld.rep_zuid, qworld.rep_west, qworld.editor_groningen, qworld.coordinator, AnonymousUser()):
        with pytest.raises(service.QuestionDenied, match="vertegenwoordiger van Regio Noord"):
            service.answer_question(question, qworld.noord, user, "Namens Noord?")
    with pytest.raises(service.QuestionError, match="niet aan deze regio gesteld"):
        service.answer_question(question, qworld.west, qworld.rep_west, "West wil ook iets zeggen.")
    assert not RegionAnswer.objects.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Vul het antwoord in"),
        ("  \n ", "Vul het antwoord in"),
        ("a\x00b", "ongeldig teken"),
        ("x" * 20_001, "te lang"),
    ],
)
def test_junk_answers_change_nothing(qworld, text, message):  # noqa: F811
    question = ask(qworld)
    with pytest.raises(service.QuestionError, match=message):
        service.answer_question(question, qworld.noord, qworld.rep_noord, text)
    assert not RegionAnswer.objects.exists()


def test_input_one_per_organisation_per_region_by_its_editors_and_admins(qworld):  # noqa: F811
    question = ask(qworld)
    first = service.give_input(question, qworld.noord, qworld.groningen, qworld.editor_groningen, "Eerste.")
    again = service.give_input(question, qworld.noord, qworld.groningen, qworld.editor_groningen, "  Gewijzigd.  ")
    assert again.pk == first.pk and again.text == "Gewijzigd."
    assert QuestionInput.objects.count() == 1

    with pytest.raises(service.QuestionDenied, match="redacteuren en beheerders van Gemeente Groningen"):
        service.give_input(question, qworld.noord, qworld.groningen, qworld.reader_groningen, "Lezer.")
    with pytest.raises(service.QuestionDenied):
        service.give_input(question, qworld.noord, qworld.groningen, qworld.rep_noord, "Vertegenwoordiger.")
    with pytest.raises(service.QuestionError, match="hoort niet bij Regio Noord"):
        service.give_input(question, qworld.noord, qworld.eindhoven, qworld.editor_eindhoven, "Eindhoven in Noord.")
    with pytest.raises(service.QuestionError, match="niet aan deze regio gesteld"):
        service.give_input(question, qworld.west, qworld.rotterdam, qworld.editor_rotterdam, "West.")
    with pytest.raises(service.QuestionError, match="hoogstens 4.000 tekens"):
        service.give_input(question, qworld.noord, qworld.groningen, qworld.editor_groningen, "x" * 4001)
    with pytest.raises(service.QuestionError, match="ongeldig teken"):
        service.give_input(question, qworld.noord, qworld.groningen, qworld.editor_groningen, "\x00")
    assert list(QuestionInput.objects.values_list("text", flat=True)) == ["Gewijzigd."]


def test_closing_stops_input_and_answers_and_only_a_coordinator_closes(qworld):  # noqa: F811
    question = ask(qworld)
    service.answer_question(question, qworld.noord, qworld.rep_noord, "Noord.")
    with pytest.raises(service.QuestionDenied):
        service.close_question(question, qworld.rep_noord)
    service.close_question(question, qworld.coordinator)
    question.refresh_from_db()
    assert question.closed_at is not None and question.version == 2
    with pytest.raises(service.QuestionError, match="al gesloten"):
        service.close_question(question, qworld.coordinator)
    with pytest.raises(service.QuestionError, match="gesloten"):
        service.answer_question(question, qworld.noord, qworld.rep_noord, "Te laat gewijzigd.")
    with pytest.raises(service.QuestionError, match="gesloten"):
        service.answer_question(question, qworld.zuid, qworld.rep_zuid, "Zuid.")
    with pytest.raises(service.QuestionError, match="gesloten"):
        service.give_input(question, qworld.noord, qworld.groningen, qworld.editor_groningen, "Nog iets.")
    assert list(RegionAnswer.objects.values_list("text", flat=True)) == ["Noord."]
    assert [r.name for r in progress(question).open] == ["Regio Zuid"]


# Who sees what ----------------------------------------------------------------------------------------------------


def test_visibility_follows_the_asked_regions(qworld):  # noqa: F811
    to_noord = ask(qworld, regions=[qworld.noord], title="Alleen Noord")
    to_zuid = ask(qworld, regions=[qworld.zuid], title="Alleen Zuid")

    def seen(user):
        return {q.title for q in access.visible_questions(user)}

    assert seen(qworld.coordinator) == {"Alleen Noord", "Alleen Zuid"}
    assert seen(qworld.rep_noord) == {"Alleen Noord"}
    assert seen(qworld.reader_groningen) == {"Alleen Noord"}
    assert seen(qworld.admin_leeuwarden) == {"Alleen Noord"}
    assert seen(qworld.editor_eindhoven) == {"Alleen Zuid"}
    assert seen(qworld.rep_west) == set()
    assert seen(qworld.editor_rotterdam) == set()
    assert seen(AnonymousUser()) == set()
    assert access.input_slots(qworld.editor_groningen, to_noord) == [(qworld.noord, qworld.groningen)]
    assert access.input_slots(qworld.reader_groningen, to_noord) == []
    assert access.input_slots(qworld.editor_groningen, to_zuid) == []
    assert access.answer_regions(qworld.rep_noord, to_noord) == [qworld.noord]
    assert access.answer_regions(qworld.rep_noord, to_zuid) == []


def test_an_organisation_in_two_asked_regions_gives_input_to_each(qworld):  # noqa: F811
    qworld.zuid.municipality_codes = ["GM0772", "GM0014"]  # Groningen in Zuid too, as an example of overlap
    qworld.zuid.save()
    question = ask(qworld)
    assert access.input_slots(qworld.editor_groningen, question) == [
        (qworld.noord, qworld.groningen),
        (qworld.zuid, qworld.groningen),
    ]
    service.give_input(question, qworld.noord, qworld.groningen, qworld.editor_groningen, "Voor Noord.")
    service.give_input(question, qworld.zuid, qworld.groningen, qworld.editor_groningen, "Voor Zuid.")
    assert QuestionInput.objects.count() == 2
    assert [i.text for i in access.visible_inputs(qworld.rep_zuid, question)] == ["Voor Zuid."]


def test_inputs_are_read_by_the_region_representative_and_the_own_organisation_only(qworld):  # noqa: F811
    question = ask(qworld)
    service.give_input(question, qworld.noord, qworld.groningen, qworld.editor_groningen, "Groningen.")
    service.give_input(question, qworld.noord, qworld.leeuwarden, qworld.admin_leeuwarden, "Leeuwarden.")
    service.give_input(question, qworld.zuid, qworld.eindhoven, qworld.editor_eindhoven, "Eindhoven.")

    def read(user):
        return sorted(i.text for i in access.visible_inputs(user, question))

    assert read(qworld.rep_noord) == ["Groningen.", "Leeuwarden."]
    assert read(qworld.rep_zuid) == ["Eindhoven."]
    assert read(qworld.reader_groningen) == ["Groningen."]
    assert read(qworld.coordinator) == []
    assert read(AnonymousUser()) == []


# Reminders --------------------------------------------------------------------------------------------------------


def test_reminders_go_to_the_regions_still_open_once_a_day_until_the_deadline(qworld):  # noqa: F811
    question = ask(qworld, days=3)
    service.answer_question(question, qworld.noord, qworld.rep_noord, "Noord is klaar.")
    mail.outbox.clear()

    assert service.send_reminders() == 1
    assert [m.to for m in mail.outbox] == [["rep-zuid@regio.nl"]]
    message = mail.outbox[0]
    assert "Reactie op de API-strategie" in message.subject
    assert "Regio Zuid" in message.body and "over 3 dagen" in message.body
    assert f"/vragen/{question.pk}/" in message.body
    question.refresh_from_db()
    assert question.reminder_sent_on == TODAY()

    # Once a day: a second run on the same day sends nothing.
    assert service.send_reminders() == 0
    assert len(mail.outbox) == 1
    # The next days up to the deadline itself: again, once each.
    for days in (1, 2, 3):
        assert service.send_reminders(TODAY() + timedelta(days=days)) == 1
    assert len(mail.outbox) == 4
    assert "vandaag" in mail.outbox[-1].body
    # After the deadline: none.
    assert service.send_reminders(TODAY() + timedelta(days=4)) == 0
    assert len(mail.outbox) == 4


def test_no_reminders_too_early_when_answered_or_closed(qworld):  # noqa: F811
    ask(qworld, days=4, title="Nog ver weg")
    answered = ask(qworld, days=1, title="Al beantwoord")
    service.answer_question(answered, qworld.noord, qworld.rep_noord, "Noord.")
    service.answer_question(answered, qworld.zuid, qworld.rep_zuid, "Zuid.")
    closed = ask(qworld, days=2, title="Gesloten")
    service.close_question(closed, qworld.coordinator)
    mail.outbox.clear()
    assert service.send_reminders() == 0
    assert mail.outbox == []
    # Tomorrow the first question comes within three days: both representatives are reminded, West is not.
    assert service.send_reminders(TODAY() + timedelta(days=1)) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["rep-noord@regio.nl", "rep-zuid@regio.nl"]
    assert all("Nog ver weg" in m.subject for m in mail.outbox)


def test_a_representative_of_two_open_regions_gets_one_email_naming_both(qworld):  # noqa: F811
    from modelgemeente.consultation.models import RoleAssignment
    from modelgemeente.core.enums import ConsultationRole

    RoleAssignment.objects.create(user=qworld.rep_noord, region=qworld.zuid, role=ConsultationRole.REPRESENTATIVE)
    ask(qworld, days=2)
    mail.outbox.clear()
    assert service.send_reminders() == 2  # rep_noord (Noord and Zuid) and rep_zuid
    to_noord = next(m for m in mail.outbox if m.to == ["rep-noord@regio.nl"])
    assert "Regio Noord, Regio Zuid" in to_noord.body


def test_a_blocked_or_addressless_representative_is_skipped(qworld):  # noqa: F811
    qworld.rep_noord.is_active = False
    qworld.rep_noord.save()
    qworld.rep_zuid.email = ""
    qworld.rep_zuid.save()
    ask(qworld, days=1)
    mail.outbox.clear()
    assert service.send_reminders() == 0
    assert mail.outbox == []


def test_the_reminder_command_sends_and_reports(qworld):  # noqa: F811
    ask(qworld, days=2)
    mail.outbox.clear()
    out = StringIO()
    call_command("send_question_reminders", stdout=out)
    assert out.getvalue().strip() == "2 herinnering(en) verstuurd."
    assert sorted(m.to[0] for m in mail.outbox) == ["rep-noord@regio.nl", "rep-zuid@regio.nl"]
    call_command("send_question_reminders", stdout=out)
    assert len(mail.outbox) == 2
    later = (TODAY() + timedelta(days=1)).isoformat()
    call_command("send_question_reminders", "--datum", later, stdout=out)
    assert len(mail.outbox) == 4
    with pytest.raises(CommandError, match="JJJJ-MM-DD"):
        call_command("send_question_reminders", "--datum", "morgen")
