"""Product digitalisation: the service (start, scores, inhabitants, history, versions) and the CSV template and
import, on the synthetic product list (tests/data/README.md): for 10,000 inhabitants geboorteaangifte 100,
paspoort 500, verhuizing 1,000, parkeervergunning 400, evenementenvergunning 20 (businesses) and grofvuil 200
requests a year."""

from decimal import Decimal

import pytest

from modelgemeente.maturity import product_csv, readings
from modelgemeente.maturity.models import MaturityChange, ProductMeasurement, ProductScore
from modelgemeente.maturity.services import digitalisation as service
from modelgemeente.maturity.services.history import StaleVersion

HEADER = "product_id;product;doelgroep;inlog_nodig;aantal_per_jaar;herkomst_aantal;digitaal_niveau;inlog_nu"
# The levels of the worked example: 4, 1, 3, 2, 5, 0.
LEVELS = {
    "geboorteaangifte": 4,
    "paspoort": 1,
    "verhuizing": 3,
    "parkeervergunning": 2,
    "evenementenvergunning": 5,
    "grofvuil": 0,
}


def row(level=None, volume=None, volume_source="", offered=""):
    return {"level": level, "volume": volume, "volume_source": volume_source, "offered_authentication": offered}


@pytest.fixture
def measurement(org, editor):
    return service.start_measurement(org, 2090, editor, inhabitants=10_000, inhabitants_source="BRP 1 januari 2090")


def scored(measurement, editor, levels=LEVELS, **extra):
    rows = {pid: row(level) for pid, level in levels.items()} | extra
    return service.save_scores(measurement, editor, measurement.version, rows)


def result(measurement):
    return readings.measurement_result(ProductMeasurement.objects.get(pk=measurement.pk))


def csv_bytes(*lines, header=HEADER, bom=True) -> bytes:
    text = "\r\n".join([header, *lines]) + "\r\n"
    return (("\ufeff" if bom else "") + text).encode("utf-8")


# Starting a measurement ---------------------------------------------------------------------------------------


def test_inhabitants_default_to_the_cbs_list_with_its_source(org, editor):
    # org: Aa en Hunze (GM1680), 25.845 inhabitants in data/municipalities/gemeenten.yaml.
    m = service.start_measurement(org, 2091, editor)
    assert m.inhabitants == 25_845
    assert m.inhabitants_source.startswith("Aa en Hunze: CBS StatLine")
    assert "peildatum 1 januari 2024" in m.inhabitants_source
    change = MaturityChange.objects.get(subject="meting", subject_id=m.pk)
    assert change.user == editor and change.version == 1


def test_without_a_cbs_municipality_the_inhabitants_are_required(other_org, outsider):
    with pytest.raises(service.MeasurementError, match="Vul het aantal inwoners in"):
        service.start_measurement(other_org, 2090, outsider)
    m = service.start_measurement(other_org, 2090, outsider, inhabitants=1234)
    assert (m.inhabitants, m.inhabitants_source) == (1234, "opgegeven door de gemeente")


def test_one_measurement_per_year_and_a_sane_year(org, editor, measurement):
    with pytest.raises(service.MeasurementError, match="al een meting"):
        service.start_measurement(org, 2090, editor, inhabitants=5)
    for year in (1999, 2101, "2090", None, True):
        with pytest.raises(service.MeasurementError, match="Kies een jaar"):
            service.start_measurement(org, year, editor, inhabitants=5)
    for inhabitants in (0, -5, 30_000_000, "10000", 1.5):
        with pytest.raises(service.MeasurementError, match="inwoners"):
            service.start_measurement(org, 2095, editor, inhabitants=inhabitants)
    assert ProductMeasurement.objects.filter(organisation=org).count() == 1


# Both indices, by hand ----------------------------------------------------------------------------------------


def test_both_indices_by_hand(measurement, editor):
    scored(measurement, editor)
    found = result(measurement)
    # Unweighted: (4 + 1 + 3 + 2 + 5 + 0) / (6 × 5) = 15 / 30.
    assert found.unweighted == Decimal("0.5")
    # Weighted: (100×4 + 500×1 + 1000×3 + 400×2 + 20×5 + 200×0) / (2220 × 5) = 4800 / 11100.
    assert found.weighted == Decimal(4800) / Decimal(11100)
    assert round(found.weighted * 100, 1) == Decimal("43.2")
    assert (found.assessed, found.not_assessed, found.total_volume) == (6, 0, Decimal(2220))


