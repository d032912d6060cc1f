"""The shipped example regions and provisions (data/regions, data/provisions), their reader (consultation/seed.py),
the command that creates them (load_consultation_examples) and the admin where administrators edit them.

The files are examples and say so; every municipality code exists in the CBS list; every replaced development and
line exists in the 2026 and 2027 editions; the command creates what is missing and never changes what exists.
"""

import json
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from modelgemeente import refdata
from modelgemeente.budget.engine import Profile
from modelgemeente.budget.sharing import CostModel, shares
from modelgemeente.catalog.budget_input import estimated_profile, model_budget
from modelgemeente.catalog.content_files import read_edition
from modelgemeente.consultation import seed
from modelgemeente.consultation.models import Provision, Region, RoleAssignment
from modelgemeente.core.enums import ConsultationRole, CostKey, ProvisionStatus

DATA = Path(settings.BASE_DIR) / "data"
EDITIONS = Path(settings.BASE_DIR) / "content" / "editions"


@pytest.fixture(scope="module")
def regions():
    return seed.example_regions()


@pytest.fixture(scope="module")
def provisions():
    return seed.example_provisions()


def catalogue_keys(year: int) -> tuple[set[str], set[str]]:
    """The development ids and 'development/line' keys of an edition folder, read from its files."""
    content = read_edition(EDITIONS / str(year))
    developments = {d.data["id"] for d in content.developments}
    lines = {f"{d.data['id']}/{line['id']}" for d in content.developments for line in d.data.get("budget_lines", [])}
    return developments, lines


# The files ------------------------------------------------------------------------------------------------------


def test_the_regions_are_an_example_division_covering_every_municipality_once(regions):
    assert len(regions) == 12
    codes = [code for region in regions for code in region.municipality_codes]
    assert sorted(codes) == sorted(m["code"] for m in refdata.municipalities())  # all 342, each once
    for region in regions:
        assert region.is_example
        assert "(voorbeeld)" in region.name and "Voorbeeldregio" in region.description
        assert "voorbeeld" in region.source_note and "gemeenten.yaml" in region.source_note
    assert len({r.slug for r in regions}) == 12


def test_every_region_code_is_a_known_municipality(regions):
    for region in regions:
        assert seed.unknown_municipality_codes(region.municipality_codes) == [], region.slug


def test_four_example_provisions_with_a_reasoned_cost_model(provisions):
    assert len(provisions) == 4
    for p in provisions:
        assert p.is_example and "(voorbeeld)" in p.name and "voorbeeld" in p.description.lower()
        assert "aanname" in p.owner and "voorbeeld" in p.owner
        assert p.cost_note.startswith("Schatting redactie")
        assert p.status in ProvisionStatus.values and p.cost_key in CostKey.values
        assert p.build_cost > 0 and p.yearly_cost > 0 and p.write_off_years >= 1
        assert seed.lines_outside_developments(p.replaces_developments, p.replaces_lines) == []


@pytest.mark.parametrize("year", [2026, 2027])
def test_every_replaced_development_and_line_exists_in_the_edition(provisions, year):
    developments, lines = catalogue_keys(year)
    for p in provisions:
        assert set(p.replaces_developments) <= developments, (p.slug, year)
        assert set(p.replaces_lines) <= lines, (p.slug, year)
        assert p.replaces_lines, p.slug


def test_provisions_are_built_from_collective_provision_candidates(provisions):
    content = read_edition(EDITIONS / "2026")
    candidates = {d.data["id"] for d in content.developments if d.data["collective_provision"]["candidate"]}
    for p in provisions:
        assert set(p.replaces_developments) <= candidates, p.slug


def test_the_schemas_know_the_same_statuses_and_keys_as_the_models():
    schema = json.loads((Path(seed.SCHEMAS) / "provisions.schema.json").read_text(encoding="utf-8"))
    fields = schema["$defs"]["provision"]["properties"]
    assert fields["status"]["enum"] == list(ProvisionStatus.values)
    assert fields["cost_key"]["enum"] == list(CostKey.values)


@pytest.mark.django_db
def test_sharing_costs_a_participant_clearly_less_than_the_replaced_lines_alone(provisions, edition):
    """With 150 participants of average size, a municipality of 30,000 or 100,000 inhabitants pays at most half
    of what the replaced lines cost it alone per year (average over the edition's four budget years)."""
    average = Decimal(sum(m["inhabitants"] for m in refdata.municipalities())) / len(refdata.municipalities())
    for inhabitants in (30_000, 100_000):
        result = model_budget(edition, Profile(inhabitants, *estimated_profile(edition, inhabitants))).result
        for p in provisions:
            alone = result.total(key=set(p.replaces_lines)) / len(result.scenario.years)
            model = CostModel(p.build_cost, p.yearly_cost, p.write_off_years)
            others = {f"deelnemer-{i}": 1 if p.cost_key == CostKey.EQUAL else average for i in range(149)}
            own = 1 if p.cost_key == CostKey.EQUAL else inhabitants
            share = shares(model, others | {"wij": own})["wij"].yearly
            assert alone > 0 and share < alone / 2, (p.slug, inhabitants, share, alone)


