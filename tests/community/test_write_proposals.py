"""The write command: accepted proposals into a COPY of an edition folder, with the diff first; and the
"Done when" walk-through of issue 14 on a copy of the 2027 concept."""

import shutil
from decimal import Decimal
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from modelgemeente.community import services, writer
from modelgemeente.community.models import Proposal
from modelgemeente.core.enums import EditionStatus
from tests.conftest import REPO, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def community_editor(db):
    from modelgemeente.catalog import releases

    user = make_user("redactie@model.nl", "Redactie")
    releases.editors_group().user_set.add(user)
    return user


def propose_hours(user, edition, org, dev, line, hours, source="Urenregistratie 2025 van Gemeente Voorbeeld"):
    return services.create_proposal(
        user,
        edition=edition,
        kind="change",
        development_slug=dev,
        line_slug=line,
        field="hours_per_week",
        proposed_value=hours,
        reasoning="Het beheer kost in de praktijk meer tijd.",
        source=source,
        estimated_hours=Decimal("2"),
        organisation=org,
    )


def accept(proposal, user, decision="accepted", value=None):
    proposal.refresh_from_db()
    return services.review_proposal(
        proposal,
        user,
        decision=decision,
        reason="Klopt met de metingen.",
        expected_version=proposal.version,
        accepted_value=value,
    )


