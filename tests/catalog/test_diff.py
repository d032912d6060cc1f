"""The diff between two releases (catalog/diff.py) and its pages: /verschil/ and /editie/<year>/release/<n>/.

Release 2090.1 is the synthetic edition (tests/data/README.md); release 2090.2 is a correction made by
editing a copy of its folder (`second_release`): a line amount changed, a line removed, a line added, a
development removed, a development added, a law date and a summary sentence changed. The expected euro
effects are computed by hand from the figures in tests/data/README.md (price index 2%, wage index 4%).
"""

import re
from decimal import Decimal

import pytest

from modelgemeente.catalog import releases
from modelgemeente.catalog.diff import DELETE, EQUAL, INSERT, SKIP, diff_releases, make_profile, word_diff
from modelgemeente.catalog.models import EditionStatus
from modelgemeente.catalog.services import load_edition, publish_release

from ..conftest import make_user

pytestmark = pytest.mark.django_db

OLD_SUMMARY = "Synthetische testontwikkeling: medewerkers leren klantreizen maken, met tijdelijk advies."
NEW_SUMMARY = "Synthetische testontwikkeling: medewerkers leren samen klantreizen ontwerpen, met tijdelijk advies."

NEW_DEVELOPMENT = """---
id: chatbot
title: Chatbot voor inwoners
domain: kanalen
order: 3
summary: >-
  Synthetische testontwikkeling: een chatbot beantwoordt eenvoudige vragen.
horizon: {from: 2090, to: 2093}
capacity_type: wendbaarheid
laws: [wet-digitale-dienst]
opgaven: [dichtbij]
collective_provision:
  candidate: true
  reason: Synthetische testgegevens; een chatbot kan gedeeld worden.
budget_lines:
  - id: chatbot-licenties
    description: Licenties chatbot
    kind: structural
    category: licences
    amount: 5000
    driver: inhabitants
    exponent: 1
    offset: 0
    provenance:
      type: estimate
      text: "Synthetische testgegevens: € 5.000 per jaar, evenredig met het aantal inwoners."
---

## Wat verandert er

Een chatbot beantwoordt eenvoudige vragen van inwoners, dag en nacht. Deze tekst is synthetische testinhoud en
beschrijft geen echte ontwikkeling; zij bestaat alleen voor de geautomatiseerde tests.
"""

GEO_EXTRA = """  - id: geo-diversen
    description: Diverse kosten omgevingsdata
    kind: structural
    category: other
    amount: 1000
    driver: fixed
    exponent: 0
    offset: 0
    provenance:
      type: estimate
      text: "Synthetische testgegevens: € 1.000 per jaar."
"""


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def make_second_release(folder):
    """Edit a copy of the synthetic folder into the content of release 2090.2 (see the module docstring)."""
    devs = folder / "developments"
    edit(devs / "digitaal-loket.md", "amount: 40000", "amount: 60000")
    text = (devs / "informatiebeveiliging.md").read_text(encoding="utf-8")
    text, removed = re.subn(r"  - id: scanners\n.*?(?=  - id: )", "", text, count=1, flags=re.S)
    assert removed == 1
    (devs / "informatiebeveiliging.md").write_text(text, encoding="utf-8")
    edit(devs / "omgevingsdata.md", "budget_lines:\n", "budget_lines:\n" + GEO_EXTRA)
    edit(devs / "omgevingsdata.md", "related: [energiedashboard]\n", "")
    (devs / "energiedashboard.md").unlink()
    (devs / "chatbot.md").write_text(NEW_DEVELOPMENT, encoding="utf-8")
    edit(folder / "edition.yaml", "in_force: 2089-01-01", "in_force: 2091-07-01")
    edit(devs / "klantcontact.md", OLD_SUMMARY, NEW_SUMMARY)
    return folder


@pytest.fixture
def two_releases(test_edition, test_edition_copy):
    return publish_second_release(test_edition, test_edition_copy)


