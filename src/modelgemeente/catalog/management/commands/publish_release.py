from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from modelgemeente.catalog.models import Edition, EditionStatus
from modelgemeente.catalog.services import ReleaseError, publish_release


class Command(BaseCommand):
    help = (
        "Zet de editie van een jaar op een status en publiceert daarmee een release (zoals de redactie dat in de "
        "app doet; de release vermeldt 'via een beheeropdracht')."
    )

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("status", choices=[s for s in EditionStatus.values if s != EditionStatus.CONCEPT])
        parser.add_argument("--notes", default="", help="releasenotes (Markdown)")
        parser.add_argument("--notes-file", help="bestand met de releasenotes (Markdown)")
        parser.add_argument("--reason", default="", help="reden, bij een correctie")
        parser.add_argument("--date", help="publicatiedatum JJJJ-MM-DD (standaard vandaag)")
        parser.add_argument(
            "--if-needed",
            action="store_true",
            help="niets doen als de editie deze status al heeft (of verder is); voor installatiescripts",
        )

    def handle(self, year, status, notes, notes_file, reason, date, if_needed, **options):
        latest = Edition.objects.published().filter(year=year).order_by("-number").first()
        if if_needed and latest and EditionStatus.rank(latest.status) >= EditionStatus.rank(status):
            self.stdout.write(f"Editie {year} is al '{latest.get_status_display()}' ({latest.release_id}).")
            return
        if notes_file:
            try:
                notes = Path(notes_file).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise CommandError(f"Releasenotes niet te lezen: {exc}") from exc
        try:
            on = _date(date) if date else None
            release = publish_release(year, status, notes=notes, reason=reason, on=on)
        except ReleaseError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            self.style.SUCCESS(f"Release {release.release_id} gepubliceerd: {release.get_status_display()}.")
        )


def _date(text: str):
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"'{text}' is geen datum (JJJJ-MM-DD).") from None
