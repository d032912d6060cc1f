"""Product digitalisation pages (docs/maturity-method.md): the public product list, and per organisation its
measurements per year with the unweighted and the volume-weighted index, the products that raise the weighted
index most, the login mismatches, and the entry table or CSV import of levels, volumes and logins.

Members read, editors and admins change (maturity/access.py); another organisation's data is 404. Views parse,
call services/digitalisation.py and render."""

from decimal import Decimal

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from modelgemeente.core.enums import Audience, Authentication, Basis, DigitalLevel, Role

from . import product_csv, productlist, readings
from .access import can_edit, measurement_for, membership
from .forms_digitalisation import ImportForm, MeasurementSettingsForm, ScoresForm, StartMeasurementForm
from .models import ProductScore
from .product_csv import label
from .services import digitalisation as service
from .services.history import StaleVersion

HUNDRED = Decimal(100)
TOP = 10  # products shown in the ranking


def _download(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _posted(request, part: str = "POST"):
    """The posted data (also when empty, so an empty post shows what is missing), or None for a GET."""
    return getattr(request, part) if request.method == "POST" else None


def _percent(value) -> Decimal | None:
    return None if value is None else value * HUNDRED


def _percents(result) -> dict:
    return {"unweighted": _percent(result.unweighted), "weighted": _percent(result.weighted)}


def _stale_message() -> str:
    return _(
        "Iemand anders heeft deze meting gewijzigd nadat u haar opende; er is niets opgeslagen. Uw invoer staat "
        "hieronder nog. Vergelijk haar met de wijzigingen hierboven en sla opnieuw op als u uw versie wilt bewaren."
    )


# The product list (public) ------------------------------------------------------------------------------------


def products(request):
    found = productlist.product_list()
    return render(
        request,
        "maturity/products.html",
        {
            "product_list": found,
            "rows": [_product_row(p) for p in found.products],
            "counts": found.counts(),
            "source_label": found.source_label(),
        },
    )


def _product_row(product) -> dict:
    return {
        "product": product,
        "audience": label(Audience, product.audience),
        "login": label(Authentication, product.auth_level),
        "auth_basis": label(Basis, product.auth_basis),
        "volume_basis": label(Basis, product.volume_basis),
    }


def products_csv(request):
    return _download(product_csv.list_csv(), "producten.csv")


# Measurements of an organisation ------------------------------------------------------------------------------


def measurements(request, org):
    member = membership(request, org)
    if request.method == "POST":
        member = membership(request, org, Role.EDITOR)
    organisation = member.organisation
    cbs = service.cbs_inhabitants(organisation)
    form = None
    if can_edit(member):
        inhabitants, source = cbs
        initial = {"year": _next_year(organisation), "inhabitants": inhabitants, "inhabitants_source": source}
        form = StartMeasurementForm(_posted(request), cbs=cbs, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            measurement = service.start_measurement(
                organisation, data["year"], request.user, data["inhabitants"], data["inhabitants_source"]
            )
        except service.MeasurementError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Meting %(year)s is begonnen.") % {"year": measurement.year})
            return redirect("maturity:measurement", org, measurement.year)
    rows = []
    for m in organisation.product_measurements.prefetch_related("scores").order_by("-year"):
        result = readings.measurement_result(m)
        rows.append({"measurement": m, "result": result, **_percents(result)})
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "maturity/digitalisation_measurements.html",
        {"org": organisation, "member": member, "rows": rows, "form": form},
        status=status,
    )


def _next_year(organisation) -> int:
    years = set(organisation.product_measurements.values_list("year", flat=True))
    year = timezone.now().year
    while year in years:
        year += 1
    return year


# One measurement ----------------------------------------------------------------------------------------------


def _scores(measurement) -> dict:
    return {s.product: s for s in ProductScore.objects.filter(measurement=measurement)}


def _result_lines(overall, rows) -> list[dict]:
    """Overall and per audience: both indices as percentages, and how many products were assessed."""
    lines = [{"label": _("Alle producten"), "result": overall}]
    per_audience = service.audience_results(rows)
    for audience in Audience:
        if audience.value in per_audience:
            lines.append({"label": audience.label, "result": per_audience[audience.value]})
    return [line | _percents(line["result"]) for line in lines]


def _ranking(result, by_id) -> list[dict]:
    return [
        {
            "row": by_id[impact.id],
            "impact": impact,
            "points": impact.gain_per_step * HUNDRED,
        }
        for impact in result.ranking[:TOP]
    ]


def _mismatches(result, by_id) -> list[dict]:
    return [
        {
            "row": by_id[m.id],
            "needed": label(Authentication, m.needed),
            "offered": label(Authentication, m.offered),
            "text": service.mismatch_text(m.kind, m.needed, m.offered),
            "remark": m.kind == "higher_than_needed",
        }
        for m in result.mismatches
    ]


def _table(form, by_id, scores, inhabitants) -> list[dict]:
    """The entry table: per product its current row, its form row, its saved score, the list's estimate and the
    labels to show."""
    table = []
    for old, row_form in form.rows:
        row = by_id.get(old.product_id, old)
        product = row.product
        table.append(
            {
                "row": row,
                "form": row_form,
                "score": scores.get(row.product_id),
                "estimate": product.estimated_volume(inhabitants) if product else None,
                "estimate_basis": label(Basis, product.volume_basis) if product else "",
                "audience": label(Audience, product.audience) if product else "",
                "needed": label(Authentication, product.auth_level) if product else "",
                "level": label(DigitalLevel, row.level) if row.level is not None else "",
                "offered": label(Authentication, row.offered) if row.offered else "",
            }
        )
    return table


def _context(measurement, member, form, **extra) -> dict:
    rows = readings.product_rows(measurement)
    result = readings.measurement_result(measurement, rows)
    by_id = {row.product_id: row for row in rows}
    assessed = [row for row in rows if row.level is not None]
    estimated = sum(1 for row in assessed if row.volume_estimated)
    return {
        "org": measurement.organisation,
        "member": member,
        "measurement": measurement,
        "may_edit": can_edit(member),
        "result": result,
        "lines": _result_lines(result, rows),
        "total_products": len(rows),
        "estimated": estimated,
        "own": len(assessed) - estimated,
        "ranking": _ranking(result, by_id),
        "mismatches": _mismatches(result, by_id),
        "form": form,
        "table": _table(form, by_id, _scores(measurement), measurement.inhabitants),
        "levels": DigitalLevel.choices,
        "source_label": productlist.product_list().source_label(),
        **extra,
    }


def measurement(request, org, year):
    found, member = measurement_for(request, org, year)
    if request.method == "POST" and not can_edit(member):
        membership(request, org, Role.EDITOR)  # raises the 403 with the role needed
    rows = readings.product_rows(found)
    form = ScoresForm(_posted(request), rows, _scores(found), found.version)
    if request.method != "POST":
        return render(request, "maturity/digitalisation_measurement.html", _context(found, member, form))
    if not form.is_valid():
        return render(request, "maturity/digitalisation_measurement.html", _context(found, member, form), status=400)
    version, loaded = form.version.cleaned_data["version"], found.version
    try:
        service.save_scores(found, request.user, version, form.values())
    except StaleVersion as error:
        return _stale(request, found, member, rows, error)
    except service.MeasurementError as error:
        form.version.add_error(None, str(error))
        return render(request, "maturity/digitalisation_measurement.html", _context(found, member, form), status=400)
    # Saved: the service raised the version. (A form posted again with an older version and the saved values
    # changes nothing, so the posted version says nothing about whether it saved.)
    if found.version != loaded:
        messages.success(request, _("De meting is opgeslagen."))
    else:
        messages.info(request, _("Er was niets gewijzigd."))
    return redirect("maturity:measurement", org, year)


def _stale(request, found, member, rows, error):
    """Keep what the user typed; the current version becomes the one read, so saving again is a conscious choice."""
    found.refresh_from_db()
    data = request.POST.copy()
    data["version"] = str(found.version)
    form = ScoresForm(data, rows, _scores(found), found.version)
    form.is_valid()
    messages.error(request, _stale_message())
    context = _context(found, member, form, conflict=error.changes)
    return render(request, "maturity/digitalisation_measurement.html", context, status=409)


def measurement_template(request, org, year):
    found, _member = measurement_for(request, org, year)
    slug = found.organisation.slug
    return _download(service.csv_template(found), f"digitalisering-{slug}-{found.year}.csv")


def measurement_import(request, org, year):
    found, member = measurement_for(request, org, year, Role.EDITOR)
    form = ImportForm(_posted(request), _posted(request, "FILES"), initial={"version": found.version})
    problems, conflict = [], None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read(product_csv.MAX_BYTES + 1)
        try:
            result = service.import_csv(found, request.user, form.cleaned_data["version"], data)
        except service.CsvImportErrors as error:
            problems = error.errors
        except service.MeasurementError as error:
            form.add_error(None, str(error))
        except StaleVersion as error:
            conflict = error.changes
            messages.error(request, _("Iemand anders heeft deze meting gewijzigd; er is niets ingelezen."))
            found.refresh_from_db()
            form = ImportForm(initial={"version": found.version})
        else:
            messages.success(
                request,
                _("Het bestand is ingelezen: %(changed)s product(en) gewijzigd, %(unchanged)s ongewijzigd.")
                % {"changed": result.changed, "unchanged": result.unchanged},
            )
            return redirect("maturity:measurement", org, year)
    status = 200 if request.method != "POST" else (409 if conflict is not None else 400)
    context = {
        "org": found.organisation,
        "member": member,
        "measurement": found,
        "form": form,
        "problems": problems,
        "conflict": conflict,
        "columns": product_csv.COLUMNS,
        "levels": DigitalLevel.choices,
        "logins": Authentication.choices,
    }
    return render(request, "maturity/digitalisation_import.html", context, status=status)


def measurement_settings(request, org, year):
    found, member = measurement_for(request, org, year, Role.EDITOR)
    initial = {
        "inhabitants": found.inhabitants,
        "inhabitants_source": found.inhabitants_source,
        "note": found.note,
        "version": found.version,
    }
    form = MeasurementSettingsForm(_posted(request), initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            service.update_measurement(
                found, request.user, data["version"], data["inhabitants"], data["inhabitants_source"], data["note"]
            )
        except StaleVersion as error:
            conflict = error.changes
            found.refresh_from_db()
            posted = request.POST.copy()
            posted["version"] = str(found.version)
            form = MeasurementSettingsForm(posted)
            form.is_valid()
            form.add_error(None, _stale_message())
        except service.MeasurementError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("De gegevens van de meting zijn opgeslagen."))
            return redirect("maturity:measurement", org, year)
    status = 200 if request.method != "POST" else (409 if conflict is not None else 400)
    context = {"org": found.organisation, "member": member, "measurement": found, "form": form, "conflict": conflict}
    return render(request, "maturity/digitalisation_settings.html", context, status=status)
