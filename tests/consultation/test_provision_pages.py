"""The provision pages: the public catalogue, one provision with its live figures (names and limits only for the
region, the organisation itself and coordinators), interest and pledges through the form with Dutch messages for
junk, and a plan that joins through the page, shows its totals before and after, and leaves again."""

from decimal import Decimal

import pytest

from modelgemeente.consultation import provision_figures as pf
from modelgemeente.consultation.models import Pledge, ProvisionJoin, Region, RoleAssignment
from modelgemeente.consultation.services import provisions as services
from modelgemeente.core.enums import ConsultationRole, PledgeKind, Role
from modelgemeente.plans.budget import plan_report
from modelgemeente.plans.models import Organisation
from tests.conftest import member_of
from tests.html_forms import forms

from .test_provisions import dso_provision, loket_provision, pledge_all

pytestmark = pytest.mark.django_db

LIST = "/voorzieningen/"


def page(provision):
    return f"/voorzieningen/{provision.slug}/"


@pytest.fixture
def world(test_edition, client):
    """The four municipalities (two in region Utrecht) with their pledges on a provision of the synthetic release."""
    from .test_provisions import INHABITANTS, municipality

    orgs = {slug: municipality(slug) for slug in INHABITANTS}
    editors = {slug: member_of(org, Role.EDITOR, f"redacteur@{slug}.nl") for slug, org in orgs.items()}
    Region.objects.create(slug="utrecht", name="Utrecht", municipality_codes=["GM0312", "GM0339"])
    provision = loket_provision()
    provision.is_example = True
    provision.save()
    pledge_all(provision, orgs, editors)
    return provision, orgs, editors


def test_the_catalogue_is_public(world, client):
    provision, _orgs, _editors = world
    response = client.get(LIST)
    html = response.content.decode()
    assert response.status_code == 200
    assert provision.name in html and "voorbeeld" in html and provision.owner in html
    assert "belangstelling peilen" in html  # the status
    assert '/editie/2090/ontwikkeling/digitaal-loket/"' in html and "#regel-loket-licenties" in html
    assert "€\xa0100.000" in html and "5 jaar" in html and "€\xa060.000 per jaar" in html and "naar inwonertal" in html
    assert "Schatting" in html
    assert "1 organisatie met belangstelling" in html and "3 met een voorwaardelijke toezegging" in html
    assert "bereikt: met 2 toezeggers" in html
    assert "Gemeente Bunnik" not in html  # no names in the catalogue
    assert response["Cache-Control"].startswith("max-age=0")


def test_anonymous_visitors_see_counts_and_the_go_point_size_without_names(world, client):
    provision, _orgs, _editors = world
    html = client.get(page(provision)).content.decode()
    assert "4 deelnemers ziet u niet bij naam" in html and "Bereikt met 2 toezeggers" in html
    assert "(en 2 organisaties die u niet bij naam ziet)" in html
    for name in ("Amsterdam", "Deventer", "Bunnik", "Renswoude"):
        assert f"Gemeente {name}" not in html
    assert "€\xa01.000" not in html  # no pledge limits
    assert 'id="table-participants"' not in html
    assert "Inloggen</a> als redacteur" in html


def participants(html) -> list[str]:
    """The organisations in the table of participants."""
    if 'id="table-participants"' not in html:
        return []
    table = html.split('id="table-participants"')[1].split("</table>")[0]
    return sorted(part.split('"')[0] for part in table.split('data-organisation="')[1:])


