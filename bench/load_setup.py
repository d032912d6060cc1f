"""The in-process half of the load benchmark (bench/load.py runs it; not meant to be run by hand).

It runs inside the project under test (`--root`, its own code and settings; the database and other
settings come from the environment bench/load.py sets) and prints one JSON object on its last line:

    plan     the benchmark organisation, an editor and a realistic plan on the published 2026 release,
             made through the project's own services (plans/services.py), as an editor would make it
    exports  the "cold" time of a plan's XLSX and PDF: the report and the writer called directly
             (no view, no cache), a few runs each; `--profile-pdf` adds cProfile's top functions
"""

import argparse
import json
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ORG_SLUG = "bench-houten"
EMAIL = "bench-redacteur@houten.example"
PASSWORD = "Bench-begroting-2027!"  # noqa: S105 - a throwaway user in a throwaway database
MUNICIPALITY = "GM0321"  # Houten, about 51,000 inhabitants: a mid-sized municipality
DEVELOPMENT = "informatiebeveiliging-en-privacy"  # the development page that is measured
SEARCH_QUERY = "informatiebeveiliging"


def django_setup(root: Path):
    sys.path.insert(0, str(root / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "modelgemeente.config.settings")
    import django

    django.setup()


def published_2026():
    from modelgemeente.catalog.models import Edition

    return Edition.objects.filter(year=2026, number__isnull=False).order_by("-number").first()


def make_plan() -> dict:
    """The organisation, its editor and one plan with the choices an editor typically makes."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from modelgemeente import refdata
    from modelgemeente.accounts.models import EmailAddress
    from modelgemeente.plans import services
    from modelgemeente.plans.models import Membership, Organisation, Role

    edition = published_2026()
    org = Organisation.objects.create(
        name="Gemeente Houten (benchmark)", slug=ORG_SLUG, municipality_codes=[MUNICIPALITY]
    )
    user = get_user_model()(username=EMAIL, email=EMAIL, first_name="Bench")
    user.set_password(PASSWORD)
    user.save()
    EmailAddress.objects.create(user=user, email=EMAIL, confirmed_at=timezone.now())
    Membership.objects.create(organisation=org, user=user, role=Role.EDITOR)

    plan = services.create_plan(
        org,
        user,
        edition=edition,
        title="I-plan Houten 2027-2030",
        start_year=2027,
        horizon=4,
        municipality=refdata.municipality(MUNICIPALITY),
    )
    slugs = list(plan.choices.order_by("development__slug").values_list("development__slug", flat=True))

    # Choices: priorities for most developments, a few left out, some starting later, motivations.
    rows = {}
    for i, slug in enumerate(slugs):
        row = {"priority": ("must", "should", "should", "could")[i % 4]}
        if i % 9 == 4:
            row["included"] = False
        if i % 7 == 3:
            row["priority"] = "wont"
        if i % 5 == 2:
            row["start_year"] = 2028
        if i % 3 == 0:
            row["motivation"] = f"Afgestemd met het MT op {i + 1} maart; past in de regionale aanpak."
        rows[slug] = row
    services.save_choices(plan, user, plan.version, rows)
    plan.refresh_from_db()

    # Own figures for two model lines of the measured development: one own amount, one left out.
    choice = plan.choices.select_related("development").get(development__slug=DEVELOPMENT)
    lines = list(choice.development.budget_lines.order_by("pk"))
    money = [line for line in lines if not line.is_capacity]
    figures = {}
    if money:
        figures[money[0].slug] = {"own": Decimal(18_500), "reason": "Offerte leverancier, maart 2026."}
    if len(lines) > 1:
        figures[lines[-1].slug] = {"excluded": True, "reason": "Regelen we in de regio."}
    if figures:
        services.save_line_adjustments(plan, user, plan.version, choice.development, figures)
        plan.refresh_from_db()

    # Own lines: a licence, a one-off implementation and capacity.
    for values in (
        {"description": "SIEM-dienst (SOC) regionaal", "kind": "structural", "category": "licences"},
        {"description": "Implementatie ISMS-tool", "kind": "incidental", "category": "implementation", "spread": 2},
        {"description": "Privacy officer (extra uren)", "kind": "structural", "category": "personnel"},
    ):
        if values["category"] == "personnel":
            values |= {"hours_per_week": Decimal(12), "salary_scale": 10}
        else:
            values |= {"amount": Decimal(24_000 if values["kind"] == "structural" else 60_000), "price_year": 2027}
        values["reason"] = "Raming van de CISO, besproken in het MT."
        services.add_extra_line(plan, user, choice.development, values)
        plan.refresh_from_db()

    from django.urls import reverse

    plan_args = [org.slug, plan.pk]
    urls = {
        "login": reverse("accounts:login"),
        "home": reverse("catalog:home"),
        "development": reverse("catalog:development", args=[2026, DEVELOPMENT]),
        "budget": reverse("catalog:budget", args=[2026]),
        "search": reverse("catalog:search", args=[2026]) + "?q=" + SEARCH_QUERY,
        "plan": reverse("plans:plan", args=plan_args),
        "choices": reverse("plans:plan_developments", args=plan_args),
        "xlsx": reverse("plans:download", args=[*plan_args, "xlsx"]),
        "pdf": reverse("plans:download", args=[*plan_args, "pdf"]),
    }
    return {
        "urls": urls,
        "org": org.slug,
        "plan": plan.pk,
        "plan_version": plan.version,
        "edition": f"{edition.year}.{edition.number}",
        "developments": len(slugs),
        "email": EMAIL,
        "password": PASSWORD,
        "development": DEVELOPMENT,
    }


def time_exports(plan_pk: int, runs: int, profile_pdf: bool) -> dict:
    """Each export written from scratch, as the download view would when nothing is cached."""
    from django.utils import translation

    from modelgemeente.exports.writers import FORMATS
    from modelgemeente.plans.budget import plan_export_report
    from modelgemeente.plans.models import Plan

    out = {}
    for fmt in ("xlsx", "pdf"):
        writer = FORMATS[fmt][2]
        times, size = [], 0
        for _ in range(runs):
            plan = Plan.objects.select_related("organisation", "edition").get(pk=plan_pk)
            with translation.override("nl"):
                start = time.perf_counter()
                content = writer(plan_export_report(plan))
                times.append(time.perf_counter() - start)
            size = len(content)
        out[fmt] = {
            "runs_ms": [round(t * 1000, 1) for t in times],
            "median_ms": round(statistics.median(times) * 1000, 1),
        }
        out[fmt]["bytes"] = size
        if fmt == "pdf":
            out[fmt]["pages"] = pdf_pages(content)
    if profile_pdf:
        out["pdf_profile"] = profile(plan_pk)
    return out


def pdf_pages(content: bytes) -> int | None:
    try:
        import io

        from pypdf import PdfReader  # a test tool (requirements.lock); the count is left out without it
    except ImportError:
        return None
    return len(PdfReader(io.BytesIO(content)).pages)


def profile(plan_pk: int) -> str:
    import cProfile
    import io
    import pstats

    from django.utils import translation

    from modelgemeente.exports.writers import FORMATS
    from modelgemeente.plans.budget import plan_export_report
    from modelgemeente.plans.models import Plan

    plan = Plan.objects.get(pk=plan_pk)
    profiler = cProfile.Profile()
    with translation.override("nl"):
        profiler.enable()
        FORMATS["pdf"][2](plan_export_report(plan))
        profiler.disable()
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text)
    stats.sort_stats("cumulative").print_stats(25)
    text.write("\n--- by own time ---\n")
    stats.sort_stats("tottime").print_stats(10)
    text.write("\n--- the project's own functions, cumulative ---\n")
    stats.sort_stats("cumulative").print_stats("modelgemeente", 15)
    return text.getvalue()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=["plan", "exports"])
    parser.add_argument("--root", type=Path, required=True)
    parser.add_argument("--plan", type=int)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile-pdf", action="store_true")
    args = parser.parse_args()
    django_setup(args.root.resolve())
    if args.what == "plan":
        result = make_plan()
    else:
        result = time_exports(args.plan, args.runs, args.profile_pdf)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
