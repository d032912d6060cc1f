"""Who may see and change what in the consultation app: every page and download of the regions, signals,
questions, positions and provisions (consultation/*_urls.py), GET and POST, for every role of the visibility rules
(consultation/access.py, question_access.py, services/positions.py, provision_figures.py).

The roles, in the world of tests/consultation/world.py (Regio Utrecht: Utrecht, Amersfoort; Regio Zuid-Holland:
Rotterdam; Utrecht is also in Regio Noordvleugel):
- anonymous; an outsider (editor of Gemeente Almere, which is in no region);
- a reader and an editor of Gemeente Utrecht (in the region), an editor of Gemeente Rotterdam (another region);
- the representative of Regio Utrecht and the one of Regio Zuid-Holland; a coordinator; a superuser.

The rules the matrix checks:
- public (regions, the provision catalogue and a provision, final positions and their PDF and history): 200 for
  everyone;
- everything else: an anonymous visitor gets the login page (403 with a link to log in); someone who may not see
  the item gets 404; someone who sees it but lacks the role gets 403 with a Dutch reason;
- a change by someone who may make it is saved (a redirect, and the tables changed); every other request leaves
  the consultation and plans tables exactly as they were.

Every change runs in a savepoint that is rolled back, so each role meets the same world. Expected statuses are
written per page as who sees it and who may act (Page), with the exceptions spelled out (EXCEPTIONS).
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client
from django.utils import timezone

from modelgemeente.consultation import models as cm
from modelgemeente.consultation.provision_figures import joinable_plans
from modelgemeente.consultation.services import positions as position_services
from modelgemeente.consultation.services import provisions as provision_services
from modelgemeente.consultation.services import questions as question_services
from modelgemeente.consultation.services import signals as signal_services
from modelgemeente.core.enums import LineOrigin, PledgeKind, QuestionKind, Role, Stance, Urgency
from modelgemeente.plans import services as plan_services
from modelgemeente.plans.budget import plan_report
from modelgemeente.plans.models import (
    ADJUSTMENT_FIELDS,
    ExtraLine,
    LineAdjustment,
    Plan,
    PlanChange,
    PlanDevelopment,
)
from tests.conftest import member_of
from tests.consultation.test_provisions import loket_provision
from tests.consultation.world import build_world, organisation
from tests.factories import development
from tests.html_forms import forms
from tests.plans.test_migration import second_release  # noqa: F401  (a second release of the synthetic edition)

pytestmark = pytest.mark.django_db

ANON, OUT, READER, EDITOR = "anonymous", "outsider", "reader", "editor"
OTHER_EDITOR, REP, OTHER_REP = "editor elsewhere", "representative", "representative elsewhere"
COORD, SUPER = "coordinator", "superuser"
ROLES = (ANON, OUT, READER, EDITOR, OTHER_EDITOR, REP, OTHER_REP, COORD, SUPER)

# The tables a consultation request could change: the app's own (with the many-to-many tables) and the plans'.
TABLES = (
    cm.Region,
    cm.RoleAssignment,
    cm.RegionalSignal,
    cm.Signal,
    cm.SignalSupport,
    cm.SignalEvent,
    cm.Question,
    cm.Question.regions.through,
    cm.QuestionInput,
    cm.RegionAnswer,
    cm.Position,
    cm.Position.questions.through,
    cm.Position.signals.through,
    cm.RegionStance,
    cm.PositionVersion,
    cm.Provision,
    cm.Pledge,
    cm.ProvisionJoin,
    Plan,
    PlanDevelopment,
    LineAdjustment,
    ExtraLine,
    PlanChange,
)


def snapshot() -> dict:
    """Every row of every table a consultation request could change, as values."""
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in TABLES}


# The world ------------------------------------------------------------------------------------------------------


@dataclass
class World:
    users: dict  # role -> user (None for anonymous)
    signal: cm.Signal  # new, raised by Amersfoort (Regio Utrecht), supported by Utrecht
    bundle: cm.RegionalSignal  # bundled in Regio Utrecht, not raised yet
    raised: cm.RegionalSignal  # raised by Regio Utrecht to the national level
    question: cm.Question  # put to Regio Utrecht and Regio Groningen
    draft: cm.Position  # with the stance of Regio Utrecht
    final: cm.Position  # Regio Zuid-Holland objected; finalised with minority notes
    provision: cm.Provision  # replaces the synthetic edition's digital counter; Utrecht and Amersfoort take part
    plan: Plan  # of Utrecht, not joined: it can join
    join: cm.ProvisionJoin  # another plan of Utrecht, joined
    regions: dict = field(default_factory=dict)  # slug -> Region


def a_plan(organisation, user, edition, title) -> Plan:
    return plan_services.create_plan(
        organisation, user, edition=edition, title=title, start_year=2091, horizon=4, inhabitants=12_500
    )


def build_consultation_world(test_edition) -> World:
    """Made through the services, as the pages make it."""
    w = build_world()
    almere = organisation("almere", "Gemeente Almere", "GM0034")  # in none of the world's regions
    superuser = get_user_model().objects.create_superuser("root@beheer.nl", "root@beheer.nl", "Een-lang-wachtwoord-1")
    users = {
        ANON: None,
        OUT: member_of(almere, Role.EDITOR, "redacteur@almere.nl"),
        READER: w.reader_utrecht,
        EDITOR: w.editor_utrecht,
        OTHER_EDITOR: w.editor_rotterdam,
        REP: w.rep_utrecht,
        OTHER_REP: w.rep_zuid_holland,
        COORD: w.coordinator,
        SUPER: superuser,
    }

    def raise_(org, user, title):
        return signal_services.raise_signal(
            org, user, title=title, description="Te duur.", impact="Kost ons geld.", urgency=Urgency.HIGH
        )

    signal = raise_(w.amersfoort, w.editor_amersfoort, "BRP-aansluiting te duur")
    signal_services.support_signal(signal, w.utrecht, w.editor_utrecht, "Ook bij ons.")
    bundled = raise_(w.utrecht, w.editor_utrecht, "Koppeling zaaksysteem")
    bundle = signal_services.bundle_signals(
        w.utrecht_region, w.rep_utrecht, title="Koppelingen", summary="Samen.", signals=[bundled]
    )
    up = raise_(w.amersfoort, w.editor_amersfoort, "Leverancier stopt")
    raised = signal_services.bundle_signals(
        w.utrecht_region, w.rep_utrecht, title="Leveranciers", summary="Samen.", signals=[up]
    )
    raised = signal_services.raise_bundle(raised, w.rep_utrecht, raised.version)

    question = question_services.ask_question(
        w.coordinator,
        kind=QuestionKind.QUESTION,
        title="Hoe staat u tegenover de Wet open overheid?",
        body="Graag uw inbreng.",
        deadline=timezone.localdate() + timedelta(days=10),
        regions=[w.utrecht_region, w.groningen_region],
    )

    draft = position_services.create_position(w.coordinator, title="Concept", text="Wij vinden...")
    position_services.record_stance(draft, w.utrecht_region, w.rep_utrecht, Stance.SUPPORT, "Goed plan.")
    draft.refresh_from_db()
    final = position_services.create_position(w.coordinator, title="Vastgesteld", text="Wij vinden...")
    position_services.record_stance(final, w.zuid_holland, w.rep_zuid_holland, Stance.OBJECT, "Te duur.")
    final.refresh_from_db()
    position_services.finalise_position(final, w.coordinator, final.version, "Zuid-Holland maakt bezwaar.")
    final.refresh_from_db()

    provision = loket_provision()
    provision_services.pledge(provision, w.utrecht, w.editor_utrecht, kind=PledgeKind.INTEREST)
    provision_services.pledge(
        provision, w.amersfoort, w.editor_amersfoort, kind=PledgeKind.PLEDGE, max_yearly_share=Decimal(20_000)
    )
    joined = a_plan(w.utrecht, w.editor_utrecht, test_edition, "ICT-plan met loket")
    join = provision_services.join_provision(joined, provision, w.editor_utrecht, joined.version)
    plan = a_plan(w.utrecht, w.editor_utrecht, test_edition, "ICT-plan 2091")
    return World(
        users=users,
        signal=signal,
        bundle=bundle,
        raised=raised,
        question=question,
        draft=draft,
        final=final,
        provision=provision,
        plan=plan,
        join=join,
        regions={r.slug: r for r in w.regions()},
    )


@pytest.fixture
def world(test_edition) -> World:
    return build_consultation_world(test_edition)


# Pages ----------------------------------------------------------------------------------------------------------

LOGGED_IN = frozenset(ROLES) - {ANON}
# Who sees the business of Regio Utrecht: its members, its representative and the national level.
REGION = frozenset({READER, EDITOR, REP, COORD, SUPER})
# Who sees draft positions: the national level and everyone with a region (as member or representative).
DRAFTS = LOGGED_IN - {OUT}
NATIONAL = frozenset({COORD, SUPER})
# Roles acting for an organisation (editor or admin): they may pledge.
ORG_EDITORS = frozenset({OUT, EDITOR, OTHER_EDITOR})
PUBLIC = "public"


@dataclass(frozen=True)
class Page:
    """`see`: who sees it (PUBLIC: everyone, anonymous too); others get 404, anonymous the login page.
    `get`: None (whoever sees it reads it), "405" (a POST-only address) or the roles that may open it (the others
    who see it: 403). `post`: "none" (a POST only shows the page, as a GET) or the roles whose POST is saved (the
    others who see it: 403). `data(client, user)`: what a browser posts for the change."""

    path: str
    see: object
    post: object
    get: object = None
    data: object = None


def page_form(client, path, having) -> dict:
    """The first POST form of the page with a field `having`, as the browser would submit it."""
    for form in forms(client.get(path).content.decode()):
        names = [name for name, _value in form["fields"]]
        if form["attrs"].get("method", "").lower() == "post" and having in names:
            data: dict = {}
            for name, value in form["fields"]:
                data.setdefault(name, []).append(value)
            return {name: values if len(values) > 1 else values[0] for name, values in data.items()}
    raise AssertionError(f"{path}: no form with {having!r}")


def as_user(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def pages(w: World) -> list[Page]:
    """Every consultation page and download, with the change a browser posts for each form (as the page of the
    role that may make it shows it)."""
    users = w.users
    s, b, r, q = w.signal.pk, w.bundle.pk, w.raised.pk, w.question.pk
    v = w.provision.slug

    def form_of(role, path, having, **changes):
        return lambda client, user: page_form(as_user(users[role]), path, having) | changes

    def stance(client, user):
        regions = [reg.pk for reg in cm.Region.objects.filter(roles__user=user)] if user else []
        region = regions[0] if regions else w.regions["regio-utrecht"].pk
        return {"region": str(region), "stance": Stance.RESERVATIONS, "reason": "Alleen met geld erbij."}

    def bundle_step(path, acts, bundle, **values) -> Page:
        """A step of a regional signal: a form with the version the page showed."""
        return Page(path, REGION, acts, get="405", data=lambda c, u: {"version": str(bundle.version), **values})

    def positions_of(p: cm.Position) -> list[Page]:
        see = DRAFTS if p.status == "concept" else PUBLIC
        base = f"/standpunten/{p.pk}/"
        return [
            Page(base, see, "none"),
            Page(f"{base}opstelling/", see, frozenset({REP, OTHER_REP}), get="405", data=stance),
            Page(f"{base}standpunt.pdf", see, "none"),
            Page(f"{base}versies/", see, "none"),
            Page(f"{base}versies/1/", see, "none"),
        ]

    bundle_new = f"/signalen/bundelen/{w.regions['regio-utrecht'].slug}/"
    question = f"/vragen/{q}/"
    input_text = f"inbreng-{w.regions['regio-utrecht'].pk}-{w.plan.organisation_id}-text"
    return [
        Page("/overleg/", PUBLIC, "none"),
        Page("/regio/", PUBLIC, "none"),
        Page("/regio/regio-utrecht/", PUBLIC, "none"),
        Page("/signalen/", LOGGED_IN, "none"),
        Page(
            "/signalen/nieuw/",
            LOGGED_IN,
            frozenset({EDITOR, OTHER_EDITOR}),
            get=frozenset({EDITOR, OTHER_EDITOR}),
            data=form_of(EDITOR, "/signalen/nieuw/", "title", title="Nieuw knelpunt", description="Iets", impact="X"),
        ),
        Page("/signalen/landelijk/", LOGGED_IN, "none", get=NATIONAL),
        Page(f"/signalen/{s}/", REGION, "none"),
        Page(
            f"/signalen/{s}/steunen/",
            REGION,
            frozenset({EDITOR}),
            get="405",
            data=form_of(EDITOR, f"/signalen/{s}/", "impact", impact="Nog erger."),
        ),
        Page(f"/signalen/{s}/steun-intrekken/", REGION, frozenset({EDITOR}), get="405", data=lambda c, u: {}),
        Page(f"/signalen/{s}/sluiten/", REGION, NATIONAL, get="405", data=lambda c, u: {"note": "Opgelost."}),
        Page(
            bundle_new,
            LOGGED_IN,
            frozenset({REP}),
            get="405",
            data=form_of(
                REP,
                "/signalen/",
                "regio-utrecht-title",
                **{"regio-utrecht-title": "Samen", "regio-utrecht-signals": str(s), "regio-utrecht-summary": "Sterk."},
            ),
        ),
        Page(f"/signalen/bundel/{b}/", REGION, "none"),
        bundle_step(f"/signalen/bundel/{b}/inbrengen/", frozenset({REP}), w.bundle),
        bundle_step(f"/signalen/bundel/{r}/beantwoorden/", NATIONAL, w.raised, answer="Wij pakken het op."),
        bundle_step(f"/signalen/bundel/{r}/sluiten/", NATIONAL, w.raised, note="Klaar."),
        Page("/vragen/", LOGGED_IN, "none"),
        Page(
            "/vragen/nieuw/",
            LOGGED_IN,
            NATIONAL,
            get=NATIONAL,
            data=lambda c, u: {
                "kind": "vraag",
                "title": "Nog een vraag",
                "body": "Wat vindt u?",
                "deadline": (timezone.localdate() + timedelta(days=7)).strftime("%d-%m-%Y"),
                "scope": "alle",
            },
        ),
        Page(question, REGION, "none"),
        Page(
            f"{question}inbreng/regio-utrecht/utrecht/",
            REGION,
            frozenset({EDITOR}),
            data=form_of(EDITOR, question, input_text, **{input_text: "Ja, met voorbehoud."}),
        ),
        Page(
            f"{question}antwoord/regio-utrecht/",
            REGION,
            frozenset({REP}),
            data=lambda c, u: {f"antwoord-{w.regions['regio-utrecht'].pk}-text": "De regio steunt het."},
        ),
        Page(f"{question}sluiten/", REGION, NATIONAL, get=NATIONAL, data=lambda c, u: {}),
        Page("/standpunten/", PUBLIC, "none"),
        Page(
            "/standpunten/nieuw/",
            LOGGED_IN,
            NATIONAL,
            get=NATIONAL,
            data=lambda c, u: {"title": "Nieuw standpunt", "text": "Wij vinden dit.", "questions": str(q)},
        ),
        *positions_of(w.draft),
        Page(
            f"/standpunten/{w.draft.pk}/bewerken/",
            DRAFTS,
            NATIONAL,
            get=NATIONAL,
            data=form_of(COORD, f"/standpunten/{w.draft.pk}/bewerken/", "title", title="Beter concept"),
        ),
        Page(
            f"/standpunten/{w.draft.pk}/vaststellen/",
            DRAFTS,
            NATIONAL,
            get=NATIONAL,
            data=form_of(COORD, f"/standpunten/{w.draft.pk}/vaststellen/", "version"),
        ),
        *positions_of(w.final),
        Page("/voorzieningen/", PUBLIC, "none"),
        Page(f"/voorzieningen/{v}/", PUBLIC, "none"),
        Page(
            f"/voorzieningen/{v}/meedoen/",
            PUBLIC,
            ORG_EDITORS,
            get="405",
            data=lambda c, u: {"kind": PledgeKind.PLEDGE, "max_yearly_share": "12.500", "note": "Na besluit."},
        ),
        Page(f"/voorzieningen/{v}/intrekken/", PUBLIC, frozenset({EDITOR}), get="405", data=lambda c, u: {}),
        Page(
            f"/voorzieningen/{v}/aansluiten/",
            PUBLIC,
            frozenset({EDITOR}),
            get="405",
            data=form_of(EDITOR, f"/voorzieningen/{v}/", "plan"),
        ),
        Page(f"/voorzieningen/{v}/deelname/{w.join.pk}/", frozenset({READER, EDITOR}), "none"),
        Page(
            f"/voorzieningen/{v}/deelname/{w.join.pk}/verlaten/",
            frozenset({READER, EDITOR}),
            frozenset({EDITOR}),
            get="405",
            data=form_of(EDITOR, f"/voorzieningen/{v}/deelname/{w.join.pk}/", "version"),
        ),
    ]


# Where the rules above give another answer, and why (path suffix, role, method) -> status ----------------------

EXCEPTIONS = {
    # A form's address opened in the browser sends the user to the question (where the form is); whoever may not
    # act there is refused first: not a member of the organisation (404), not a coordinator (403).
    ("/inbreng/regio-utrecht/utrecht/", READER, "get"): 302,
    ("/inbreng/regio-utrecht/utrecht/", EDITOR, "get"): 302,
    ("/inbreng/regio-utrecht/utrecht/", REP, "get"): 404,
    ("/inbreng/regio-utrecht/utrecht/", COORD, "get"): 404,
    ("/inbreng/regio-utrecht/utrecht/", SUPER, "get"): 404,
    ("/inbreng/regio-utrecht/utrecht/", REP, "post"): 404,
    ("/inbreng/regio-utrecht/utrecht/", COORD, "post"): 404,
    ("/inbreng/regio-utrecht/utrecht/", SUPER, "post"): 404,
    **{("/antwoord/regio-utrecht/", role, "get"): 302 for role in REGION},
    **{("/sluiten/", role, "get"): 302 for role in NATIONAL},  # the question's closing
    # Joining with a plan of another organisation: the plan is not one of the user's choices (a message, 400).
    ("/aansluiten/", OUT, "post"): 400,
    ("/aansluiten/", OTHER_EDITOR, "post"): 400,
    # A stance on a final position: the representative is told it is final (409), nothing is saved.
    **{("/opstelling/", role, "post", "final"): 409 for role in (REP, OTHER_REP)},
}


def exception(w: World, page: Page, role: str, method: str):
    final = f"/standpunten/{w.final.pk}/" in page.path
    for key, status in EXCEPTIONS.items():
        suffix, who, how = key[:3]
        if who != role or how != method or (len(key) == 4) != final:
            continue
        if page.path.endswith(suffix) and (suffix != "/sluiten/" or page.path.startswith("/vragen/")):
            return status
    return None


def expected(w: World, page: Page, role: str, method: str):
    """The status `role` gets; "ok" for a POST that is saved (a redirect and a change)."""
    found = exception(w, page, role, method)
    if found is not None:
        return found
    public = page.see == PUBLIC
    if method == "get" and page.get == "405":
        return 405
    if method == "post" and page.post == "none":
        return expected(w, page, role, "get")
    if role == ANON:
        return 200 if public and method == "get" else 403
    if not public and role not in page.see:
        return 404
    allowed = page.get if method == "get" else page.post
    if allowed is None:
        return 200
    if role not in allowed:
        return 403
    return 200 if method == "get" else "ok"


# Checking -------------------------------------------------------------------------------------------------------


def main_text(html: str) -> str:
    return html[html.find("<main") : html.find("</main>")]


def refusal_problem(role, status, response) -> str | None:
    """What is wrong with a 403: anonymous must get the login link, everyone else a Dutch reason."""
    html = response.content.decode(errors="replace")
    if role == ANON:
        return None if "/account/inloggen/?next=" in html else "no login link"
    main = main_text(html)
    heading_end = main.find("</h1>")
    reason = main[heading_end:].split('<p class="utrecht-paragraph">', 1)
    if len(reason) < 2 or reason[1].lstrip().startswith("<a"):
        return "no reason"
    return None


def check(client, w: World, role, page: Page, method, failures) -> int:
    user = w.users[role]
    want = expected(w, page, role, method)
    with transaction.atomic():
        before = snapshot()
        if method == "get":
            response = client.get(page.path)
        else:
            data = page.data(client, user) if page.data else {}
            if user is not None:
                client.force_login(user)
            else:
                client.logout()
            response = client.post(page.path, data)
        changed = snapshot() != before
        transaction.set_rollback(True)
    status = response.status_code
    where = (role, method.upper(), page.path, status)
    if want == "ok":
        if status != 302 or not changed:
            failures.append((*where, "not saved"))
        return status
    if changed:
        failures.append((*where, "changed"))
    if status != want:
        failures.append((*where, "expected", want))
    elif status == 403 and (problem := refusal_problem(role, status, response)):
        failures.append((*where, problem))
    elif status == 200 and method == "get" and "no-store" not in response.get("Cache-Control", ""):
        failures.append((*where, "cacheable", response.get("Cache-Control")))
    return status


@pytest.mark.parametrize("role", ROLES)
def test_every_consultation_page_and_download_by_role(world, role):
    user = world.users[role]
    client = as_user(user)
    failures, counts = [], Counter()
    before = snapshot()
    for page in pages(world):
        for method in ("get", "post"):
            if user is not None:
                client.force_login(user)
            counts[(method, check(client, world, role, page, method, failures))] += 1
    print(f"\nconsultation pages, {role}: {dict(sorted(counts.items()))}")
    assert not failures, "\n".join(map(str, failures))
    assert snapshot() == before
    assert sum(counts.values()) == 2 * len(pages(world)) == 84


def test_the_page_list_covers_every_consultation_url(world):
    """A new consultation URL must be added to the matrix above (each pattern once at least)."""
    from django.urls import Resolver404, resolve

    from modelgemeente.consultation import urls

    names = set()
    for page in pages(world):
        try:
            names.add(resolve(page.path).url_name)
        except Resolver404:  # pragma: no cover - a wrong path in the list
            pytest.fail(f"{page.path} is no consultation page")
    assert names == {p.name for p in urls.urlpatterns}, {p.name for p in urls.urlpatterns} ^ names


# The bugs this matrix found, each on its own -------------------------------------------------------------------


def test_a_member_following_a_link_to_a_draft_while_logged_out_is_asked_to_log_in(world):
    """A draft position was a 404 for a visitor who was not logged in, so a member who opened a link to it (from
    an e-mail, say) read that it does not exist; and the coordinator's forms sent anonymous visitors away with a
    redirect instead of the login page of the rest of the consultation."""
    client = Client()
    draft = f"/standpunten/{world.draft.pk}/"
    for path in (draft, f"{draft}standpunt.pdf", f"{draft}versies/", "/standpunten/nieuw/", f"{draft}bewerken/"):
        response = client.get(path)
        assert response.status_code == 403, path
        assert f"/account/inloggen/?next={path}" in response.content.decode(), path
    assert client.get("/standpunten/99999/").status_code == 403  # existence is not revealed either way
    client.force_login(world.users[READER])
    assert client.get(draft).status_code == 200
    client.force_login(world.users[OUT])
    assert client.get(draft).status_code == 404


def test_question_pages_are_kept_by_no_browser_or_proxy(world):
    """The question pages show the region's inputs and the answer forms to whoever is logged in: unlike the other
    consultation pages they had no Cache-Control, so the browser's back button after logging out (or a shared
    proxy) could show them again."""
    client = as_user(world.users[REP])
    for path in ("/vragen/", f"/vragen/{world.question.pk}/"):
        response = client.get(path)
        assert response.status_code == 200
        assert {"no-store", "private"} <= {d.strip() for d in response["Cache-Control"].split(",")}, path


# What withdrawing, leaving and loading the examples never delete or overwrite -----------------------------------


def plan_rows(plan) -> dict:
    """The plan's own figures and lines as values (without the shared lines a provision adds)."""
    plan.refresh_from_db()
    return {
        "adjustments": list(plan.adjustments.order_by("budget_line__slug").values(*ADJUSTMENT_FIELDS, "budget_line")),
        "lines": list(plan.extra_lines.exclude(origin=LineOrigin.SHARED).order_by("pk").values()),
    }