def test_per_audience(measurement, editor):
    scored(measurement, editor)
    rows = readings.product_rows(ProductMeasurement.objects.get(pk=measurement.pk))
    per = service.audience_results(rows)
    # Residents: levels 4, 1, 3, 2, 0 → 10 / 25; weighted 4700 / (2200 × 5).
    assert per["inwoners"].unweighted == Decimal("0.4")
    assert per["inwoners"].weighted == Decimal(4700) / Decimal(11000)
    assert per["bedrijven"].unweighted == per["bedrijven"].weighted == Decimal(1)


def test_own_volume_overrides_the_estimate(measurement, editor):
    scored(measurement, editor, verhuizing=row(3, 2000, "zaaksysteem 2089"))
    found = result(measurement)
    # Total 2220 - 1000 + 2000 = 3220; weighted (4800 - 3000 + 6000) / (3220 × 5) = 7800 / 16100.
    assert found.weighted == Decimal(7800) / Decimal(16100)
    assert found.unweighted == Decimal("0.5")  # the count does not change
    score = ProductScore.objects.get(measurement=measurement, product="verhuizing")
    assert (score.volume, score.volume_source) == (2000, "zaaksysteem 2089")


def test_unassessed_products_do_not_count(measurement, editor):
    scored(measurement, editor, levels={"paspoort": 1, "verhuizing": 3})
    found = result(measurement)
    assert found.unweighted == Decimal(4) / Decimal(10)
    assert found.weighted == Decimal(500 + 3000) / Decimal(1500 * 5)
    assert (found.assessed, found.not_assessed) == (2, 4)


def test_ranking_by_volume_times_remaining_levels(measurement, editor):
    scored(measurement, editor)
    ranking = result(measurement).ranking
    # paspoort 500×4 = 2000 and verhuizing 1000×2 = 2000 (tie: by id), parkeervergunning 400×3, grofvuil 200×5,
    # geboorteaangifte 100×1; evenementenvergunning is at the top level.
    assert [(i.id, i.score) for i in ranking] == [
        ("paspoort", 2000),
        ("verhuizing", 2000),
        ("parkeervergunning", 1200),
        ("grofvuil", 1000),
        ("geboorteaangifte", 100),
    ]
    assert ranking[1].gain_per_step == Decimal(1000) / Decimal(11100)


# Saving: checks, history, versions ----------------------------------------------------------------------------


def test_save_records_the_facts_and_raises_the_version(measurement, editor):
    scored(measurement, editor, levels={"paspoort": 3})
    assert measurement.version == 2
    change = MaturityChange.objects.filter(subject="meting", subject_id=measurement.pk).first()
    assert change.details == [{"product": "paspoort", "field": "level", "from": None, "to": 3}]
    # Saving the same again changes nothing and records nothing.
    scored(measurement, editor, levels={"paspoort": 3})
    assert measurement.version == 2
    assert MaturityChange.objects.filter(subject="meting", subject_id=measurement.pk).count() == 2


def test_a_field_left_out_keeps_its_value_and_an_empty_row_removes_the_score(measurement, editor):
    service.save_scores(measurement, editor, 1, {"paspoort": row(3, 700, "eigen telling", "digid-midden")})
    service.save_scores(measurement, editor, 2, {"paspoort": {"level": 4}})
    score = ProductScore.objects.get(measurement=measurement, product="paspoort")
    assert (score.level, score.volume, score.offered_authentication) == (4, 700, "digid-midden")
    service.save_scores(measurement, editor, 3, {"paspoort": row()})
    assert not ProductScore.objects.filter(measurement=measurement).exists()