def run(folder, *args):
    out, err = StringIO(), StringIO()
    call_command("write_proposals", str(folder), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_diff_first_then_byte_preserving_write(test_edition, test_edition_copy, reader, org, community_editor):
    proposal = propose_hours(reader, test_edition, org, "digitaal-loket", "loket-beheer", "20")
    accept(proposal, community_editor)
    file = test_edition_copy / "developments" / "digitaal-loket.md"
    before = file.read_bytes()

    out, _ = run(test_edition_copy)
    assert "-    hours_per_week: 18" in out and "+    hours_per_week: 20" in out
    assert file.read_bytes() == before  # only the diff without --write
    proposal.refresh_from_db()
    assert proposal.written_at is None

    run(test_edition_copy, "--write")
    after = file.read_bytes().decode()
    old_lines, new_lines = before.decode().splitlines(), after.splitlines()
    changed = [line for line in new_lines if line not in old_lines]
    assert "    hours_per_week: 20" in changed
    assert any(f"Voorstel #{proposal.pk} uit de gemeenschap: Urenregistratie 2025" in line for line in changed)
    # Everything else is kept byte for byte: the part before the line and after its provenance.
    assert after.startswith(before.decode().split("    hours_per_week: 18")[0])
    notes = (test_edition_copy / "release-notes.md").read_text()
    assert "## Voorstellen uit de gemeenschap" in notes
    assert (
        f"`digitaal-loket/loket-beheer`: uren per week 18 → 20 (voorstel #{proposal.pk} van Gemeente Voorbeeld" in notes
    )
    proposal.refresh_from_db()
    assert proposal.written_at is not None and proposal.written_to == "developments/digitaal-loket.md"
    # Written once: a second run has nothing to do.
    out, _ = run(test_edition_copy, "--write")
    assert "Geen aangenomen voorstellen" in out


def test_new_line_and_changed_value_and_driver(test_edition, test_edition_copy, reader, org, community_editor):
    new = services.create_proposal(
        reader,
        edition=test_edition,
        kind="new_line",
        development_slug="digitaal-loket",
        proposed_value={
            "id": "loket-toegankelijkheid",
            "description": "Toegankelijkheidsonderzoek",
            "kind": "incidental",
            "category": "advice",
            "amount": 7500,
            "driver": "fixed",
            "exponent": 0,
        },
        reasoning="Jaarlijks verplicht onderzoek.",
        source="Offerte van een onderzoeksbureau, 2025",
        organisation=org,
    )
    accept(new, community_editor)
    amount = services.create_proposal(
        reader,
        edition=test_edition,
        kind="change",
        development_slug="digitaal-loket",
        line_slug="loket-licenties",
        field="amount",
        proposed_value="12.000",
        reasoning="Prijsstijging.",
        source="Prijslijst leverancier 2091",
    )
    accept(amount, community_editor, "accepted_changed", "11000")
    out, _ = run(test_edition_copy, "--write")
    text = (test_edition_copy / "developments" / "digitaal-loket.md").read_text()
    assert "  - id: loket-toegankelijkheid\n    description: Toegankelijkheidsonderzoek\n" in text
    assert "    amount: 11000\n" in text
    content = services_check(test_edition_copy)
    dev = next(d for d in content.developments if d.data["id"] == "digitaal-loket")
    assert [line["id"] for line in dev.data["budget_lines"]][-1] == "loket-toegankelijkheid"


def services_check(folder):
    from modelgemeente.catalog.services import check_edition

    return check_edition(folder)


def test_invalid_result_is_rolled_back(test_edition, test_edition_copy, reader, community_editor):
    proposal = propose_hours(reader, test_edition, None, "digitaal-loket", "loket-beheer", "20")
    accept(proposal, community_editor)
    file = test_edition_copy / "developments" / "digitaal-loket.md"
    before = file.read_bytes()
    plan = writer.plan_writes(test_edition_copy, [proposal])
    plan.changed["developments/digitaal-loket.md"] = plan.changed["developments/digitaal-loket.md"].replace(
        "salary_scale: 10", "salary_scale: 99"
    )
    with pytest.raises(writer.WriteError):
        writer.apply(plan)
    assert file.read_bytes() == before
    assert (
        not (test_edition_copy / "release-notes.md").exists()
        or "gemeenschap" not in (test_edition_copy / "release-notes.md").read_text()
    )


def test_done_when_walk_through(
    edition, tmp_path, client, reader, org, community_editor, capsys, django_capture_on_commit_callbacks
):
    """Issue 14, "Done when": a participant proposes raising a line's hours with a source, an editor accepts
    it, the command writes it into (a copy of) the 2027 concept, the diff shows the change in euros, and the
    release notes credit it."""
    from modelgemeente.catalog import diff
    from modelgemeente.catalog.services import load_edition, publish_release

    folder = tmp_path / "editions" / "2027"
    shutil.copytree(REPO / "content" / "editions" / "2027", folder)
    # The 2027 release as it stands, to diff the written concept against.
    load_edition(folder)
    before_release = publish_release(2027, EditionStatus.CONTENT, notes="Inhoudsversie 2027.")

    client.force_login(reader)
    response = client.post(
        "/gemeenschap/voorstellen/nieuw/?editie=2026&ontwikkeling=kanalen&regel=beheer-kanalen",
        {
            "kind": "change",
            "field": "hours_per_week",
            "proposed_value": "16",
            "reasoning": "Met chat en videobellen erbij kost het beheer meer dan 12 uur.",
            "source": "Urenregistratie functioneel beheer 2025, Gemeente Voorbeeld",
            "estimated_hours": "3",
            "organisation": org.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    proposal = Proposal.objects.get()
    assert (proposal.current_value, proposal.proposed_value, proposal.edition) == ("12", "16", edition)

    client.force_login(community_editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/gemeenschap/voorstellen/{proposal.pk}/beoordelen/",
            {
                "decision": "accepted",
                "reason": "Past bij de ervaring van meer gemeenten.",
                "version": proposal.version,
                "hours": "1",
            },
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [reader.email]
    assert "aangenomen" in mail.outbox[0].subject

    out, _ = run(folder)
    assert "+    hours_per_week: 16" in out
    run(folder, "--write")
    notes = (folder / "release-notes.md").read_text()
    credit = next(line for line in notes.splitlines() if f"voorstel #{proposal.pk}" in line)
    assert credit.startswith("- `kanalen/beheer-kanalen`: uren per week 12 → 16 (voorstel #")
    assert "van Gemeente Voorbeeld, aangenomen op" in credit

    concept = load_edition(folder).edition
    result = diff.diff_releases(before_release, concept)
    change = next(line for line in result.lines if line.key == "kanalen/beheer-kanalen")
    assert change.change == "changed"
    assert change.effect.difference_total > 0
    assert [line.key for line in result.lines if line.effect.changed] == ["kanalen/beheer-kanalen"]
    with capsys.disabled():
        print(
            f"\nwalk-through: voorstel #{proposal.pk}, kanalen/beheer-kanalen 12 → 16 uur per week; "
            f"effect {', '.join(f'{y.year}: € {y.difference:,.0f}' for y in change.effect.years)}; "
            f"totaal € {change.effect.difference_total:,.0f}\n  {credit}"
        )