# A broken file --------------------------------------------------------------------------------------------------


@pytest.fixture
def broken(settings, tmp_path):
    """Write a changed copy of a shipped file into a DATA_DIR of its own and return the reader's message."""

    def read(folder, name, change, reader) -> str:
        data = yaml.safe_load((DATA / folder / name).read_text(encoding="utf-8"))
        change(data)
        (tmp_path / folder).mkdir(exist_ok=True)
        (tmp_path / folder / name).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        (tmp_path / "municipalities").symlink_to(DATA / "municipalities")  # the codes are checked against it
        settings.DATA_DIR = tmp_path
        with pytest.raises(seed.SeedDataError) as error:
            reader()
        return str(error.value)

    return read


def test_an_unknown_municipality_code_is_refused_naming_the_field(broken):
    message = broken(
        "regions",
        "regios-voorbeeld.yaml",
        lambda d: d["regions"][1]["municipalities"].append("GM9999"),
        seed.example_regions,
    )
    assert "regions[1].municipalities" in message
    assert "gemeentecode 'GM9999' bestaat niet" in message


def test_a_missing_or_wrong_field_gives_a_dutch_message(broken):
    def change(d):
        del d["provisions"][0]["owner"]
        d["provisions"][2]["status"] = "klaar"
        d["provisions"][3]["build_cost"] = -1

    message = broken("provisions", "voorbeelden.yaml", change, seed.example_provisions)
    assert "provisions[0].owner: verplicht veld ontbreekt" in message
    assert "provisions[2].status: ongeldige waarde 'klaar'" in message
    assert "provisions[3].build_cost: moet minstens 0 zijn" in message


def test_a_line_outside_the_replaced_developments_and_a_double_id_are_refused(broken):
    def change(d):
        d["provisions"][0]["replaces_lines"].append("kanalen/iets")
        d["provisions"][1]["id"] = d["provisions"][0]["id"]

    message = broken("provisions", "voorbeelden.yaml", change, seed.example_provisions)
    assert "provisions[0].replaces_lines: 'kanalen/iets' hoort niet bij een ontwikkeling" in message
    assert "provisions[1].id: 'gedeelde-dso-koppeling' komt twee keer voor" in message


