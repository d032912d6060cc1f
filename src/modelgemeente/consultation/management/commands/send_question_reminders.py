"""Remind the representatives of regions that have not yet answered a question of the national level
(docs/consultation.md, "Vragen").

Run it once a day (cron, systemd timer). A question is reminded about while its deadline is today or at most
three days away and it is not closed, at most once a day (Question.reminder_sent_on), so running the command
twice on one day sends nothing the second time. A failed e-mail is logged; it changes nothing else.
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from modelgemeente.consultation.services import questions


class Command(BaseCommand):
    help = "Stuur vertegenwoordigers een herinnering voor vragen van het landelijk beraad die binnenkort sluiten."

    def add_arguments(self, parser):
        parser.add_argument(
            "--datum",
            dest="today",
            default=None,
            help="Doe alsof het deze datum is (JJJJ-MM-DD); standaard vandaag. Voor tests en inhaalruns.",
        )

    def handle(self, *args, today=None, **options):
        day = None
        if today:
            try:
                day = date.fromisoformat(today)
            except ValueError:
                raise CommandError("--datum moet een datum zijn als JJJJ-MM-DD, bijvoorbeeld 2026-12-31.") from None
        sent = questions.send_reminders(day)
        self.stdout.write(f"{sent} herinnering(en) verstuurd.")
