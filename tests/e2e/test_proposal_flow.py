"""Issue 14, "Done when", in a browser: a participant proposes raising a line's hours with a source, an
editor accepts it, the command writes it into a copy of the 2027 concept, the diff between releases shows
the change in euros, and the release notes credit it. Every page without axe violations, at 1280 px, and
the proposal form also at 320 px without horizontal scrolling."""

import shutil
from io import StringIO

from django.core import mail
from django.core.management import call_command

from modelgemeente.catalog import diff, releases
from modelgemeente.catalog.services import load_edition, publish_release
from modelgemeente.community.models import Proposal
from modelgemeente.core.enums import EditionStatus, Role
from modelgemeente.plans.models import Organisation
from tests.conftest import PASSWORD, REPO, make_user, member_of

from .conftest import axe_violations


def log_in(page, url, user):
    page.context.clear_cookies()
    page.goto(url + "/account/inloggen/")
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/mijn/")


def test_proposal_to_release_notes(page, live_server, live_edition, tmp_path, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    url = live_server.url
    org = Organisation.objects.create(name="Gemeente Voorbeeld", slug="gemeente-voorbeeld")
    participant = member_of(org, Role.EDITOR, "deelnemer@voorbeeld.nl")
    redactie = make_user("redactie@model.nl", "Redactie")
    releases.editors_group().user_set.add(redactie)
    violations = {}

    def check(name):
        if found := axe_violations(page):
            violations[name] = found

    # 1. The participant opens the development page and proposes 16 instead of 12 hours, with a source.
    log_in(page, url, participant)
    page.goto(url + "/editie/2026/ontwikkeling/kanalen/")
    assert "Reageren of een wijziging voorstellen" in page.locator(".development-proposals").inner_text()
    check("development page")
    page.goto(url + "/gemeenschap/voorstellen/nieuw/?editie=2026&ontwikkeling=kanalen&regel=beheer-kanalen")
    page.set_viewport_size({"width": 320, "height": 800})
    assert not page.evaluate("document.documentElement.scrollWidth > innerWidth")
    check("proposal form @320")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_label("wijzigingsvoorstel", exact=True).check()
    page.get_by_label("Wat verandert (bij een wijzigingsvoorstel)").select_option("hours_per_week")
    page.get_by_label("Voorgestelde waarde").fill("16")
    page.get_by_label("Onderbouwing").fill("Met chat en videobellen erbij kost het beheer meer dan 12 uur.")
    page.get_by_label("Bron").fill("Urenregistratie functioneel beheer 2025, Gemeente Voorbeeld")
    page.get_by_label("Namens organisatie").select_option(label="Gemeente Voorbeeld")
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/gemeenschap/voorstellen/*/")
    proposal = Proposal.objects.get()
    assert proposal.proposed_value == "16" and proposal.current_value == "12"
    check("proposal page")

    # 2. An editor accepts it; the proposer gets an e-mail.
    log_in(page, url, redactie)
    page.goto(url + proposal.get_absolute_url())
    page.get_by_label("aangenomen", exact=True).check()
    page.get_by_label("Reden", exact=True).fill("Past bij de ervaring van meer gemeenten.")
    page.get_by_role("button", name="Beoordeling opslaan").click()
    page.wait_for_load_state()
    assert "aangenomen" in page.locator(".proposal-status").inner_text()
    check("proposal reviewed")
    assert [m.to for m in mail.outbox] == [[participant.email]]

    # 3. The command writes it into a copy of the 2027 concept.
    folder = tmp_path / "editions" / "2027"
    shutil.copytree(REPO / "content" / "editions" / "2027", folder)
    load_edition(folder)
    before = publish_release(2027, EditionStatus.CONTENT, notes="Inhoudsversie 2027.")
    out = StringIO()
    call_command("write_proposals", str(folder), "--write", stdout=out)
    assert "+    hours_per_week: 16" in out.getvalue()
    notes = (folder / "release-notes.md").read_text()
    assert f"`kanalen/beheer-kanalen`: uren per week 12 → 16 (voorstel #{proposal.pk} van Gemeente Voorbeeld" in notes

    # 4. The diff from the editions issue shows the change in euros.
    concept = load_edition(folder).edition
    result = diff.diff_releases(before, concept)
    line = next(line for line in result.lines if line.key == "kanalen/beheer-kanalen")
    assert line.effect.difference_total > 0
    page.goto(url + proposal.get_absolute_url())
    assert "verwerkt" in page.locator(".proposal-status").inner_text()
    print(f"\nbrowser walk-through: + € {line.effect.difference_total:,.0f} over {len(line.effect.years)} jaar")
    assert violations == {}
