"""The choices page helps decide (issue 10): each row's cost from the engine, also for a development
that is left out; explanations of priority and capacity type; save at the top and bottom; an error
summary that links to the fields; a warning where the plan runs past a development's horizon. And on
a development's page in the plan: own lines can be edited, counts read correctly, dates are Dutch.

On the synthetic edition with the shared `plan` fixture (12.500 inhabitants, 2091-2094)."""

import re
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from modelgemeente.budget.money import fmt_eur
from modelgemeente.plans.budget import PlanInput, plan_report, plan_result
from modelgemeente.plans.changes import headline, lines
from modelgemeente.plans.models import ExtraLine, Plan

from ..factories import line
from .test_editing import DASHBOARD, choices_post, url

pytestmark = pytest.mark.django_db

KLANTCONTACT = "klantcontact"  # horizon 2090-2091: the plan runs three years past it
LOKET = "digitaal-loket"  # horizon 2090-2093: the plan runs one year past it
# (energiedashboard, DASHBOARD, looks ahead to 2092)


def row_cost(html, slug):
    """{"<year>": "€ …", "total": "€ …", "label": "…"} as the row of `slug` shows its cost."""
    block = re.search(rf'<div class="row-cost[^"]*" id="kosten-{slug}"[^>]*>(.*?)</div>', html, re.S)
    assert block, f"no cost for {slug}"
    text = block.group(1)
    amounts = dict(re.findall(r'data-(?:year|key)="([^"]+)">([^<]+?) <', text))
    label = re.search(r'class="row-cost__label">([^<]*)<', text)
    return amounts | {"label": label.group(1) if label else ""}


def row_of(report, slug):
    return next(row for row in report.by_development if row.key == slug)


def test_each_row_shows_the_engines_cost_in_its_start_year_and_over_the_plan(client, plan, editor):
    client.force_login(editor)
    client.post(url(plan, "ontwikkelingen/"), choices_post(plan, **{DASHBOARD: {"start_year": 2092}}))
    html = client.get(url(plan, "ontwikkelingen/")).content.decode()
    report = plan_report(plan)
    row = row_of(report, DASHBOARD)
    shown = row_cost(html, DASHBOARD)
    assert shown == {"2092": fmt_eur(row.values[2092]), "total": fmt_eur(row.total), "label": ""}
    # the same numbers straight from the engine result
    result = plan_result(PlanInput.load(plan))
    assert row.values[2092] == result.total(2092, development=DASHBOARD)
    assert row.total == result.total(development=DASHBOARD)
    # by hand: dashboard-bouwen 5.000 (one-off) and dashboard-licenties 3.000 × 0,5 = 1.500 at the price index,
    # dashboard-beheer 10.000 × 0,5 = 5.000 at the wage index
    #   2092: 6.500 × 1,0404 + 5.000 × 1,0816 = 6.762,6 + 5.408 = 12.170,6
    #   2093: 1.500 × 1,061208 + 5.000 × 1,124864 = 1.591,812 + 5.624,32 = 7.216,132
    #   2094: 1.500 × 1,08243216 + 5.000 × 1,16985856 = 1.623,64824 + 5.849,2928 = 7.472,94104
    assert row.values[2092] == Decimal("12170.6")
    assert row.total == Decimal("26859.67304")  # 12.170,6 + 7.216,132 + 7.472,94104
    assert row.values[2091] == 0  # it starts in 2092: the first year shown is its own start year


