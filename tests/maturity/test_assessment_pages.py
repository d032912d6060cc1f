"""The self-assessment pages on the synthetic model (3 dimensions, statements niveau-<L>-a/b for L = 2..5): start,
answer, results, chart and peers, gap to plan, history; permissions per role; bad input never changes anything
and never gives a 500."""

import html
import re
from datetime import date

import pytest

from modelgemeente.budget.money import fmt_eur
from modelgemeente.catalog.models import MaturityStatement
from modelgemeente.maturity.models import Assessment
from modelgemeente.maturity.services.assessments import save_assessment, start_assessment
from modelgemeente.plans import services as plan_services
from modelgemeente.plans.budget import development_costs
from modelgemeente.plans.models import Organisation, PlanChange
from tests.conftest import member_of
from tests.maturity.test_assessments import snapshot

pytestmark = pytest.mark.django_db

NO, PARTLY, YES = 0, 1, 2
YEAR = 2091


def base(org):
    return f"/organisaties/{org.slug}/volwassenheid/"


def page(org, suffix=""):
    return f"{base(org)}{YEAR}/{suffix}"


def main(response) -> str:
    """The page's own content (not the menu and footer)."""
    return re.search(r"<main.*?</main>", response.content.decode(), flags=re.S).group(0)


def text(response) -> str:
    """The visible text of the page's content, tags and chart removed, whitespace collapsed."""
    body = re.sub(r"<svg.*?</svg>", " ", main(response), flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


def eur(amount) -> str:
    return re.sub(r"\s+", " ", fmt_eur(amount))


def answers_for_levels(assessment, levels: dict[str, int]) -> dict[int, int]:
    """Answers that give each named dimension the level asked: ja up to that level, nee above it."""
    rows = MaturityStatement.objects.filter(dimension__edition=assessment.edition, dimension__slug__in=levels)
    return {s.pk: YES if s.level <= levels[s.dimension.slug] else NO for s in rows.select_related("dimension")}


def scored(org, user, edition, year, levels, **kwargs):
    assessment = start_assessment(org, year, edition, user)
    return save_assessment(
        assessment, user, assessment.version, answers=answers_for_levels(assessment, levels), **kwargs
    )


@pytest.fixture
def assessment(test_edition, org, editor):
    return start_assessment(org, YEAR, test_edition, editor)


def form_data(assessment, answers=None, targets=None, **extra):
    """A full questionnaire post: every target (4 unless given), the given answers as {statement pk: value}."""
    data = {"version": assessment.version, "share_with_peers": "on", "note": ""}
    for result in assessment.results.select_related("dimension"):
        data[f"t-{result.dimension_id}"] = str((targets or {}).get(result.dimension.slug, result.target))
        data[f"n-{result.dimension_id}"] = result.note
    for pk, value in (answers or {}).items():
        data[f"s-{pk}"] = str(value)
    return data | extra


# Permissions --------------------------------------------------------------------------------------------------

PAGES = ["", f"{YEAR}/", f"{YEAR}/kloof/", f"{YEAR}/historie/"]
POSTED = ["", f"{YEAR}/", f"{YEAR}/kloof/"]


@pytest.mark.parametrize("suffix", PAGES)
def test_anonymous_visitor_is_asked_to_log_in(client, assessment, org, suffix):
    response = client.get(base(org) + suffix)
    assert response.status_code == 403
    assert "/account/inloggen/?next=" in response.content.decode()
    assert client.post(base(org) + suffix, {"version": 1}).status_code == 403


@pytest.mark.parametrize("suffix", PAGES)
def test_another_organisation_gets_404_on_every_page(client, assessment, org, outsider, suffix):
    client.force_login(outsider)
    assert client.get(base(org) + suffix).status_code == 404
    assert client.post(base(org) + suffix, {"version": 1, "year": 2092}).status_code == 404
    assert snapshot(assessment)[0] == 1


@pytest.mark.parametrize("suffix", PAGES)
def test_a_reader_reads_every_page(client, assessment, org, reader, plan, suffix):
    client.force_login(reader)
    response = client.get(base(org) + suffix)
    assert response.status_code == 200
    assert "Opnemen in het plan</button>" not in response.content.decode()
    assert "Zelfevaluatie starten" not in response.content.decode()


@pytest.mark.parametrize("suffix", POSTED)
def test_a_reader_cannot_change_anything(client, assessment, org, reader, plan, test_edition, suffix):
    client.force_login(reader)
    before = snapshot(assessment)
    data = form_data(assessment, answers_for_levels(assessment, {"data": 3})) | {
        "year": 2092,
        "edition": test_edition.pk,
        "developments": ["digitaal-loket"],
    }
    assert client.post(base(org) + suffix, data).status_code == 403
    assert snapshot(assessment) == before
    assert list(org.maturity_assessments.values_list("year", flat=True)) == [YEAR]
    assert plan.changes.count() == 1  # created only


def test_a_reader_sees_the_answers_read_only(client, assessment, org, editor, reader):
    save_assessment(assessment, editor, 1, answers=answers_for_levels(assessment, {"data": 3}), note="Onze toelichting")
    client.force_login(reader)
    response = client.get(page(org))
    body = main(response)
    assert 'type="radio"' not in body and "<select" not in body
    assert "Data: stelling a voor niveau 3. 3 ja" in text(response)
    assert "Data: stelling a voor niveau 4. 4 nee" in text(response)
    assert "Dienstverlening: stelling a voor niveau 2. 2 niet beantwoord" in text(response)
    assert "Onze toelichting" in text(response)


# Starting -----------------------------------------------------------------------------------------------------


def test_an_editor_starts_an_assessment_for_a_year_and_release(client, test_edition, org, editor):
    client.force_login(editor)
    response = client.get(base(org))
    assert f'value="{date.today().year}"' in response.content.decode()  # this year by default
    assert f'<option value="{test_edition.pk}" selected>Testeditie 2090 (release 2090.1)</option>' in (
        response.content.decode()
    )
    response = client.post(base(org), {"year": "2091", "edition": test_edition.pk})
    assert response.status_code == 302
    assert response["Location"] == page(org)
    found = Assessment.objects.get(organisation=org)
    assert (found.year, found.edition, found.created_by) == (YEAR, test_edition, editor)
    assert sorted(found.results.values_list("target", flat=True)) == [4, 4, 4]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"year": "1999"}, "Kies een jaar van 2000 tot en met 2100."),
        ({"year": "twee"}, "Vul een getal in"),
        ({"year": ""}, "Vul het jaar in waarover de zelfevaluatie gaat."),
        ({"year": "2091", "edition": "999999"}, "Kies een release uit de lijst."),
        ({"year": "2091", "edition": "x"}, "Kies een release uit de lijst."),
        ({"year": str(YEAR)}, "Er is al een zelfevaluatie voor 2091"),
    ],
)
def test_starting_with_bad_input_says_why_and_starts_nothing(
    client, assessment, test_edition, org, editor, data, message
):
    client.force_login(editor)
    response = client.post(base(org), {"edition": test_edition.pk} | data)
    assert response.status_code == 400
    assert message in text(response)
    assert Assessment.objects.filter(organisation=org).count() == 1


