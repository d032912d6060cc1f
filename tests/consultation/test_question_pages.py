"""The pages under /vragen/: the list with each question's progress, asking a question, the question's page with
the municipalities' input and the regions' answers, closing; permissions per role and junk input."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from modelgemeente.consultation.models import Question, QuestionInput, RegionAnswer
from modelgemeente.consultation.services import questions as service
from tests.consultation.question_world import ask, qworld  # noqa: F401

LIST = "/vragen/"
NEW = "/vragen/nieuw/"


def page(url, question):
    return reverse(url, args=[question.pk])


def answer_url(question, region):
    return reverse("consultation:question_answer", args=[question.pk, region.slug])


def input_url(question, region, organisation):
    return reverse("consultation:question_input", args=[question.pk, region.slug, organisation.slug])


def answer_data(region, text):
    return {f"antwoord-{region.pk}-text": text}


def input_data(region, organisation, text):
    return {f"inbreng-{region.pk}-{organisation.pk}-text": text}


def text_of(response) -> str:
    return " ".join(response.content.decode().split())


def test_the_url_names():
    assert reverse("consultation:questions") == LIST
    assert reverse("consultation:question_create") == NEW
    assert reverse("consultation:question", args=[7]) == "/vragen/7/"


# The list and the progress -----------------------------------------------------------------------------------------


def test_the_list_shows_answered_by_and_the_regions_still_open_then_late(client, qworld):  # noqa: F811
    question = ask(qworld, days=3)
    client.force_login(qworld.reader_groningen)
    html = text_of(client.get(LIST))
    assert "Reactie op de API-strategie" in html
    assert "Beantwoord door 0 van 2 regio's" in html
    assert "Nog open: Regio Noord, Regio Zuid." in html

    service.answer_question(question, qworld.noord, qworld.rep_noord, "Noord steunt.")
    html = text_of(client.get(LIST))
    assert "Beantwoord door 1 van 2 regio's" in html
    assert "Nog open: Regio Zuid." in html

    # Zuid answers after the deadline: accepted, marked late.
    Question.objects.filter(pk=question.pk).update(deadline=timezone.localdate() - timedelta(days=1))
    client.force_login(qworld.rep_zuid)
    response = client.post(answer_url(question, qworld.zuid), answer_data(qworld.zuid, "Zuid steunt, te laat."))
    assert response.status_code == 302
    assert RegionAnswer.objects.get(region=qworld.zuid).late
    html = text_of(client.get(response["Location"]))
    assert "na de uiterste datum: het staat als te laat gemarkeerd" in html
    assert "(te laat)" in html
    html = text_of(client.get(LIST))
    assert "Beantwoord door 2 van 2 regio's" in html
    assert "Nog open" not in html
    assert "Te laat beantwoord: Regio Zuid." in html


def test_open_and_closed_questions_are_listed_apart_and_only_where_visible(client, qworld):  # noqa: F811
    ask(qworld, regions=[qworld.noord], title="Vraag aan Noord")
    closed = ask(qworld, regions=[qworld.zuid], title="Vraag aan Zuid")
    service.close_question(closed, qworld.coordinator)
    client.force_login(qworld.coordinator)
    html = text_of(client.get(LIST))
    assert html.index("Open vragen") < html.index("Vraag aan Noord") < html.index("Gesloten vragen")
    assert html.index("Gesloten vragen") < html.index("Vraag aan Zuid")
    assert "Nieuwe vraag stellen" in html
    client.force_login(qworld.editor_eindhoven)
    html = text_of(client.get(LIST))
    assert "Vraag aan Zuid" in html and "Vraag aan Noord" not in html
    assert "Nieuwe vraag stellen" not in html
    client.force_login(qworld.editor_rotterdam)
    html = text_of(client.get(LIST))
    assert "Vraag aan" not in html
    assert "Er staan geen vragen open voor uw regio's." in html


# Asking ------------------------------------------------------------------------------------------------------------


def question_form(**change):
    data = {
        "kind": "conceptbeleid",
        "title": "Conceptbeleid gegevensuitwisseling",
        "body": "## Doel\n\nEén koppelvlak.",
        "deadline": (timezone.localdate() + timedelta(days=14)).strftime("%d-%m-%Y"),
        "scope": "alle",
    }
    data.update(change)
    return data


def test_the_coordinator_asks_all_regions_or_a_selection(client, qworld):  # noqa: F811
    client.force_login(qworld.coordinator)
    assert client.get(NEW).status_code == 200
    response = client.post(NEW, question_form())
    question = Question.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/vragen/{question.pk}/"
    assert question.regions.count() == 3
    assert question.kind == "conceptbeleid"
    response = client.post(
        NEW, question_form(title="Aan twee regio's", scope="selectie", regions=[qworld.noord.pk, qworld.west.pk])
    )
    assert response.status_code == 302
    assert sorted(Question.objects.get(title="Aan twee regio's").regions.values_list("slug", flat=True)) == [
        "noord",
        "west",
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"deadline": "01-01-2000"}, "De uiterste datum ligt in het verleden"),
        ({"deadline": "31-02-2030"}, "Vul een datum in als dag-maand-jaar"),
        ({"deadline": ""}, "Dit veld is verplicht"),
        ({"scope": "selectie"}, "Kies ten minste één regio"),
        ({"scope": "selectie", "regions": ["999999"]}, "uit de lijst"),
        ({"scope": "iedereen"}, "Selecteer een geldige keuze"),
        ({"kind": "bevel"}, "Selecteer een geldige keuze"),
        ({"title": "x" * 201}, "niet meer dan 200 tekens"),
        ({"title": "   "}, "Dit veld is verplicht"),
        ({"body": "Tekst met \x00 erin"}, "Null"),
        ({"body": "x" * 20_001}, "niet meer dan 20000 tekens"),
    ],
)
def test_junk_in_the_question_form_gets_a_message_and_saves_nothing(client, qworld, change, message):  # noqa: F811
    client.force_login(qworld.coordinator)
    response = client.post(NEW, question_form(**change))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "Controleer de invoer" in response.content.decode()
    assert not Question.objects.exists()


@pytest.mark.parametrize("who", ["rep_noord", "editor_groningen", "reader_groningen"])
def test_only_coordinators_open_the_question_form(client, qworld, who):  # noqa: F811
    client.force_login(getattr(qworld, who))
    assert client.get(NEW).status_code == 403
    response = client.post(NEW, question_form())
    assert response.status_code == 403
    assert "Alleen coördinatoren" in response.content.decode()
    assert not Question.objects.exists()


def test_someone_not_logged_in_is_asked_to_log_in(client, qworld):  # noqa: F811
    question = ask(qworld)
    for url in (LIST, NEW, page("consultation:question", question)):
        response = client.get(url)
        assert response.status_code == 403
        assert "Inloggen" in response.content.decode()
    response = client.post(answer_url(question, qworld.noord), answer_data(qworld.noord, "Anoniem."))
    assert response.status_code == 403
    assert not RegionAnswer.objects.exists()


# The question's page -------------------------------------------------------------------------------------------


def test_the_body_is_markdown_rendered_safely(client, qworld):  # noqa: F811
    question = ask(
        qworld, body="## Doel\n\nEén **koppelvlak**.\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))"
    )
    client.force_login(qworld.rep_noord)
    html = client.get(page("consultation:question", question)).content.decode()
    assert "<h3>Doel</h3>" in html and "<strong>koppelvlak</strong>" in html
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html
    assert 'href="javascript' not in html


def test_a_full_round_on_the_pages(client, qworld):  # noqa: F811
    question = ask(qworld, days=5)
    url = page("consultation:question", question)

    client.force_login(qworld.editor_groningen)
    html = text_of(client.get(url))
    assert "Inbreng van Gemeente Groningen voor Regio Noord" in html
    assert "Antwoord van Regio Noord" not in html
    response = client.post(
        input_url(question, qworld.noord, qworld.groningen),
        input_data(qworld.noord, qworld.groningen, "Groningen steunt.\nMet een tweede regel."),
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#inbreng-{qworld.noord.pk}-{qworld.groningen.pk}")
    # Editing the input keeps one input per organisation per region.
    client.post(
        input_url(question, qworld.noord, qworld.groningen),
        input_data(qworld.noord, qworld.groningen, "Groningen steunt van harte."),
    )
    assert list(QuestionInput.objects.values_list("text", flat=True)) == ["Groningen steunt van harte."]

    client.force_login(qworld.rep_noord)
    html = text_of(client.get(url))
    assert "Antwoord van Regio Noord" in html
    assert "Gemeente Groningen" in html and "Groningen steunt van harte." in html
    assert "Nog geen inbreng van: Gemeente Leeuwarden." in html
    response = client.post(answer_url(question, qworld.noord), answer_data(qworld.noord, "Noord steunt."))
    assert response.status_code == 302
    answer = RegionAnswer.objects.get()
    assert (answer.answered_by, answer.late) == (qworld.rep_noord, False)
    html = text_of(client.get(url))
    assert "Het antwoord van Regio Noord is opgeslagen." in html
    assert "Beantwoord door 1 van 2 regio's" in html
    assert "Noord steunt." in html and "nog open" in html and "(te laat)" not in html
    assert "Antwoord wijzigen" in html

    # The reader of Groningen sees the answers and the own organisation's input, without a form.
    client.force_login(qworld.reader_groningen)
    html = text_of(client.get(url))
    assert "Noord steunt." in html
    assert "Inbreng van uw organisatie" in html and "Groningen steunt van harte." in html
    assert "<textarea" not in html

    # The coordinator sees the answers, not the inputs behind them, and closes the question.
    client.force_login(qworld.coordinator)
    html = text_of(client.get(url))
    assert "Noord steunt." in html and "Groningen steunt van harte." not in html
    response = client.post(page("consultation:question_close", question))
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.closed_at is not None
    html = text_of(client.get(url))
    assert "Deze vraag is gesloten" in html and "Vraag sluiten" not in html

    # After closing, nothing changes any more; the message says why.
    client.force_login(qworld.rep_zuid)
    html = text_of(client.get(url))
    assert "Antwoord geven" not in html
    response = client.post(answer_url(question, qworld.zuid), answer_data(qworld.zuid, "Zuid, na het sluiten."))
    assert response.status_code == 200
    assert "Deze vraag is gesloten; er kan niets meer worden toegevoegd of gewijzigd." in response.content.decode()
    assert RegionAnswer.objects.count() == 1


# Permissions -------------------------------------------------------------------------------------------------------


def test_people_outside_the_asked_regions_get_404(client, qworld):  # noqa: F811
    question = ask(qworld)
    for user in (qworld.editor_rotterdam, qworld.rep_west):
        client.force_login(user)
        assert client.get(page("consultation:question", question)).status_code == 404
        assert client.post(answer_url(question, qworld.west), answer_data(qworld.west, "West.")).status_code == 404
        assert client.post(page("consultation:question_close", question)).status_code == 404
    assert client.get("/vragen/999999/").status_code == 404
    assert not RegionAnswer.objects.exists()


def test_a_representative_of_another_region_may_not_answer_for_it(client, qworld):  # noqa: F811
    question = ask(qworld)
    client.force_login(qworld.rep_zuid)
    response = client.post(answer_url(question, qworld.noord), answer_data(qworld.noord, "Namens Noord?"))
    assert response.status_code == 403
    assert "Alleen de vertegenwoordiger van Regio Noord" in response.content.decode()
    # A region the question was not put to: 404 with a message.
    response = client.post(answer_url(question, qworld.west), answer_data(qworld.west, "West?"))
    assert response.status_code == 404
    assert not RegionAnswer.objects.exists()


def test_input_only_by_editors_and_admins_of_an_organisation_in_the_region(client, qworld):  # noqa: F811
    question = ask(qworld)
    data = input_data(qworld.noord, qworld.groningen, "Inbreng.")
    client.force_login(qworld.reader_groningen)
    response = client.post(input_url(question, qworld.noord, qworld.groningen), data)
    assert response.status_code == 403
    assert "redacteuren en beheerders van Gemeente Groningen" in response.content.decode()
    client.force_login(qworld.editor_eindhoven)  # not a member of Groningen
    assert client.post(input_url(question, qworld.noord, qworld.groningen), data).status_code == 404
    client.force_login(qworld.editor_groningen)  # Groningen is not in Zuid
    response = client.post(
        input_url(question, qworld.zuid, qworld.groningen), input_data(qworld.zuid, qworld.groningen, "Zuid?")
    )
    assert response.status_code == 404
    client.force_login(qworld.rep_noord)  # a representative is not a member of Groningen
    assert client.post(input_url(question, qworld.noord, qworld.groningen), data).status_code == 404
    client.force_login(qworld.admin_leeuwarden)
    response = client.post(
        input_url(question, qworld.noord, qworld.leeuwarden),
        input_data(qworld.noord, qworld.leeuwarden, "Leeuwarden."),
    )
    assert response.status_code == 302
    assert list(QuestionInput.objects.values_list("organisation__slug", flat=True)) == ["leeuwarden"]


def test_only_a_coordinator_closes(client, qworld):  # noqa: F811
    question = ask(qworld)
    client.force_login(qworld.rep_noord)
    assert client.post(page("consultation:question_close", question)).status_code == 403
    question.refresh_from_db()
    assert question.closed_at is None
    client.force_login(qworld.coordinator)
    client.post(page("consultation:question_close", question))
    response = client.post(page("consultation:question_close", question), follow=True)
    assert "Deze vraag is al gesloten." in response.content.decode()


def test_get_on_the_form_targets_goes_back_to_the_question(client, qworld):  # noqa: F811
    question = ask(qworld)
    client.force_login(qworld.coordinator)
    assert client.get(page("consultation:question_close", question))["Location"] == f"/vragen/{question.pk}/"
    client.force_login(qworld.rep_noord)
    assert client.get(answer_url(question, qworld.noord)).status_code == 302
    client.force_login(qworld.editor_groningen)
    assert client.get(input_url(question, qworld.noord, qworld.groningen)).status_code == 302
    question.refresh_from_db()
    assert question.closed_at is None


# Junk in the input and answer forms ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Dit veld is verplicht"),
        ("   ", "Dit veld is verplicht"),
        ("a\x00b", "Null"),
        ("x" * 20_001, "niet meer dan 20000 tekens"),
    ],
)
def test_junk_answers_get_a_message_and_change_nothing(client, qworld, text, message):  # noqa: F811
    question = ask(qworld)
    service.answer_question(question, qworld.noord, qworld.rep_noord, "Het eerste antwoord.")
    client.force_login(qworld.rep_noord)
    response = client.post(answer_url(question, qworld.noord), answer_data(qworld.noord, text))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html and "Controleer de invoer" in html
    assert RegionAnswer.objects.get().text == "Het eerste antwoord."


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "Dit veld is verplicht"), ("a\x00b", "Null"), ("x" * 4001, "niet meer dan 4000 tekens")],
)
def test_junk_input_gets_a_message_and_changes_nothing(client, qworld, text, message):  # noqa: F811
    question = ask(qworld)
    client.force_login(qworld.editor_groningen)
    response = client.post(
        input_url(question, qworld.noord, qworld.groningen), input_data(qworld.noord, qworld.groningen, text)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not QuestionInput.objects.exists()


def test_a_missing_or_junk_field_name_is_a_message_not_a_500(client, qworld):  # noqa: F811
    question = ask(qworld)
    client.force_login(qworld.rep_noord)
    response = client.post(answer_url(question, qworld.noord), {"text": "zonder voorvoegsel", "x\x00": "y"})
    assert response.status_code == 200
    assert "Dit veld is verplicht" in response.content.decode()
    assert client.get("/vragen/abc/").status_code == 404
    assert client.post(f"/vragen/{question.pk}/antwoord/geen%00regio/").status_code == 404
