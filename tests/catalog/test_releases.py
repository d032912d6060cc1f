"""Releases of an edition (catalog/services.py publish_release, catalog/releases.py, the releases page and the
publish_release command): a year's edition moves concept → inhoud vastgesteld → begroting vastgesteld →
gearchiveerd, every step publishes a numbered release with its date, who published it and its notes, and a
published release never changes again. Concepts are for the editors (group 'redactie') only.

On the synthetic edition (tests/data/editions/2090), loaded from a writable copy of its files.
"""

import html
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.utils import timezone

from modelgemeente.catalog import releases
from modelgemeente.catalog.budget_input import model_budget
from modelgemeente.catalog.loader import load_edition
from modelgemeente.catalog.models import BudgetLine, Edition, EditionStatus, ImmutableRelease
from modelgemeente.catalog.releases import ReleaseNotFound, copy_release, resolve
from modelgemeente.catalog.services import ReleaseError, next_statuses, publish_release
from modelgemeente.plans.models import Plan
from modelgemeente.plans.services import ConceptRelease, create_plan
from tests.catalog.test_loader import replace_in
from tests.conftest import make_user
from tests.factories import load_published

pytestmark = pytest.mark.django_db

CONTENT, BUDGET, ARCHIVED = EditionStatus.CONTENT, EditionStatus.BUDGET, EditionStatus.ARCHIVED
ENERGY = "energiedashboard.md"


@pytest.fixture
def concept(test_edition_copy, db):
    """Year 2090 loaded from its files and not published: only a concept."""
    return load_edition(test_edition_copy).edition


@pytest.fixture
def redacteur(db):
    """An editor of the catalogue: a member of the Django group 'redactie' (not staff, not superuser)."""
    user = make_user("redactie@modelgemeente.nl", "Roos")
    user.last_name = "Redacteur"
    user.save()
    user.groups.add(releases.editors_group())
    return user


def change_amount(folder, old="amount: 5000", new="amount: 6000"):
    """Change a figure in the files and load them: a concept next to the published release."""
    replace_in(folder / "developments" / ENERGY, old, new)
    result = load_edition(folder)
    assert result.same_as is None and not result.edition.is_published
    return result.edition


def rows(edition):
    """A release's rows by their ids from the files, with what the engine computes with."""
    edition = Edition.objects.get(pk=edition.pk)
    return {
        "domains": sorted(edition.domains.values_list("slug", "name", "order")),
        "opgaven": sorted(edition.opgaven.values_list("slug", "name")),
        "laws": sorted(edition.laws.values_list("slug", "name", "status", "in_force")),
        "developments": sorted(
            (d.slug, d.domain.slug, d.title, d.body_html, d.horizon_from, d.horizon_to, d.capacity_type)
            for d in edition.developments.select_related("domain")
        ),
        "relations": sorted(
            (
                d.slug,
                tuple(sorted(d.laws.values_list("slug", flat=True))),
                tuple(sorted(d.opgaven.values_list("slug", flat=True))),
                tuple(sorted(d.related.values_list("slug", flat=True))),
            )
            for d in edition.developments.all()
        ),
        "lines": sorted(
            BudgetLine.objects.filter(development__edition=edition).values_list(
                "development__slug",
                "slug",
                "order",
                "kind",
                "category",
                "amount",
                "hours_per_week",
                "salary_scale",
                "driver",
                "exponent",
                "offset",
                "spread",
                "provenance_text",
            )
        ),
    }


def model_totals(edition) -> dict[int, Decimal]:
    return model_budget(Edition.objects.get(pk=edition.pk)).result.per_year()


# publish_release: the happy path --------------------------------------------------------------------


