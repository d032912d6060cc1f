"""A conflict never wipes a colleague's change: a stale save is merged field by field against the
version the user started from, on the choices, development and assumptions pages.

On the synthetic edition with the shared `plan` fixture (2091-2094; energiedashboard's lines)."""

from decimal import Decimal

import pytest
from django.test import Client

from modelgemeente.plans.changes import headline, lines
from modelgemeente.plans.models import Role

from ..conftest import member_of
from ..factories import line
from ..html_forms import form_data, post_data
from .test_editing import DASHBOARD, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_editors(plan, editor, org):
    a, b = Client(), Client()
    a.force_login(editor)
    b.force_login(member_of(org, Role.EDITOR, "collega@voorbeeld.nl"))
    return a, b


def choice_index(data, slug_id):
    return next(k.split("-")[1] for k, v in data.items() if k.endswith("-id") and v == str(slug_id))


def open_choices(client, plan):
    return form_data(client.get(url(plan, "ontwikkelingen/")).content.decode(), "c-TOTAL_FORMS")


def a_moved_the_start_year_to_2093(plan, two_editors):
    """Both editors open the choices page at version 1; A saves a new start year for X first.
    Returns X, B's (now stale) form and X's row index in the form."""
    a, b = two_editors
    x = plan.choices.get(development__slug=DASHBOARD)
    form_a, form_b = open_choices(a, plan), open_choices(b, plan)
    i = choice_index(form_a, x.pk)
    assert a.post(url(plan, "ontwikkelingen/"), post_data(form_a) | {f"c-{i}-start_year": "2093"}).status_code == 302
    return x, form_b, i


