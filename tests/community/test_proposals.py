"""Proposals and reviews: permissions per role, Dutch messages, rate limit, moderation, reviews, e-mail,
the development page's proposals."""

import pytest
from django.core import mail

from modelgemeente.catalog import releases
from modelgemeente.community import services
from modelgemeente.community.models import Proposal
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
NEW = "/gemeenschap/voorstellen/nieuw/?editie=2090&ontwikkeling=digitaal-loket&regel=loket-beheer"


@pytest.fixture
def redactie(db):
    user = make_user("redactie@model.nl", "Redactie")
    releases.editors_group().user_set.add(user)
    return user


def change(**extra):
    return {
        "kind": "change",
        "field": "hours_per_week",
        "proposed_value": "20",
        "reasoning": "Meer beheer nodig.",
        "source": "Eigen meting 2025",
    } | extra


def make(user, edition, **extra):
    values = (
        dict(
            edition=edition,
            kind="change",
            development_slug="digitaal-loket",
            line_slug="loket-beheer",
            field="hours_per_week",
            proposed_value="20",
            reasoning="Meer beheer nodig.",
            source="Eigen meting",
        )
        | extra
    )
    return services.create_proposal(user, **values)


def test_anonymous_is_sent_to_login(client, test_edition):
    response = client.get(NEW)
    assert response.status_code == 302 and "/account/inloggen/" in response["Location"]


def test_signed_in_user_proposes_and_messages_are_dutch(client, test_edition, reader, org):
    client.force_login(reader)
    assert client.get(NEW).status_code == 200
    response = client.post(NEW, change(source="", reasoning=""))
    body = response.content.decode()
    assert response.status_code == 200 and "Geef de onderbouwing" in body
    response = client.post(NEW, change(source=""))
    assert "Geef de bron van uw voorstel" in response.content.decode()
    response = client.post(NEW, change(proposed_value="veel"))
    assert "Geef een getal" in response.content.decode()
    response = client.post(NEW, change(field="amount"))
    assert "rekent in uren" in response.content.decode()
    assert not Proposal.objects.exists()
    response = client.post(NEW, change(organisation=org.pk))
    proposal = Proposal.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/gemeenschap/voorstellen/{proposal.pk}/"
    assert (proposal.current_value, proposal.proposed_value, proposal.organisation) == ("18", "20", org)


def test_comment_without_source_and_other_org_refused(client, test_edition, reader, other_org):
    client.force_login(reader)
    response = client.post(NEW, {"kind": "comment", "reasoning": "Goede regel."})
    assert response.status_code == 302
    response = client.post(NEW, {"kind": "comment", "reasoning": "Nog een.", "organisation": other_org.pk})
    assert response.status_code == 200 and Proposal.objects.count() == 1


def test_new_line_validated_like_the_loader(test_edition, reader):
    with pytest.raises(services.ProposalError) as error:
        make(
            reader,
            test_edition,
            kind="new_line",
            line_slug="",
            field="",
            proposed_value={
                "id": "loket-beheer",
                "description": "Dubbel",
                "kind": "structural",
                "category": "other",
                "amount": 10,
                "driver": "inhabitants",
                "exponent": 1,
            },
        )
    assert "al een regel met dit id" in error.value.message
    with pytest.raises(services.ProposalError) as error:
        make(
            reader,
            test_edition,
            kind="new_line",
            line_slug="",
            field="",
            proposed_value={
                "id": "nieuw",
                "description": "Beide",
                "kind": "structural",
                "category": "other",
                "amount": 10,
                "hours_per_week": 4,
                "salary_scale": 10,
                "driver": "inhabitants",
                "exponent": 1,
            },
        )
    assert "óf een bedrag" in error.value.message


def test_rate_limit(client, test_edition, reader, settings):
    settings.COMMUNITY_PROPOSAL_LIMITS = ((3600, 2), (86400, 30))
    make(reader, test_edition)
    make(reader, test_edition)
    with pytest.raises(services.ProposalRateLimited):
        make(reader, test_edition)
    client.force_login(reader)
    response = client.post(NEW, change())
    assert response.status_code == 429 and "afgelopen uur" in response.content.decode()


def test_review_needs_editor_reason_and_current_version(
    client, test_edition, reader, outsider, redactie, django_capture_on_commit_callbacks
):
    proposal = make(reader, test_edition)
    url = f"/gemeenschap/voorstellen/{proposal.pk}/beoordelen/"
    for user in (reader, outsider):
        client.force_login(user)
        assert client.post(url, {"decision": "accepted", "reason": "x", "version": 1}).status_code == 404
    client.force_login(redactie)
    response = client.post(url, {"decision": "accepted", "reason": "", "version": 1})
    assert response.status_code == 400 and "Geef de reden" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"decision": "needs_info", "reason": "Welke bron?", "version": 1})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.status, proposal.version) == ("needs_info", 2)
    assert mail.outbox[0].to == [reader.email] and "Welke bron?" in mail.outbox[0].body
    # A second editor with the old version does not overwrite the first.
    response = client.post(url, {"decision": "rejected", "reason": "Nee.", "version": 1})
    assert response.status_code == 400 and "intussen gewijzigd" in response.content.decode()
    # The proposer updates: open again, a new version.
    services.update_proposal(
        proposal, reader, expected_version=2, proposed_value="22", reasoning="Zie bron.", source="Urenregistratie 2025"
    )
    proposal.refresh_from_db()
    assert (proposal.status, proposal.version, proposal.proposed_value) == ("open", 3, "22")