def test_publishing_numbers_the_releases_and_records_date_who_and_notes(concept, redacteur):
    assert next_statuses(2090) == [CONTENT, BUDGET, ARCHIVED]
    before = timezone.now()
    first = publish_release(2090, CONTENT, notes="  Eerste release.  ", user=redacteur, on=date(2090, 3, 1))
    assert first.pk == concept.pk  # the concept itself becomes the release
    assert (first.year, first.number, first.status) == (2090, 1, CONTENT)
    assert first.published_on == date(2090, 3, 1) and first.published_at >= before
    assert first.published_by == redacteur
    assert first.release_notes == "Eerste release." and first.correction_reason == "" and not first.is_correction
    assert first.release_id == "2090.1" and first.release_label == "release 2090.1"
    assert not Edition.objects.concepts().exists()
    assert next_statuses(2090) == [CONTENT, BUDGET, ARCHIVED]

    second = publish_release(2090, BUDGET, notes="Begroting vastgesteld.")
    assert (second.number, second.status, second.release_id) == (2, BUDGET, "2090.2")
    assert second.published_on == timezone.localdate() and second.published_by is None
    assert second.pk != first.pk
    assert next_statuses(2090) == [BUDGET, ARCHIVED]
    first.refresh_from_db()
    assert (first.number, first.status, first.release_notes) == (1, CONTENT, "Eerste release.")
    assert list(Edition.objects.filter(year=2090).values_list("number", flat=True)) == [2, 1]

    archived = publish_release(2090, ARCHIVED, notes="Naar het archief.")
    assert (archived.number, archived.status) == (3, ARCHIVED)
    assert next_statuses(2090) == []


def test_the_next_status_publishes_a_loaded_concept(concept, test_edition_copy):
    first = publish_release(2090, CONTENT, notes="Inhoud.")
    changed = change_amount(test_edition_copy)
    second = publish_release(2090, BUDGET, notes="Begroting, met een hoger bedrag.")
    assert second.pk == changed.pk and second.number == 2 and not second.is_correction
    assert model_totals(second)[2090] - model_totals(first)[2090] == Decimal("1000")


def test_publishing_without_a_concept_copies_the_latest_release(concept):
    first = publish_release(2090, CONTENT, notes="Inhoud.")
    second = publish_release(2090, BUDGET, notes="Begroting.")
    assert second.pk != first.pk and second.content_hash == first.content_hash
    assert rows(second) == rows(first)
    assert model_totals(second) == model_totals(first)
    # Every row is its own: the first release's rows still belong to the first release.
    assert not set(first.developments.values_list("pk", flat=True)) & set(
        second.developments.values_list("pk", flat=True)
    )


# publish_release: what is refused -------------------------------------------------------------------


def refused(call, message, field=None):
    """The publication is refused with this Dutch message, and nothing of the catalogue changed."""
    before = list(Edition.objects.order_by("pk").values_list("pk", "number", "status", "published_on"))
    with pytest.raises(ReleaseError) as exc:
        call()
    assert message in exc.value.message
    assert exc.value.field == field
    assert list(Edition.objects.order_by("pk").values_list("pk", "number", "status", "published_on")) == before
    return exc.value


def test_a_correction_needs_a_reason_and_a_changed_concept(test_edition, test_edition_copy):
    assert test_edition.status == BUDGET
    refused(
        lambda: publish_release(2090, BUDGET, notes="Correctie."),
        "Een correctie van een gepubliceerde release heeft een reden nodig.",
        "reason",
    )
    refused(
        lambda: publish_release(2090, BUDGET, notes="Correctie.", reason="Bedrag klopte niet."),
        "Er is geen gewijzigd concept om als correctie te publiceren",
    )
    change_amount(test_edition_copy)
    correction = publish_release(2090, BUDGET, notes="Correctie.", reason="Bedrag klopte niet.")
    assert (correction.number, correction.status) == (2, BUDGET)
    assert correction.is_correction and correction.correction_reason == "Bedrag klopte niet."


def test_a_concept_equal_to_the_release_is_no_correction(test_edition_copy, db):
    load_published(test_edition_copy)  # the same folder as the concept's below: the same content hash
    change_amount(test_edition_copy)
    replace_in(test_edition_copy / "developments" / ENERGY, "amount: 6000", "amount: 5000")
    load_edition(test_edition_copy)  # the concept is back to what the release says
    refused(
        lambda: publish_release(2090, BUDGET, notes="Correctie.", reason="Toch niet."),
        "Er is geen gewijzigd concept",
    )


def test_a_status_cannot_go_back(test_edition):
    error = refused(
        lambda: publish_release(2090, CONTENT, notes="Terug naar inhoud."),
        "Editie 2090 is al 'begroting vastgesteld'; een status terugzetten kan niet.",
        "status",
    )
    assert error.field == "status"


