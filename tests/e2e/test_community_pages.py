"""Every page of the community (issue 14) at 320 and 1280 CSS px: no axe-core violations (WCAG 2.0/2.1 A and
AA) and no sideways scrolling of the page at either width, for an anonymous visitor on the public pages and
for a model editor (group redactie) who takes part, on every page, with every form showing.

One test, one browser page: the world is made in the ORM once (the live server shares this database), and
each page is loaded once and checked at both widths by resizing the window, as in test_reflow.py.
"""

import os
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from modelgemeente.catalog import releases
from modelgemeente.community import services
from modelgemeente.community.models import (
    CommunityYear,
    Need,
    Participant,
    Participation,
    Proposal,
    Registration,
    Review,
    Session,
    SessionDecision,
    Theme,
    ThemeVote,
)
from modelgemeente.core.enums import CommunityRole, Role
from modelgemeente.plans.models import Organisation
from tests.conftest import PASSWORD, member_of

from .conftest import axe_violations
from .test_reflow import OFFENDER

pytestmark = pytest.mark.e2e

WIDTHS = ((320, 640), (1280, 900))
# Long Dutch compounds in titles and texts must wrap, not widen the page.
LONG_WORD = "klanttevredenheidsonderzoeksresultatenrapportage"
# Two fields with the same id on one page: a label then names the wrong field (WCAG 1.3.1, 4.1.1).
DUPLICATE_IDS = """() => {
  const seen = new Set(), twice = new Set();
  for (const el of document.querySelectorAll('[id]')) (seen.has(el.id) ? twice : seen).add(el.id);
  return [...twice];
}"""
DEVELOPMENT = "kanalen"
# A folder for screenshots of every page at both widths, to look at by eye: COMMUNITY_SCREENSHOTS=/tmp pytest ...
SCREENSHOTS = os.environ.get("COMMUNITY_SCREENSHOTS")


def build_world(edition):
    """Gemeente Voorbeeld takes part this year; its admin is a model editor and leads a session."""
    year = timezone.localdate().year
    org = Organisation.objects.create(name="Gemeente Voorbeeld", slug="gemeente-voorbeeld")
    other = Organisation.objects.create(name=f"Gemeente {LONG_WORD.capitalize()}", slug="gemeente-lang")
    editor = member_of(org, Role.ADMIN, "redactie@voorbeeld.nl")
    releases.editors_group().user_set.add(editor)
    participant = member_of(other, Role.EDITOR, "deelnemer@lang.nl")
    CommunityYear.objects.create(
        year=year,
        content_release_due=date(year, 3, 1),
        voorjaarsnota_on=date(year, 5, 1),
        budget_release_due=date(year, 8, 1),
        najaarsnota_on=date(year, 11, 1),
        proposal_deadline=date(year, 12, 1),
        theme_vote_deadline=date(year, 12, 31),
        notes=f"De redactie plant de sessies rond de {LONG_WORD}.",
    )
    participation = Participation.objects.create(organisation=org, year=year, committed_hours=24, joined_by=editor)
    Participant.objects.create(
        participation=participation, user=editor, role=CommunityRole.EDITOR, public=True, consent_at=timezone.now()
    )
    Participant.objects.create(participation=participation, user=editor, role=CommunityRole.SESSION_LEAD)
    theirs = Participation.objects.create(organisation=other, year=year, joined_by=participant)
    Participant.objects.create(participation=theirs, user=participant, role=CommunityRole.PARTICIPANT)

    chosen = Theme.objects.create(
        year=year,
        title="Wendbaarheid",
        description="Gekozen door de redactie.",
        status="chosen",
        starter=True,
        organisation=org,
        proposed_by=editor,
    )
    proposed = Theme.objects.create(
        year=year,
        title=f"De {LONG_WORD}",
        description=f"Over de {LONG_WORD}.",
        organisation=other,
        proposed_by=participant,
    )
    ThemeVote.objects.create(theme=proposed, organisation=org, user=editor)
    ThemeVote.objects.create(theme=proposed, organisation=other, user=participant)

    started = timezone.now().replace(microsecond=0) - timedelta(days=2)
    session = Session.objects.create(
        year=started.year,
        theme=chosen,
        title=f"Sessie over de {LONG_WORD}",
        starts_at=started,
        duration_minutes=200,  # longer than three hours: the pages warn
        place="Stadskantoor Utrecht, zaal 3",
        video_url="https://video.example.nl/sessie-wendbaarheid-2026-met-een-heel-lange-verbinding",
        agenda=f"Opening\nDe {LONG_WORD}\nAfsluiting",
        capacity=12,
        lead=editor,
        development_slugs=[DEVELOPMENT, "bestaat-niet-meer"],
    )
    Registration.objects.create(session=session, user=editor, organisation=org, attended=True)
    Registration.objects.create(session=session, user=participant, organisation=other)
    decision = SessionDecision.objects.create(session=session, text=f"Meer uren voor de {LONG_WORD}.")

    need = Need.objects.create(
        organisation=org,
        year=year,
        title=f"Een {LONG_WORD}",
        why="Omdat de raad erom vraagt.",
        priority="high",
        theme=chosen,
        domain_slug=edition.developments.get(slug=DEVELOPMENT).domain.slug,
        development_slug=DEVELOPMENT,
        needed_by=year + 1,
        created_by=editor,
    )

    line = edition.developments.get(slug=DEVELOPMENT).budget_lines.order_by("slug").first()
    proposal = services.create_proposal(
        participant,
        edition=edition,
        kind="change",
        development_slug=DEVELOPMENT,
        line_slug=line.slug,
        field="hours_per_week",
        proposed_value="16",
        reasoning=f"Met chat erbij kost het beheer meer; zie de {LONG_WORD}.",
        source="Urenregistratie functioneel beheer 2025",
        estimated_hours=Decimal("3.5"),
        organisation=other,
    )
    Review.objects.create(proposal=proposal, reviewer=editor, decision="needs_info", reason="Welke bron precies?")
    Proposal.objects.filter(pk=proposal.pk).update(status="needs_info", version=2)
    services.create_proposal(
        editor,
        edition=edition,
        kind="comment",
        development_slug=DEVELOPMENT,
        reasoning="Een opmerking.",
        organisation=org,
        decision=decision,
    )
    return year, org, editor, session, need, proposal


