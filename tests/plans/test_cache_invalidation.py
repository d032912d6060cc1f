"""A plan's pages, reports and downloads are kept per plan version (plans/page_cache.py, core/cache.py), and every
change shows at once: a choice, an own figure, an own line, the settings and the status each change the figures
(or the status) on the overview, the choices page, the plan's development page, the voorjaarsnota and begroting
pages, every download format and the API's budget; so does an ambition of the organisation (a section of the
downloads from the maturity app) without a new plan version. A reader and an editor, and Dutch and English, never
get each other's page. The overview and the choices page are kept whole per role (plans/page_cache.plan_page): a
colleague gets them with a CSRF token of their own, a message after a change is shown, and a newer release, a
successor and a renamed source plan of a scenario show at once. On the synthetic edition (the shared `plan`
fixture)."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from modelgemeente.accounts.services import create_token
from modelgemeente.catalog.templatetags.nl_format import euro
from modelgemeente.core.enums import AmbitionMetric, PlanStatus, TokenScope
from modelgemeente.exports import writers
from modelgemeente.maturity.services import ambitions as ambition_services
from modelgemeente.plans import page_cache
from modelgemeente.plans.budget import plan_report
from modelgemeente.plans.migration import newer_releases
from modelgemeente.plans.models import Plan
from modelgemeente.plans.scenarios import copy_as_scenario
from modelgemeente.plans.services import migrate_plan
from modelgemeente.plans.status import change_status

from ..conftest import member_of
from ..exports.readers import assert_formats_agree, euros, expected_summary, parse_euro, pdf_text, web_rows, xlsx_rows
from ..factories import load_published
from .test_editing import DASHBOARD, choices_post, line_post, url
from .test_migration import edit

pytestmark = pytest.mark.django_db


def saved(plan) -> Plan:
    return Plan.objects.select_related("organisation", "edition").get(pk=plan.pk)


def get(client, plan, suffix="") -> str:
    response = client.get(url(plan, suffix))
    assert response.status_code == 200, suffix
    return response.content.decode()


def download(client, plan, fmt) -> bytes:
    response = client.get(url(plan, f"plan.{fmt}"))
    assert response.status_code == 200, fmt
    assert response["Content-Disposition"].endswith(f'-v{plan.version}.{fmt}"'), fmt
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    return response.content


def totals_table(html: str) -> list[Decimal]:
    """The total per year of the choices page's totals block."""
    block = html.split('id="plan-totals"')[1].split("</table>")[0]
    row = re.search(r'<tr data-key="total">(.*?)</tr>', block, re.S)[1]
    return [parse_euro(td) for td in re.findall(r'<td data-year="\d+">(.*?)</td>', row, re.S)]


def check_everywhere(client, plan, secret) -> Plan:
    """Every page, download and the API show the figures of the plan as saved now, computed afresh (not from the
    cache) by the engine."""
    plan = saved(plan)
    report = plan_report(plan)
    expected = expected_summary(report)
    total = expected[("kind", "total")]  # per year, then the total
    overview = get(client, plan)
    assert f"versie {plan.version}" in overview
    files = {fmt: download(client, plan, fmt) for fmt in writers.FORMATS}
    assert_formats_agree(expected, report.years, overview, files["csv"], files["xlsx"], files["ods"], files["pdf"])
    choices = get(client, plan, "ontwikkelingen/")
    assert totals_table(choices) == total[:-1] and f'name="version" value="{plan.version}"' in choices
    development = get(client, plan, f"ontwikkeling/{DASHBOARD}/")
    for row in (r for r in report.lines if r.development == DASHBOARD):
        for year, cell in row.cells.items():
            assert f"{year}: <strong>{euro(cell.amount)}</strong>" in development, (row.key, year)
    vjn = web_rows(get(client, plan, "voorjaarsnota/"), "table-vjn-summary")
    assert vjn["total"] == total
    begroting = get(client, plan, "begroting/")
    structural = next(r for r in report.summary if r.key == "structural")
    assert web_rows(begroting, "table-structural")["total"][:-1] == euros(structural.cells(report.years))
    budget = client.get(f"/api/v1/plans/{plan.pk}/budget", HTTP_AUTHORIZATION=f"Bearer {secret}").json()
    assert euros(Decimal(year["total"]) for year in budget["totals"]) == total[:-1]
    return plan


