"""Issue 16, "Done when", in a browser: a full round of the Landelijk ICT Beraad through the pages only, on the real
2026 edition, each person logged in through the login page.

Two regions: Regio Utrecht (Utrecht, Amersfoort, Zeist) and Regio Noordvleugel (Amsterdam, Aalsmeer, Utrecht):
Utrecht is in both. Gemeente Utrecht raises a signal, Amersfoort and Amsterdam support it with their own impact
(three municipalities in two regions); the representative of Regio Utrecht bundles it and raises the bundle; the
coordinator asks both regions a question with a deadline; Gemeente Amersfoort gives input; Regio Utrecht answers in
time, the deadline passes (moved into the past in the database, as if the calendar moved on) and Regio Noordvleugel
answers late; the coordinator drafts a position from the question and the regional signal; Regio Utrecht objects
with a reason, Regio Noordvleugel supports; the coordinator finalises with a minority note and answers the regional
signal; an anonymous visitor reads the position page and its PDF with the objection and the note.

Every page is checked at 320 and 1280 CSS px: no axe-core violations (WCAG 2.0/2.1 A and AA) and no sideways
scrolling of the page. CONSULTATION_SCREENSHOTS=/tmp/folder saves a full-page screenshot of every checked page at
both widths, and the position's PDF, to look at by eye.
"""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from modelgemeente.consultation.models import Question, RegionalSignal, Signal
from modelgemeente.plans.models import Role
from tests.conftest import member_of
from tests.consultation.world import INHABITANTS, coordinator, organisation, region, representative

from ..exports.readers import pdf_text
from .test_maturity_flow import WIDTHS
from .test_maturity_flow import Checks as PageChecks
from .test_proposal_flow import log_in

pytestmark = pytest.mark.e2e

SCREENSHOTS = os.environ.get("CONSULTATION_SCREENSHOTS")

SIGNAL = "De koppeling met het Omgevingsloket kost kleine gemeenten te veel"
BUNDLE = "Koppelkosten Omgevingsloket in Regio Utrecht"
QUESTION = "Zou uw regio een gedeelde DSO-koppeling afnemen?"
POSITION = "Eén gedeelde koppeling met het Omgevingsloket"
OBJECTION = "Eerst de kosten per gemeente en de exit-afspraken, dan pas een besluit."
MINORITY = "Regio Utrecht wil eerst de kosten per gemeente en de exit-afspraken zien."


class Checks(PageChecks):
    """The checks of the maturity flow (axe-core and page-level sideways scrolling at both widths, collected to
    assert at the end); with CONSULTATION_SCREENSHOTS also a full-page screenshot at each width, numbered in the
    order of the visit."""

    def __call__(self, name: str) -> None:
        super().__call__(name)
        if not SCREENSHOTS:
            return
        self.names = [*getattr(self, "names", []), name]
        for width, height in WIDTHS:
            self.page.set_viewport_size({"width": width, "height": height})
            self.page.evaluate("scrollTo(0, 0)")  # a full-page shot of a scrolled page draws fixed elements midway
            path = Path(SCREENSHOTS) / f"{self.flow}_{len(self.names):02d}_{name.replace(' ', '_')}_{width}.png"
            self.page.screenshot(path=str(path), full_page=True)
        self.page.set_viewport_size({"width": 1280, "height": 900})


def text(page, selector: str = "main") -> str:
    """The visible text of the first match, with runs of white space (also non-breaking) as one space."""
    return " ".join(page.locator(selector).first.inner_text().split())


def number(n: int) -> str:
    """A whole number as the pages write it: 1.467.388."""
    return f"{n:,}".replace(",", ".")


def dutch_date(day) -> str:
    """A date as the pages write it: 3 maart 2026."""
    with translation.override("nl"):
        return date_format(day, "j F Y")


def message(page) -> str:
    return text(page, ".messages")


