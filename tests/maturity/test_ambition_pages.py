"""The ambition pages: an editor sets targets per year through the form (Dutch numbers), sees progress against what
was measured and the plan's developments with their engine cost; junk input gets a Dutch message at its field and
saves nothing; members read, editors change, another organisation gets 404."""

from decimal import Decimal

import pytest
from django.urls import reverse

from modelgemeente.budget.money import fmt_eur
from modelgemeente.core.enums import AmbitionMetric
from modelgemeente.maturity.models import Ambition, AmbitionTarget, MaturityChange
from modelgemeente.maturity.services import ambitions as services
from modelgemeente.plans.budget import development_costs
from modelgemeente.plans.models import Priority
from tests.factories import PlanFactory, choice
from tests.html_forms import forms

from .test_ambitions import assess, measure

pytestmark = pytest.mark.django_db


def list_url(org):
    return f"/organisaties/{org.slug}/ambities/"


def page_url(ambition):
    return f"/organisaties/{ambition.organisation.slug}/ambities/{ambition.pk}/"


def delete_url(ambition):
    return page_url(ambition) + "verwijderen/"


def post(**values):
    """A filled-in form: title, metric, the targets as rows {year: value text}, and the other fields."""
    targets = values.pop("targets", {"2027": "70", "2029": "85"})
    data = {"title": "Gewogen index omhoog", "metric": AmbitionMetric.WEIGHTED_INDEX, "dimension": "", "plan": ""}
    data |= {"note": "", "version": ""}
    for i, (year, value) in enumerate(targets.items()):
        data[f"target_year_{i}"], data[f"target_value_{i}"] = year, value
    return data | values


def make(org, editor, **values):
    defaults = {"title": "Gewogen index omhoog", "metric": AmbitionMetric.WEIGHTED_INDEX, "targets": {2027: 70}}
    return services.create_ambition(org, editor, **(defaults | values))


def page_form(html: str) -> dict:
    """The edit form as the browser would post it (every checked development)."""
    form = next(f for f in forms(html) if any(name == "title" for name, _ in f["fields"]))
    data: dict = {}
    for name, value in form["fields"]:
        if name == "developments":
            data.setdefault(name, []).append(value)
        else:
            data[name] = value
    return data


# Creating and reading -----------------------------------------------------------------------------------------


def test_an_editor_creates_an_ambition_with_dutch_numbers(client, org, editor, plan):
    client.force_login(editor)
    page = client.get(reverse("maturity:ambition_create", args=[org.slug]))
    assert page.status_code == 200 and "Nieuwe ambitie" in page.content.decode()
    response = client.post(
        list_url(org) + "nieuw/",
        post(targets={"2027": "72,5", "2029": "85"}, plan=plan.pk, developments=["digitaal-loket"], note="Coalitie"),
    )
    ambition = Ambition.objects.get()
    assert response.status_code == 302 and response["Location"] == page_url(ambition)
    assert ambition.plan == plan and ambition.developments == ["digitaal-loket"] and ambition.note == "Coalitie"
    assert dict(ambition.targets.values_list("year", "value")) == {2027: Decimal("72.5"), 2029: Decimal(85)}
    assert MaturityChange.objects.get().user == editor


def test_the_maturity_example_with_its_dimension(client, org, editor, test_edition):
    client.force_login(editor)
    page = client.get(list_url(org) + "nieuw/").content.decode()
    assert '<option value="dienstverlening">Dienstverlening</option>' in page
    response = client.post(
        list_url(org) + "nieuw/",
        post(
            title="Dienstverlening op 4",
            metric=AmbitionMetric.MATURITY_LEVEL,
            dimension="dienstverlening",
            targets={"2028": "4"},
        ),
    )
    assert response.status_code == 302
    ambition = Ambition.objects.get()
    assert (ambition.dimension, ambition.targets.get().value) == ("dienstverlening", Decimal(4))