def test_a_missing_file_says_which(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    with pytest.raises(seed.SeedDataError, match="data/regions/regios-voorbeeld.yaml: het bestand ontbreekt"):
        seed.example_regions()


# The command ----------------------------------------------------------------------------------------------------


def run() -> str:
    out = StringIO()
    call_command("load_consultation_examples", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_the_command_creates_the_examples_once():
    output = run()
    assert Region.objects.count() == 12 and Provision.objects.count() == 4
    assert "12 regio's en 4 voorzieningen aangemaakt" in output
    assert all(r.is_example and r.source_note for r in Region.objects.all())
    dso = Provision.objects.get(slug="gedeelde-dso-koppeling")
    assert dso.is_example and dso.build_cost == Decimal("400000") and dso.cost_key == CostKey.INHABITANTS
    assert dso.replaces_lines[0] == "omgevingsloket/koppeling-dso-zaaksysteem"
    utrecht = Region.objects.get(slug="regio-utrecht")
    assert "GM0344" in utrecht.municipality_codes and len(utrecht.municipality_codes) == 26

    before = list(Region.objects.order_by("pk").values()), list(Provision.objects.order_by("pk").values())
    again = run()
    assert "0 regio's en 0 voorzieningen aangemaakt" in again
    assert "regio regio-utrecht: bestaat al, niet gewijzigd" in again
    assert "voorziening gedeelde-dso-koppeling: bestaat al, niet gewijzigd" in again
    assert (list(Region.objects.order_by("pk").values()), list(Provision.objects.order_by("pk").values())) == before


@pytest.mark.django_db
def test_the_command_never_overwrites_an_edited_region_or_provision_and_recreates_a_deleted_one():
    run()
    Region.objects.filter(slug="regio-utrecht").update(name="Regio Midden", municipality_codes=["GM0344"])
    Provision.objects.filter(slug="publicatievoorziening-woo").update(yearly_cost=1, status="beschikbaar")
    Region.objects.filter(slug="regio-zeeland").delete()
    output = run()
    utrecht = Region.objects.get(slug="regio-utrecht")
    assert utrecht.name == "Regio Midden" and utrecht.municipality_codes == ["GM0344"]
    woo = Provision.objects.get(slug="publicatievoorziening-woo")
    assert woo.yearly_cost == 1 and woo.status == "beschikbaar"
    assert Region.objects.filter(slug="regio-zeeland").exists()
    assert "regio regio-zeeland: aangemaakt" in output
    assert "1 regio's en 0 voorzieningen aangemaakt" in output


@pytest.mark.django_db
def test_the_command_creates_nothing_from_a_broken_file(settings, tmp_path):
    (tmp_path / "regions").mkdir()
    (tmp_path / "regions" / "regios-voorbeeld.yaml").write_text("title: [kapot", encoding="utf-8")
    settings.DATA_DIR = tmp_path
    with pytest.raises(CommandError, match="niets aangemaakt: data/regions/regios-voorbeeld.yaml: ongeldige YAML"):
        run()
    assert not Region.objects.exists() and not Provision.objects.exists()


# The admin ------------------------------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, db):
    client.force_login(User.objects.create_superuser("beheerder", "beheerder@example.org", "een-lang-wachtwoord"))
    return client


def region_form(**changes):
    data = {
        "slug": "regio-midden",
        "name": "Regio Midden",
        "description": "",
        "municipality_codes": "GM0344, GM0307\nGM1680",
        "is_example": "",
        "source_note": "Indeling van het beraad.",
    }
    return data | changes


def test_an_administrator_edits_a_region_and_unknown_codes_are_refused(admin_client):
    response = admin_client.post("/beheer/consultation/region/add/", region_form())
    assert response.status_code == 302
    region = Region.objects.get(slug="regio-midden")
    assert region.municipality_codes == ["GM0344", "GM0307", "GM1680"]

    page = admin_client.get(f"/beheer/consultation/region/{region.pk}/change/").content.decode()
    assert "GM0344, GM0307, GM1680" in page and "Aa en Hunze (GM1680)" in page

    response = admin_client.post(
        f"/beheer/consultation/region/{region.pk}/change/", region_form(municipality_codes="GM0344 GM9999 x")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ongeldige vorm: x" in html
    response = admin_client.post(
        f"/beheer/consultation/region/{region.pk}/change/", region_form(municipality_codes="GM0344 GM9999")
    )
    html = response.content.decode()
    assert "Deze codes staan niet in de gemeentelijst" in html and "GM9999" in html
    region.refresh_from_db()
    assert region.municipality_codes == ["GM0344", "GM0307", "GM1680"]


def test_an_administrator_appoints_a_representative_and_a_coordinator(admin_client):
    region = Region.objects.create(slug="regio-midden", name="Regio Midden", municipality_codes=["GM0344"])
    person = User.objects.create_user("vertegenwoordiger", password="een-lang-wachtwoord")
    url = "/beheer/consultation/roleassignment/add/"
    refused = admin_client.post(url, {"user": person.pk, "role": ConsultationRole.REPRESENTATIVE, "region": ""})
    assert refused.status_code == 200 and "Kies de regio die deze persoon vertegenwoordigt." in refused.content.decode()
    refused = admin_client.post(url, {"user": person.pk, "role": ConsultationRole.COORDINATOR, "region": region.pk})
    assert "hoort niet bij een regio" in refused.content.decode()
    assert not RoleAssignment.objects.exists()

    admin_client.post(url, {"user": person.pk, "role": ConsultationRole.REPRESENTATIVE, "region": region.pk})
    admin_client.post(url, {"user": person.pk, "role": ConsultationRole.COORDINATOR, "region": ""})
    assert set(RoleAssignment.objects.values_list("role", "region")) == {
        (ConsultationRole.REPRESENTATIVE, region.pk),
        (ConsultationRole.COORDINATOR, None),
    }


def test_an_administrator_edits_a_provision_and_its_version_goes_up(admin_client):
    run()
    provision = Provision.objects.get(slug="gedeelde-dso-koppeling")
    url = f"/beheer/consultation/provision/{provision.pk}/change/"
    form = {
        "slug": provision.slug,
        "name": provision.name,
        "description": provision.description,
        "owner": "VNG Realisatie",
        "status": "beschikbaar",
        "is_example": "on",
        "build_cost": "400000",
        "yearly_cost": "450000",
        "write_off_years": "5",
        "cost_key": "inwoners",
        "cost_note": provision.cost_note,
        "replaces_developments": "omgevingsloket",
        "replaces_lines": "omgevingsloket/licentie-koppelcomponent, kanalen/chatbot",
    }
    refused = admin_client.post(url, form)
    assert "Deze regels horen niet bij een van de vervangen ontwikkelingen: kanalen/chatbot." in (
        refused.content.decode()
    )
    assert (
        admin_client.post(url, form | {"replaces_lines": "omgevingsloket/licentie-koppelcomponent"}).status_code == 302
    )
    provision.refresh_from_db()
    assert provision.yearly_cost == 450000 and provision.status == "beschikbaar" and provision.version == 2
    assert provision.replaces_lines == ["omgevingsloket/licentie-koppelcomponent"]


def test_signals_pledges_and_the_rest_are_read_only_in_the_admin(admin_client):
    for model in ("signal", "regionalsignal", "question", "regionanswer", "position", "pledge", "provisionjoin"):
        assert admin_client.get(f"/beheer/consultation/{model}/").status_code == 200, model
        assert admin_client.get(f"/beheer/consultation/{model}/add/").status_code == 403, model