def test_a_left_out_development_shows_what_it_would_cost(client, plan, editor):
    client.force_login(editor)
    before = plan_report(plan)
    counted, klantcontact = row_of(before, DASHBOARD), row_of(before, KLANTCONTACT)
    # energiedashboard from 2091: 2091 (5.000 + 1.500) × 1,02 + 5.000 × 1,04 = 6.630 + 5.200 = 11.830
    # (tests/test_factories.py), then 2092-2094 as in the test above: 26.859,67304 - 12.170,6 + 11.830 + 1.500 ×
    # 1,0404 + 5.000 × 1,0816 (= 1.560,6 + 5.408 = 6.968,6)
    assert counted.values[2091] == Decimal("11830")
    assert counted.total == Decimal("11830") + Decimal("6968.6") + Decimal("7216.132") + Decimal("7472.94104")
    # klantcontact: training 6.000 × 0,25 = 1.500 in 2091 (price index); klantreis-advies 9 h scale 12 = 27.000
    # (fixed) in 2091 and 2092 (wage index): 2091 1.530 + 28.080 = 29.610, 2092 27.000 × 1,0816 = 29.203,2
    assert klantcontact.values[2091] == Decimal("29610")
    assert klantcontact.total == Decimal("58813.2")  # 29.610 + 29.203,2
    client.post(
        url(plan, "ontwikkelingen/"),
        choices_post(plan, **{DASHBOARD: {"included": ""}, KLANTCONTACT: {"priority": "wont"}}),
    )
    report = plan_report(plan)
    assert DASHBOARD not in {row.key for row in report.by_development}
    html = client.get(url(plan, "ontwikkelingen/")).content.decode()
    assert row_cost(html, DASHBOARD) == {
        "label": "niet opgenomen: zou kosten",
        "2091": "€\xa011.830",
        "total": "€\xa033.488",  # 11.830 + 6.968,6 + 7.216,132 + 7.472,94104 = 33.487,67304
    }
    assert row_cost(html, KLANTCONTACT) == {
        "label": "won't have: zou kosten",
        "2091": "€\xa029.610",
        "total": "€\xa058.813",
    }
    # the plan's totals leave them out
    assert report.grand_total.total == before.grand_total.total - counted.total - klantcontact.total