@pytest.fixture
def secret(editor):
    return create_token(editor, "test", TokenScope.READ, timezone.localdate() + timedelta(days=1))[1]


def test_every_change_shows_at_once_everywhere(client, plan, editor, secret):
    client.force_login(editor)
    plan = check_everywhere(client, plan, secret)  # every page and file now built and kept
    before = plan_report(plan).grand_total.total

    # A choice: a domain left out.
    client.post(url(plan, "ontwikkelingen/"), choices_post(plan) | {"bulk": "off:basis"})
    plan = check_everywhere(client, plan, secret)
    assert plan.version == 2 and plan_report(plan).grand_total.total < before

    # An own figure for a line of the dashboard.
    client.post(
        url(plan, f"ontwikkeling/{DASHBOARD}/"),
        line_post(plan, DASHBOARD, **{"dashboard-beheer": {"own": "8", "reason": "Halve rol"}}),
    )
    plan = check_everywhere(client, plan, secret)
    assert plan.version == 3

    # An own line.
    client.post(
        url(plan, f"ontwikkeling/{DASHBOARD}/"),
        {
            "version": plan.version,
            "action": "add_extra",
            "extra-description": "Klantpanel",
            "extra-kind": "structural",
            "extra-category": "licences",
            "extra-amount": "2400",
            "extra-offset": 0,
            "extra-spread": 1,
            "extra-reason": "Offerte panelbureau",
        },
    )
    plan = check_everywhere(client, plan, secret)
    assert plan.version == 4
    assert "Klantpanel" in get(client, plan, f"ontwikkeling/{DASHBOARD}/")
    assert any("Klantpanel" in str(row) for row in xlsx_rows(download(client, plan, "xlsx"), "Regels"))

    # The settings: another profile.
    client.post(
        url(plan, "uitgangspunten/"),
        {
            "version": plan.version,
            "title": plan.title,
            "profile_provenance": plan.profile_provenance,
            "horizon": 4,
            "inhabitants": 20000,
            "employees": 160,
            "departments": 8,
            "start_year": 2091,
        },
    )
    plan = check_everywhere(client, plan, secret)
    assert plan.version == 5 and plan.inhabitants == 20000
    assert "20.000" in get(client, plan)

    # The status: ingediend (a new version; the figures stay, the downloads say the status).
    change_status(plan, editor, plan.version, PlanStatus.SUBMITTED)
    plan = check_everywhere(client, plan, secret)
    assert plan.version == 6
    assert "plan-status-ingediend" in get(client, plan)
    assert "ingediend" in pdf_text(download(client, plan, "pdf"))


def test_a_title_or_organisation_name_shows_at_once(client, plan, editor):
    client.force_login(editor)
    assert "ICT-plan 2091" in download(client, saved(plan), "csv").decode("utf-8-sig")
    plan.organisation.name = "Gemeente Hernoemd"  # an admin rename: no plan version
    plan.organisation.save()
    assert "Gemeente Hernoemd" in download(client, saved(plan), "csv").decode("utf-8-sig")
    assert "Gemeente Hernoemd" in get(client, plan)


def test_an_ambition_of_the_organisation_shows_at_once_in_the_downloads(client, plan, editor, org):
    client.force_login(editor)
    plan = saved(plan)
    first = download(client, plan, "xlsx")
    assert download(client, plan, "xlsx") == first  # kept
    ambition_services.create_ambition(
        org,
        editor,
        title="Gewogen index omhoog",
        metric=AmbitionMetric.WEIGHTED_INDEX,
        plan=plan,
        developments=[DASHBOARD],
        targets={2091: Decimal(70)},
    )
    assert saved(plan).version == plan.version  # not a change of the plan itself
    rows = xlsx_rows(download(client, plan, "xlsx"), "Ambities")
    assert any("Gewogen index omhoog" in str(row) for row in rows)


