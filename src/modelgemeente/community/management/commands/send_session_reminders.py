"""Remind the registered people of theme sessions that start soon (docs/community.md, "Theme sessions").

Run it once a day (cron, systemd timer). It mails the people registered for sessions starting between
now + (days - 1) and now + days, so a session falls in exactly one daily run and nobody is reminded
twice without a stored flag. A failed e-mail is logged and counted; it never changes a registration.
"""

from django.core.management.base import BaseCommand, CommandError

from modelgemeente.community import services


class Command(BaseCommand):
    help = "Stuur een herinnering aan wie zich heeft aangemeld voor een themasessie die binnenkort begint."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=services.DEFAULT_REMINDER_DAYS,
            help="Sessies die over zoveel dagen beginnen (standaard 2); draai de opdracht dagelijks.",
        )

    def handle(self, *args, days, **options):
        if not 1 <= days <= 60:
            raise CommandError("--days moet tussen 1 en 60 liggen.")
        sent, failed = services.send_reminders(days)
        self.stdout.write(f"{sent} herinnering(en) verstuurd, {failed} mislukt.")
        if failed:
            self.stderr.write("Niet alle herinneringen konden worden verstuurd; zie het log.")