def test_an_archived_edition_takes_no_release(test_edition, test_edition_copy):
    publish_release(2090, ARCHIVED, notes="Archief.")
    refused(
        lambda: publish_release(2090, ARCHIVED, notes="Nog eens.", reason="Reden."),
        "Editie 2090 is gearchiveerd en krijgt geen nieuwe release meer.",
    )


@pytest.mark.parametrize("notes", ["", "   \n "])
def test_release_notes_are_required(concept, notes):
    refused(
        lambda: publish_release(2090, CONTENT, notes=notes),
        "Schrijf de releasenotes: wat is er veranderd, en waarom.",
        "notes",
    )


@pytest.mark.parametrize("status", ["concept", "gepubliceerd", ""])
def test_a_status_must_be_a_published_one(concept, status):
    refused(lambda: publish_release(2090, status, notes="Notes."), "Kies de status", "status")


def test_too_long_notes_are_refused(concept):
    refused(
        lambda: publish_release(2090, CONTENT, notes="x" * 20_001), "De tekst is te lang (ten hoogste 20.000 tekens)"
    )


def test_a_year_without_an_edition_has_nothing_to_publish(db):
    refused(lambda: publish_release(2091, CONTENT, notes="Notes."), "Er is geen editie 2091: laad eerst")


# A published release never changes --------------------------------------------------------------------


def test_a_published_release_cannot_be_saved(test_edition):
    test_edition.title = "Andere titel"
    with pytest.raises(ImmutableRelease, match="release 2090.1 is gepubliceerd"):
        test_edition.save()
    fresh = Edition.objects.get(pk=test_edition.pk)
    with pytest.raises(ImmutableRelease):
        fresh.save()
    assert Edition.objects.get(pk=test_edition.pk).title == "Testeditie 2090"


def test_later_loads_and_releases_leave_a_published_releases_rows_alone(test_edition, test_edition_copy):
    before, totals = rows(test_edition), model_totals(test_edition)
    change_amount(test_edition_copy)
    publish_release(2090, BUDGET, notes="Correctie.", reason="Bedrag.")
    change_amount(test_edition_copy, "amount: 6000", "amount: 7000")
    assert rows(test_edition) == before and model_totals(test_edition) == totals


# copy_release --------------------------------------------------------------------------------------------


def test_copy_release_copies_every_row_with_the_same_ids_and_figures(test_edition):
    copy = copy_release(test_edition)
    assert copy.pk != test_edition.pk
    assert (copy.year, copy.number, copy.status) == (2090, None, EditionStatus.CONCEPT)
    assert copy.published_on is None and copy.published_by is None and copy.correction_reason == ""
    assert copy.content_hash == test_edition.content_hash
    assert copy.reference_inhabitants == test_edition.reference_inhabitants
    assert copy.price_index_percent == test_edition.price_index_percent
    assert rows(copy) == rows(test_edition)
    assert len(rows(copy)["lines"]) == 16 and len(rows(copy)["developments"]) == 6
    totals = model_totals(copy)
    assert totals == model_totals(test_edition)
    assert totals[2090] == Decimal("257000")  # tests/data/README.md
    assert Edition.objects.concepts().get() == copy


# resolve() ---------------------------------------------------------------------------------------------------


def test_resolve_names_a_year_a_release_or_a_concept(test_edition, test_edition_copy, redacteur):
    concept = change_amount(test_edition_copy)
    assert resolve("2090") == test_edition
    assert resolve(" 2090.1 ") == test_edition
    assert resolve("2090", redacteur) == test_edition  # the year's current release is the published one
    assert resolve("2090.concept", redacteur) == concept
    with pytest.raises(ReleaseNotFound, match="bestaat niet"):
        resolve("2090.concept")  # not for anonymous users
    for missing in ("2090.2", "2091", "2091.concept"):
        with pytest.raises(ReleaseNotFound, match="bestaat niet"):
            resolve(missing, redacteur)


@pytest.mark.parametrize("junk", ["", "abc", "2090.x", "90", "2090.1.2", "2090-1", "2090.concept2", None])
def test_resolve_refuses_junk_with_a_dutch_explanation(test_edition, junk):
    with pytest.raises(ReleaseNotFound) as exc:
        resolve(junk)
    assert "is geen release: gebruik een jaar (2026), een release (2026.2) of een concept (2027.concept)" in (
        exc.value.message
    )