def publish_second_release(test_edition, test_edition_copy):
    """Release 2090.1 (the synthetic edition) and its correction 2090.2."""
    load_edition(make_second_release(test_edition_copy))
    second = publish_release(
        2090,
        EditionStatus.BUDGET,
        notes="## Correctie\n\nEen **nieuwe** chatbot; het energiedashboard vervalt.",
        reason="Bedragen herzien na review.",
    )
    return test_edition, second


# By hand (tests/data/README.md): the effect per domain per year for the reference municipality (50.000
# inhabitants, 400 employees, 20 departments), 2090-2093, every development starting in 2090.
# kanalen: loket-bouwen 40.000 -> 60.000 over two years (+10.000 a year, price index), chatbot 5.000 a year.
# basis: scanners (4.000 a year in 2090-2092) removed. ruimte: geo-diversen +1.000 a year; energiedashboard
# (5.000 once + 3.000 licences + 4 h scale 10 = 10.000 a year at wage index) removed.
EXPECTED_DOMAINS = {
    "kanalen": ["15000", "15300.00", "5202.0000", "5306.040000"],
    "basis": ["-4000", "-4080.00", "-4161.6000", "0"],
    "ruimte": ["-17000", "-12440.00", "-12896.8000", "-13371.056000"],
}
EXPECTED_TOTAL = ["-6000", "-1220.00", "-11856.4000", "-8065.016000"]
OLD_TOTAL = ["257000", "259460", "220296.40", "223594.136"]


def differences(effect):
    return [y.difference for y in effect.years]


def test_the_lists(two_releases):
    old, new = two_releases
    result = diff_releases(old, new)
    assert [d.slug for d in result.developments_added] == ["chatbot"]
    assert [d.slug for d in result.developments_removed] == ["energiedashboard"]
    assert {d.slug for d in result.developments_changed} == {
        "digitaal-loket",
        "klantcontact",
        "informatiebeveiliging",
        "omgevingsdata",
    }
    assert {line.key for line in result.lines_added} == {"chatbot/chatbot-licenties", "omgevingsdata/geo-diversen"}
    assert {line.key for line in result.lines_removed} == {
        "informatiebeveiliging/scanners",
        "energiedashboard/dashboard-bouwen",
        "energiedashboard/dashboard-licenties",
        "energiedashboard/dashboard-beheer",
    }
    changed = result.lines_changed
    assert [line.key for line in changed] == ["digitaal-loket/loket-bouwen"]
    amount = changed[0].fields[0]
    assert (amount.field, amount.old, amount.new) == ("amount", "40000", "60000")
    assert [(law.slug, law.change) for law in result.laws] == [("wet-digitale-dienst", "changed")]
    law_field = result.laws[0].fields[0]
    assert (law_field.field, law_field.old, law_field.new) == ("in_force", "2089-01-01", "2091-07-01")
    assert result.opgaven == [] and result.assumptions == []
    # omgevingsdata changed only through its lines (the related list is not a compared field)
    omgeving = next(d for d in result.developments if d.slug == "omgevingsdata")
    assert omgeving.fields == [] and [line.slug for line in omgeving.lines] == ["geo-diversen"]


def test_the_word_diff_marks_exactly_the_changed_words(two_releases):
    result = diff_releases(*two_releases)
    dev = next(d for d in result.developments_changed if d.slug == "klantcontact")
    summary = next(f for f in dev.fields if f.field == "summary")
    assert [(s.op, s.text) for s in summary.words if s.op != EQUAL] == [
        (INSERT, "samen"),
        (DELETE, "maken,"),
        (INSERT, "ontwerpen,"),
    ]
    assert [f.field for f in dev.fields] == ["summary"]


def test_word_diff_shortens_long_unchanged_runs():
    old = " ".join(f"w{i}" for i in range(100))
    new = old.replace("w50", "vijftig")
    segments = word_diff(old, new)
    assert [s.op for s in segments] == [SKIP, EQUAL, DELETE, INSERT, EQUAL, SKIP]
    assert segments[0].text == "38" and segments[1].text.split()[0] == "w38"
    assert word_diff("a b", "a b", context=None) == [word_diff("a b", "a b")[0]]