def test_the_overview_shows_each_ambitions_progress_as_chart_and_table(client, org, editor, reader, test_edition):
    measure(org, 2027, {"verhuizing": (600, 4, "digid-midden"), "paspoort": (400, 3, "")})  # weighted 72%
    assess(org, test_edition, 2028, {"dienstverlening": 3})
    make(org, editor, targets={2027: 70, 2029: 85})
    make(
        org,
        editor,
        title="Dienstverlening op 4",
        metric=AmbitionMetric.MATURITY_LEVEL,
        dimension="dienstverlening",
        targets={2028: 4},
    )
    client.force_login(reader)
    html = client.get(list_url(org)).content.decode()
    assert html.count('<svg class="chart"') == 2
    assert "Gewogen index omhoog" in html and "volwassenheidsniveau van Dienstverlening (1-5)" in html
    weighted = html.split("Gewogen index omhoog</a>")[1]
    row_2027 = weighted.split('data-year="2027"')[1].split("</tr>")[0]
    assert "70%" in row_2027 and "72%" in row_2027 and "op koers" in row_2027
    assert "nog niet gemeten" in weighted.split('data-year="2029"')[1].split("</tr>")[0]
    level = html.split("Dienstverlening op 4</a>")[1]
    row_2028 = level.split('data-year="2028"')[1].split("</tr>")[0]
    assert ">4<" in row_2028 and ">3<" in row_2028 and "niet op koers" in row_2028
    assert "Herkomst van de gemeten waarde" in html
    assert "Nieuwe ambitie" not in html  # a reader cannot create one


def test_the_ambition_page_holds_it_to_the_plan(client, org, editor, plan):
    left_out = choice(plan, "omgevingsdata")
    left_out.priority = Priority.WONT
    left_out.save()
    ambition = make(org, editor, plan=plan, developments=["digitaal-loket", "omgevingsdata"])
    client.force_login(editor)
    html = client.get(page_url(ambition)).content.decode()
    table = html.split('id="table-developments"')[1].split("</table>")[0]
    costs = development_costs(plan, ["digitaal-loket", "omgevingsdata"])
    loket = table.split('data-key="digitaal-loket"')[1].split("</tr>")[0]
    data = table.split('data-key="omgevingsdata"')[1].split("</tr>")[0]
    assert "telt mee" in loket and "telt niet mee" in data
    for row, slug in ((loket, "digitaal-loket"), (data, "omgevingsdata")):
        for amount in [*costs[slug].values(), sum(costs[slug].values())]:
            assert fmt_eur(amount) in row, (slug, amount)
    assert all(str(year) in table for year in plan.years)
    assert "begrotingsmotor" in html


def test_a_superseded_plan_is_named_with_a_link_to_the_newer_one(client, org, editor, plan):
    ambition = make(org, editor, plan=plan)
    newer = PlanFactory(organisation=org, supersedes=plan, title="ICT-plan 2091 (nieuwe release)")
    client.force_login(editor)
    html = client.get(page_url(ambition)).content.decode()
    assert "is overgezet naar" in html and f'href="{newer.get_absolute_url()}"' in html
    overview = client.get(list_url(org)).content.decode()
    assert "is vervangen door een versie op een nieuwere release" in overview
    assert f'href="{newer.get_absolute_url()}"' in overview
    # The form offers the newer plan, and keeps the old one as the ambition's current choice.
    form_html = html.split('name="plan"')[1].split("</select>")[0]
    assert f'value="{newer.pk}"' in form_html and f'value="{plan.pk}" selected' in form_html


def test_showing_another_plans_developments_saves_nothing(client, org, editor, plan):
    client.force_login(editor)
    response = client.post(list_url(org) + "nieuw/", post(plan=plan.pk, action="plan", title=""))
    html = response.content.decode()
    assert response.status_code == 200 and not Ambition.objects.exists()
    assert 'name="developments" value="digitaal-loket"' in html and "Controleer de invoer" not in html
    assert 'value="72' not in html and 'name="target_year_0" value="2027"' in html


# Editing and deleting -----------------------------------------------------------------------------------------


def test_posting_the_form_back_unchanged_changes_nothing(client, org, editor, plan):
    ambition = make(org, editor, plan=plan, developments=["digitaal-loket"], targets={2027: Decimal("72.5")})
    client.force_login(editor)
    data = page_form(client.get(page_url(ambition)).content.decode())
    assert data["target_value_0"] == "72,5" and data["developments"] == ["digitaal-loket"]
    assert client.post(page_url(ambition), data).status_code == 302
    assert Ambition.objects.get().version == 1