def test_a_year_with_only_a_concept_resolves_for_editors_only(concept, redacteur):
    assert resolve("2090", redacteur) == concept
    with pytest.raises(ReleaseNotFound):
        resolve("2090")


# Concepts on the catalogue pages --------------------------------------------------------------------------


CATALOGUE_PAGES = (
    "/editie/2090/",
    "/editie/2090/ontwikkeling/energiedashboard/",
    "/editie/2090/domein/kanalen/",
    "/editie/2090/opgaven/",
    "/editie/2090/wetten/",
    "/editie/2090/begroting/",
    "/editie/2090/uitgangspunten/",
    "/editie/2090/dataset.zip",
    "/editie/2090/releases/",
)


def test_a_concept_is_invisible_to_anonymous_users(client, concept):
    for url in CATALOGUE_PAGES:
        assert client.get(url).status_code == 404, url
    assert "Testeditie 2090" not in client.get("/edities/").content.decode()
    assert "load_edition" in client.get("/").content.decode()  # no edition yet, as far as they can see


def test_a_concept_is_invisible_to_logged_in_non_editors(client, concept, editor):
    client.force_login(editor)  # an editor of an organisation's plans, not of the catalogue
    for url in CATALOGUE_PAGES:
        assert client.get(url).status_code == 404, url


def test_a_concept_is_visible_to_editors_with_a_warning(client, concept, redacteur):
    client.force_login(redacteur)
    for url in CATALOGUE_PAGES:
        assert client.get(url).status_code == 200, url
    page = client.get("/editie/2090/").content.decode()
    assert "Dit is het concept van editie 2090: nog niet gepubliceerd en alleen zichtbaar voor de redactie" in page
    listing = client.get("/edities/").content.decode().lower()
    assert "concept 2090" in listing and "nog niet gepubliceerd; alleen zichtbaar voor de redactie" in listing


def test_next_to_a_release_the_concept_is_shown_only_when_asked_for(client, test_edition, test_edition_copy, redacteur):
    change_amount(test_edition_copy)
    replace_in(test_edition_copy / "developments" / ENERGY, "title: Energiedashboard", "title: Energiedashboard nieuw")
    load_edition(test_edition_copy)
    url = "/editie/2090/ontwikkeling/energiedashboard/"
    assert "Energiedashboard nieuw" not in client.get(url).content.decode()
    assert client.get(url + "?release=concept").status_code == 404
    listing = client.get("/edities/").content.decode().lower()
    assert "release 2090.1" in listing and "concept 2090" not in listing
    client.force_login(redacteur)
    assert "Energiedashboard nieuw" not in client.get(url).content.decode()  # the current release first
    assert "Energiedashboard nieuw" in client.get(url + "?release=concept").content.decode()
    assert "Energiedashboard nieuw" not in client.get(url + "?release=1").content.decode()


# Plans start on published releases only ---------------------------------------------------------------------


def test_create_plan_refuses_a_concept(concept, org, editor):
    with pytest.raises(ConceptRelease):
        create_plan(org, editor, edition=concept, title="Plan", start_year=2091, horizon=4, inhabitants=12_500)
    assert not Plan.objects.exists()


def test_the_create_form_offers_only_published_releases(client, test_edition, test_edition_copy, org, editor):
    concept = change_amount(test_edition_copy)
    client.force_login(editor)
    url = f"/organisaties/{org.slug}/plannen/nieuw/"
    page = client.get(url).content.decode()
    assert f'value="{test_edition.pk}"' in page and f'value="{concept.pk}"' not in page
    response = client.post(
        url,
        {"title": "Plan", "edition": concept.pk, "inhabitants": 12_500, "start_year": 2091, "horizon": 4},
    )
    assert response.status_code == 200 and not Plan.objects.exists()
    assert "Controleer de invoer" in response.content.decode()


# The releases page -------------------------------------------------------------------------------------------


def releases_url(year=2090):
    return f"/editie/{year}/releases/"


def page(response) -> str:
    """The page's text, unescaped; release labels are capitalised in headings ('Release 2090.1')."""
    return html.unescape(response.content.decode()).replace("Release 2090.", "release 2090.")


@pytest.fixture
def content_release(concept):
    """2090.1, 'inhoud vastgesteld', published by a management command (no user)."""
    return publish_release(2090, CONTENT, notes="**Eerste** release van de testeditie.", on=date(2090, 3, 1))