def test_per_organisation_figures_for_the_region_the_organisation_and_coordinators(world, client, outsider):
    provision, orgs, editors = world
    client.force_login(editors["bunnik"])
    html = client.get(page(provision)).content.decode()
    assert participants(html) == ["bunnik", "renswoude"]
    assert "2 deelnemers ziet u niet bij naam" in html
    result = pf.figures(provision, editors["bunnik"])
    bunnik = next(p for p in result.shown if p.organisation.slug == "bunnik")
    # Share, cost alone, saving and limit as the engine gives them, in euros.
    row = html.split('data-organisation="bunnik"')[1].split("</tr>")[0]
    assert "€\xa0915" in row and "€\xa01.000" in row  # share 914,74; limit 1.000
    assert f"€\xa0{round(bunnik.alone.average):,}".replace(",", ".") in row
    assert f"€\xa0{round(bunnik.saving):,}".replace(",", ".") in row
    assert "Schatting" in row and "geschaald naar 16.108 inwoners" in row

    client.force_login(editors["amsterdam"])
    assert participants(client.get(page(provision)).content.decode()) == ["amsterdam"]
    client.force_login(outsider)
    html = client.get(page(provision)).content.decode()
    assert participants(html) == [] and "4 deelnemers ziet u niet bij naam" in html
    coordinator = member_of(Organisation.objects.create(name="Beraad", slug="beraad"), Role.MEMBER, "c@beraad.nl")
    RoleAssignment.objects.create(user=coordinator, role=ConsultationRole.COORDINATOR)
    client.force_login(coordinator)
    html = client.get(page(provision)).content.decode()
    assert participants(html) == ["amsterdam", "bunnik", "deventer", "renswoude"]
    assert "Samen" in html and "Gemeente Amsterdam, Gemeente Deventer" in html


def pledge_form(html) -> dict:
    form = next(f for f in forms(html) if f["attrs"].get("action", "").endswith("/meedoen/"))
    return dict(form["fields"])


def test_an_editor_pledges_through_the_form(test_edition, client, org, editor):
    provision = loket_provision()
    client.force_login(editor)
    data = pledge_form(client.get(page(provision)).content.decode())
    data |= {"kind": PledgeKind.PLEDGE, "max_yearly_share": "12.500", "note": "Na besluit van het college."}
    response = client.post(page(provision) + "meedoen/", data)
    assert response.status_code == 302
    saved = Pledge.objects.get()
    assert (saved.organisation, saved.kind, saved.max_yearly_share) == (org, PledgeKind.PLEDGE, Decimal(12_500))
    html = client.get(page(provision)).content.decode()
    assert "doet mee als het deel ten hoogste €\xa012.500 per jaar is" in html
    assert 'value="12.500"' in html  # the form shows the current pledge
    assert participants(html) == ["gemeente-voorbeeld"]
    # Withdraw.
    response = client.post(page(provision) + "intrekken/", {})
    assert response.status_code == 302 and not Pledge.objects.exists()


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"max_yearly_share": "-5"}, "Vul een bedrag in van meer dan € 0 tot en met € 999.999.999 per jaar."),
        ({"max_yearly_share": "1.000.000.000.000"}, "Vul een bedrag in van meer dan € 0 tot en met € 999.999.999"),
        ({"max_yearly_share": "0"}, "Vul een bedrag in van meer dan € 0"),
        ({"max_yearly_share": "veel"}, "Vul een getal in, bijvoorbeeld 30.385 of 16,5."),
        ({"max_yearly_share": "12\x00500"}, "Vul een getal in"),
        ({"max_yearly_share": "12,505"}, "hele centen"),
        ({"max_yearly_share": ""}, "Vul bij een toezegging het hoogste deel per jaar in waarbij u meedoet."),
        ({"note": "a\x00b", "max_yearly_share": "100"}, "Null-tekens zijn niet toegestaan."),
        ({"note": "x" * 4001, "max_yearly_share": "100"}, "Gebruik ten hoogste 4000 tekens"),
        ({"kind": "alles"}, "Kies belangstelling of een voorwaardelijke toezegging."),
    ],
)
def test_bad_pledges_get_a_dutch_message_and_save_nothing(test_edition, client, editor, values, message):
    provision = loket_provision()
    client.force_login(editor)
    response = client.post(page(provision) + "meedoen/", {"kind": PledgeKind.PLEDGE, "note": ""} | values)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Pledge.objects.exists()