@pytest.mark.parametrize(
    "rows, message",
    [
        ({"onbekend": row(3)}, "staat niet in de productlijst"),
        ({"paspoort": row(7)}, "Digitaal niveau 7 bestaat niet"),
        ({"paspoort": row(-1)}, "Digitaal niveau -1 bestaat niet"),
        ({"paspoort": row("3")}, "getal van 0 tot en met 5"),
        ({"paspoort": row(True)}, "getal van 0 tot en met 5"),
        ({"paspoort": row(3, -10)}, "niet negatief"),
        ({"paspoort": row(3, "veel")}, "geheel getal"),
        ({"paspoort": row(3, 2.5)}, "geheel getal"),
        ({"paspoort": row(3, 10**12)}, "hoogstens"),
        ({"paspoort": row(3, None, "x" * 501)}, "te lang"),
        ({"paspoort": row(3, None, "nul\x00")}, "ongeldig teken"),
        ({"paspoort": row(3, None, "", "digid-super")}, "bestaat niet"),
        ({"paspoort": {"niveau": 3}}, "Onbekend veld"),
        ({"paspoort": [3]}, "Geef per product"),
        (["paspoort"], "Geef de scores"),
    ],
)
def test_bad_scores_are_refused_and_nothing_changes(measurement, editor, rows, message):
    scored(measurement, editor, levels={"verhuizing": 2})
    with pytest.raises(service.MeasurementError, match=message):
        service.save_scores(measurement, editor, measurement.version, rows)
    assert list(ProductScore.objects.filter(measurement=measurement).values_list("product", "level")) == [
        ("verhuizing", 2)
    ]
    assert ProductMeasurement.objects.get(pk=measurement.pk).version == 2


@pytest.mark.parametrize("version", [None, 0, 2**40, "2", True])
def test_a_junk_version_is_refused(measurement, editor, version):
    for call in (
        lambda: service.save_scores(measurement, editor, version, {"paspoort": row(3)}),
        lambda: service.import_csv(measurement, editor, version, csv_bytes("paspoort;;;;;;3;")),
        lambda: service.update_measurement(measurement, editor, version, 5, "BRP", ""),
    ):
        with pytest.raises(service.MeasurementError, match="versie"):
            call()
    assert not ProductScore.objects.exists()
    assert ProductMeasurement.objects.get(pk=measurement.pk).inhabitants == 10_000


def test_a_product_that_left_the_list_keeps_its_score(measurement, editor):
    ProductScore.objects.create(measurement=measurement, product="oud-product", level=2, volume=300)
    service.save_scores(measurement, editor, 1, {"oud-product": {"level": 4}})
    rows = readings.product_rows(ProductMeasurement.objects.get(pk=measurement.pk))
    assert rows[-1].product_id == "oud-product" and rows[-1].product is None
    assert (rows[-1].level, rows[-1].volume) == (4, Decimal(300))


def test_a_stale_version_is_refused(measurement, editor, admin_user):
    scored(measurement, editor, levels={"paspoort": 3})
    with pytest.raises(StaleVersion) as error:
        service.save_scores(measurement, admin_user, 1, {"paspoort": row(5)})
    assert [c.version for c in error.value.changes] == [2]
    assert ProductScore.objects.get(measurement=measurement, product="paspoort").level == 3


def test_update_measurement(measurement, editor):
    service.update_measurement(measurement, editor, 1, 20_000, "BRP 2090", "Gemeten in maart.")
    m = ProductMeasurement.objects.get(pk=measurement.pk)
    assert (m.inhabitants, m.inhabitants_source, m.note, m.version) == (20_000, "BRP 2090", "Gemeten in maart.", 2)
    # The estimates follow the inhabitants: paspoort 50 per 1,000 → 1,000 for 20,000.
    assert readings.product_rows(m)[1].volume == Decimal(1000)
    with pytest.raises(service.MeasurementError, match="vandaan komt"):
        service.update_measurement(m, editor, 2, 20_000, "  ", "")
    with pytest.raises(StaleVersion):
        service.update_measurement(m, editor, 1, 30_000, "BRP", "")


def test_mismatch_texts_are_plain_dutch():
    assert service.mismatch_text("too_low", "digid-midden", "digid-basis") == (
        "Vraagt DigiD basis, terwijl DigiD midden nodig is: het betrouwbaarheidsniveau is te laag."
    )
    assert "geen inlog nodig" in service.mismatch_text("not_needed", "geen", "digid-basis")
    assert "verkeerde inlogmiddel" in service.mismatch_text("wrong_means", "eherkenning-eh2plus", "digid-midden")
    assert service.mismatch_text("wrong_means", "digid-midden", "geen").startswith("Vraagt geen inlog")
    assert "hoger dan nodig" in service.mismatch_text("higher_than_needed", "digid-basis", "digid-midden")


