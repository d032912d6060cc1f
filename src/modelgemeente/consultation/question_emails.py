"""The reminder e-mail about a question of the national level (docs/consultation.md, "Vragen").

Sent through Django's e-mail backend: the console by default, SMTP when EMAIL_HOST is set. Sending never raises:
a failure is logged and reported as False (accounts.services.send_safely). Links are absolute, from SITE_URL.
"""

from datetime import date

from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from modelgemeente.accounts.services import send_safely


def question_url(question) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("consultation:question", args=[question.pk])


def _when(deadline: date, today: date) -> str:
    days = (deadline - today).days
    if days == 0:
        return _("vandaag")
    if days == 1:
        return _("morgen")
    return ngettext("over %(days)s dag", "over %(days)s dagen", days) % {"days": days}


def reminder_text(question, user, regions, today: date) -> tuple[str, str]:
    """(subject, body) of the reminder to `user`, who represents `regions` (not answered yet)."""
    deadline = formats.date_format(question.deadline, "j F Y")
    names = ", ".join(r.name for r in regions)
    subject = _("Herinnering: antwoord van uw regio op „%(title)s” uiterlijk %(deadline)s") % {
        "title": question.title,
        "deadline": deadline,
    }
    lines = [
        _("Beste %(name)s,") % {"name": user.first_name or user.email},
        "",
        _(
            "Het landelijk beraad heeft de %(kind)s „%(title)s” gesteld. Het antwoord van %(regions)s "
            "ontbreekt nog. De uiterste datum is %(deadline)s (%(when)s)."
        )
        % {
            "kind": question.get_kind_display(),
            "title": question.title,
            "regions": names,
            "deadline": deadline,
            "when": _when(question.deadline, today),
        },
        "",
        _(
            "Op de pagina van de vraag ziet u de inbreng van de gemeenten in uw regio en geeft u het antwoord "
            "van de regio:"
        ),
        question_url(question),
        "",
        _("Een antwoord na de uiterste datum wordt ook aangenomen, maar als te laat gemarkeerd."),
        "",
        _("U krijgt deze herinnering als vertegenwoordiger van de regio in het landelijk ICT-beraad."),
        _("Open Modelgemeente"),
    ]
    return subject, "\n".join(lines) + "\n"


def send_question_reminder(question, user, regions, today: date) -> bool:
    """Remind `user` to answer for `regions`; False when they have no address, are blocked or the e-mail failed."""
    if not user.email or not user.is_active:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = reminder_text(question, user, regions, today)
    return send_safely(subject, body, user.email)
