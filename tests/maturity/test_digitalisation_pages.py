"""The product digitalisation pages: the public product list, an organisation's measurements, one measurement with
both indices, ranking, login mismatches and the entry table, the CSV template and import, and who may do what.

Figures on the synthetic list for 10,000 inhabitants (tests/data/README.md): geboorteaangifte 100, paspoort 500,
verhuizing 1,000, parkeervergunning 400, evenementenvergunning 20 (businesses), grofvuil 200 requests a year."""

import re
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from modelgemeente.maturity import product_csv
from modelgemeente.maturity.models import MaturityChange, ProductMeasurement, ProductScore
from modelgemeente.maturity.services import digitalisation as service
from tests.html_forms import form_data, post_data
from tests.maturity.test_digitalisation import HEADER, LEVELS

ORG = "gemeente-voorbeeld"
BASE = f"/organisaties/{ORG}/digitalisering/"
PAGE = BASE + "2090/"
TEMPLATE = PAGE + "sjabloon.csv"
IMPORT = PAGE + "importeren/"
SETTINGS = PAGE + "gegevens/"


@pytest.fixture
def measurement(org, editor):
    return service.start_measurement(org, 2090, editor, inhabitants=10_000, inhabitants_source="BRP 1 januari 2090")


def text(response) -> str:
    """The page's main content as text, whitespace collapsed."""
    html = response.content.decode()
    html = html[html.index("<main") : html.index("</main>")]
    html = re.sub(r"<select.*?</select>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def section(response, element_id: str) -> str:
    """The text of a table (or of a table row: id row-... or product-...), whitespace collapsed."""
    html = response.content.decode()
    start = html.index(">", html.index(f'id="{element_id}"')) + 1
    end = html.index("</tr>" if element_id.startswith(("row-", "product-")) else "</table>", start)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html[start:end])).split())


def entry_form(client, **changes) -> dict:
    """The entry table as the browser posts it, with {product id: {field: value}} changed."""
    data = post_data(form_data(client.get(PAGE).content.decode(), "version"))
    for product_id, fields in changes.items():
        for name, value in fields.items():
            data[f"p-{product_id}-{name}"] = value
    return data


def levels(**values) -> dict:
    return {pid: {"level": str(level)} for pid, level in values.items()}


def saved(measurement):
    return list(
        ProductScore.objects.filter(measurement=measurement).values_list(
            "product", "level", "volume", "volume_source", "offered_authentication"
        )
    )


def upload(data: bytes, version=2, name="meting.csv") -> dict:
    return {"file": SimpleUploadedFile(name, data, content_type="text/csv"), "version": version}


# The public product list --------------------------------------------------------------------------------------


def test_the_product_list_is_public_with_its_sources_and_counts(client, db):
    response = client.get("/producten/")
    assert response.status_code == 200
    page = text(response)
    assert "Testbron, versie test-1, peildatum 1 januari 2090" in page
    assert "CC0 1.0" in page and "Handmatig geschreven voor de tests." in page
    assert "6 producten: 5 voor inwoners, 1 voor bedrijven." in page
    assert "Aantal aanvragen: 0 uit een bron, 6 geschat." in page
    assert "Benodigde inlog: 0 uit een bron, 6 aangenomen." in page
    assert section(response, "product-verhuizing") == (
        "Verhuizing doorgeven verhuizing doorgeven inwoners DigiD midden (aanname) Toelichting Aanname voor de test. "
        "100 (schatting) Toelichting Rond getal voor de test. nee"
    )
    assert 'href="http://standaarden.overheid.nl/owms/terms/verhuizing"' in response.content.decode()