def test_failed_mail_keeps_the_review(test_edition, reader, redactie, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "tests.community.test_proposals.BrokenBackend"
    proposal = make(reader, test_edition)
    with django_capture_on_commit_callbacks(execute=True):
        services.review_proposal(proposal, redactie, decision="accepted", reason="Goed.", expected_version=1)
    assert proposal.reviews.count() == 1


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise OSError("no mail server")


def test_moderation_hides_from_public_but_not_proposer(client, test_edition, reader, outsider, redactie):
    proposal = make(reader, test_edition)
    with pytest.raises(services.ProposalError):
        services.hide_proposal(proposal, reader, reason="x")
    services.hide_proposal(proposal, redactie, reason="Bevat persoonsgegevens.")
    url = f"/gemeenschap/voorstellen/{proposal.pk}/"
    assert client.get(url).status_code == 404
    assert f"#{proposal.pk}" not in client.get("/gemeenschap/voorstellen/").content.decode()
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(reader)
    assert "Bevat persoonsgegevens." in client.get(url).content.decode()
    client.force_login(redactie)
    assert "Bevat persoonsgegevens." in client.get(url).content.decode()


def test_development_page_shows_open_and_decided_not_hidden(client, test_edition, reader, redactie):
    open_one = make(reader, test_edition)
    decided = make(reader, test_edition, proposed_value="21")
    services.review_proposal(decided, redactie, decision="rejected", reason="Nee.", expected_version=1)
    hidden = make(reader, test_edition, proposed_value="22")
    services.hide_proposal(hidden, redactie, reason="Spam.")
    body = client.get(test_edition.developments.get(slug="digitaal-loket").get_absolute_url()).content.decode()
    assert "Reageren of een wijziging voorstellen" in body
    assert f"#{open_one.pk} " in body and f"#{decided.pk} " in body and f"#{hidden.pk} " not in body
    assert (
        client.get("/gemeenschap/voorstellen/?status=rejected")
        .content.decode()
        .count("/gemeenschap/voorstellen/" + str(decided.pk))
        == 1
    )


def test_session_decision_becomes_a_proposal_only_for_its_lead(client, test_edition, reader, outsider):
    from django.utils import timezone

    from modelgemeente.community.models import Session, SessionDecision

    session = Session.objects.create(
        year=2026,
        title="Sessie",
        starts_at=timezone.now(),
        duration_minutes=120,
        agenda="A",
        capacity=10,
        lead=reader,
    )
    decision = SessionDecision.objects.create(session=session, text="Beheer van het loket kost meer uren.")
    url = NEW + f"&besluit={decision.pk}"
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(reader)
    assert "Beheer van het loket kost meer uren." in client.get(url).content.decode()
    response = client.post(url, change(reasoning=decision.text))
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.proposal == Proposal.objects.get()


def test_text_change_of_the_summary_is_written(test_edition, test_edition_copy, reader, redactie):
    from modelgemeente.community import writer

    dev = test_edition.developments.get(slug="digitaal-loket")
    proposal = make(
        reader,
        test_edition,
        line_slug="",
        field="text",
        current_text=dev.summary,
        proposed_value="De Testgemeente bouwt een digitaal loket, houdt het in de lucht en meet het gebruik.",
    )
    assert proposal.current_value == " ".join(dev.summary.split())
    with pytest.raises(services.ProposalError) as error:
        make(
            reader, test_edition, line_slug="", field="text", current_text="Dit staat er niet.", proposed_value="a b c"
        )
    assert "staat niet in de ontwikkeling" in error.value.message
    services.review_proposal(proposal, redactie, decision="accepted", reason="Beter.", expected_version=1)
    plan = writer.plan_writes(test_edition_copy, [proposal])
    writer.apply(plan)
    text = (test_edition_copy / "developments" / "digitaal-loket.md").read_text()
    assert (
        "summary: >-\n  De Testgemeente bouwt een digitaal loket, houdt het in de lucht en meet het\n  gebruik.\n"
        in text
    )


def test_proposer_updates_through_the_page(client, test_edition, reader, outsider, redactie):
    proposal = make(reader, test_edition)
    url = f"/gemeenschap/voorstellen/{proposal.pk}/aanvullen/"
    client.force_login(reader)
    assert client.get(url).status_code == 404  # open: nothing to update
    services.review_proposal(proposal, redactie, decision="needs_info", reason="Bron?", expected_version=1)
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(reader)
    response = client.post(url, {"proposed_value": "21", "reasoning": "Zie bron.", "source": "Meting", "version": 2})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.status, proposal.proposed_value, proposal.version) == ("open", "21", 3)