def test_everyone_sees_the_releases_with_their_notes_but_no_form(client, content_release, editor):
    for user in (None, editor, User.objects.create_user("staf", password="x-very-long-secret", is_staff=True)):
        if user:
            client.force_login(user)
        response = client.get(releases_url())
        assert response.status_code == 200
        text = page(response)
        assert "release 2090.1" in text and "inhoud vastgesteld" in text and "1 maart 2090" in text
        assert "<strong>Eerste</strong> release van de testeditie." in text
        assert "Status wijzigen (redactie)" not in text and 'name="notes"' not in text
        assert "via een beheeropdracht" not in text  # who published is for the editors


@pytest.mark.parametrize("who", ["anonymous", "plan editor", "staff"])
def test_posting_without_being_an_editor_is_forbidden(client, content_release, editor, who):
    if who == "plan editor":
        client.force_login(editor)
    elif who == "staff":
        client.force_login(User.objects.create_user("staf", password="x-very-long-secret", is_staff=True))
    response = client.post(releases_url(), {"status": BUDGET, "notes": "Begroting."})
    assert response.status_code == 403
    assert Edition.objects.published().count() == 1


def test_an_editor_publishes_the_next_status_through_the_form(client, content_release, test_edition_copy, redacteur):
    concept = change_amount(test_edition_copy)
    client.force_login(redacteur)
    form_page = page(client.get(releases_url()))
    assert "Status wijzigen (redactie)" in form_page and "Het concept verschilt van de laatste release." in form_page
    assert "via een beheeropdracht" in form_page  # 2090.1 was published by a command
    before = timezone.now()
    response = client.post(releases_url(), {"status": BUDGET, "notes": "Begroting met **nieuw** bedrag.", "reason": ""})
    assert response.status_code == 302 and response["Location"] == releases_url()
    text = page(client.get(releases_url()))
    assert "release 2090.2 is gepubliceerd: begroting vastgesteld." in text
    assert "release 2090.2" in text and "begroting vastgesteld" in text
    assert "<strong>nieuw</strong>" in text and "door Roos Redacteur" in text
    release = Edition.objects.get(year=2090, number=2)
    assert release.pk == concept.pk and release.status == BUDGET
    assert release.published_by == redacteur and release.published_at >= before
    assert release.published_on == timezone.localdate() and not release.is_correction


def test_an_editor_publishes_a_correction_with_its_reason(client, content_release, test_edition_copy, redacteur):
    change_amount(test_edition_copy)
    client.force_login(redacteur)
    response = client.post(
        releases_url(), {"status": CONTENT, "notes": "Bedrag gecorrigeerd.", "reason": "Offerte was verouderd."}
    )
    assert response.status_code == 302
    text = page(client.get(releases_url()))
    assert "Correctie: Offerte was verouderd." in text.replace("</strong>", "")
    release = Edition.objects.get(year=2090, number=2)
    assert release.status == CONTENT and release.correction_reason == "Offerte was verouderd."


def test_an_editor_publishes_a_year_that_only_has_a_concept(client, concept, redacteur):
    client.force_login(redacteur)
    assert "Van deze editie is nog geen release gepubliceerd." in page(client.get(releases_url()))
    response = client.post(releases_url(), {"status": CONTENT, "notes": "Eerste release."})
    assert response.status_code == 302
    assert Edition.objects.get(pk=concept.pk).number == 1


@pytest.mark.parametrize(
    "data, message",
    [
        ({"status": BUDGET, "notes": ""}, "Dit veld is verplicht."),
        ({"status": BUDGET, "notes": "   "}, "Dit veld is verplicht."),
        (
            {"status": CONTENT, "notes": "Correctie.", "reason": ""},
            "Een correctie van een gepubliceerde release heeft een reden nodig.",
        ),
        ({"status": EditionStatus.CONCEPT, "notes": "Terug."}, "Selecteer een geldige keuze"),
        ({"status": "onzin", "notes": "Onzin."}, "Selecteer een geldige keuze"),
        ({"status": CONTENT, "notes": "Correctie.", "reason": "Reden."}, "Er is geen gewijzigd concept"),
    ],
)
def test_bad_form_input_gives_a_dutch_error_and_publishes_nothing(client, content_release, redacteur, data, message):
    client.force_login(redacteur)
    response = client.post(releases_url(), data)
    assert response.status_code == 200
    text = page(response)
    assert "Controleer de invoer" in text and message in text
    assert Edition.objects.published().count() == 1 and not Edition.objects.concepts().exists()