def test_the_product_list_as_csv(client, db):
    response = client.get("/producten/producten.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="producten.csv"'
    assert response.content.startswith(b"\xef\xbb\xbfTestproductlijst\r\n")
    assert b"evenementenvergunning;Evenementenvergunning;" in response.content
    # A download is a Dutch document, also from the English interface.
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Aanvragen per 1.000 inwoners per jaar" in client.get("/producten/producten.csv").content.decode()


# Starting a measurement ---------------------------------------------------------------------------------------


def test_an_editor_starts_a_measurement_with_the_cbs_inhabitants(client, org, editor):
    client.force_login(editor)
    response = client.get(BASE)
    assert "Nog geen metingen." in text(response)
    data = post_data(form_data(response.content.decode(), "year"))
    assert data["inhabitants"] == "25.845"
    assert data["inhabitants_source"].startswith("Aa en Hunze: CBS StatLine")
    data["year"] = "2090"
    response = client.post(BASE, data)
    assert response.status_code == 302 and response["Location"] == PAGE
    m = ProductMeasurement.objects.get(organisation=org, year=2090)
    assert m.inhabitants == 25_845 and m.inhabitants_source.startswith("Aa en Hunze: CBS StatLine")


def test_typed_inhabitants_do_not_keep_the_cbs_source(client, org, editor):
    client.force_login(editor)
    data = post_data(form_data(client.get(BASE).content.decode(), "year"))
    data.update(year="2090", inhabitants="10.000")
    assert client.post(BASE, data).status_code == 302
    m = ProductMeasurement.objects.get(organisation=org, year=2090)
    assert (m.inhabitants, m.inhabitants_source) == (10_000, "opgegeven door de gemeente")


@pytest.mark.parametrize(
    "data, message",
    [
        ({"year": "", "inhabitants": "10000"}, "Vul het jaar van de meting in."),
        ({"year": "twintig", "inhabitants": "10000"}, "Vul een getal in"),
        ({"year": "1850", "inhabitants": "10000"}, "2000"),
        ({"year": "2090", "inhabitants": "-4"}, "1"),
        ({"year": "2090", "inhabitants": "1e5"}, "Vul een getal in"),
        ({"year": "2090", "inhabitants": "10000", "inhabitants_source": "nul\x00"}, "Null"),
    ],
)
def test_a_bad_start_is_refused_at_the_field(client, org, editor, data, message):
    client.force_login(editor)
    response = client.post(BASE, data)
    assert response.status_code == 400
    assert message.lower() in text(response).lower()
    assert not ProductMeasurement.objects.exists()


def test_a_year_already_measured_is_refused(client, editor, measurement):
    client.force_login(editor)
    response = client.post(BASE, {"year": "2090", "inhabitants": "5000"})
    assert response.status_code == 400
    assert "Voor 2090 is er al een meting" in text(response)
    assert ProductMeasurement.objects.count() == 1


def test_the_list_shows_both_indices_per_year(client, editor, reader, measurement):
    service.save_scores(measurement, editor, 1, {pid: {"level": lv} for pid, lv in LEVELS.items()})
    client.force_login(reader)
    response = client.get(BASE)
    assert "2090 50,0% 43,2% 6 van 6 10.000" in section(response, "measurements")
    assert "Meting beginnen" not in text(response)  # a reader starts nothing


# One measurement: figures -------------------------------------------------------------------------------------


def test_levels_entered_on_the_page_give_both_indices_by_hand(client, editor, measurement):
    client.force_login(editor)
    response = client.post(PAGE, entry_form(client, **levels(**LEVELS)))
    assert response.status_code == 302
    response = client.get(PAGE)
    indices = section(response, "indices")
    # All: (4+1+3+2+5+0)/30 = 50,0%; (400+500+3000+800+100+0)/(2220×5) = 4800/11100 = 43,2%.
    assert "Alle producten 50,0% 43,2% 6 0 2.220" in indices
    # Residents: 10/25 = 40,0%; 4700/11000 = 42,7%. Businesses: level 5 of 5.
    assert "Inwoners 40,0% 42,7% 5 0 2.200" in indices
    assert "Bedrijven 100,0% 100,0% 1 0 20" in indices
    page = text(response)
    assert "6 van de 6 producten zijn beoordeeld; 0 niet beoordeeld" in page
    assert "0 beoordeelde producten hebben een eigen aantal; 6 een schatting uit de productlijst voor 10.000" in page
    assert "Σ(aantal × niveau) / Σ(aantal × 5)" in page


def test_the_ranking_shows_what_raises_the_weighted_index_most(client, editor, measurement):
    service.save_scores(measurement, editor, 1, {pid: {"level": lv} for pid, lv in LEVELS.items()})
    client.force_login(editor)
    ranking = section(client.get(PAGE), "ranking")
    # volume × remaining: paspoort 2000, verhuizing 2000, parkeervergunning 1200, grofvuil 1000, geboorteaangifte
    # 100; one step adds volume / (2220 × 5) × 100 points: 500/111 = 4,50, 1000/111 = 9,01, 400/111 = 3,60 ...
    assert ranking.endswith(
        "Paspoort 500 (schatting) 1 4 4,50 Verhuizing doorgeven 1.000 (schatting) 3 2 9,01 "
        "Parkeervergunning 400 (schatting) 2 3 3,60 Grofvuil ophalen 200 (schatting) 0 5 1,80 "
        "Geboorteaangifte 100 (schatting) 4 1 0,90"
    )
    assert "Evenementenvergunning" not in ranking


def test_an_own_volume_overrides_the_estimate_on_the_page(client, editor, measurement):
    client.force_login(editor)
    changes = levels(**LEVELS)
    changes["verhuizing"] |= {"volume": "2.000", "volume_source": "zaaksysteem 2089"}
    assert client.post(PAGE, entry_form(client, **changes)).status_code == 302
    response = client.get(PAGE)
    # (4800 - 3000 + 6000) / (3220 × 5) = 7800 / 16100 = 48,4%.
    assert "Alle producten 50,0% 48,4% 6 0 3.220" in section(response, "indices")
    assert "1 beoordeeld product heeft een eigen aantal; 5 een schatting" in text(response)
    assert "Verhuizing doorgeven 2.000 3 2" in section(response, "ranking")  # no longer marked as an estimate
    row = section(response, "row-verhuizing")
    assert "schatting: 1.000 (schatting)" in row  # the list's estimate stays next to the own figure
    score = ProductScore.objects.get(product="verhuizing")
    assert (score.volume, score.volume_source) == (2000, "zaaksysteem 2089")


def test_login_mismatches_in_plain_dutch(client, editor, measurement):
    rows = {
        "verhuizing": {"level": 3, "offered_authentication": "digid-basis"},  # needs midden: too low
        "grofvuil": {"level": 2, "offered_authentication": "digid-basis"},  # needs none
        "evenementenvergunning": {"level": 4, "offered_authentication": "digid-midden"},  # needs eHerkenning
        "parkeervergunning": {"level": 4, "offered_authentication": "digid-midden"},  # needs basis: a remark
        "paspoort": {"level": 1, "offered_authentication": "digid-hoog"},  # not online: not checked
        "geboorteaangifte": {"level": 3, "offered_authentication": "digid-midden"},  # right
    }
    service.save_scores(measurement, editor, 1, rows)
    client.force_login(editor)
    table = section(client.get(PAGE), "mismatches")
    assert (
        "Verhuizing doorgeven DigiD midden DigiD basis Vraagt DigiD basis, terwijl DigiD midden nodig is: "
        "het betrouwbaarheidsniveau is te laag." in table
    )
    assert (
        "Grofvuil ophalen geen inlog DigiD basis Vraagt DigiD basis, terwijl voor dit product geen inlog nodig is."
        in table
    )
    assert (
        "Evenementenvergunning eHerkenning EH2+ DigiD midden Vraagt DigiD midden, terwijl eHerkenning EH2+ nodig is"
        in table
    )
    assert "Parkeervergunning DigiD basis DigiD midden Opmerking: Vraagt DigiD midden, hoger dan nodig" in table
    assert "Paspoort" not in table and "Geboorteaangifte" not in table


def test_the_scale_is_explained_and_estimates_are_labelled(client, reader, measurement):
    client.force_login(reader)
    response = client.get(PAGE)
    scale = text(response)
    for line in ("0 – alleen informatie", "3 – online met DigiD/eHerkenning en vooraf ingevuld", "5 – proactief"):
        assert line in scale
    assert "Inwoners 10.000 (herkomst: BRP 1 januari 2090)" in scale
    assert "Paspoort inwoners geen inlog niet beoordeeld 500 (schatting, productlijst: schatting) productlijst" in (
        section(response, "row-paspoort")
    )


def test_a_product_that_left_the_list_is_shown_last_and_marked(client, editor, measurement):
    ProductScore.objects.create(measurement=measurement, product="oud-product", level=2, volume=300)
    client.force_login(editor)
    response = client.get(PAGE)
    html = response.content.decode()
    assert html.index('id="row-grofvuil"') < html.index('id="row-oud-product"')
    assert "oud-product (niet meer in de productlijst)" in section(response, "row-oud-product")
    assert "geen schatting: niet meer in de productlijst" in section(response, "row-oud-product")
    # It can still be changed.
    assert client.post(PAGE, entry_form(client, **levels(**{"oud-product": 4}))).status_code == 302
    assert ProductScore.objects.get(product="oud-product").level == 4


# One measurement: saving --------------------------------------------------------------------------------------


def test_saving_records_the_history_and_clearing_a_row_removes_its_score(client, editor, measurement):
    client.force_login(editor)
    client.post(PAGE, entry_form(client, paspoort={"level": "3", "offered_authentication": "digid-midden"}))
    change = MaturityChange.objects.filter(subject="meting").first()
    assert change.user == editor and change.version == 2
    assert {"product": "paspoort", "field": "level", "from": None, "to": 3} in change.details
    client.post(PAGE, entry_form(client, paspoort={"level": "", "offered_authentication": ""}))
    assert saved(measurement) == []
    response = client.post(PAGE, entry_form(client), follow=True)
    assert "Er was niets gewijzigd." in text(response)


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("level", "7", "Kies een digitaal niveau van 0 tot en met 5"),
        ("level", "abc", "Kies een digitaal niveau van 0 tot en met 5"),
        ("volume", "-5", "Het aantal per jaar kan niet negatief zijn."),
        ("volume", "veel", "Vul een getal in"),
        ("volume", "1e5", "Vul een getal in"),
        ("volume", "12,5", "Vul een geheel getal in"),
        ("volume", "1" * 300, "Vul een getal in"),
        ("volume", "999999999999", "hoogstens 100000000"),
        ("volume_source", "x" * 501, "501"),
        ("volume_source", "nul\x00", "Null"),
        ("offered_authentication", "digid-super", "Kies een inlog uit de lijst."),
    ],
)
def test_junk_in_the_entry_table_is_refused_at_the_field(client, editor, measurement, field, value, message):
    service.save_scores(measurement, editor, 1, {"paspoort": {"level": 2}})
    client.force_login(editor)
    data = entry_form(client, verhuizing={"level": "4"}, paspoort={field: value})
    response = client.post(PAGE, data)
    assert response.status_code == 400
    page = text(response)
    assert "Niet opgeslagen: controleer de invoer" in page
    assert "Paspoort" in page and message.lower() in page.lower()
    assert 'href="#id_p-paspoort-' + field + '"' in response.content.decode()
    assert saved(measurement) == [("paspoort", 2, None, "", "")]  # verhuizing was not saved either