def build_world():
    """Two regions sharing Utrecht, three organisations with an editor or admin, a representative per region and
    a coordinator of the national level."""
    utrecht_region = region("regio-utrecht", "Regio Utrecht", ["GM0344", "GM0307", "GM0355"])
    noordvleugel = region("regio-noordvleugel", "Regio Noordvleugel", ["GM0363", "GM0358", "GM0344"])
    utrecht = organisation("utrecht", "Gemeente Utrecht", "GM0344")
    amersfoort = organisation("amersfoort", "Gemeente Amersfoort", "GM0307")
    amsterdam = organisation("amsterdam", "Gemeente Amsterdam", "GM0363")
    return {
        "utrecht_region": utrecht_region,
        "noordvleugel": noordvleugel,
        "editor_utrecht": member_of(utrecht, Role.EDITOR, "redacteur@utrecht.nl"),
        "editor_amersfoort": member_of(amersfoort, Role.EDITOR, "redacteur@amersfoort.nl"),
        "admin_amsterdam": member_of(amsterdam, Role.ADMIN, "beheer@amsterdam.nl"),
        "rep_utrecht": representative("vertegenwoordiger@regio-utrecht.nl", "Vera Utrecht", utrecht_region),
        "rep_noordvleugel": representative("vertegenwoordiger@noordvleugel.nl", "Noor Vleugel", noordvleugel),
        "coordinator": coordinator(),
    }


