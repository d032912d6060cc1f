from django.core.management.base import BaseCommand, CommandError

from modelgemeente.catalog.services import ContentErrors, check_edition, load_edition


class Command(BaseCommand):
    help = (
        "Laadt een inhoudsmap (bijv. content/editions/2027) in het concept van dat jaar, in één transactie; "
        "een gepubliceerde release verandert nooit."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="map met edition.yaml en developments/")
        parser.add_argument("--check", action="store_true", help="alleen controleren, niets laden")

    def handle(self, path, check=False, **options):
        try:
            if check:
                content = check_edition(path)
                lines = sum(len(d.data["budget_lines"]) for d in content.developments)
                self.stdout.write(
                    f"Editie {content.data['year']} is in orde: {len(content.developments)} ontwikkelingen, {lines} begrotingsregels."
                )
                return
            result = load_edition(path)
        except ContentErrors as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"Editie niet geladen: {len(exc.errors)} fout(en) gevonden. De database is niet gewijzigd."
            ) from exc
        edition = result.edition
        if result.same_as is not None:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Editie {edition.year}: de bestanden zijn gelijk aan de gepubliceerde release "
                    f"{edition.release_id}; er is niets geladen."
                )
            )
            return
        state = "nieuw geladen" if result.created else ("bijgewerkt" if result.changed else "ongewijzigd")
        self.stdout.write(
            self.style.SUCCESS(
                f"Concept {edition.year} {state}: {edition.domains.count()} domeinen, "
                f"{result.developments} ontwikkelingen, {result.budget_lines} begrotingsregels, "
                f"{edition.opgaven.count()} opgaven, {edition.laws.count()} wetten."
            )
        )
        if result.published is not None:
            self.stdout.write(
                f"De gepubliceerde release {result.published.release_id} blijft ongewijzigd. Publiceer het concept "
                f"als correctie (met reden) of als de volgende status: op /editie/{edition.year}/releases/ of met "
                f"manage.py publish_release."
            )
        else:
            self.stdout.write(
                f"Het concept is alleen zichtbaar voor de redactie; publiceer het op /editie/{edition.year}/releases/ "
                f"of met manage.py publish_release {edition.year} inhoud_vastgesteld."
            )