@pytest.mark.parametrize("version", ["", "abc", "-1", "0", "1" * 50])
def test_a_missing_or_junk_version_is_refused(client, editor, measurement, version):
    client.force_login(editor)
    data = entry_form(client, paspoort={"level": "3"})
    data["version"] = version
    response = client.post(PAGE, data)
    assert response.status_code in (400, 409)
    assert saved(measurement) == []


def test_a_partial_post_touches_only_the_rows_it_names(client, editor, measurement):
    service.save_scores(measurement, editor, 1, {"paspoort": {"level": 2}, "verhuizing": {"level": 3}})
    client.force_login(editor)
    response = client.post(PAGE, {"version": "2", "p-paspoort-level": "4", "p-onbekend-level": "5", "junk": "x"})
    assert response.status_code == 302
    assert [(p, lv) for p, lv, *_ in saved(measurement)] == [("paspoort", 4), ("verhuizing", 3)]


def test_a_stale_version_is_refused_and_the_input_is_kept(client, editor, admin_user, measurement):
    client.force_login(editor)
    mine = entry_form(client, paspoort={"level": "5", "volume": "777"})
    client.force_login(admin_user)
    assert client.post(PAGE, entry_form(client, paspoort={"level": "2"})).status_code == 302
    client.force_login(editor)
    response = client.post(PAGE, mine)
    assert response.status_code == 409
    page = text(response)
    assert "Iemand anders heeft deze meting gewijzigd nadat u haar opende; er is niets opgeslagen." in page
    assert "Intussen gewijzigd door anderen" in page and "Beheer" in page
    again = form_data(response.content.decode(), "version")
    assert (again["p-paspoort-level"], again["p-paspoort-volume"]) == ("5", "777")  # the user's input
    assert again["version"] == "2"  # saving again is a conscious choice over the current version
    assert saved(measurement) == [("paspoort", 2, None, "", "")]
    assert client.post(PAGE, post_data(again)).status_code == 302
    assert saved(measurement) == [("paspoort", 5, 777, "", "")]