def test_going_back_is_refused_on_the_page(client, test_edition, redacteur):
    client.force_login(redacteur)
    form_page = page(client.get(releases_url()))
    assert f'value="{CONTENT}"' not in form_page and f'value="{BUDGET}"' in form_page
    response = client.post(releases_url(), {"status": CONTENT, "notes": "Terug."})
    assert response.status_code == 200 and "Selecteer een geldige keuze" in page(response)
    assert Edition.objects.published().count() == 1


def test_an_archived_edition_shows_no_form(client, test_edition, redacteur):
    publish_release(2090, ARCHIVED, notes="Archief.")
    client.force_login(redacteur)
    text = page(client.get(releases_url()))
    assert "Deze editie is gearchiveerd: er verschijnen geen releases meer." in text
    assert 'name="notes"' not in text
    response = client.post(releases_url(), {"status": ARCHIVED, "notes": "Nog eens.", "reason": "Reden."})
    assert response.status_code == 200
    assert Edition.objects.published().count() == 2


def test_a_year_without_an_edition_is_404(client, redacteur, db):
    client.force_login(redacteur)
    assert client.get(releases_url(2091)).status_code == 404


def test_a_superuser_is_an_editor_too(client, concept):
    client.force_login(User.objects.create_superuser("baas", password="x-very-long-secret"))
    response = client.post(releases_url(), {"status": CONTENT, "notes": "Eerste release."})
    assert response.status_code == 302 and Edition.objects.get(pk=concept.pk).number == 1


# The publish_release command -------------------------------------------------------------------------


def test_the_command_publishes_and_with_if_needed_is_idempotent(concept, capsys):
    call_command("publish_release", "2090", CONTENT, "--notes", "Inhoud.", "--date", "2090-03-01", "--if-needed")
    assert "Release 2090.1 gepubliceerd: inhoud vastgesteld." in capsys.readouterr().out
    release = Edition.objects.get(pk=concept.pk)
    assert release.published_on == date(2090, 3, 1) and release.published_by is None
    for status in (CONTENT, CONTENT):
        call_command("publish_release", "2090", status, "--notes", "Inhoud.", "--if-needed")
        assert "Editie 2090 is al 'inhoud vastgesteld' (2090.1)." in capsys.readouterr().out
    assert Edition.objects.filter(year=2090).count() == 1
    call_command("publish_release", "2090", BUDGET, "--notes", "Begroting.", "--if-needed")
    call_command("publish_release", "2090", CONTENT, "--notes", "Inhoud.", "--if-needed")  # already further
    assert "is al 'begroting vastgesteld' (2090.2)" in capsys.readouterr().out
    assert list(Edition.objects.filter(year=2090).values_list("number", flat=True)) == [2, 1]


def test_the_command_reads_notes_from_a_file_and_reports_refusals(concept, tmp_path):
    notes = tmp_path / "notes.md"
    notes.write_text("# Release\n\nInhoud vastgesteld.", encoding="utf-8")
    call_command("publish_release", "2090", CONTENT, "--notes-file", str(notes))
    assert Edition.objects.get(year=2090, number=1).release_notes == "# Release\n\nInhoud vastgesteld."
    with pytest.raises(CommandError, match="Schrijf de releasenotes"):
        call_command("publish_release", "2090", BUDGET)
    with pytest.raises(CommandError, match="een reden nodig"):
        call_command("publish_release", "2090", CONTENT, "--notes", "Correctie.")
    with pytest.raises(CommandError, match="geen datum"):
        call_command("publish_release", "2090", BUDGET, "--notes", "Begroting.", "--date", "1-3-2090")
    with pytest.raises(CommandError, match="Releasenotes niet te lezen"):
        call_command("publish_release", "2090", BUDGET, "--notes-file", str(tmp_path / "bestaat-niet.md"))
    assert Edition.objects.filter(year=2090).count() == 1


def test_release_dates_default_to_today(concept):
    release = publish_release(2090, CONTENT, notes="Inhoud.")
    assert release.published_on == timezone.localdate() and release.published_by is None
