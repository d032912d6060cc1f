"""Every page works at 320 CSS px (WCAG 2.1, 1.4.10 Reflow) and at 1280 px: no sideways scrolling of the
page, and no axe-core violations (WCAG 2.0/2.1 A and AA) at either width.

One browser page visits every public page and, logged in as an editor, every page of a plan. Each page is
loaded once and checked at both widths by resizing the window, which keeps the test to about a minute.
"""

from decimal import Decimal

import pytest
from django.db.models import Count

from modelgemeente.plans.models import ExtraLine, Plan, PlanChange, PlanDevelopment
from tests.conftest import PASSWORD

from .conftest import axe_violations

pytestmark = pytest.mark.e2e

WIDTHS = ((320, 640), (1280, 800))

# A long Dutch compound in the plan's title, a motivation and an own line: words like these must wrap
# (overflow-wrap / hyphens), not widen the page.
LONG_TITLE = "Informatievoorzieningsmeerjarenplan 2027–2030"
LONG_WORD = "klanttevredenheidsonderzoeksresultatenrapportage"

# The element that makes the page wider than the window: the outermost one that sticks out and is not
# inside a box that scrolls by itself (a table container).
OFFENDER = """() => {
  const W = innerWidth;
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.right <= W + 0.5) continue;
    let p = el.parentElement, scrolls = false;
    while (p && p !== document.body) {
      if (/(auto|scroll|hidden|clip)/.test(getComputedStyle(p).overflowX) && p.getBoundingClientRect().right <= W + 0.5) { scrolls = true; break; }
      p = p.parentElement;
    }
    if (!scrolls) return el.tagName.toLowerCase() + '.' + [...el.classList].join('.') + ' (right edge ' + Math.round(r.right) + ' px)';
  }
  return 'unknown';
}"""


def make_plan(edition, org, user) -> Plan:
    """A plan for 30,000 inhabitants, 2027-2030, with every development, made in the ORM as the
    plan form would (the live server shares this database)."""
    plan = Plan.objects.create(
        organisation=org,
        edition=edition,
        title=LONG_TITLE,
        inhabitants=30000,
        employees=300,
        departments=20,
        profile_provenance="Eigen opgave",
        start_year=2027,
        horizon=4,
        created_by=user,
    )
    PlanDevelopment.objects.bulk_create(
        PlanDevelopment(
            plan=plan,
            development=d,
            capacity_type=d.capacity_type,
            start_year=2027,
            motivation=f"Volgt uit de {LONG_WORD} van 2026.",
        )
        for d in edition.developments.all()
    )
    development = edition.developments.get(slug="kanalen")
    ExtraLine.objects.create(
        plan=plan,
        development=development,
        description=f"Eigen {LONG_WORD}",
        kind="incidental",
        category="advice",
        amount=Decimal("12500"),
        reason=f"Offerte voor de {LONG_WORD}.",
    )
    PlanChange.objects.create(
        plan=plan,
        version=1,
        user=user,
        summary="Plan aangemaakt",
        details=[f"Editie {edition.title}, 30.000 inwoners, 2027-2030"],
    )
    return plan


def public_paths(edition) -> dict[str, str]:
    year = edition.year
    widest = edition.developments.annotate(n=Count("budget_lines")).order_by("-n", "slug").first()
    paths = {
        "home": "/",
        "editions": "/edities/",
        "edition": f"/editie/{year}/",
        **{f"domain {d.slug}": d.get_absolute_url() for d in edition.domains.all()},
        f"development {widest.slug}": f"/editie/{year}/ontwikkeling/{widest.slug}/",
        "opgaven": f"/editie/{year}/opgaven/",
        "laws": f"/editie/{year}/wetten/",
        "search": f"/editie/{year}/zoeken/?q=klantreis",
        "model budget": f"/editie/{year}/begroting/",
        "assumptions": f"/editie/{year}/uitgangspunten/",
        "login": "/account/inloggen/",
        "sign-up": "/account/aanmelden/",
        "password reset": "/account/wachtwoord/vergeten/",
        "not found": "/bestaat-niet/",
    }
    return paths