def test_the_euro_effect_per_domain_per_year_by_hand(two_releases):
    result = diff_releases(*two_releases)
    assert result.years == (2090, 2091, 2092, 2093)
    assert result.profile.reference
    by_domain = {e.key: differences(e) for e in result.by_domain}
    assert by_domain == {k: [Decimal(v) for v in values] for k, values in EXPECTED_DOMAINS.items()}
    assert differences(result.total) == [Decimal(v) for v in EXPECTED_TOTAL]
    assert [y.old for y in result.total.years] == [Decimal(v) for v in OLD_TOTAL]
    assert result.total.difference_total == Decimal("-27141.416")
    # per line: the engine's cells
    bouwen = next(line for line in result.lines if line.key == "digitaal-loket/loket-bouwen")
    assert differences(bouwen.effect) == [Decimal("10000"), Decimal("10200"), 0, 0]
    beheer = next(line for line in result.lines if line.key == "energiedashboard/dashboard-beheer")
    assert [y.old for y in beheer.effect.years] == [Decimal(v) for v in ("10000", "10400", "10816", "11248.64")]
    assert [y.new for y in beheer.effect.years] == [0, 0, 0, 0]


def test_a_profile_changes_the_amounts(two_releases):
    old, new = two_releases
    profile = make_profile(new, 12_500)
    assert profile.profile.employees == 100 and profile.profile.departments == 5
    assert profile.estimated == ("employees", "departments") and not profile.reference
    result = diff_releases(old, new, profile)
    by_domain = {e.key: differences(e) for e in result.by_domain}
    # loket-bouwen is fixed (+10.000, +10.200); the chatbot scales with inhabitants (a quarter of 5.000)
    assert by_domain["kanalen"] == [Decimal(v) for v in ("11250", "11475", "1300.5", "1326.51")]
    # scanners scale with departments: a quarter of 4.000
    assert by_domain["basis"] == [Decimal(v) for v in ("-1000", "-1020", "-1040.4", "0")]
    given = diff_releases(old, new, make_profile(new, 12_500, employees=100, departments=10))
    assert given.profile.estimated == ()
    assert differences(given.by_domain[1]) == [Decimal(v) for v in ("-2000", "-2040", "-2080.8", "0")]


def test_years_can_be_chosen(two_releases):
    result = diff_releases(*two_releases, years=range(2091, 2093))
    assert result.years == (2091, 2092)
    kanalen = result.by_domain[0]
    # starting in 2091: loket-bouwen +10.000 a year for two years at 2091 and 2092 prices; chatbot 5.000
    assert differences(kanalen) == [Decimal("15300"), Decimal("15606")]


# Pages -----------------------------------------------------------------------------------------------


def page(client, url):
    response = client.get(url)
    return response, response.content.decode()


def cell(html, table_id, key, row, year):
    body = re.search(rf'id="{table_id}".*?data-key="{key}"(.*?)</tbody>', html, re.S).group(1)
    tr = re.search(rf'data-row="{row}"(.*?)</tr>', body, re.S).group(1)
    return re.search(rf'data-year="{year}">(?:<strong>)?(.*?)<', tr).group(1).replace("\xa0", " ")


def test_the_diff_page_for_anonymous_users(client, two_releases):
    response, html = page(client, "/verschil/?van=2090.1&naar=2090.2")
    assert response.status_code == 200
    assert cell(html, "diff-domains", "kanalen", "difference", 2090) == "€ 15.000"
    assert cell(html, "diff-domains", "total", "difference", 2093) == "€ -8.065"
    assert cell(html, "diff-domains", "total", "old", 2092) == "€ 220.296"
    assert "referentiegemeente van release 2090.2" in html
    assert '<ins><span class="visually-hidden">toegevoegd: </span>samen</ins>' in html
    assert '<del><span class="visually-hidden">verwijderd: </span>maken,</del>' in html
    assert 'data-slug="chatbot"' in html and 'data-slug="energiedashboard"' in html
    assert "<caption" in html and 'scope="col"' in html


