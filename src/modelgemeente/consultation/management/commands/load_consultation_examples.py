"""manage.py load_consultation_examples: create the example regions (data/regions) and collective provisions
(data/provisions) that do not exist yet.

An existing region or provision (same id) is never changed or deleted, because administrators may have edited
it; the command says so ("bestaat al, niet gewijzigd"). Running it twice changes nothing the second time.
"""

from django.core.management.base import BaseCommand, CommandError

from modelgemeente.consultation import seed
from modelgemeente.consultation.services.seeding import create_missing_examples


class Command(BaseCommand):
    help = (
        "Maak de voorbeeldregio's en voorbeelden van gezamenlijke voorzieningen aan die nog niet bestaan; "
        "bestaande worden nooit gewijzigd."
    )

    def handle(self, *args, **options):
        try:
            regions, provisions = seed.example_regions(), seed.example_provisions()
        except seed.SeedDataError as exc:
            raise CommandError(f"niets aangemaakt: {exc}") from exc
        region_report, provision_report = create_missing_examples(regions, provisions)
        for kind, report in (("regio", region_report), ("voorziening", provision_report)):
            for slug in report.created:
                self.stdout.write(f"{kind} {slug}: aangemaakt")
            for slug in report.existing:
                self.stdout.write(f"{kind} {slug}: bestaat al, niet gewijzigd")
        self.stdout.write(
            f"{len(region_report.created)} regio's en {len(provision_report.created)} voorzieningen aangemaakt; "
            f"{len(region_report.existing)} regio's en {len(provision_report.existing)} voorzieningen bestonden al."
        )