def test_an_unchanged_plan_is_built_once(client, plan, editor, reader, monkeypatch):
    built = []
    original = page_cache.plan_report
    monkeypatch.setattr(page_cache, "plan_report", lambda p, *a: built.append(p.pk) or original(p, *a))
    client.force_login(editor)
    get(client, plan)
    client.force_login(reader)
    get(client, plan)
    assert len(built) == 1  # one report for both readers; the page around it is their own


def test_a_reader_and_an_editor_get_their_own_page(client, plan, editor, reader):
    settings_link = url(plan, "uitgangspunten/")
    client.force_login(editor)
    assert settings_link in get(client, plan)
    client.force_login(reader)
    as_reader = get(client, plan)
    assert settings_link not in as_reader
    client.force_login(editor)
    assert settings_link in get(client, plan)


def test_dutch_and_english_get_their_own_plan_page(client, plan, editor):
    client.force_login(editor)
    dutch, dutch_choices = get(client, plan), get(client, plan, "ontwikkelingen/")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english, english_choices = get(client, plan), get(client, plan, "ontwikkelingen/")
    assert "By domain" in english and "Per domein" not in english
    assert "Per domein" in dutch and "By domain" not in dutch
    assert "Save choices" in english_choices and "Keuzes opslaan" not in english_choices
    assert "Keuzes opslaan" in dutch_choices and "Save choices" not in dutch_choices
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert "Per domein" in get(client, plan) and "Keuzes opslaan" in get(client, plan, "ontwikkelingen/")


# Whole plan pages (plans/page_cache.plan_page): kept per role, and what else they show -----------------------------


def test_a_colleague_with_the_same_role_gets_the_kept_page_with_a_token_of_their_own(
    client, plan, editor, org, django_assert_max_num_queries
):
    colleague = member_of(org, "editor", "collega@voorbeeld.nl")
    client.force_login(editor)
    rendered = get(client, plan)
    other = Client()
    other.force_login(colleague)
    # The session with its account, the plan with the reader's membership, the releases, the benchmark's peers:
    # nothing rendered.
    with django_assert_max_num_queries(4):
        kept = get(other, plan)
    token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert token.sub("", kept) == token.sub("", rendered)
    assert token.search(kept)[0] != token.search(rendered)[0]
    assert colleague.email not in kept and editor.email not in kept
    # The choices page: the session with its account, the plan with the reader's membership (nothing else).
    rendered_choices = get(client, plan, "ontwikkelingen/")
    with django_assert_max_num_queries(2):
        kept_choices = get(other, plan, "ontwikkelingen/")
    assert token.sub("", kept_choices) == token.sub("", rendered_choices)


def test_a_message_after_a_change_is_shown_on_the_page_it_leads_to(client, plan, editor):
    client.force_login(editor)
    get(client, plan, "ontwikkelingen/")  # kept as saved
    fresh = saved(plan)
    response = client.post(
        url(plan, "ontwikkelingen/"), choices_post(fresh, **{DASHBOARD: {"priority": "wont"}}), follow=True
    )
    html = response.content.decode()
    assert "Keuzes opgeslagen (" in html
    assert "Keuzes opgeslagen" not in get(client, plan, "ontwikkelingen/")  # shown once, then the kept page


def test_a_newer_release_a_successor_and_a_renamed_source_show_at_once(
    client, plan, editor, test_edition, test_edition_copy
):
    client.force_login(editor)
    copy = copy_as_scenario(saved(plan), editor, "sober")
    assert "Overzetten naar een andere release" not in get(client, plan)
    assert "scenario 'sober' van" in get(client, copy) and plan.title in get(client, copy)
    Plan.objects.filter(pk=plan.pk).update(title="Hernoemd plan")  # the source's row, not the copy's
    assert "Hernoemd plan" in get(client, copy)
    edit(test_edition_copy, "informatiebeveiliging.md", "amount: 12000", "amount: 15000")
    newer = load_published(test_edition_copy)
    assert newer_releases(saved(plan)).first() == newer
    assert "Overzetten naar een andere release" in get(client, plan)
    successor = migrate_plan(saved(plan), newer, None, editor, saved(plan).version)
    page = get(client, plan)
    assert "Deze versie is vervangen door" in page and url(successor) in page
    assert "Overzetten naar een andere release" not in page