def test_the_diff_page_with_a_profile(client, two_releases):
    response, html = page(client, "/verschil/?van=2090.1&naar=2090.2&inwoners=12.500")
    assert response.status_code == 200
    assert cell(html, "diff-domains", "kanalen", "difference", 2090) == "€ 11.250"
    assert "(schatting)" in html
    response, html = page(client, "/verschil/?van=2090.1&naar=2090.2&inwoners=12500&medewerkers=100&afdelingen=10")
    assert cell(html, "diff-domains", "basis", "difference", 2091).endswith("2.040")
    assert "(schatting)" not in html


def test_a_year_names_its_current_release(client, two_releases):
    response, html = page(client, "/verschil/?van=2090.1&naar=2090")
    assert response.status_code == 200
    assert '<option value="2090.2" selected>' in html


def test_the_page_without_choice_compares_the_newest_release_with_the_one_before(client, two_releases):
    response, html = page(client, "/verschil/")
    assert response.status_code == 200
    assert "Van release 2090.1 naar release 2090.2" in html


@pytest.mark.parametrize(
    "query, message",
    [
        ("van=2090.9&naar=2090.2", "Release 2090.9 bestaat niet"),
        ("van=abc&naar=2090.2", "is geen release"),
        ("van=2090.1&naar=2090.2&inwoners=veel", "getal"),
        ("van=2090.1&naar=2090.2&inwoners=-5", "Vul een aantal inwoners in"),
        ("van=2090.1&naar=2090.2&medewerkers=99999999999999999999", "Vul een aantal in van 1 tot en met 100.000"),
        ("van=2090.1&naar=2090.2&gemeente=GM9999", "staat niet in de gemeentelijst"),
        ("van=" + "9" * 500 + "&naar=2090.2", "niet meer dan 20 tekens"),
        ("van=2090.1&naar=2090.2&inwoners=%00", ""),
    ],
)
def test_junk_input_gives_a_dutch_message(client, two_releases, query, message):
    response, html = page(client, f"/verschil/?{query}")
    assert response.status_code == 400
    assert message in html
    assert "utrecht-form-field-error-message" in html or "form-errors" in html or message


def test_a_concept_is_for_editors_only(client, two_releases, test_edition_copy):
    edit(test_edition_copy / "edition.yaml", "Testeditie 2090", "Testeditie 2090 (concept)")
    load_edition(test_edition_copy)
    response, html = page(client, "/verschil/?van=2090.2&naar=2090.concept")
    assert response.status_code == 400 and "bestaat niet (of is niet zichtbaar)" in html
    editor = make_user("redactie@example.nl")
    editor.groups.add(releases.editors_group())
    client.force_login(editor)
    response, html = page(client, "/verschil/?van=2090.2&naar=2090.concept")
    assert response.status_code == 200
    assert "concept 2090" in html


def test_whats_new(client, two_releases):
    response, html = page(client, "/editie/2090/release/2/")
    assert response.status_code == 200
    assert "Wat is er nieuw in release 2090.2" in html
    assert "<strong>nieuwe</strong>" in html  # the notes, rendered from Markdown
    assert "Bedragen herzien na review." in html
    assert "/verschil/?van=2090.1&amp;naar=2090.2" in html
    assert cell(html, "new-diff-domains", "ruimte", "difference", 2090).endswith("17.000")
    first, html = page(client, "/editie/2090/release/1/")
    assert first.status_code == 200 and "eerste release" in html


def test_whats_new_404(client, two_releases):
    assert client.get("/editie/2090/release/3/").status_code == 404
    assert client.get("/editie/2091/release/1/").status_code == 404


def test_release_notes_are_escaped(client, test_edition, test_edition_copy):
    edit(test_edition_copy / "edition.yaml", "Testeditie 2090", "Testeditie <b>2090</b>")
    load_edition(test_edition_copy)
    publish_release(2090, EditionStatus.BUDGET, notes="<script>alert(1)</script> Nieuw", reason="Titel.")
    response, html = page(client, "/editie/2090/release/2/")
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in html