def test_every_community_page_is_axe_clean_and_reflows_at_both_widths(page, live_server, live_edition):
    year, org, editor, session, need, proposal = build_world(live_edition)
    url = live_server.url
    wide, violations, statuses, duplicate_ids = {}, {}, {}, {}

    def visit(paths, who):
        for name, path in paths.items():
            response = page.goto(url + path)
            if response.status != 200:
                statuses[f"{who} {name}"] = (path, response.status)
                continue
            for width, height in WIDTHS:
                page.set_viewport_size({"width": width, "height": height})
                key = f"{who} {name} @{width}"
                if page.evaluate("document.documentElement.scrollWidth > innerWidth"):
                    wide[key] = page.evaluate(OFFENDER)
                if found := axe_violations(page):
                    violations[key] = found
                if width == WIDTHS[0][0] and (ids := page.evaluate(DUPLICATE_IDS)):
                    duplicate_ids[f"{who} {name}"] = ids
                if SCREENSHOTS and who == "editor" and name != "development":
                    shot = f"{SCREENSHOTS}/community_{name.replace(' ', '_')}_{width}.png"
                    page.screenshot(path=shot, full_page=True)

    development = f"/editie/{live_edition.year}/ontwikkeling/{DEVELOPMENT}/"
    public = {
        "index": "/gemeenschap/",
        "calendar": "/gemeenschap/kalender/",
        "themes": "/gemeenschap/themas/",
        "themes this year": f"/gemeenschap/themas/?jaar={year}",
        "needs": "/gemeenschap/behoeften/",
        "need overview": "/gemeenschap/behoeften/overzicht/",
        "sessions": "/gemeenschap/sessies/",
        "session": session.get_absolute_url(),
        "proposals": "/gemeenschap/voorstellen/",
        "proposal": proposal.get_absolute_url(),
        "development": development,
    }
    visit(public, "anonymous")

    page.goto(url + "/account/inloggen/")
    page.fill("input[name=username]", editor.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/mijn/")

    private = {
        **public,
        "participation": f"/gemeenschap/deelname/{org.slug}/",
        "my participation": "/gemeenschap/mijn-deelname/",
        "hours": "/gemeenschap/uren/",
        "calendar edit": "/gemeenschap/kalender/bewerken/",
        "theme propose": "/gemeenschap/themas/voorstellen/",
        "themes choose": f"/gemeenschap/themas/kiezen/?jaar={year}",
        "need new": "/gemeenschap/behoeften/nieuw/",
        "need edit": f"/gemeenschap/behoeften/{need.pk}/wijzigen/",
        "need delete": f"/gemeenschap/behoeften/{need.pk}/verwijderen/",
        "session new": f"/gemeenschap/sessies/nieuw/?jaar={year}",
        "session edit": f"/gemeenschap/sessies/{session.pk}/wijzigen/",
        "session cancel": f"/gemeenschap/sessies/{session.pk}/annuleren/",
        "session report": f"/gemeenschap/sessies/{session.pk}/verslag/",
        "proposal new": f"/gemeenschap/voorstellen/nieuw/?editie={live_edition.year}&ontwikkeling={DEVELOPMENT}",
    }
    visit(private, "editor")

    # The editor sees the review and hide forms; the development page shows the proposals section.
    page.goto(url + proposal.get_absolute_url())
    assert page.locator("main form textarea").count() >= 2
    page.goto(url + development)
    section = page.locator(".development-proposals")
    for width, height in WIDTHS if SCREENSHOTS else ():
        page.set_viewport_size({"width": width, "height": height})
        section.screenshot(path=f"{SCREENSHOTS}/community_development_proposals_{width}.png")
    assert section.locator("table tbody tr").count() == 2

    assert statuses == {}, statuses
    assert wide == {}, wide
    assert violations == {}, violations
    assert duplicate_ids == {}, duplicate_ids