# The questionnaire --------------------------------------------------------------------------------------------


def test_saving_answers_shows_the_level_per_dimension(client, assessment, org, editor):
    client.force_login(editor)
    answers = answers_for_levels(assessment, {"dienstverlening": 3, "informatieveiligheid": 5})
    response = client.post(page(org), form_data(assessment, answers, targets={"data": 3}))
    assert response.status_code == 302
    response = client.get(response["Location"])
    shown = text(response)
    assert "Zelfevaluatie opgeslagen" in shown
    assert "Dienstverlening 3 (gedefinieerd) 4 (gemanaged) 1 niveau" in shown
    assert "Informatieveiligheid 5 (optimaliserend) 4 (gemanaged) 0 niveaus" in shown
    assert "Data nog niet volledig ingevuld 3 (gedefinieerd)" in shown
    assert "minstens 75% van de punten" in shown  # the scoring rule, on the page
    assert '/editie/2090/volwassenheid/?release=1"' in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.version == 2
    assert dict(assessment.results.values_list("dimension__slug", "level")) == {
        "dienstverlening": 3,
        "informatieveiligheid": 5,
        "data": None,
    }


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("answer-7", "Kies nee, deels of ja."),
        ("target-9", "Kies een doelniveau van 1 tot en met 5."),
        ("target-empty", "Kies een doelniveau van 1 tot en met 5."),
        ("note-too-long", "Ten hoogste 4000 tekens."),
    ],
)
def test_bad_answers_are_refused_at_the_field_and_nothing_changes(client, assessment, org, editor, change, message):
    client.force_login(editor)
    before = snapshot(assessment)
    answers = answers_for_levels(assessment, {"data": 2})
    data = form_data(assessment, answers)
    statement, dimension = next(iter(answers)), assessment.results.first().dimension_id
    if change == "answer-7":
        data[f"s-{statement}"] = "7"
    elif change == "target-9":
        data[f"t-{dimension}"] = "9"
    elif change == "target-empty":
        data[f"t-{dimension}"] = ""
    else:
        data[f"n-{dimension}"] = "x" * 4001
    response = client.post(page(org), data)
    assert response.status_code == 400
    assert message in text(response)
    assert "Controleer de invoer" in text(response)
    assert snapshot(assessment) == before