# CSV template and import --------------------------------------------------------------------------------------


def test_template_download_fill_and_import_gives_the_same_as_the_form(client, org, editor, measurement):
    client.force_login(editor)
    changes = levels(**LEVELS)
    changes["verhuizing"] |= {
        "volume": "2.000",
        "volume_source": "zaaksysteem",
        "offered_authentication": "digid-basis",
    }
    client.post(PAGE, entry_form(client, **changes))
    by_form = section(client.get(PAGE), "indices")
    template = client.get(TEMPLATE)
    assert template["Content-Disposition"] == f'attachment; filename="digitalisering-{ORG}-2090.csv"'
    # The same values imported into a new measurement of another year.
    service.start_measurement(org, 2091, editor, inhabitants=10_000, inhabitants_source="BRP")
    response = client.post(BASE + "2091/importeren/", upload(template.content, version=1))
    assert response.status_code == 302
    follow = client.get(BASE + "2091/")
    assert "Het bestand is ingelezen: 6 product(en) gewijzigd, 0 ongewijzigd." in text(follow)
    assert section(follow, "indices") == by_form
    assert saved(ProductMeasurement.objects.get(year=2091)) == saved(measurement)


def test_an_empty_template_filled_in_sets_the_levels(client, editor, measurement):
    client.force_login(editor)
    lines = client.get(TEMPLATE).content.decode("utf-8-sig").split("\r\n")
    # The last two columns are digitaal_niveau and inlog_nu, both empty: ";;" becomes ";<level>;".
    filled = [lines[0]] + [line[:-1] + f"{LEVELS[line.split(';')[0]]};" for line in lines[1:] if line]
    data = ("\ufeff" + "\r\n".join(filled) + "\r\n").encode("utf-8")
    assert client.post(IMPORT, upload(data, version=1)).status_code == 302
    assert "Alle producten 50,0% 43,2%" in section(client.get(PAGE), "indices")


