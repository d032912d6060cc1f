"""A small community world for the junk-input sweep and the permission matrix: one row of every community
table, so that every page shows its forms. Rows are created directly (or through the services where the
result must be consistent), on the synthetic edition 2090."""

from dataclasses import dataclass
from datetime import date, timedelta

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
from modelgemeente.core.enums import CommunityRole

COMMUNITY_MODELS = [
    CommunityYear,
    Participation,
    Participant,
    Theme,
    ThemeVote,
    Session,
    Registration,
    SessionDecision,
    Need,
    Proposal,
    Review,
]


@dataclass
class World:
    year: int
    chosen: Theme
    proposed: Theme
    past_session: Session
    future_session: Session | None
    decision: SessionDecision
    need: Need
    proposal: Proposal
    development_slug: str


def build_world(org, admin_user, editor, test_edition) -> World:
    """`admin_user` (admin of `org`) is a model editor (group redactie); `editor` (plans role redacteur
    of `org`) takes part as participant and leads the sessions. `org` takes part this year."""
    releases.editors_group().user_set.add(admin_user)
    now = timezone.now().replace(microsecond=0)
    year = timezone.localdate().year
    CommunityYear.objects.create(
        year=year,
        content_release_due=date(year, 3, 1),
        voorjaarsnota_on=date(year, 5, 1),
        budget_release_due=date(year, 8, 1),
        najaarsnota_on=date(year, 11, 1),
        proposal_deadline=date(year, 12, 1),
        theme_vote_deadline=date(year, 12, 31),
    )
    participation = Participation.objects.create(organisation=org, year=year, committed_hours=24, joined_by=admin_user)
    Participant.objects.create(participation=participation, user=admin_user, role=CommunityRole.PARTICIPANT)
    Participant.objects.create(participation=participation, user=editor, role=CommunityRole.PARTICIPANT)
    Participant.objects.create(participation=participation, user=editor, role=CommunityRole.SESSION_LEAD)
    chosen = Theme.objects.create(
        year=year, title="Wendbaarheid", description="Gekozen.", status="chosen", organisation=org, proposed_by=editor
    )
    proposed = Theme.objects.create(
        year=year + 1, title="Basiscapaciteit", description="Voorgesteld.", organisation=org, proposed_by=editor
    )
    ThemeVote.objects.create(theme=proposed, organisation=org, user=editor)
    development = test_edition.developments.order_by("slug").first()
    common = {
        "theme": chosen,
        "duration_minutes": 120,
        "place": "Utrecht",
        "agenda": "Opening",
        "capacity": 10,
        "lead": editor,
        "development_slugs": [development.slug],
    }
    started = now - timedelta(hours=3)
    past_session = Session.objects.create(year=started.year, title="Geweest", starts_at=started, **common)
    Registration.objects.create(session=past_session, user=editor, organisation=org, attended=True)
    decision = SessionDecision.objects.create(session=past_session, text="Meer uren voor beheer.")
    starts = now + timedelta(hours=2)
    future_session = None
    if starts.year == year:
        future_session = Session.objects.create(year=year, title="Komend", starts_at=starts, **common)
    need = Need.objects.create(
        organisation=org,
        year=year,
        title="Meer beheer",
        why="Omdat het moet.",
        priority="high",
        theme=chosen,
        domain_slug=development.domain.slug,
        development_slug=development.slug,
        needed_by=year + 1,
        created_by=editor,
    )
    proposal = services.create_proposal(
        editor,
        edition=test_edition,
        kind="comment",
        development_slug=development.slug,
        reasoning="Dit kan beter.",
        source="Eigen ervaring",
        organisation=org,
    )
    Review.objects.create(proposal=proposal, reviewer=admin_user, decision="needs_info", reason="Welke bron?")
    Proposal.objects.filter(pk=proposal.pk).update(status="needs_info", version=2)
    proposal.refresh_from_db()
    return World(year, chosen, proposed, past_session, future_session, decision, need, proposal, development.slug)


def fingerprint() -> dict:
    """Every row of every community table, by pk: a refusal must leave all of them as they were."""
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in COMMUNITY_MODELS}