def test_a_statement_of_another_release_is_ignored(client, assessment, org, editor, edition):
    foreign = MaturityStatement.objects.filter(dimension__edition=edition).first()
    client.force_login(editor)
    before = snapshot(assessment)
    response = client.post(page(org), form_data(assessment, {foreign.pk: YES}))
    assert response.status_code == 302
    assert snapshot(assessment) == before  # nothing to save: the version stays


@pytest.mark.parametrize("version", ["", "abc", "0", "-1", "99999999999999999999"])
def test_a_junk_version_is_a_bad_request(client, assessment, org, editor, version):
    client.force_login(editor)
    before = snapshot(assessment)
    response = client.post(
        page(org), form_data(assessment, answers_for_levels(assessment, {"data": 2})) | {"version": version}
    )
    assert response.status_code == 400
    assert snapshot(assessment) == before


def test_an_unknown_year_is_404(client, assessment, org, editor):
    client.force_login(editor)
    for suffix in ["2092/", "2092/kloof/", "2092/historie/"]:
        assert client.get(base(org) + suffix).status_code == 404
        assert client.post(base(org) + suffix, {"version": 1}).status_code == 404


def test_a_stale_form_comes_back_with_the_other_changes_and_the_users_input(
    client, assessment, org, editor, admin_user
):
    loaded = form_data(assessment, answers_for_levels(assessment, {"dienstverlening": 2}))
    save_assessment(assessment, admin_user, 1, answers=answers_for_levels(assessment, {"data": 5}))
    before = snapshot(assessment)
    client.force_login(editor)
    response = client.post(page(org), loaded)
    assert response.status_code == 409
    shown = text(response)
    assert "iemand anders heeft deze zelfevaluatie intussen gewijzigd" in shown
    assert "Intussen gewijzigd door anderen" in shown
    assert "Beheer" in shown and "Data, Data: stelling a voor niveau 5., antwoord: (leeg) → ja" in shown
    body = response.content.decode()
    statement = next(pk for pk, value in answers_for_levels(assessment, {"dienstverlening": 2}).items() if value == YES)
    assert re.search(rf'name="s-{statement}" value="2" checked', body)  # what the user typed is kept
    assert 'name="version" value="2"' in body
    assert snapshot(assessment) == before
    response = client.post(page(org), loaded | {"version": "2"})  # saving again is deliberate
    assert response.status_code == 302
    assert snapshot(assessment)[0] == 3