def test_the_live_preview_updates_the_row_costs_out_of_band(client, plan, editor):
    client.force_login(editor)
    cost = row_of(plan_report(plan), DASHBOARD)
    data = choices_post(plan, **{DASHBOARD: {"included": ""}}) | {"preview": "1"}
    response = client.post(url(plan, "ontwikkelingen/"), data, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and 'id="plan-totals"' in html
    assert f'id="kosten-{DASHBOARD}" hx-swap-oob="true"' in html
    assert row_cost(html, DASHBOARD)["label"] == "niet opgenomen: zou kosten"
    assert row_cost(html, DASHBOARD)["total"] == fmt_eur(cost.total)
    plan.refresh_from_db()
    assert plan.version == 1


def test_priority_and_capacity_type_are_explained_where_they_are_chosen(client, plan, editor):
    client.force_login(editor)
    html = client.get(url(plan, "ontwikkelingen/")).content.decode()
    assert 'id="uitleg-prioriteit"' in html and "must have is nodig" in html
    assert 'id="uitleg-soort"' in html and "basiscapaciteit houdt de basis op orde" in html
    assert "<summary>Wat betekent dit?</summary>" in html
    selects = re.findall(r'<select name="c-\d+-(priority|capacity_type)"[^>]*aria-describedby="([^"]+)"', html)
    assert len(selects) == 2 * 6  # two per development
    assert {(name, target) for name, target in selects} == {
        ("priority", "uitleg-prioriteit"),
        ("capacity_type", "uitleg-soort"),
    }


def test_save_buttons_at_the_top_and_the_bottom(client, plan, editor):
    client.force_login(editor)
    html = client.get(url(plan, "ontwikkelingen/")).content.decode()
    form = html[html.index('class="choices-form"') : html.index("</form>", html.index('class="choices-form"'))]
    buttons = re.findall(
        r'<button class="utrecht-button utrecht-button--primary-action" type="submit">([^<]+)</button>', form
    )
    assert buttons == ["Opslaan", "Keuzes opslaan"]
    # the first submit button of the form saves: Enter in a field never triggers a bulk action
    first = re.search(r"<button[^>]*>", form).group(0)
    assert 'name="bulk"' not in first and form.index(first) < form.index("<table")
    assert form.rindex("Keuzes opslaan") > form.rindex("</table>")


def test_the_error_summary_links_to_each_field_with_the_developments_title(client, plan, editor):
    client.force_login(editor)
    response = client.post(url(plan, "ontwikkelingen/"), choices_post(plan, **{DASHBOARD: {"start_year": 2099}}))
    assert response.status_code == 400
    html = response.content.decode()
    field_id = re.search(r'id="(id_c-\d+-start_year)"[^>]*aria-invalid="true"', html) or re.search(
        r'aria-invalid="true"[^>]*id="(id_c-\d+-start_year)"', html
    )
    assert field_id, "the invalid start year is marked"
    summary = html[html.index('id="form-errors"') :]
    summary = summary[: summary.index("</div>")]
    assert (
        f'<a class="utrecht-link utrecht-link--html-a" href="#{field_id.group(1)}">'
        f"Energiedashboard, startjaar</a>: Kies een startjaar van 2091 tot en met 2094"
    ) in summary


def test_the_generic_error_summary_names_the_development_and_links_to_the_field(client, plan, editor):
    client.force_login(editor)
    response = client.post(
        url(plan, f"ontwikkeling/{DASHBOARD}/"),
        {
            "version": 1,
            "action": "add_extra",
            "extra-description": "Klantpanel",
            "extra-kind": "structural",
            "extra-category": "licences",
            "extra-offset": 0,
            "extra-spread": 1,
            "extra-reason": "Offerte",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    summary = html[html.index('id="form-errors"') :]
    assert (
        'href="#id_extra-amount">Energiedashboard, bedrag (euro)</a>: Vul een bedrag óf uren per week in, niet allebei.'
    ) in summary
    assert 'id="id_extra-amount"' in html


def test_one_change_reads_as_one_wijziging(client, plan, editor):
    client.force_login(editor)
    response = client.post(
        url(plan, "ontwikkelingen/"), choices_post(plan, **{DASHBOARD: {"start_year": 2092}}), follow=True
    )
    assert "Keuzes opgeslagen (1 wijziging)." in response.content.decode()
    plan.refresh_from_db()
    response = client.post(
        url(plan, "ontwikkelingen/"),
        choices_post(plan, **{DASHBOARD: {"start_year": 2093}, KLANTCONTACT: {"start_year": 2093}}),
        follow=True,
    )
    assert "Keuzes opgeslagen (2 wijzigingen)." in response.content.decode()


def test_a_warning_where_the_plan_runs_past_the_developments_horizon(client, plan, editor):
    from modelgemeente.plans.services import save_plan_settings

    client.force_login(editor)

    def row(html, slug):
        rest = html[html.index(f'data-development="{slug}"') :]
        return rest[: rest.index("</tr>")]

    # the plan runs 2091-2094; no development of the synthetic edition looks ahead past 2093
    html = client.get(url(plan, "ontwikkelingen/")).content.decode()
    warning = "De tekst van deze ontwikkeling kijkt vooruit tot 2091; de bedragen voor 2092–2094 zijn doorgetrokken."
    assert warning in row(html, KLANTCONTACT)
    assert "De tekst van deze ontwikkeling kijkt vooruit tot 2093; de bedragen voor 2094 zijn doorgetrokken." in row(
        html, LOKET
    )
    page = client.get(url(plan, f"ontwikkeling/{KLANTCONTACT}/")).content.decode()
    assert warning in page
    # a plan of 2091-2093 stays within digitaal-loket's horizon: no warning there, still one for energiedashboard
    save_plan_settings(plan, editor, plan.version, {"horizon": 3})
    html = client.get(url(plan, "ontwikkelingen/")).content.decode()
    assert "kijkt vooruit tot" not in row(html, LOKET)
    assert "De tekst van deze ontwikkeling kijkt vooruit tot 2092; de bedragen voor 2093 zijn doorgetrokken." in row(
        html, DASHBOARD
    )
    assert "kijkt vooruit tot" not in client.get(url(plan, f"ontwikkeling/{LOKET}/")).content.decode()


# Own lines can be edited ---------------------------------------------------------------------------------


def add_own_line(client, plan, development=DASHBOARD, **fields):
    data = {
        "version": Plan.objects.get(pk=plan.pk).version,
        "action": "add_extra",
        "extra-description": "Klantpanel",
        "extra-kind": "structural",
        "extra-category": "licences",
        "extra-amount": "2400",
        "extra-offset": 0,
        "extra-spread": 1,
        "extra-reason": "Offerte panelbureau 2091",
    } | fields
    response = client.post(url(plan, f"ontwikkeling/{development}/"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return plan.extra_lines.latest("pk")


def edit_form(html, extra):
    """The edit form of one own line as the browser would post it."""
    from tests.html_forms import forms

    for form in forms(html):
        fields = dict(form["fields"])
        if fields.get("action") == "edit_extra" and fields.get("extra_id") == str(extra.pk):
            return fields
    raise AssertionError(f"no edit form for own line {extra.pk}")


def test_an_own_line_is_edited_through_the_history(client, plan, editor):
    client.force_login(editor)
    extra = add_own_line(client, plan)
    page = url(plan, f"ontwikkeling/{DASHBOARD}/")
    data = edit_form(client.get(page).content.decode(), extra)
    assert data[f"extra-{extra.pk}-amount"] in ("2400.00", "2.400")  # shown as saved
    before = plan_report(plan).grand_total.values[2091]
    response = client.post(page, data | {f"extra-{extra.pk}-amount": "3000"}, follow=True)
    assert "Eigen regel gewijzigd." in response.content.decode()
    extra.refresh_from_db()
    assert extra.amount == Decimal(3000) and extra.description == "Klantpanel"
    assert plan_report(plan).grand_total.values[2091] - before == Decimal(600)
    change = plan.changes.first()
    assert change.kind == "extra_changed" and change.user == editor
    assert headline(change) == "Eigen regel gewijzigd: Klantpanel"
    assert change.details == [
        {
            "object": {
                "kind": "extra_line",
                "key": extra.pk,
                "label": "Klantpanel",
                "within": "Energiedashboard",
            },
            "field": "amount",
            "old": "2400",
            "new": "3000",
        }
    ]
    assert lines(change) == ["Energiedashboard, Klantpanel, bedrag (euro): 2.400 → 3.000"]
    plan.refresh_from_db()
    assert plan.version == change.version == 3
    history = client.get(url(plan, "historie/")).content.decode()
    assert "Eigen regel gewijzigd: Klantpanel" in history and "bedrag (euro): 2.400 → 3.000" in history


def test_saving_an_unchanged_own_line_writes_nothing(client, plan, editor):
    client.force_login(editor)
    extra = add_own_line(client, plan)
    page = url(plan, f"ontwikkeling/{DASHBOARD}/")
    response = client.post(page, edit_form(client.get(page).content.decode(), extra), follow=True)
    assert "Er was niets gewijzigd" in response.content.decode()
    assert Plan.objects.get(pk=plan.pk).version == 2


def test_an_own_line_of_another_development_cannot_be_edited_from_this_page(client, plan, editor):
    client.force_login(editor)
    other = add_own_line(client, plan, development=KLANTCONTACT)
    mine = add_own_line(client, plan)
    page = url(plan, f"ontwikkeling/{DASHBOARD}/")
    data = edit_form(client.get(page).content.decode(), mine)
    forged = {key.replace(f"extra-{mine.pk}-", f"extra-{other.pk}-"): value for key, value in data.items()}
    forged |= {"extra_id": str(other.pk), f"extra-{other.pk}-amount": "1"}
    assert client.post(page, forged).status_code == 404
    other.refresh_from_db()
    assert other.amount == Decimal(2400)
    assert client.post(page, data | {"extra_id": "99999999"}).status_code == 404
    assert client.post(page, data | {"extra_id": "abc"}).status_code == 400
    assert client.post(page, data | {"extra_base": "forged"}).status_code == 400
    assert Plan.objects.get(pk=plan.pk).version == 3


def test_bad_input_in_an_edit_keeps_the_form_open_with_linked_errors(client, plan, editor):
    client.force_login(editor)
    extra = add_own_line(client, plan)
    page = url(plan, f"ontwikkeling/{DASHBOARD}/")
    data = edit_form(client.get(page).content.decode(), extra)
    response = client.post(page, data | {f"extra-{extra.pk}-hours_per_week": "4"})
    assert response.status_code == 400
    html = response.content.decode()
    assert f'href="#id_extra-{extra.pk}-amount">Energiedashboard, bedrag (euro)</a>' in html
    assert '<details class="extra-edit" open>' in html
    assert ExtraLine.objects.get(pk=extra.pk).hours_per_week is None


def test_a_colleagues_edit_of_the_same_own_line_is_not_overwritten_unseen(client, plan, editor, org):
    from ..conftest import member_of

    colleague = Client()
    colleague.force_login(member_of(org, "editor", "collega@voorbeeld.nl"))
    client.force_login(editor)
    extra = add_own_line(client, plan)
    page = url(plan, f"ontwikkeling/{DASHBOARD}/")
    mine = edit_form(client.get(page).content.decode(), extra)
    theirs = edit_form(colleague.get(page).content.decode(), extra)
    assert colleague.post(page, theirs | {f"extra-{extra.pk}-amount": "5000"}).status_code == 302
    response = client.post(page, mine | {f"extra-{extra.pk}-amount": "3000"})
    assert response.status_code == 409
    assert "iemand anders heeft deze eigen regel intussen gewijzigd" in response.content.decode()
    assert ExtraLine.objects.get(pk=extra.pk).amount == Decimal(5000)
    # the form now carries the saved values: saving again is a deliberate choice
    again = edit_form(response.content.decode(), extra)
    assert again[f"extra-{extra.pk}-amount"] == "3000"
    assert client.post(page, again).status_code == 302
    assert ExtraLine.objects.get(pk=extra.pk).amount == Decimal(3000)


def test_one_line_change_reads_as_one_wijziging(client, plan, editor):
    client.force_login(editor)
    beheer = line(plan.edition, f"{DASHBOARD}/dashboard-beheer")
    response = client.post(
        url(plan, f"ontwikkeling/{DASHBOARD}/"),
        {"version": 1, "action": "lines", f"l{beheer.pk}-own": "8", f"l{beheer.pk}-reason": "Halve rol"},
        follow=True,
    )
    assert "Regels opgeslagen (1 wijziging)." in response.content.decode()


# Dates in Dutch -----------------------------------------------------------------------------------------

ISO_DATE = re.compile(r"\b20\d\d-\d\d-\d\d\b")


def visible_text(html):
    return re.sub(r"<[^>]+>", " ", html)


def test_dates_are_shown_in_dutch(client, plan, admin_user, org):
    client.force_login(admin_user)
    response = client.post(f"/organisaties/{org.slug}/uitnodigen/", {"email": "nieuw@voorbeeld.nl", "role": "member"})
    assert response.status_code in (200, 302)
    expires = timezone.localtime(org.invitations.get().expires_at)
    html = client.get(f"/organisaties/{org.slug}/").content.decode()
    months = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ]
    expected = f"{expires.day} {months[expires.month - 1]} {expires.year}"  # e.g. 23 november 2026
    assert expected in visible_text(html)
    assert not ISO_DATE.search(visible_text(html))
    history = client.get(url(plan, "historie/")).content.decode()
    assert not ISO_DATE.search(visible_text(history))