@pytest.mark.parametrize(
    "lines, message",
    [
        (["paspoort;;;;;;7;"], "Regel 2, kolom digitaal_niveau: Digitaal niveau 7 bestaat niet"),
        (["paspoort;;;;-3;;3;"], "Regel 2, kolom aantal_per_jaar: Het aantal per jaar kan niet negatief zijn."),
        (["paspoort;;;;veel;;3;"], "Regel 2, kolom aantal_per_jaar: 'veel' is geen getal."),
        (
            ["niet-bestaand;;;;;;3;"],
            "Regel 2, kolom product_id: Product 'niet-bestaand' staat niet in de productlijst.",
        ),
        (["paspoort;;;;;;3;digid-super"], "Regel 2, kolom inlog_nu: Inlog 'digid-super' bestaat niet"),
    ],
)
def test_a_bad_file_lists_dutch_messages_and_changes_nothing(client, editor, measurement, lines, message):
    service.save_scores(measurement, editor, 1, {"verhuizing": {"level": 2}})
    client.force_login(editor)
    data = ("\ufeff" + "\r\n".join([HEADER, "verhuizing;;;;;;4;", *lines]) + "\r\n").encode("utf-8")
    response = client.post(IMPORT, upload(data))
    assert response.status_code == 400
    page = text(response)
    assert "Niet ingelezen: er is niets gewijzigd" in page
    assert message.replace("Regel 2", "Regel 3") in page
    assert saved(measurement) == [("verhuizing", 2, None, "", "")]


@pytest.mark.parametrize(
    "data, message",
    [
        ("paspoort,3".encode("utf-16"), "CSV UTF-8"),
        (b"product|niveau\r\npaspoort|3\r\n", "Regel 1: De eerste regel moet de kolomnamen"),
        (b"\x00\x01\x02binary", "geen tekstbestand"),
        (b"x" * (product_csv.MAX_BYTES + 1), "groter dan 1 MB"),
    ],
)
def test_a_file_that_is_no_template_is_refused(client, editor, measurement, data, message):
    client.force_login(editor)
    response = client.post(IMPORT, upload(data, version=1))
    assert response.status_code == 400
    assert message in text(response)
    assert saved(measurement) == []


@pytest.mark.parametrize(
    "posted",
    [{}, {"version": "1"}, {"version": "x", "file": "niet een bestand"}, {"version": "1", "file": "tekst"}],
)
def test_an_import_without_a_file_is_refused(client, editor, measurement, posted):
    client.force_login(editor)
    response = client.post(IMPORT, posted)
    assert response.status_code == 400
    assert "Controleer de invoer" in text(response)


def test_a_stale_import_is_refused(client, editor, measurement):
    service.save_scores(measurement, editor, 1, {"paspoort": {"level": 1}})
    client.force_login(editor)
    data = ("\ufeff" + HEADER + "\r\npaspoort;;;;;;4;\r\n").encode("utf-8")
    response = client.post(IMPORT, upload(data, version=1))
    assert response.status_code == 409
    assert "Iemand anders heeft deze meting gewijzigd; er is niets ingelezen." in text(response)
    assert saved(measurement) == [("paspoort", 1, None, "", "")]