def test_the_history_lists_every_save(client, assessment, org, editor):
    save_assessment(assessment, editor, 1, answers=answers_for_levels(assessment, {"data": 3}))
    client.force_login(editor)
    shown = text(client.get(page(org, "historie/")))
    assert "Versie 2: Zelfevaluatie 2091 opgeslagen (8 antwoorden gewijzigd)" in shown
    assert "Data, niveau: (leeg) → gedefinieerd" in shown
    assert "Versie 1: Zelfevaluatie 2091 gestart op release 2090.1" in shown


# Overview: per year, chart, peers -----------------------------------------------------------------------------


def test_the_overview_shows_each_year_and_the_chart_of_the_latest(client, test_edition, org, editor):
    scored(org, editor, test_edition, 2090, {"dienstverlening": 1, "informatieveiligheid": 2, "data": 3})
    scored(org, editor, test_edition, 2091, {"dienstverlening": 2, "informatieveiligheid": 4})
    client.force_login(editor)
    response = client.get(base(org))
    body, shown = response.content.decode(), text(response)
    assert '<svg class="chart" id="maturity-chart"' in body
    assert '<title id="maturity-chart-title">Digitale volwassenheid 2091 per dimensie</title>' in body
    assert "gemanaged</text>" in body and "optimaliserend</text>" in body  # the axis names the levels
    # the table next to the chart: current, target, last year
    assert "Dimensie Niveau 2091 Doelniveau Niveau 2090" in shown
    assert "Dienstverlening 2 (herhaalbaar) 4 (gemanaged) 1 (initieel)" in shown
    assert "Data – 4 (gemanaged) 3 (gedefinieerd)" in shown
    # per year
    assert (
        "2091 (release 2090.1) 2 (herhaalbaar) doel 4 4 (gemanaged) doel 4 nog niet volledig ingevuld doel 4 nee"
        in shown
    )
    assert "2090 (release 2090.1) 1 (initieel) doel 4 2 (herhaalbaar) doel 4 3 (gedefinieerd) doel 4 ja" in shown


def peer_organisations(count, test_edition, levels):
    for index in range(count):
        other = Organisation.objects.create(name=f"Gemeente {index}", slug=f"gemeente-{index}")
        user = member_of(other, "editor", f"redacteur{index}@gemeente{index}.nl")
        scored(other, user, test_edition, YEAR, levels[index])


def test_peer_averages_are_hidden_with_4_organisations(client, test_edition, org, editor):
    peer_organisations(3, test_edition, [{"data": 2}] * 3)
    scored(org, editor, test_edition, YEAR, {"data": 4})
    client.force_login(editor)
    response = client.get(base(org))
    shown = text(response)
    assert "Voor 2091 delen 4 organisaties hun uitkomst anoniem." in shown
    assert "verschijnen vanaf 5 deelnemers" in shown
    assert "Gemiddelde van" not in shown


def test_peer_averages_are_shown_with_5_organisations(client, test_edition, org, editor):
    peer_organisations(4, test_edition, [{"data": 2}, {"data": 3}, {"data": 3}, {"data": 5}])
    scored(org, editor, test_edition, YEAR, {"data": 2, "dienstverlening": 3})
    client.force_login(editor)
    shown = text(client.get(base(org)))
    assert "Gemiddelde van 5 organisaties" in shown
    assert "van 5 organisaties die hun uitkomst anoniem delen" in shown
    assert "Data 2 (herhaalbaar) 4 (gemanaged) 3 (gedefinieerd)" in shown  # (2+3+3+5+2)/5 = 3
    assert "Dienstverlening 3 (gedefinieerd) 4 (gemanaged) –" in shown  # one organisation scored it: no average


def test_a_not_shared_assessment_does_not_count(client, test_edition, org, editor):
    peer_organisations(4, test_edition, [{"data": 2}] * 4)
    scored(org, editor, test_edition, YEAR, {"data": 4}, share_with_peers=False)
    client.force_login(editor)
    assert "Voor 2091 delen 4 organisaties" in text(client.get(base(org)))