def test_an_editor_changes_the_targets(client, org, editor):
    ambition = make(org, editor)
    client.force_login(editor)
    data = page_form(client.get(page_url(ambition)).content.decode())
    data |= {"target_value_0": "75", "target_year_1": "2030", "target_value_1": "90,25"}
    response = client.post(page_url(ambition), data)
    assert response.status_code == 302
    assert dict(AmbitionTarget.objects.values_list("year", "value")) == {2027: 75, 2030: Decimal("90.25")}
    assert Ambition.objects.get().version == 2
    assert "Versie 2: Ambitie „Gewogen index omhoog” gewijzigd" in client.get(page_url(ambition)).content.decode()


def test_a_stale_version_shows_a_message_and_saves_nothing(client, org, editor, admin_user):
    ambition = make(org, editor)
    client.force_login(editor)
    data = page_form(client.get(page_url(ambition)).content.decode())
    services.update_ambition(Ambition.objects.get(), admin_user, 1, title="Door de beheerder")
    response = client.post(page_url(ambition), data | {"target_value_0": "99"})
    html = response.content.decode()
    assert response.status_code == 409
    assert "Iemand anders heeft deze ambitie gewijzigd" in html
    assert 'name="version" value="2"' in html and 'value="99"' in html  # typed input kept, current version read
    assert AmbitionTarget.objects.get().value == 70 and Ambition.objects.get().title == "Door de beheerder"


def test_deleting_asks_for_confirmation(client, org, editor):
    ambition = make(org, editor)
    client.force_login(editor)
    page = client.get(delete_url(ambition))
    assert page.status_code == 200 and "Wilt u de ambitie „Gewogen index omhoog”" in page.content.decode()
    assert Ambition.objects.exists()
    response = client.post(delete_url(ambition), {"version": 1})
    assert response.status_code == 302 and response["Location"] == list_url(org)
    assert not Ambition.objects.exists()


def test_deleting_a_changed_ambition_is_refused(client, org, editor):
    ambition = make(org, editor)
    services.update_ambition(Ambition.objects.get(), editor, 1, title="Gewijzigd")
    client.force_login(editor)
    for version in ("1", "abc", ""):
        response = client.post(delete_url(ambition), {"version": version}, follow=True)
        assert "Iemand anders heeft deze ambitie gewijzigd" in response.content.decode()
    assert Ambition.objects.exists()


# Junk ---------------------------------------------------------------------------------------------------------

JUNK = [
    ({"targets": {"1999": "70"}}, "target_year_0", "Vul een jaar in van 2000 tot en met 2100."),
    ({"targets": {"2027": "101"}}, "target_value_0", "Vul een percentage in van 0 tot en met 100"),
    ({"targets": {"2027": "70,125"}}, "target_value_0", "ten hoogste twee decimalen"),
    ({"targets": {"2027": "zeventig"}}, "target_value_0", "Vul een getal in"),
    ({"targets": {"2027": "70.5"}}, "target_value_0", "komma voor decimalen"),
    ({"targets": {"2027": ""}}, "target_value_0", "Vul de doelwaarde voor dit jaar in."),
    ({"targets": {"": "70"}}, "target_year_0", "Vul het jaar van deze doelwaarde in."),
    ({"targets": {}}, "target_year_0", "Geef ten minste één jaar met een doelwaarde."),
    (
        {"metric": AmbitionMetric.MATURITY_LEVEL, "targets": {"2028": "4"}},
        "dimension",
        "Kies de dimensie waarvan het volwassenheidsniveau het doel is.",
    ),
    (
        {"metric": AmbitionMetric.MATURITY_LEVEL, "dimension": "dienstverlening", "targets": {"2028": "6"}},
        "target_value_0",
        "Vul een niveau in van 1 tot en met 5",
    ),
    ({"dimension": "<script>"}, "dimension", "Kies een dimensie uit de lijst."),
    ({"metric": "alles"}, "metric", "Kies een van de maatstaven."),
    ({"title": ""}, "title", "Geef de ambitie een titel."),
    ({"plan": "abc"}, "plan", "Kies een plan van uw organisatie uit de lijst."),
    ({"developments": ["digitaal-loket"]}, "developments", "staat niet in het gekozen plan"),
]


