from django.core.management.base import BaseCommand, CommandError

from modelgemeente.catalog.services import ContentErrors, check_edition, load_edition


class Command(BaseCommand):
    help = "Laadt een editie uit een inhoudsmap (bijv. content/editions/2026) in de database, in één transactie."

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
        state = "nieuw geladen" if result.created else ("bijgewerkt" if result.changed else "ongewijzigd")
        self.stdout.write(
            self.style.SUCCESS(
                f"Editie {result.edition.year} {state}: {result.edition.domains.count()} domeinen, "
                f"{result.developments} ontwikkelingen, {result.budget_lines} begrotingsregels, "
                f"{result.edition.opgaven.count()} opgaven, {result.edition.laws.count()} wetten."
            )
        )