# Gap and plan -------------------------------------------------------------------------------------------------


@pytest.fixture
def gap_assessment(test_edition, org, editor):
    """dienstverlening 2 and data 3 (target 4), informatieveiligheid 5."""
    return scored(org, editor, test_edition, YEAR, {"dienstverlening": 2, "informatieveiligheid": 5, "data": 3})


def leave_out(plan, user, *slugs):
    plan.refresh_from_db()
    plan_services.save_choices(plan, user, plan.version, {slug: {"included": False} for slug in slugs})
    plan.refresh_from_db()


def test_the_gap_lists_the_developments_with_the_engines_cost(client, gap_assessment, org, editor, plan):
    leave_out(plan, editor, "digitaal-loket")
    client.force_login(editor)
    response = client.get(page(org, "kloof/"))
    shown = text(response)
    assert "Dienstverlening: niveau 2 → doel 4" in shown
    assert "Data: niveau 3 → doel 4" in shown
    assert "Informatieveiligheid: niveau" not in shown
    assert "berekend met de begrotingsmotor" in shown and "als de ontwikkeling wordt opgenomen" in shown
    costs = development_costs(plan, ["digitaal-loket", "omgevingsdata"])
    loket = " ".join(eur(costs["digitaal-loket"][year]) for year in plan.years)
    assert f"Digitaal loket {loket} {eur(sum(costs['digitaal-loket'].values()))} nog niet" in shown
    assert "Digitaal loket € 43.800 € 47.745 € 27.962 € 29.028 € 148.535" in shown  # by hand: test_assessments.py
    geo = " ".join(eur(costs["omgevingsdata"][year]) for year in plan.years)
    assert f"Omgevingsdata {geo} {eur(sum(costs['omgevingsdata'].values()))} al in het plan" in shown
    body = response.content.decode()
    # only what is not yet in the plan is offered, checked
    assert re.search(r'name="developments" value="digitaal-loket" checked', body)
    assert 'value="omgevingsdata"' not in body


def test_one_click_adds_the_developments_to_the_plan(client, gap_assessment, org, editor, plan):
    leave_out(plan, editor, "digitaal-loket", "omgevingsdata")
    version = plan.version
    client.force_login(editor)
    response = client.post(
        page(org, f"kloof/?plan={plan.pk}"), {"version": version, "developments": ["digitaal-loket", "omgevingsdata"]}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/organisaties/{org.slug}/plannen/{plan.pk}/ontwikkelingen/"
    plan.refresh_from_db()
    assert plan.version == version + 1
    assert PlanChange.objects.filter(plan=plan, version=plan.version).exists()
    assert set(plan.choices.filter(included=True).values_list("development__slug", flat=True)) >= {
        "digitaal-loket",
        "omgevingsdata",
    }
    assert "2 ontwikkelingen opgenomen in het plan" in text(client.get(response["Location"]))
    rows = re.findall(r"(Digitaal loket|Omgevingsdata)[^a-z]* al in het plan", text(client.get(page(org, "kloof/"))))
    assert rows == ["Digitaal loket", "Omgevingsdata"]


def test_a_changed_plan_is_not_overwritten(client, gap_assessment, org, editor, plan):
    leave_out(plan, editor, "digitaal-loket")
    stale = plan.version
    leave_out(plan, editor, "omgevingsdata")
    client.force_login(editor)
    response = client.post(page(org, "kloof/"), {"version": stale, "developments": ["digitaal-loket"]})
    assert response.status_code == 409
    assert "iemand anders heeft het plan intussen gewijzigd" in text(response)
    assert f'name="version" value="{plan.version}"' in response.content.decode()
    plan.refresh_from_db()
    assert plan.choices.get(development__slug="digitaal-loket").included is False


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"developments": []}, "Kies ten minste één ontwikkeling om op te nemen."),
        ({"developments": ["klantcontact"]}, "Kies alleen ontwikkelingen uit de lijst."),
        ({"developments": ["<script>"]}, "Kies alleen ontwikkelingen uit de lijst."),
    ],
)
def test_adding_bad_input_says_why(client, gap_assessment, org, editor, plan, data, message):
    leave_out(plan, editor, "digitaal-loket")
    version = plan.version
    client.force_login(editor)
    response = client.post(page(org, "kloof/"), {"version": version} | data)
    assert response.status_code == 400
    assert message in text(response)
    plan.refresh_from_db()
    assert plan.version == version