def test_who_may_post(test_edition, client, reader, outsider, other_org):
    provision = loket_provision()
    data = {"kind": PledgeKind.INTEREST}
    assert client.post(page(provision) + "meedoen/", data).status_code == 403  # anonymous: log in
    assert client.get(page(provision) + "meedoen/").status_code == 405
    client.force_login(reader)
    assert client.post(page(provision) + "meedoen/", data).status_code == 403
    client.force_login(outsider)  # admin of an organisation without municipalities: refused at the form
    response = client.post(page(provision) + "meedoen/", data)
    assert response.status_code == 400 and "geen gemeenten met een" in response.content.decode()
    assert not Pledge.objects.exists()
    assert client.get("/voorzieningen/bestaat-niet/").status_code == 404


def test_a_plan_joins_through_the_page_shows_before_and_after_and_leaves(plan, client, editor, reader, outsider):
    provision = loket_provision()
    before = plan_report(plan).grand_total.values
    client.force_login(editor)
    html = client.get(page(provision)).content.decode()
    join_form = next(f for f in forms(html) if f["attrs"].get("action", "").endswith("/aansluiten/"))
    stale = dict(join_form["fields"]) | {"version": str(plan.version + 5)}
    response = client.post(page(provision) + "aansluiten/", stale)
    assert response.status_code == 409 and "Iemand anders heeft dit intussen gewijzigd" in response.content.decode()
    response = client.post(page(provision) + "aansluiten/", dict(join_form["fields"]))
    join = ProvisionJoin.objects.get()
    assert response.status_code == 302 and response["Location"] == page(provision) + f"deelname/{join.pk}/"

    html = client.get(response["Location"]).content.decode()
    plan.refresh_from_db()
    after = plan_report(plan).grand_total.values
    effect = pf.join_effect(join)
    for year in plan.years:
        row = html.split(f'data-year="{year}"')[1].split("</tr>")[0]
        assert f"€\xa0{round(before[year]):,}".replace(",", ".") in row
        assert f"€\xa0{round(after[year]):,}".replace(",", ".") in row
        assert effect.difference[year] == after[year] - before[year]
        assert effect.difference[year] == effect.shared[year] - effect.replaced[year]
    assert "Aangesloten bij een gezamenlijke voorziening" in html
    assert "herkomst &#x27;gezamenlijke voorziening&#x27;" in html or "herkomst 'gezamenlijke voorziening'" in html

    client.force_login(outsider)
    assert client.get(page(provision) + f"deelname/{join.pk}/").status_code == 404
    client.force_login(reader)
    assert client.get(page(provision) + f"deelname/{join.pk}/").status_code == 200
    assert client.post(page(provision) + f"deelname/{join.pk}/verlaten/", {"version": plan.version}).status_code == 403

    client.force_login(editor)
    leave = next(f for f in forms(html) if f["attrs"].get("action", "").endswith("/verlaten/"))
    response = client.post(page(provision) + f"deelname/{join.pk}/verlaten/", dict(leave["fields"]))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan_report(plan).grand_total.values == before and not ProvisionJoin.objects.exists()


def test_a_junk_join_changes_nothing(plan, client, editor):
    provision = loket_provision()
    client.force_login(editor)
    for data in ({"plan": "abc", "version": plan.version}, {"plan": plan.pk, "version": "x\x00"}, {}):
        response = client.post(page(provision) + "aansluiten/", data)
        assert response.status_code == 400
    assert not ProvisionJoin.objects.exists() and not plan.extra_lines.exists()
    other = dso_provision()  # its lines are not in the synthetic release: no plan to join with
    assert "laten aansluiten" not in client.get(page(other)).content.decode()
    services.join_provision(plan, provision, editor, plan.version)
    assert "laten aansluiten" not in client.get(page(provision)).content.decode()
