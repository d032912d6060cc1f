"""manage.py write_proposals FOLDER [--write]: put accepted proposals into an edition folder's files.

Without --write it only prints the unified diff of every file it would change (for review, like any
content change in git). With --write it writes the files, checks the folder (catalog.services.check_edition;
the old files are put back if it no longer validates), credits the proposals in release-notes.md and marks
them written.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from modelgemeente.community import services, writer
from modelgemeente.community.models import Proposal


def pending():
    """Accepted change and new-line proposals, not hidden, not yet written, oldest first."""
    return (
        Proposal.objects.filter(
            status__in=["accepted", "accepted_changed"],
            kind__in=["change", "new_line"],
            written_at__isnull=True,
            hidden_at__isnull=True,
        )
        .select_related("organisation")
        .order_by("created_at", "pk")
    )


class Command(BaseCommand):
    help = "Schrijf aangenomen voorstellen in de inhoudsbestanden van een editie (eerst de diff, met --write echt)."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="de map van de editie, bv. content/editions/2027")
        parser.add_argument("--write", action="store_true", help="schrijf de bestanden (zonder: alleen de diff)")

    def handle(self, *args, folder, write, **options):
        folder = Path(folder)
        if not (folder / "edition.yaml").is_file():
            raise CommandError(f"{folder}: geen editiemap (edition.yaml ontbreekt)")
        plan = writer.plan_writes(folder, list(pending()))
        for proposal, reason in plan.skipped:
            self.stderr.write(f"overgeslagen: voorstel #{proposal.pk} ({proposal}): {reason}")
        if not plan.planned:
            self.stdout.write("Geen aangenomen voorstellen om te schrijven.")
            return
        self.stdout.write(plan.diff())
        for item in plan.planned:
            if item.warning:
                self.stderr.write(f"voorstel #{item.proposal.pk}: {item.warning}")
        if not write:
            self.stdout.write(f"{len(plan.planned)} voorstel(len) klaar om te schrijven; voer opnieuw uit met --write.")
            return
        try:
            writer.apply(plan)
        except writer.WriteError as exc:
            raise CommandError(f"niets geschreven: de map zou ongeldig worden:\n{exc}") from exc
        count = services.mark_proposals_written(
            [item.proposal for item in plan.planned], {item.proposal.pk: item.file for item in plan.planned}
        )
        self.stdout.write(f"{count} voorstel(len) geschreven in {folder}.")