def test_a_plan_of_another_organisation_or_junk_is_404(client, gap_assessment, org, editor, outsider, other_org, plan):
    foreign = Organisation.objects.get(pk=other_org.pk).plans.create(
        edition=plan.edition, title="Vreemd", inhabitants=1, employees=1, departments=1, start_year=2091
    )
    client.force_login(editor)
    for wanted in [foreign.pk, "abc", "999999", "1e3"]:
        assert client.get(page(org, f"kloof/?plan={wanted}")).status_code == 404
        response = client.post(page(org, f"kloof/?plan={wanted}"), {"version": 1, "developments": ["digitaal-loket"]})
        assert response.status_code == 404
    assert foreign.changes.count() == 0


def test_without_a_plan_the_gap_says_so(client, gap_assessment, org, editor):
    client.force_login(editor)
    response = client.get(page(org, "kloof/"))
    assert response.status_code == 200
    assert "Uw organisatie heeft nog geen plan" in text(response)
    assert "Dienstverlening: niveau 2 → doel 4" in text(response)


def test_a_superseded_plan_is_not_offered(client, gap_assessment, org, editor, plan):
    newer = org.plans.create(
        edition=plan.edition,
        title="ICT-plan 2091, nieuwe release",
        inhabitants=plan.inhabitants,
        employees=plan.employees,
        departments=plan.departments,
        start_year=plan.start_year,
        supersedes=plan,
    )
    client.force_login(editor)
    response = client.get(page(org, "kloof/"))
    assert f'<option value="{newer.pk}" selected>' in response.content.decode()
    assert f'<option value="{plan.pk}"' not in response.content.decode()
    assert client.get(page(org, f"kloof/?plan={plan.pk}")).status_code == 404


JUNK = [
    {"version": "1", "s-abc": "x", "t-": "", "n-0": "y", "year": "\x00", "edition": "\x00"},
    {"version": "1\x00", "note": "\x00", "developments": "\x00"},
    {"version": "1", "note": "a\x00b", "year": "99999999999999999999", "edition": "-1"},
]


@pytest.mark.parametrize("suffix", POSTED)
@pytest.mark.parametrize("junk", JUNK)
def test_junk_is_refused_without_a_500_and_changes_nothing(client, gap_assessment, org, editor, plan, suffix, junk):
    client.force_login(editor)
    before, plan_version = snapshot(gap_assessment), plan.version
    response = client.post(base(org) + suffix, junk)
    assert 400 <= response.status_code < 500
    assert snapshot(gap_assessment) == before
    plan.refresh_from_db()
    assert plan.version == plan_version
    assert org.maturity_assessments.count() == 1


def test_the_organisation_page_links_its_maturity_pages(client, org, reader):
    client.force_login(reader)
    body = client.get(f"/organisaties/{org.slug}/").content.decode()
    for url, name in [
        ("volwassenheid/", "Digitale volwassenheid"),
        ("digitalisering/", "Productdigitalisering"),
        ("ambities/", "Ambities"),
    ]:
        assert f'href="/organisaties/{org.slug}/{url}">{name}</a>' in body


@pytest.mark.parametrize("suffix", PAGES)
def test_the_pages_are_private_and_not_stored(client, assessment, org, reader, suffix):
    client.force_login(reader)
    response = client.get(base(org) + suffix)
    assert response.status_code == 200
    assert {"private", "no-store"} <= {d.strip() for d in response["Cache-Control"].split(",")}