def test_choices_only_the_other_changed_a_field_both_changes_are_kept_and_recorded(plan, two_editors):
    a, b = two_editors
    x = plan.choices.get(development__slug=DASHBOARD)
    form_a, form_b = open_choices(a, plan), open_choices(b, plan)  # both at version 1
    i = choice_index(form_a, x.pk)

    response = a.post(url(plan, "ontwikkelingen/"), post_data(form_a) | {f"c-{i}-start_year": "2093"})
    assert response.status_code == 302

    response = b.post(url(plan, "ontwikkelingen/"), post_data(form_b) | {f"c-{i}-motivation": "Na de nieuwe website"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "startjaar: 2091 → 2093" in html  # what A changed is shown
    x.refresh_from_db()
    assert (x.start_year, x.motivation, plan.changes.count()) == (2093, "", 2)  # B's stale save changed nothing

    merged = form_data(html, "c-TOTAL_FORMS")
    assert merged[f"c-{i}-start_year"] == "2093" and merged[f"c-{i}-motivation"] == "Na de nieuwe website"
    assert not merged["_radios"]  # no field was changed by both: nothing to choose
    response = b.post(url(plan, "ontwikkelingen/"), post_data(merged))
    assert response.status_code == 302

    x.refresh_from_db()
    assert (x.start_year, x.motivation) == (2093, "Na de nieuwe website")
    history = [d for change in plan.changes.order_by("version") for d in lines(change)]
    assert any("startjaar: 2091 → 2093" in d for d in history)
    assert any("motivering: (leeg) → Na de nieuwe website" in d for d in history)
    assert not any("startjaar: 2093 → 2091" in d for d in history)


def test_choices_both_changed_the_start_year_the_second_save_asks_which_value_to_keep(plan, two_editors):
    b = two_editors[1]
    x, form_b, i = a_moved_the_start_year_to_2093(plan, two_editors)

    response = b.post(
        url(plan, "ontwikkelingen/"), post_data(form_b) | {f"c-{i}-start_year": "2092", f"c-{i}-priority": "must"}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "kies hieronder bij elk veld dat u allebei wijzigde" in html
    merged = form_data(html, "c-TOTAL_FORMS")
    assert merged["_radios"] == {f"keep-c-{i}-start_year": ["mine", "theirs"]}
    assert "Uw waarde: 2092" in html and "Waarde van de ander: 2093" in html

    # Saving without a choice is refused again, and still changes nothing.
    response = b.post(url(plan, "ontwikkelingen/"), post_data(merged))
    assert response.status_code == 409 and "kies bij elk veld" in response.content.decode()
    x.refresh_from_db()
    assert (x.start_year, x.priority) == (2093, "should")

    response = b.post(url(plan, "ontwikkelingen/"), post_data(merged) | {f"keep-c-{i}-start_year": "theirs"})
    assert response.status_code == 302
    x.refresh_from_db()
    assert (x.start_year, x.priority) == (2093, "must")  # A's year kept by choice, B's priority taken


def test_choices_keeping_my_value_after_a_conflict(plan, two_editors):
    b = two_editors[1]
    x, form_b, i = a_moved_the_start_year_to_2093(plan, two_editors)
    merged = form_data(
        b.post(url(plan, "ontwikkelingen/"), post_data(form_b) | {f"c-{i}-start_year": "2092"}).content.decode(),
        "c-TOTAL_FORMS",
    )
    response = b.post(url(plan, "ontwikkelingen/"), post_data(merged) | {f"keep-c-{i}-start_year": "mine"})
    assert response.status_code == 302
    x.refresh_from_db()
    assert x.start_year == 2092
    assert "startjaar: 2093 → 2092" in lines(plan.changes.first())[0]


def test_a_forged_snapshot_or_conflict_list_is_a_bad_request(plan, two_editors):
    a, _b = two_editors
    form = open_choices(a, plan)
    response = a.post(url(plan, "ontwikkelingen/"), post_data(form) | {"base": "vervalst"})
    assert response.status_code == 400
    response = a.post(url(plan, "ontwikkelingen/"), post_data(form) | {"pending": "vervalst"})
    assert response.status_code == 400
    plan.refresh_from_db()
    assert plan.version == 1


def dev_form(client, plan):
    return form_data(client.get(url(plan, f"ontwikkeling/{DASHBOARD}/")).content.decode(), "action")


def test_development_lines_merge_a_colleagues_own_figure_with_mine(plan, two_editors):
    a, b = two_editors
    beheer = line(plan.edition, f"{DASHBOARD}/dashboard-beheer")  # capacity: hours a week
    tool = line(plan.edition, f"{DASHBOARD}/dashboard-licenties")  # money: euros
    form_a, form_b = dev_form(a, plan), dev_form(b, plan)
    response = a.post(
        url(plan, f"ontwikkeling/{DASHBOARD}/"),
        post_data(form_a) | {f"l{beheer.pk}-own": "8", f"l{beheer.pk}-reason": "Halve rol"},
    )
    assert response.status_code == 302
    response = b.post(
        url(plan, f"ontwikkeling/{DASHBOARD}/"),
        post_data(form_b) | {f"l{tool.pk}-own": "12000", f"l{tool.pk}-reason": "Offerte"},
    )
    assert response.status_code == 409
    merged = form_data(response.content.decode(), "action")
    # The merged form shows both figures in Dutch notation, as the page shows saved amounts.
    assert merged[f"l{beheer.pk}-own"] == "8" and merged[f"l{tool.pk}-own"] == "12.000"
    assert b.post(url(plan, f"ontwikkeling/{DASHBOARD}/"), post_data(merged)).status_code == 302
    own = {adj.budget_line.slug: adj for adj in plan.adjustments.select_related("budget_line")}
    assert own["dashboard-beheer"].hours_per_week == 8 and own["dashboard-beheer"].reason == "Halve rol"
    assert own["dashboard-licenties"].amount == 12000 and own["dashboard-licenties"].price_year == 2091


def test_development_lines_both_changed_the_same_figure_must_choose(plan, two_editors):
    a, b = two_editors
    beheer = line(plan.edition, f"{DASHBOARD}/dashboard-beheer")
    form_a, form_b = dev_form(a, plan), dev_form(b, plan)
    a.post(
        url(plan, f"ontwikkeling/{DASHBOARD}/"),
        post_data(form_a) | {f"l{beheer.pk}-own": "8", f"l{beheer.pk}-reason": "Halve rol"},
    )
    response = b.post(
        url(plan, f"ontwikkeling/{DASHBOARD}/"),
        post_data(form_b) | {f"l{beheer.pk}-own": "12", f"l{beheer.pk}-reason": "Driekwart rol"},
    )
    assert response.status_code == 409
    merged = form_data(response.content.decode(), "action")
    assert set(merged["_radios"]) == {f"keep-l{beheer.pk}-own", f"keep-l{beheer.pk}-reason"}
    response = b.post(
        url(plan, f"ontwikkeling/{DASHBOARD}/"),
        post_data(merged) | {f"keep-l{beheer.pk}-own": "mine", f"keep-l{beheer.pk}-reason": "mine"},
    )
    assert response.status_code == 302
    assert plan.adjustments.get(budget_line=beheer).hours_per_week == 12


def test_an_own_line_added_from_an_old_page_keeps_the_colleagues_change(plan, two_editors):
    a, b = two_editors
    x = plan.choices.get(development__slug=DASHBOARD)
    form_a = open_choices(a, plan)
    page_b = b.get(url(plan, f"ontwikkeling/{DASHBOARD}/")).content.decode()
    a.post(url(plan, "ontwikkelingen/"), post_data(form_a) | {f"c-{choice_index(form_a, x.pk)}-start_year": "2093"})
    add = form_data(page_b, "extra-description")
    response = b.post(
        url(plan, f"ontwikkeling/{DASHBOARD}/"),
        post_data(add) | {"extra-description": "Klantpanel", "extra-amount": "2400", "extra-reason": "Offerte"},
    )
    assert response.status_code == 302
    x.refresh_from_db()
    assert x.start_year == 2093 and plan.extra_lines.count() == 1
    assert [headline(c) for c in plan.changes.order_by("version")][-1] == "Eigen regel toegevoegd"


def settings_form(client, plan):
    return form_data(client.get(url(plan, "uitgangspunten/")).content.decode(), "inhabitants")


def test_settings_merge_and_conflict(plan, two_editors):
    a, b = two_editors
    form_a, form_b = settings_form(a, plan), settings_form(b, plan)
    assert a.post(url(plan, "uitgangspunten/"), post_data(form_a) | {"employees": "280"}).status_code == 302
    response = b.post(
        url(plan, "uitgangspunten/"), post_data(form_b) | {"title": "ICT-plan 2091-2094", "employees": "310"}
    )
    assert response.status_code == 409
    merged = form_data(response.content.decode(), "inhabitants")
    assert merged["title"] == "ICT-plan 2091-2094" and list(merged["_radios"]) == ["keep-employees"]
    response = b.post(url(plan, "uitgangspunten/"), post_data(merged) | {"keep-employees": "theirs"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.title, plan.employees) == ("ICT-plan 2091-2094", 280)


def test_settings_merge_keeps_a_colleagues_decimal_hours_and_posts_them_again(plan, two_editors):
    """A merged number is written into the form in the Dutch notation the field reads back: a
    colleague's 36,5 hours per FTE survives a merge and the re-post (not refused as "36.5")."""
    a, b = two_editors
    form_a, form_b = settings_form(a, plan), settings_form(b, plan)
    assert a.post(url(plan, "uitgangspunten/"), post_data(form_a) | {"hours_per_fte": "36,5"}).status_code == 302
    response = b.post(url(plan, "uitgangspunten/"), post_data(form_b) | {"inhabitants": "30.385"})
    assert response.status_code == 409
    merged = form_data(response.content.decode(), "inhabitants")
    assert (merged["hours_per_fte"], merged["inhabitants"]) == ("36,5", "30.385")
    assert not merged["_radios"]
    assert b.post(url(plan, "uitgangspunten/"), post_data(merged)).status_code == 302
    plan.refresh_from_db()
    assert (plan.hours_per_fte, plan.inhabitants, plan.version) == (Decimal("36.5"), 30385, 3)


def test_settings_conflict_on_decimal_hours_keeping_the_colleagues_value(plan, two_editors):
    a, b = two_editors
    form_a, form_b = settings_form(a, plan), settings_form(b, plan)
    assert a.post(url(plan, "uitgangspunten/"), post_data(form_a) | {"hours_per_fte": "36,5"}).status_code == 302
    response = b.post(url(plan, "uitgangspunten/"), post_data(form_b) | {"hours_per_fte": "38"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Uw waarde: 38" in html and "Waarde van de ander: 36,5" in html
    merged = form_data(html, "inhabitants")
    assert list(merged["_radios"]) == ["keep-hours_per_fte"]
    response = b.post(url(plan, "uitgangspunten/"), post_data(merged) | {"keep-hours_per_fte": "theirs"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.hours_per_fte == Decimal("36.5")