def plan_paths(org, plan) -> dict[str, str]:
    base = plan.get_absolute_url()
    return {
        "dashboard": "/mijn/",
        "organisation": org.get_absolute_url(),
        "new plan": f"/organisaties/{org.slug}/plannen/nieuw/",
        "plan": base,
        "choices": base + "ontwikkelingen/",
        "development in plan": base + "ontwikkeling/kanalen/",
        "voorjaarsnota": base + "voorjaarsnota/",
        "begroting": base + "begroting/",
        "comparison": base + "vergelijking/",
        "history": base + "historie/",
        "plan assumptions": base + "uitgangspunten/",
        "password change": "/account/wachtwoord/wijzigen/",
    }


def check_pages(page, base_url, paths, wide, violations):
    for name, path in paths.items():
        response = page.goto(base_url + path)
        assert response.status == (404 if name == "not found" else 200), (name, path, response.status)
        for width, height in WIDTHS:
            page.set_viewport_size({"width": width, "height": height})
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            inner_width = page.evaluate("innerWidth")
            if scroll_width > inner_width:
                wide[f"{name} @{width}"] = f"{scroll_width} px wide: {page.evaluate(OFFENDER)}"
            found = axe_violations(page)
            if found:
                violations[f"{name} @{width}"] = found


def test_every_page_reflows_at_320_px_and_is_axe_clean_at_both_widths(page, live_server, live_edition, org, editor):
    plan = make_plan(live_edition, org, editor)
    wide, violations = {}, {}
    public, private = public_paths(live_edition), plan_paths(org, plan)

    check_pages(page, live_server.url, public, wide, violations)

    page.goto(live_server.url + "/account/inloggen/")
    page.fill("input[name=username]", editor.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/mijn/")
    check_pages(page, live_server.url, private, wide, violations)

    checked = (len(public) + len(private)) * len(WIDTHS)
    assert checked >= 60, checked
    assert wide == {}, wide
    assert violations == {}, violations


def test_menu_is_a_disclosure_that_works_without_javascript(browser, live_server, live_edition):
    context = browser.new_context(viewport={"width": 320, "height": 640}, java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    page.goto(live_server.url + "/editie/2026/opgaven/")
    toggle = page.locator("header details.site-menu > summary")
    assert toggle.inner_text().strip() == "Menu"
    laws = page.locator(".site-nav").get_by_role("link", name="Wetten")
    assert not laws.is_visible()

    toggle.focus()
    page.keyboard.press("Enter")  # a <summary> is a native button: keyboard-operable without scripts
    assert laws.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    assert page.locator(".site-nav a[aria-current=page]").inner_text() == "Opgaven"
    page.keyboard.press("Enter")
    assert not laws.is_visible()

    # On a wide screen the menu is open without a click, and the button is gone.
    page.set_viewport_size({"width": 1280, "height": 800})
    assert laws.is_visible()
    assert not toggle.is_visible()
    context.close()


def test_menu_is_accessible_when_open_on_a_phone(page, live_server, live_edition):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(live_server.url + "/account/inloggen/")
    # The account pages show the whole main navigation too.
    page.locator("header details.site-menu > summary").click()
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    for name in ("Overzicht 2026", "Dienstverlening", "ICT-begroting", "Inloggen", "Account aanmaken"):
        assert nav.get_by_role("link", name=name).is_visible(), name
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    assert axe_violations(page) == []


def test_favicon(page, live_server, live_edition):
    page.goto(live_server.url + "/")
    assert page.locator("link[rel=icon][type='image/svg+xml']").count() == 1
    response = page.request.get(live_server.url + "/favicon.ico")
    assert response.status == 200
    assert response.headers["content-type"] in ("image/x-icon", "image/vnd.microsoft.icon")