@pytest.fixture
def own_plan(plan, editor):
    """The shared `plan` with what a municipality typed itself: an own figure for a line the provision replaces,
    a line left out that it does not replace, and own lines under the replaced development and another one."""
    loket = development(plan.edition, "digitaal-loket")
    plan_services.save_line_adjustments(
        plan,
        editor,
        plan.version,
        loket,
        {
            "loket-licenties": {"own": Decimal(7000), "price_year": 2092, "reason": "Offerte leverancier 2091."},
            "loket-bouwen": {"excluded": True, "reason": "Bouwen we niet zelf."},
        },
    )
    for slug, description in (("digitaal-loket", "Eigen koppeling"), ("klantcontact", "Eigen training")):
        plan.refresh_from_db()
        plan_services.add_extra_line(
            plan,
            editor,
            development(plan.edition, slug),
            {
                "description": description,
                "kind": "structural",
                "category": "other",
                "amount": Decimal(1234),
                "reason": "Eigen raming.",
            },
        )
    plan.refresh_from_db()
    return plan


def test_joining_and_leaving_keeps_the_plans_own_figures_and_lines(own_plan, editor):
    plan = own_plan
    before, total = plan_rows(plan), plan_report(plan).grand_total.values
    join = provision_services.join_provision(plan, loket_provision(), editor, plan.version)
    joined = plan_rows(plan)
    assert [a["excluded"] for a in joined["adjustments"]] == [True, True, True]  # beheer, bouwen, licenties
    assert joined["lines"] == before["lines"]
    licences = next(a for a in joined["adjustments"] if a["amount"] is not None)
    assert (licences["amount"], licences["price_year"]) == (Decimal(7000), 2092)  # out of the count, not gone

    provision_services.leave_provision(join, editor, plan.version)
    after = plan_rows(plan)
    assert after["lines"] == before["lines"]
    assert [{k: a[k] for k in ("budget_line", "excluded", "amount", "price_year")} for a in after["adjustments"]] == [
        {k: a[k] for k in ("budget_line", "excluded", "amount", "price_year")} for a in before["adjustments"]
    ]
    assert plan_report(plan).grand_total.values == total