@pytest.mark.parametrize(("values", "field", "message"), JUNK)
def test_junk_gets_a_dutch_message_at_its_field(client, org, editor, test_edition, values, field, message):
    client.force_login(editor)
    response = client.post(list_url(org) + "nieuw/", post(**values))
    html = response.content.decode()
    assert response.status_code == 400
    error = html.split(f'id="id_{field}-error"')[1].split("</")[0] if field != "developments" else html
    assert message in error, html[:3000]
    assert f'href="#id_{field}"' in html  # the summary links to the field
    assert not Ambition.objects.exists()


def test_a_repeated_year_is_refused(client, org, editor):
    client.force_login(editor)
    data = post(targets={"2027": "70", "2028": "75"}) | {"target_year_1": "2027"}
    html = client.post(list_url(org) + "nieuw/", data).content.decode()
    assert "Dit jaar staat al in een andere regel." in html.split('id="id_target_year_1-error"')[1]
    assert not Ambition.objects.exists()


def test_a_development_outside_the_plan_is_refused(client, org, editor, plan):
    client.force_login(editor)
    response = client.post(list_url(org) + "nieuw/", post(plan=plan.pk, developments=["bestaat-niet"]))
    assert response.status_code == 400
    assert "Ontwikkeling &#x27;bestaat-niet&#x27; staat niet in het gekozen plan." in response.content.decode()
    assert not Ambition.objects.exists()


def test_a_plan_of_another_organisation_is_a_form_error(client, org, other_org, editor, test_edition):
    foreign = PlanFactory(organisation=other_org)
    client.force_login(editor)
    response = client.post(list_url(org) + "nieuw/", post(plan=foreign.pk))
    assert response.status_code == 400
    assert "Kies een plan van uw organisatie uit de lijst." in response.content.decode()
    assert not Ambition.objects.exists()


def test_junk_on_the_edit_form_keeps_the_ambition(client, org, editor):
    ambition = make(org, editor)
    client.force_login(editor)
    data = page_form(client.get(page_url(ambition)).content.decode())
    for junk in ({"target_value_0": "250"}, {"version": "abc"}, {"target_year_0": "20277"}):
        response = client.post(page_url(ambition), data | junk)
        assert response.status_code == 400, junk
    assert Ambition.objects.get().version == 1 and AmbitionTarget.objects.get().value == 70


def test_an_unknown_ambition_is_404(client, org, editor):
    client.force_login(editor)
    assert client.get(list_url(org) + "999/").status_code == 404
    assert client.post(list_url(org) + "999/verwijderen/", {"version": 1}).status_code == 404


# Permissions --------------------------------------------------------------------------------------------------


def urls(ambition):
    org = ambition.organisation
    return [list_url(org), list_url(org) + "nieuw/", page_url(ambition), delete_url(ambition)]


def test_another_organisation_gets_404_everywhere(client, org, editor, outsider):
    ambition = make(org, editor)
    client.force_login(outsider)
    for url in urls(ambition):
        assert client.get(url).status_code == 404, url
        assert client.post(url, post() | {"version": 1}).status_code == 404, url
    assert Ambition.objects.get().version == 1


def test_a_reader_reads_but_cannot_change(client, org, editor, reader):
    ambition = make(org, editor)
    client.force_login(reader)
    assert client.get(list_url(org)).status_code == 200
    html = client.get(page_url(ambition)).content.decode()
    assert "Gewogen index omhoog" in html and 'name="title"' not in html and "verwijderen" not in html
    for url in urls(ambition)[1:]:
        assert client.post(url, post() | {"version": 1}).status_code == 403, url
    assert client.get(list_url(org) + "nieuw/").status_code == 403
    assert client.get(delete_url(ambition)).status_code == 403
    assert Ambition.objects.count() == 1 and Ambition.objects.get().version == 1


def test_anonymous_visitors_are_asked_to_log_in(client, org, editor):
    ambition = make(org, editor)
    for url in urls(ambition):
        response = client.get(url)
        assert response.status_code == 403 and "/account/inloggen/?next=" in response.content.decode(), url
        assert client.post(url, post()).status_code == 403
    assert Ambition.objects.count() == 1
