"""Every number a user types into a plan is read as a Dutch user means it ("30.385", "16,5",
"€ 5.000,-"), an ambiguous one ("16.5") is refused with a clear message and saves nothing, and
the forms show saved numbers back in Dutch notation, which saves again unchanged.

On the synthetic edition: the shared `plan` fixture (2091-2094) and plans created on `test_edition`."""

from decimal import Decimal
from html import unescape

import pytest

from modelgemeente.plans import changes
from modelgemeente.plans.models import Plan

from ..factories import line
from ..html_forms import form_data, post_data
from .test_editing import DASHBOARD, url

pytestmark = pytest.mark.django_db

AMBIGUOUS = "Gebruik een komma voor decimalen (16,5) en een punt alleen voor duizendtallen (30.385)."


def create_plan(client, edition, org, **typed):
    return client.post(
        f"/organisaties/{org.slug}/plannen/nieuw/",
        {
            "title": "ICT-plan 2091",
            "edition": edition.pk,
            "municipality": "",
            "start_year": "2091",
            "horizon": "4",
            **typed,
        },
    )


@pytest.mark.parametrize("typed", ["30.385", "30385", " 30.385 ", "30\u00a0385"])
def test_inhabitants_typed_with_a_thousands_point_make_a_plan_of_that_size(client, test_edition, org, editor, typed):
    client.force_login(editor)
    response = create_plan(client, test_edition, org, inhabitants=typed, employees="1.234")
    assert response.status_code == 302
    plan = org.plans.get()
    assert (plan.inhabitants, plan.employees, plan.start_year) == (30385, 1234, 2091)


@pytest.mark.parametrize(
    "typed, message",
    [
        ("30.38", AMBIGUOUS),
        ("30,385", "Vul een geheel getal in. Duizendtallen scheidt u met een punt (30.385), niet met een komma."),
        ("dertigduizend", "Vul een getal in, bijvoorbeeld 30.385 of 16,5."),
    ],
)
def test_inhabitants_that_could_be_misread_make_no_plan(client, test_edition, org, editor, typed, message):
    client.force_login(editor)
    response = create_plan(client, test_edition, org, inhabitants=typed)
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert message in html
    assert f'value="{typed}"' in html  # shown back as typed, to correct
    assert not Plan.objects.exists()


def lines(plan):
    tool = line(plan.edition, f"{DASHBOARD}/dashboard-licenties")  # money
    beheer = line(plan.edition, f"{DASHBOARD}/dashboard-beheer")  # capacity
    return tool, beheer


def development_form(client, plan):
    return form_data(client.get(url(plan, f"ontwikkeling/{DASHBOARD}/")).content.decode(), "action")


@pytest.mark.parametrize(
    "typed, amount",
    [
        ("45.000", Decimal(45000)),
        ("€ 5.000", Decimal(5000)),
        ("€5.000,-", Decimal(5000)),
        ("1.234,50", Decimal("1234.50")),
        ("12000", Decimal(12000)),
    ],
)
def test_an_own_amount_is_saved_as_the_user_meant_it(client, plan, editor, typed, amount):
    client.force_login(editor)
    tool, _beheer = lines(plan)
    response = client.post(
        url(plan, f"ontwikkeling/{DASHBOARD}/"),
        post_data(development_form(client, plan)) | {f"l{tool.pk}-own": typed, f"l{tool.pk}-reason": "Offerte"},
    )
    assert response.status_code == 302
    assert plan.adjustments.get(budget_line=tool).amount == amount


def test_own_hours_with_a_decimal_comma(client, plan, editor):
    client.force_login(editor)
    _tool, beheer = lines(plan)
    response = client.post(
        url(plan, f"ontwikkeling/{DASHBOARD}/"),
        post_data(development_form(client, plan))
        | {f"l{beheer.pk}-own": "16,5", f"l{beheer.pk}-reason": "Iets meer dan een halve rol"},
    )
    assert response.status_code == 302
    assert plan.adjustments.get(budget_line=beheer).hours_per_week == Decimal("16.5")
    assert "eigen uren per week: (leeg) → 16,5" in changes.lines(plan.changes.first())[0]


@pytest.mark.parametrize(
    "typed, message",
    [
        ("16.5", AMBIGUOUS),
        (
            "1,234.50",
            "Dit lijkt Engelse notatie. Gebruik een punt voor duizendtallen en een komma voor decimalen, "
            "bijvoorbeeld 1.234,50.",
        ),
    ],
)
def test_an_ambiguous_own_figure_is_refused_and_nothing_is_saved(client, plan, editor, typed, message):
    client.force_login(editor)
    _tool, beheer = lines(plan)
    response = client.post(
        url(plan, f"ontwikkeling/{DASHBOARD}/"),
        post_data(development_form(client, plan)) | {f"l{beheer.pk}-own": typed, f"l{beheer.pk}-reason": "Halve rol"},
    )
    assert response.status_code == 400
    assert message in unescape(response.content.decode())
    assert form_data(response.content.decode(), "action")[f"l{beheer.pk}-own"] == typed
    plan.refresh_from_db()
    assert plan.version == 1 and not plan.adjustments.exists() and plan.changes.count() == 1