def test_joining_and_leaving_keeps_the_reason_of_an_own_figure(own_plan, editor):
    plan = own_plan
    before = plan_rows(plan)
    join = provision_services.join_provision(plan, loket_provision(), editor, plan.version)
    provision_services.leave_provision(join, editor, plan.version)
    assert plan_rows(plan) == before


def test_what_the_user_changes_while_joined_survives_leaving(own_plan, editor):
    """An own line typed or changed while the plan takes part, and an own figure given to a replaced line, stay
    when the plan leaves; only the provision's share goes."""
    plan = own_plan
    join = provision_services.join_provision(plan, loket_provision(), editor, plan.version)
    plan.refresh_from_db()
    loket = development(plan.edition, "digitaal-loket")
    plan_services.save_line_adjustments(
        plan,
        editor,
        plan.version,
        loket,
        {
            "loket-beheer": {"excluded": True, "own": Decimal(10), "reason": "Eigen beheer, 10 uur."},
            "loket-licenties": {"excluded": True, "own": Decimal(7000), "price_year": 2092, "reason": "Offerte."},
            "loket-bouwen": {"excluded": True, "reason": "Bouwen we niet zelf."},
        },
    )
    plan.refresh_from_db()
    own = plan.extra_lines.get(description="Eigen koppeling")
    plan_services.update_extra_line(plan, editor, own, {"amount": Decimal(2000), "reason": "Nieuwe offerte."})
    plan.refresh_from_db()
    typed = plan_services.add_extra_line(
        plan,
        editor,
        loket,
        {"description": "Tijdens deelname", "kind": "incidental", "category": "other", "amount": Decimal(500)}
        | {"reason": "Eenmalig."},
    )
    plan.refresh_from_db()
    provision_services.leave_provision(join, editor, plan.version)
    plan.refresh_from_db()
    assert not plan.extra_lines.filter(origin=LineOrigin.SHARED).exists()
    assert set(plan.extra_lines.values_list("description", flat=True)) == {
        "Eigen koppeling",
        "Eigen training",
        "Tijdens deelname",
    }
    assert plan.extra_lines.get(pk=own.pk).amount == Decimal(2000) and plan.extra_lines.filter(pk=typed.pk).exists()
    adjustments = {a.budget_line.slug: a for a in plan.adjustments.select_related("budget_line")}
    assert (adjustments["loket-beheer"].excluded, adjustments["loket-beheer"].hours_per_week) == (False, 10)
    assert adjustments["loket-beheer"].reason == "Eigen beheer, 10 uur."
    assert (adjustments["loket-licenties"].excluded, adjustments["loket-licenties"].reason) == (False, "Offerte.")
    assert (adjustments["loket-bouwen"].excluded, adjustments["loket-bouwen"].reason) == (True, "Bouwen we niet zelf.")