def test_a_full_round_signal_question_position(page, live_server, live_edition):
    w = build_world()
    url, check = live_server.url, Checks(page, "round")
    today = timezone.localdate()

    # 0. Anyone reads what the consultation is and which municipalities are in which region.
    page.goto(url + "/overleg/")
    assert "Regionaal overleg: het Landelijk ICT Beraad" in text(page, "h1")
    assert "Log in om de signalen van uw regio te zien" in text(page)
    check("start anonymous")
    page.get_by_role("link", name="Regio's en hun gemeenten").click()
    check("regions")
    page.get_by_role("link", name="Regio Noordvleugel").first.click()
    assert number(INHABITANTS["GM0363"] + INHABITANTS["GM0358"] + INHABITANTS["GM0344"]) in text(page)
    check("region")

    # 1. Gemeente Utrecht raises a signal, linked to a law, a development and a budget line of the release.
    log_in(page, url, w["editor_utrecht"])
    page.goto(url + "/overleg/")
    assert "Gemeente Utrecht: Regio Noordvleugel, Regio Utrecht" in text(page, "section[aria-labelledby=mine-heading]")
    check("start editor")
    page.get_by_role("link", name="Signalen", exact=True).click()
    page.get_by_role("link", name="Een signaal melden").click()
    page.get_by_label("Titel").fill(SIGNAL)
    page.get_by_label("Knelpunt").fill("Elke gemeente laat een eigen koppeling bouwen en betaalt een eigen licentie.")
    page.get_by_label("Gevolgen voor uw gemeente").fill("€ 40.000 eenmalig en € 10.000 per jaar voor Utrecht.")
    page.get_by_label("Urgentie").select_option("hoog")
    page.get_by_label("Wet").select_option("omgevingswet")
    page.get_by_label("Ontwikkeling").select_option("omgevingsloket")
    page.get_by_label("Begrotingsregels").select_option("omgevingsloket/licentie-koppelcomponent")
    check("signal form")
    page.get_by_role("button", name="Signaal melden").click()
    assert message(page) == f"Signaal „{SIGNAL}” is gemeld."
    assert Signal.objects.get().status == "nieuw"
    assert text(page, ".signal-status") == "nieuw"
    assert "1 gemeente in 2 regio's" in text(page, ".signal-reach")
    assert "Omgevingswet" in text(page) and "nog niet gebundeld" in text(page)
    check("signal raised")

    # 2. Amersfoort (Regio Utrecht) and Amsterdam (Regio Noordvleugel) support it, each with its own impact.
    for user, org, impact in (
        (w["editor_amersfoort"], "Gemeente Amersfoort", "Wij betalen dezelfde licentie en bouwen dezelfde koppeling."),
        (w["admin_amsterdam"], "Gemeente Amsterdam", "Onze koppeling moet bij elke DSO-release opnieuw getest."),
    ):
        log_in(page, url, user)
        page.goto(url + "/signalen/")
        page.get_by_role("link", name=SIGNAL).click()
        page.get_by_label("Gevolgen voor uw gemeente").fill(impact)
        page.get_by_role("button", name="Signaal steunen").click()
        assert message(page) == f"{org} steunt dit signaal."
        assert impact in text(page, "#supports-caption + thead + tbody")
    inhabitants = INHABITANTS["GM0344"] + INHABITANTS["GM0307"] + INHABITANTS["GM0363"]
    reach = text(page, ".signal-reach")
    assert (
        reach == f"3 gemeenten in 2 regio's (Regio Noordvleugel, Regio Utrecht), samen {number(inhabitants)} inwoners."
    )
    check("signal supported")

    # 3. The representative of Regio Utrecht bundles the signal and raises the bundle to the national level.
    log_in(page, url, w["rep_utrecht"])
    page.goto(url + "/signalen/")
    section = page.locator("section[aria-labelledby^=region-]", has_text="Bundelen voor Regio Utrecht")
    section.get_by_label(f"{SIGNAL} (Gemeente Utrecht)").check()
    section.get_by_label("Titel").fill(BUNDLE)
    section.get_by_label("Samenvatting van de regio").fill("Drie gemeenten betalen elk voor dezelfde koppeling.")
    check("signals of the representative")
    section.get_by_role("button", name="Bundelen").click()
    assert text(page, ".bundle-status") == "gebundeld in de regio"
    check("bundle")
    page.get_by_role("button", name="Inbrengen").click()
    assert message(page) == "Het regionale signaal is ingebracht bij het landelijk beraad."
    assert text(page, ".bundle-status") == "ingebracht bij het landelijk beraad"
    assert "3 gemeenten in 2 regio's" in text(page, ".bundle-reach")
    bundle = RegionalSignal.objects.get()
    page.get_by_role("link", name=SIGNAL).click()
    assert text(page, ".signal-status") == "ingebracht bij het landelijk beraad"
    steps = [" ".join(t.split()).split(" — ")[0] for t in page.locator(".signal-events li").all_inner_texts()]
    assert steps == [
        "signaal gemeld",
        "gesteund",
        "gesteund",
        "gebundeld in de regio",
        "ingebracht bij het landelijk beraad",
    ]
    check("signal raised nationally")

    # 4. The coordinator sees it in the national overview and asks both regions a question with a deadline.
    log_in(page, url, w["coordinator"])
    page.goto(url + "/signalen/landelijk/")
    row = page.locator(".signal-reach-table tbody tr", has_text=SIGNAL)
    cells = [" ".join(c.split()) for c in row.locator("td").all_inner_texts()]
    assert cells[:5] == ["Gemeente Utrecht", "3", "2", number(inhabitants), "ingebracht bij het landelijk beraad"]
    check("national overview raised")
    page.goto(url + "/vragen/")
    page.get_by_role("link", name="Nieuwe vraag stellen").click()
    page.get_by_label("vraag", exact=True).check()
    page.get_by_label("Titel").fill(QUESTION)
    page.get_by_label("Vraag of conceptbeleid").fill(
        "Het beraad overweegt één gedeelde koppeling.\n\n- Zou uw regio meedoen?\n- Onder welke voorwaarden?"
    )
    deadline = today + timedelta(days=7)
    page.get_by_label("Uiterste datum voor antwoord").fill(deadline.strftime("%d-%m-%Y"))
    page.get_by_label("Alle regio's").check()
    check("question form")
    page.get_by_role("button", name="Vraag stellen").click()
    question = Question.objects.get()
    assert "Beantwoord door 0 van 2 regio's. Nog open: Regio Noordvleugel, Regio Utrecht." in text(page)
    assert "nog 7 dagen" in text(page, "dl")
    check("question asked")

    # 5. Gemeente Amersfoort gives input to its region.
    log_in(page, url, w["editor_amersfoort"])
    page.goto(url + f"/vragen/{question.pk}/")
    page.get_by_label("Inbreng van uw gemeente").fill("Ja, als ons deel onder de eigen licentie blijft.")
    page.get_by_role("button", name="Inbreng geven").click()
    assert message(page) == "De inbreng van Gemeente Amersfoort is opgeslagen."
    check("question input")

    # 6. Regio Utrecht answers before the deadline, with its municipality's input in view.
    log_in(page, url, w["rep_utrecht"])
    page.goto(url + "/vragen/")
    page.get_by_role("link", name=QUESTION).click()
    assert "Ja, als ons deel onder de eigen licentie blijft." in text(page)
    assert "Nog geen inbreng van: Gemeente Utrecht." in text(page)
    page.get_by_label("Antwoord van de regio").fill("Regio Utrecht doet mee als het deel per gemeente bekend is.")
    page.get_by_role("button", name="Antwoord geven").click()
    assert message(page) == "Het antwoord van Regio Utrecht is opgeslagen."
    assert "Beantwoord door 1 van 2 regio's. Nog open: Regio Noordvleugel." in text(page)
    check("question answered in time")

    # 7. The deadline passes; Regio Noordvleugel answers after it and is marked late, not refused.
    Question.objects.filter(pk=question.pk).update(deadline=today - timedelta(days=1))
    log_in(page, url, w["rep_noordvleugel"])
    page.goto(url + f"/vragen/{question.pk}/")
    assert "verstreken" in text(page, "dl")
    page.get_by_label("Antwoord van de regio").fill("Regio Noordvleugel steunt een gedeelde koppeling.")
    page.get_by_role("button", name="Antwoord geven").click()
    assert message(page) == (
        "Het antwoord van Regio Noordvleugel is opgeslagen, na de uiterste datum: het staat als te laat gemarkeerd."
    )
    progress = text(page, "#antwoorden + p")
    assert progress == "Beantwoord door 2 van 2 regio's. Te laat beantwoord: Regio Noordvleugel."
    answers = {
        r.locator("th").inner_text(): " ".join(r.locator("td").last.inner_text().split())
        for r in page.locator("#answers-caption ~ tbody tr").all()
    }
    assert answers["Regio Noordvleugel"].endswith("(te laat)") and "te laat" not in answers["Regio Utrecht"]
    check("question answered late")
    page.goto(url + "/vragen/")
    assert "Beantwoord door 2 van 2 regio's" in text(page, "table") and "verstreken" in text(page, "table")
    check("questions")

    # 8. The coordinator drafts a position from the question and the regional signal.
    log_in(page, url, w["coordinator"])
    page.goto(url + "/standpunten/")
    page.get_by_role("link", name="Nieuw standpunt opstellen").click()
    page.get_by_label("Titel").fill(POSITION)
    page.get_by_label("Standpunt").fill("De gemeenten vragen om één gedeelde koppeling, centraal beheerd.")
    page.get_by_label(QUESTION).check()
    page.get_by_label(f"{BUNDLE} (Regio Utrecht)").check()
    check("position form")
    page.get_by_role("button", name="Concept opslaan").click()
    assert "Concept" in text(page, ".position-status")
    assert text(page, ".aggregate-summary") == "0 steun, 0 steun met voorbehoud, 0 bezwaar, 0 onthouding; 2 nog open"
    sources = text(page, ".position-sources ul")
    assert f"Vraag: {QUESTION}" in sources and f"Regionaal signaal: {BUNDLE} (Regio Utrecht)" in sources
    check("position draft")
    position_url = page.url

    # 9. Regio Utrecht objects with a reason; Regio Noordvleugel supports.
    for user, stance, reason in (
        (w["rep_utrecht"], "bezwaar", OBJECTION),
        (w["rep_noordvleugel"], "steun", "Eén koppeling scheelt elke gemeente werk."),
    ):
        log_in(page, url, user)
        page.goto(position_url)
        page.get_by_label(stance, exact=True).check()
        page.get_by_label("Reden", exact=True).fill(reason)
        page.get_by_role("button", name="Opslaan").click()
        assert message(page).startswith("De opstelling van Regio")
    assert text(page, ".aggregate-summary") == "1 steun, 0 steun met voorbehoud, 1 bezwaar, 0 onthouding; 0 nog open"
    assert text(page, ".position-dissent ul") == f"Regio Utrecht: bezwaar. {OBJECTION}"
    check("position with stances")

    # 10. The coordinator finalises with a minority note, and answers the regional signal.
    log_in(page, url, w["coordinator"])
    page.goto(position_url)
    page.get_by_role("link", name="Standpunt vaststellen").click()
    assert f"Regio Utrecht: bezwaar. {OBJECTION}" in text(page)
    check("position finalise")
    page.get_by_role("button", name="Definitief vaststellen").click()
    assert "Beschrijf de minderheidsstandpunten voordat u vaststelt (bezwaar of voorbehoud van: Regio Utrecht)." in (
        text(page)
    )
    page.get_by_label("Minderheidsstandpunten").fill(MINORITY)
    page.get_by_role("button", name="Definitief vaststellen").click()
    assert message(page) == "Het standpunt is vastgesteld en gepubliceerd."
    assert text(page, ".position-status") == f"Vastgesteld op {dutch_date(today)}"
    page.goto(url + "/signalen/landelijk/")
    article = page.locator(".bundle-card", has_text=BUNDLE)
    article.get_by_label("Antwoord van het landelijk beraad").fill(f"Opgenomen in het standpunt „{POSITION}”.")
    article.get_by_role("button", name="Antwoord opslaan").click()
    assert message(page) == "Het antwoord is opgeslagen bij het regionale signaal en zijn signalen."
    page.goto(url + "/signalen/landelijk/")
    row = page.locator(".signal-reach-table tbody tr", has_text=SIGNAL)
    assert " ".join(row.locator("td").nth(4).inner_text().split()) == "beantwoord"
    assert f"Opgenomen in het standpunt „{POSITION}”." in text(page, ".signal-reach-table")
    assert "beantwoord: 1" in text(page, ".signal-counts")
    check("national overview answered")
    assert Signal.objects.get().status == "beantwoord" and RegionalSignal.objects.get(pk=bundle.pk).answer

    # 11. Anyone reads the final position and its PDF: the objection with its reason and the minority note.
    page.context.clear_cookies()
    page.goto(url + "/standpunten/")
    assert "1 steun, 0 steun met voorbehoud, 1 bezwaar" in text(page, "table")
    check("positions public")
    page.get_by_role("link", name=POSITION).click()
    assert f"Regio Utrecht: bezwaar. {OBJECTION}" in text(page, ".position-dissent")
    assert MINORITY in text(page, ".position-minority")
    stances = {
        r.locator("th").inner_text(): [" ".join(c.split()) for c in r.locator("td").all_inner_texts()]
        for r in page.locator("table.stances tbody tr").all()
    }
    assert stances == {
        "Regio Noordvleugel": ["steun", "Eén koppeling scheelt elke gemeente werk."],
        "Regio Utrecht": ["bezwaar", OBJECTION],
    }
    assert page.locator(".position-sources a").count() == 0  # the public sees the sources' titles, no links
    check("position public")
    page.get_by_role("link", name="Versies (nu versie 4)").click()
    check("position history")
    page.go_back()
    with page.expect_download() as info:
        page.get_by_role("link", name="Standpunt als PDF").click()
    pdf = Path(info.value.path()).read_bytes()
    if SCREENSHOTS:
        (Path(SCREENSHOTS) / "round_position.pdf").write_bytes(pdf)
    content = " ".join(pdf_text(pdf).split())
    for expected in (POSITION, "Vastgesteld op", "1 bezwaar", "Regio Utrecht: bezwaar.", MINORITY, QUESTION, BUNDLE):
        assert expected in content, expected
    assert " ".join(OBJECTION.split()[:4]) in content

    check.assert_clean()