def test_the_development_page_shows_own_figures_in_dutch_notation(client, plan, editor):
    client.force_login(editor)
    tool, beheer = lines(plan)
    client.post(
        url(plan, f"ontwikkeling/{DASHBOARD}/"),
        post_data(development_form(client, plan))
        | {
            f"l{tool.pk}-own": "45000",
            f"l{tool.pk}-reason": "Offerte",
            f"l{beheer.pk}-own": "16,5",
            f"l{beheer.pk}-reason": "Iets meer",
        },
    )
    shown = development_form(client, plan)
    assert (shown[f"l{tool.pk}-own"], shown[f"l{tool.pk}-price_year"]) == ("45.000", "2091")
    assert shown[f"l{beheer.pk}-own"] == "16,5"
    # Saving the page as shown changes nothing.
    client.post(url(plan, f"ontwikkeling/{DASHBOARD}/"), post_data(shown))
    plan.refresh_from_db()
    assert plan.version == 2


def test_an_own_line_in_euros_and_hours(client, plan, editor):
    client.force_login(editor)
    add = form_data(client.get(url(plan, f"ontwikkeling/{DASHBOARD}/")).content.decode(), "extra-description")
    assert add["extra-price_year"] == "2091"
    response = client.post(
        url(plan, f"ontwikkeling/{DASHBOARD}/"),
        post_data(add) | {"extra-description": "Klantpanel", "extra-amount": "€ 2.400,-", "extra-reason": "Offerte"},
    )
    assert response.status_code == 302
    response = client.post(
        url(plan, f"ontwikkeling/{DASHBOARD}/"),
        post_data(add)
        | {
            "extra-description": "Analist",
            "extra-amount": "",
            "extra-hours_per_week": "4,5",
            "extra-salary_scale": "10",
            "extra-reason": "Een dagdeel",
        },
    )
    assert response.status_code == 302
    assert {(e.description, e.amount, e.hours_per_week) for e in plan.extra_lines.all()} == {
        ("Klantpanel", Decimal(2400), None),
        ("Analist", None, Decimal("4.5")),
    }


def settings_form(client, plan):
    return form_data(client.get(url(plan, "uitgangspunten/")).content.decode(), "inhabitants")


def test_the_settings_page_reads_dutch_numbers_and_shows_them_back(client, plan, editor):
    client.force_login(editor)
    response = client.post(
        url(plan, "uitgangspunten/"),
        post_data(settings_form(client, plan))
        | {
            "inhabitants": "30.385",
            "hours_per_fte": "36,5",
            "wage_index_percent": "-0,5",
            "price_index_percent": "2,75",
            "scale_10": "€ 95.000,50",
        },
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.inhabitants, plan.hours_per_fte, plan.wage_index_percent, plan.price_index_percent) == (
        30385,
        Decimal("36.5"),
        Decimal("-0.5"),
        Decimal("2.75"),
    )
    assert plan.salary_overrides == {"10": "95000.50"}

    shown = settings_form(client, plan)
    assert (shown["inhabitants"], shown["hours_per_fte"], shown["wage_index_percent"], shown["scale_10"]) == (
        "30.385",
        "36,5",
        "-0,5",
        "95.000,5",
    )
    assert shown["start_year"] == "2091"  # a year has no thousands point
    # What the page shows is read back as the same values: saving it again changes nothing.
    response = client.post(url(plan, "uitgangspunten/"), post_data(shown))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.version == 2


def test_settings_refuse_an_ambiguous_number_and_keep_the_plan(client, plan, editor):
    client.force_login(editor)
    response = client.post(
        url(plan, "uitgangspunten/"),
        post_data(settings_form(client, plan)) | {"hours_per_fte": "36.5", "title": "Nieuwe titel"},
    )
    assert response.status_code == 400 and AMBIGUOUS in unescape(response.content.decode())
    plan.refresh_from_db()
    assert (plan.version, plan.hours_per_fte, plan.title) == (1, None, "ICT-plan 2091")


def test_the_choices_page_shows_years_without_a_point_and_saves_as_shown(client, plan, editor):
    client.force_login(editor)
    shown = form_data(client.get(url(plan, "ontwikkelingen/")).content.decode(), "c-TOTAL_FORMS")
    assert shown["c-0-start_year"] == "2091"
    assert client.post(url(plan, "ontwikkelingen/"), post_data(shown)).status_code == 302
    plan.refresh_from_db()
    assert plan.version == 1