# The CSV template and import ----------------------------------------------------------------------------------


def test_the_template_is_dutch_excel_csv_prefilled_with_the_saved_values(measurement, editor):
    service.save_scores(measurement, editor, 1, {"verhuizing": row(3, 1500, "=zaaksysteem", "digid-basis")})
    data = service.csv_template(measurement)
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[0] == HEADER
    assert lines[1] == "geboorteaangifte;Geboorteaangifte;inwoners;digid-midden;;;;"
    # Text that a spreadsheet would take for a formula gets a leading quote.
    assert lines[3] == "verhuizing;Verhuizing doorgeven;inwoners;digid-midden;1500;'=zaaksysteem;3;digid-basis"
    assert len([line for line in lines if line]) == 7


def test_template_round_trip_gives_the_same_as_the_form(org, editor, measurement):
    form_rows = {
        "paspoort": row(2, None, "", "geen"),
        "verhuizing": row(3, 1500, "=zaaksysteem", "digid-basis"),
        "evenementenvergunning": row(5, 25, "telling 2089", "eherkenning-eh3"),
    }
    service.save_scores(measurement, editor, 1, form_rows)
    other = service.start_measurement(org, 2091, editor, inhabitants=10_000, inhabitants_source="BRP")
    outcome = service.import_csv(other, editor, 1, service.csv_template(measurement))
    assert (outcome.changed, outcome.unchanged) == (3, 3)
    saved = lambda m: list(  # noqa: E731
        ProductScore.objects.filter(measurement=m).values_list(
            "product", "level", "volume", "volume_source", "offered_authentication"
        )
    )
    assert saved(other) == saved(measurement)
    assert result(other) == result(measurement)
    # Importing the same file again changes nothing.
    again = service.import_csv(other, editor, 2, service.csv_template(measurement))
    assert (again.changed, again.unchanged) == (0, 6)


def test_a_filled_template_sets_the_values(measurement, editor):
    data = csv_bytes(
        "geboorteaangifte;Geboorteaangifte;inwoners;digid-midden;;;4;",
        "paspoort;;;;;;1;",
        "verhuizing;;;;1.000;telling;3;DigiD midden",
        "parkeervergunning;;;;;;2;",
        "evenementenvergunning;;;;;;5;",
        "grofvuil;;;;;;0;",
    )
    assert service.import_csv(measurement, editor, 1, data) == service.ImportResult(changed=6, unchanged=0)
    found = result(measurement)
    assert found.weighted == Decimal(4800) / Decimal(11100)
    score = ProductScore.objects.get(measurement=measurement, product="verhuizing")
    assert (score.volume, score.offered_authentication) == (1000, "digid-midden")