# Inhabitants and note -----------------------------------------------------------------------------------------


def test_changing_the_inhabitants_moves_the_estimates(client, editor, measurement):
    client.force_login(editor)
    data = post_data(form_data(client.get(SETTINGS).content.decode(), "inhabitants"))
    assert data["inhabitants"] == "10.000"
    data.update(inhabitants="20.000", inhabitants_source="BRP 1 januari 2091", note="Gemeten in maart.")
    assert client.post(SETTINGS, data).status_code == 302
    response = client.get(PAGE)
    assert "Inwoners 20.000 (herkomst: BRP 1 januari 2091)" in text(response)
    assert "schatting: 1.000 (schatting)" in section(response, "row-paspoort")  # 50 per 1,000 × 20,000
    data["inhabitants"] = "0"
    response = client.post(SETTINGS, data)
    assert response.status_code in (400, 409)
    data.update(inhabitants="30000", inhabitants_source="", version="3")
    response = client.post(SETTINGS, data)
    assert response.status_code == 400 and "Vermeld waar het aantal inwoners vandaan komt." in text(response)
    assert ProductMeasurement.objects.get(pk=measurement.pk).inhabitants == 20_000


def test_changing_the_inhabitants_with_a_stale_version_is_refused(client, editor, measurement):
    client.force_login(editor)
    data = post_data(form_data(client.get(SETTINGS).content.decode(), "inhabitants"))
    service.update_measurement(measurement, editor, 1, 12_000, "BRP", "")
    data["inhabitants"] = "15000"
    response = client.post(SETTINGS, data)
    assert response.status_code == 409
    assert "Iemand anders heeft deze meting gewijzigd" in text(response)
    assert form_data(response.content.decode(), "inhabitants")["inhabitants"] == "15000"
    assert ProductMeasurement.objects.get(pk=measurement.pk).inhabitants == 12_000


# Who may do what ----------------------------------------------------------------------------------------------

READ = [BASE, PAGE, TEMPLATE]
WRITE = [BASE, PAGE, IMPORT, SETTINGS]


@pytest.mark.parametrize("url", sorted(set(READ + WRITE)))
def test_another_organisation_gets_404(client, outsider, measurement, url):
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert client.post(url, {"version": "1", "year": "2091", "p-paspoort-level": "5"}).status_code == 404
    assert saved(measurement) == [] and ProductMeasurement.objects.count() == 1


@pytest.mark.parametrize("url", sorted(set(READ + WRITE)))
def test_anonymous_visitors_get_a_login_link(client, measurement, url):
    for method in (client.get, client.post):
        assert method(url).status_code == 403
    assert "/account/inloggen/?next=" in client.get(url).content.decode()


def test_a_reader_reads_but_changes_nothing(client, editor, reader, measurement):
    service.save_scores(measurement, editor, 1, {"paspoort": {"level": 2, "volume": 900}})
    client.force_login(reader)
    for url in READ:
        assert client.get(url).status_code == 200, url
    page = client.get(PAGE)
    html = page.content.decode()
    assert 'name="p-paspoort-level"' not in html and "CSV-sjabloon inlezen" not in html
    assert "Paspoort inwoners geen inlog 2 – online formulier 900 eigen opgave" in section(page, "row-paspoort")
    for url in (IMPORT, SETTINGS):
        assert client.get(url).status_code == 403
    assert client.post(PAGE, {"version": "2", "p-paspoort-level": "5"}).status_code == 403
    assert client.post(BASE, {"year": "2091", "inhabitants": "1000"}).status_code == 403
    data = ("\ufeff" + HEADER + "\r\npaspoort;;;;;;5;\r\n").encode("utf-8")
    assert client.post(IMPORT, upload(data)).status_code == 403
    assert client.post(SETTINGS, {"inhabitants": "5", "inhabitants_source": "x", "version": "2"}).status_code == 403
    assert saved(measurement) == [("paspoort", 2, 900, "", "")]
    assert ProductMeasurement.objects.get(pk=measurement.pk).inhabitants == 10_000


def test_a_year_without_a_measurement_is_404(client, editor, measurement):
    client.force_login(editor)
    for url in (BASE + "2091/", BASE + "2091/sjabloon.csv", BASE + "2091/importeren/", BASE + "2091/gegevens/"):
        assert client.get(url).status_code == 404
    assert client.get(BASE + "99999999999999999999/").status_code == 404