def test_withdrawing_a_pledge_or_a_support_removes_only_that(world):
    """A withdrawal through the page removes the organisation's own pledge (or support) and nothing else: not the
    pledges of others, not its plan's participation, not the signal's steps."""
    editor = world.users[EDITOR]
    client = as_user(editor)
    other_pledges = list(cm.Pledge.objects.exclude(organisation=world.plan.organisation).values())
    plan_tables = {k: v for k, v in snapshot().items() if k in ("Plan", "LineAdjustment", "ExtraLine", "PlanChange")}
    joins = list(cm.ProvisionJoin.objects.values())
    response = client.post(f"/voorzieningen/{world.provision.slug}/intrekken/", {})
    assert response.status_code == 302
    assert not cm.Pledge.objects.filter(organisation=world.plan.organisation).exists()
    assert list(cm.Pledge.objects.values()) == other_pledges
    assert list(cm.ProvisionJoin.objects.values()) == joins
    assert {k: v for k, v in snapshot().items() if k in plan_tables} == plan_tables

    signal = world.signal
    raiser = cm.Signal.objects.get(pk=signal.pk).organisation  # Amersfoort; Utrecht supports it, Zeist too
    zeist = organisation("zeist", "Gemeente Zeist", "GM0355")
    signal_services.support_signal(signal, zeist, member_of(zeist, Role.EDITOR, "redacteur@zeist.nl"), "Ook hier.")
    events = list(signal.events.values())
    response = client.post(f"/signalen/{signal.pk}/steun-intrekken/", {})
    assert response.status_code == 302
    assert list(signal.supports.values_list("organisation__slug", flat=True)) == ["zeist"]
    assert list(signal.events.values())[: len(events)] == events  # every earlier step is kept, one is added
    assert signal.events.count() == len(events) + 1 and raiser.signals.filter(pk=signal.pk).exists()