@pytest.mark.parametrize(
    "data, expected",
    [
        (csv_bytes("paspoort;;;;;;7;"), [(2, "digitaal_niveau", "Digitaal niveau 7 bestaat niet")]),
        (csv_bytes("paspoort;;;;-5;;3;"), [(2, "aantal_per_jaar", "niet negatief")]),
        (csv_bytes("paspoort;;;;veel;;3;"), [(2, "aantal_per_jaar", "'veel' is geen getal")]),
        (csv_bytes("paspoort;;;;12,5;;3;"), [(2, "aantal_per_jaar", "geheel getal")]),
        (csv_bytes("paspoort;;;;;;drie;"), [(2, "digitaal_niveau", "'drie' is geen getal")]),
        (csv_bytes("paspoort;;;;;;3;digid-super"), [(2, "inlog_nu", "Inlog 'digid-super' bestaat niet")]),
        (csv_bytes("onbekend;;;;;;3;"), [(2, "product_id", "'onbekend' staat niet in de productlijst")]),
        (csv_bytes(";Paspoort;;;;;3;"), [(2, "product_id", "product_id ontbreekt")]),
        (
            csv_bytes("paspoort;;;;;;3;", "", "paspoort;;;;;;4;"),
            [(4, "product_id", "al op regel 2")],
        ),
        (
            csv_bytes("paspoort;;;;;;9;", "verhuizing;;;;-1;;3;"),
            [(2, "digitaal_niveau", "niveau 9"), (3, "aantal_per_jaar", "negatief")],
        ),
        (csv_bytes("paspoort|||||3|", header=HEADER.replace(";", "|")), [(1, "", "kolomnamen van het sjabloon")]),
        (csv_bytes("paspoort;3", header="product;niveau"), [(1, "", "kolomnamen van het sjabloon")]),
        (csv_bytes(header=HEADER + ";product_id"), [(1, "product_id", "twee keer")]),
        (csv_bytes(), [(0, "", "geen producten")]),
        (b"", [(0, "", "leeg")]),
        (("\ufeff" + HEADER + "\r\npaspoort;;;;;;3;\r\n").encode("utf-16"), [(0, "", "CSV UTF-8")]),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", [(0, "", "geen tekstbestand")]),
        (b"x" * (product_csv.MAX_BYTES + 1), [(0, "", "groter dan 1 MB")]),
    ],
)
def test_every_bad_file_gives_its_message_and_changes_nothing(measurement, editor, data, expected):
    scored(measurement, editor, levels={"paspoort": 1})
    with pytest.raises(service.CsvImportErrors) as error:
        service.import_csv(measurement, editor, measurement.version, data)
    found = error.value.errors
    assert len(found) == len(expected), found
    for (line, column, message), (want_line, want_column, want) in zip(found, expected, strict=True):
        assert (line, column) == (want_line, want_column)
        assert want in message, message
    assert list(ProductScore.objects.filter(measurement=measurement).values_list("product", "level")) == [
        ("paspoort", 1)
    ]
    assert ProductMeasurement.objects.get(pk=measurement.pk).version == 2


def test_excel_variants_are_read(measurement, editor):
    # Windows-1252 (Dutch Excel's plain CSV), comma-separated (an English Excel), no BOM, columns in another order.
    latin = "product_id;aantal_per_jaar;herkomst_aantal;digitaal_niveau;inlog_nu\r\npaspoort;10;telling één;2;\r\n"
    assert service.import_csv(measurement, editor, 1, latin.encode("cp1252")).changed == 1
    assert ProductScore.objects.get(product="paspoort").volume_source == "telling één"
    comma = csv_bytes('verhuizing,,,,"1.000",,3,', header=HEADER.replace(";", ","), bom=False)
    assert service.import_csv(measurement, editor, 2, comma).changed == 1
    assert ProductScore.objects.get(product="verhuizing").volume == 1000


def test_many_errors_are_capped(measurement, editor):
    data = csv_bytes(*[f"onbekend-{i};;;;;;3;" for i in range(80)])
    with pytest.raises(service.CsvImportErrors) as error:
        service.import_csv(measurement, editor, 1, data)
    assert len(error.value.errors) == product_csv.MAX_MESSAGES + 1
    assert error.value.errors[-1] == (0, "", "En nog 30 fouten.")


def test_a_stale_import_is_refused(measurement, editor):
    scored(measurement, editor, levels={"paspoort": 1})
    with pytest.raises(StaleVersion):
        service.import_csv(measurement, editor, 1, csv_bytes("paspoort;;;;;;4;"))
    assert ProductScore.objects.get(product="paspoort").level == 1


def test_the_product_list_as_csv():
    lines = product_csv.list_csv().decode("utf-8-sig").split("\r\n")
    assert lines[0] == "Testproductlijst"
    assert lines[1] == "Testbron, versie test-1, peildatum 1 januari 2090, CC0 1.0"
    assert lines[3].startswith("product_id;Product;UPL-naam;UPL-URI;Doelgroep;Inlog nodig;Herkomst inlog")
    assert lines[4] == (
        "geboorteaangifte;Geboorteaangifte;geboorteaangifte;http://standaarden.overheid.nl/owms/terms/geboorteaangifte;"
        "inwoners;DigiD midden;aanname;Aanname voor de test.;10;schatting;Rond getal voor de test.;nee"
    )