def load_examples() -> str:
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("load_consultation_examples", stdout=out)
    return out.getvalue()


def test_a_region_and_a_provision_edited_in_the_admin_survive_loading_the_examples(client):
    """scripts/run.sh loads the examples at every start: what an administrator changed in the admin stays. The
    short name (slug) of an existing one cannot be changed there: the loader recognises an example by it, so a
    renamed example came back next to the renamed one (two regions with the same municipalities)."""
    load_examples()
    client.force_login(get_user_model().objects.create_superuser("beheer", "beheer@beraad.nl", "Een-lang-wachtwoord"))
    region = cm.Region.objects.get(slug="regio-utrecht")
    edited = {
        "slug": "regio-midden",  # refused: the slug is fixed once it exists
        "name": "Regio Utrecht-Midden",
        "description": "Onze eigen indeling.",
        "municipality_codes": "GM0344, GM0307",
        "is_example": "",
        "source_note": "Vastgesteld door het beraad.",
    }
    assert client.post(f"/beheer/consultation/region/{region.pk}/change/", edited).status_code == 302
    provision = cm.Provision.objects.get(slug="gedeelde-dso-koppeling")
    page = page_form(client, f"/beheer/consultation/provision/{provision.pk}/change/", "owner")
    changed = page | {"slug": "dso-samen", "owner": "Regio Utrecht-Midden", "yearly_cost": "1234", "is_example": ""}
    assert client.post(f"/beheer/consultation/provision/{provision.pk}/change/", changed).status_code == 302
    before = snapshot()

    output = load_examples()
    assert "0 regio's en 0 voorzieningen aangemaakt" in output
    assert snapshot() == before
    region.refresh_from_db()
    assert (region.slug, region.name, region.municipality_codes) == (
        "regio-utrecht",
        edited["name"],
        ["GM0344", "GM0307"],
    )
    assert (region.is_example, region.source_note) == (False, edited["source_note"])
    provision.refresh_from_db()
    assert (provision.slug, provision.owner, provision.yearly_cost, provision.is_example) == (
        "gedeelde-dso-koppeling",
        "Regio Utrecht-Midden",
        Decimal(1234),
        False,
    )
    assert cm.Region.objects.filter(name__startswith="Regio Utrecht").count() == 1


def test_a_joined_plan_moved_to_another_release_keeps_its_share_once(plan, editor, second_release):  # noqa: F811
    provision = loket_provision()
    provision_services.join_provision(plan, provision, editor, plan.version)
    plan.refresh_from_db()
    moved = plan_services.migrate_plan(plan, second_release, {}, editor, plan.version)
    assert list(moved.extra_lines.values_list("origin", flat=True)) == [LineOrigin.SHARED]
    assert moved not in joinable_plans(editor, provision)
