"""Questions down: the national level asks, municipalities give input, each region answers (docs/consultation.md,
"Vragen").

Every change runs in a transaction with the question's row locked, so an answer and closing the question never
cross. What is recorded: the question (created_by, created_at), each input (organisation, user, at), each region's
answer (answered_by, answered_at, late) and closing (closed_at, the version raised).

A region's answer can be edited until the question is closed. `answered_at` and `answered_by` are those of the
latest save; `late` is set when a save falls after the deadline (by the local date) and then stays set: the text
that counts was (partly) written after the deadline. A late answer is accepted and only marked.
"""

from datetime import date, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from modelgemeente.budget.money import fmt_num
from modelgemeente.core.enums import QuestionKind
from modelgemeente.plans.models import TEXT_LIMIT, Organisation

from ..models import Question, QuestionInput, Region, RegionAnswer
from ..question_emails import send_question_reminder
from ..question_readings import open_regions, representatives
from ..regions import editor_memberships, is_coordinator, is_representative, regions_of
from .common import ConsultationError

TITLE_LIMIT = 200
BODY_LIMIT = 20_000  # Question.body and RegionAnswer.text
INPUT_LIMIT = TEXT_LIMIT  # QuestionInput.text
REMINDER_DAYS = 3  # reminders go out while the deadline is at most this many days away


class QuestionError(ConsultationError):
    """A refused change with a Dutch message; `field` names the input it is about (None: the whole form)."""

    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.message = str(message)
        self.field = field


class QuestionDenied(QuestionError):
    """The user may not do this (HTTP 403)."""


def clean_text(value, *, field: str, label: str, limit: int, single_line: bool = False) -> str:
    """`value` stripped, or QuestionError: not text, empty, a NUL character or longer than `limit`."""
    if not isinstance(value, str):
        raise QuestionError(_("%(label)s moet tekst zijn.") % {"label": label}, field)
    if "\x00" in value:
        raise QuestionError(_("%(label)s bevat een ongeldig teken (NUL).") % {"label": label}, field)
    text = " ".join(value.split()) if single_line else value.strip()
    if not text:
        raise QuestionError(_("Vul %(label)s in.") % {"label": label.lower()}, field)
    if len(text) > limit:
        raise QuestionError(
            _("%(label)s is te lang: hoogstens %(limit)s tekens, nu %(count)s.")
            % {"label": label, "limit": fmt_num(limit), "count": fmt_num(len(text))},
            field,
        )
    return text


def _locked(question: Question) -> Question:
    """The question's row, locked for this transaction and fresh from the database."""
    return Question.objects.select_for_update().get(pk=question.pk)


def _refuse_if_closed(question: Question) -> None:
    if question.closed_at is not None:
        raise QuestionError(_("Deze vraag is gesloten; er kan niets meer worden toegevoegd of gewijzigd."))


def _asked(question: Question, region: Region) -> None:
    if not isinstance(region, Region) or not question.regions.filter(pk=region.pk).exists():
        raise QuestionError(_("Deze vraag is niet aan deze regio gesteld."), "region")


# Who may: each raises QuestionDenied with the Dutch reason (the views show it as a 403) ---------------------------


def require_coordinator(user, doing: str = "ask") -> None:
    if not is_coordinator(user):
        if doing == "close":
            raise QuestionDenied(_("Alleen coördinatoren van het landelijk beraad sluiten een vraag."))
        raise QuestionDenied(_("Alleen coördinatoren van het landelijk beraad stellen vragen aan de regio's."))


def require_input_giver(user, organisation: Organisation) -> None:
    """An editor or administrator of `organisation`."""
    if not any(m.organisation_id == organisation.pk for m in editor_memberships(user)):
        raise QuestionDenied(
            _("Alleen redacteuren en beheerders van %(org)s geven inbreng namens hun gemeente.")
            % {"org": organisation.name}
        )


def require_answerer(user, region: Region) -> None:
    """A representative of `region`."""
    if not is_representative(user, region):
        raise QuestionDenied(
            _("Alleen de vertegenwoordiger van %(region)s beantwoordt deze vraag namens de regio.")
            % {"region": region.name}
        )


# Changes --------------------------------------------------------------------------------------------------------


@transaction.atomic
def ask_question(user, *, kind, title, body, deadline, regions) -> Question:
    """A coordinator puts a question or a draft policy to `regions` (at least one) with a deadline from today."""
    require_coordinator(user)
    if kind not in QuestionKind.values:
        raise QuestionError(_("Kies een vraag of conceptbeleid."), "kind")
    title = clean_text(title, field="title", label=_("De titel"), limit=TITLE_LIMIT, single_line=True)
    body = clean_text(body, field="body", label=_("De vraag of het conceptbeleid"), limit=BODY_LIMIT)
    if not isinstance(deadline, date) or hasattr(deadline, "hour"):
        raise QuestionError(_("Vul een datum in, bijvoorbeeld 31-12-2026."), "deadline")
    if deadline < timezone.localdate():
        raise QuestionError(_("De uiterste datum ligt in het verleden; kies vandaag of later."), "deadline")
    regions = list(regions)
    if any(not isinstance(r, Region) or r.pk is None for r in regions):
        raise QuestionError(_("Kies bestaande regio's."), "regions")
    chosen = {r.pk for r in regions}
    if not chosen:
        raise QuestionError(_("Kies ten minste één regio, of alle regio's."), "regions")
    found = list(Region.objects.filter(pk__in=chosen))
    if len(found) != len(chosen):
        raise QuestionError(_("Kies bestaande regio's."), "regions")
    question = Question.objects.create(kind=kind, title=title, body=body, deadline=deadline, created_by=user)
    question.regions.set(found)
    return question


@transaction.atomic
def give_input(question: Question, region: Region, organisation: Organisation, user, text) -> QuestionInput:
    """An editor or administrator of `organisation` (in `region`, which was asked) gives or changes its input."""
    require_input_giver(user, organisation)
    question = _locked(question)
    _refuse_if_closed(question)
    _asked(question, region)
    if region.pk not in {r.pk for r in regions_of(organisation)}:
        raise QuestionError(
            _("%(org)s hoort niet bij %(region)s.") % {"org": organisation.name, "region": region.name},
            "region",
        )
    text = clean_text(text, field="text", label=_("De inbreng"), limit=INPUT_LIMIT)
    found, _created = QuestionInput.objects.update_or_create(
        question=question, region=region, organisation=organisation, defaults={"text": text, "user": user}
    )
    return found


@transaction.atomic
def answer_question(question: Question, region: Region, user, text, now=None) -> RegionAnswer:
    """A representative of `region` gives or changes the region's answer, until the question is closed.

    Late when the local date of `now` is after the deadline; once late, it stays late (see the module docstring).
    """
    now = now or timezone.now()
    question = _locked(question)
    _asked(question, region)
    require_answerer(user, region)
    _refuse_if_closed(question)
    text = clean_text(text, field="text", label=_("Het antwoord"), limit=BODY_LIMIT)
    late = timezone.localdate(now) > question.deadline
    answer = RegionAnswer.objects.filter(question=question, region=region).first()
    if answer is None:
        return RegionAnswer.objects.create(
            question=question, region=region, text=text, answered_by=user, answered_at=now, late=late
        )
    answer.text = text
    answer.answered_by = user
    answer.answered_at = now
    answer.late = answer.late or late
    answer.save()
    return answer


@transaction.atomic
def close_question(question: Question, user) -> None:
    """A coordinator closes the question: no more input or answers (a missing answer stays missing)."""
    require_coordinator(user, "close")
    locked = _locked(question)
    if locked.closed_at is not None:
        raise QuestionError(_("Deze vraag is al gesloten."))
    locked.closed_at = timezone.now()
    Question.objects.filter(pk=locked.pk).update(closed_at=locked.closed_at, version=F("version") + 1)
    question.closed_at = locked.closed_at
    question.version = locked.version + 1


# Reminders ------------------------------------------------------------------------------------------------------


def questions_to_remind(today: date):
    """Open questions whose deadline is today or within REMINDER_DAYS days, not yet reminded today."""
    return (
        Question.objects.filter(
            closed_at__isnull=True, deadline__gte=today, deadline__lte=today + timedelta(days=REMINDER_DAYS)
        )
        .exclude(reminder_sent_on=today)
        .order_by("deadline", "pk")
    )


def send_reminders(today: date | None = None) -> int:
    """E-mail the representatives of the regions that have not answered questions due within REMINDER_DAYS days;
    returns how many e-mails were sent.

    A question is claimed for the day (reminder_sent_on) before its e-mails go out, so two runs on the same day
    never remind twice. One e-mail per representative per question, naming the regions they still have to answer
    for. A failed e-mail is logged (question_emails.py) and not retried that day.
    """
    today = today or timezone.localdate()
    sent = 0
    for question in questions_to_remind(today):
        claimed = (
            Question.objects.filter(pk=question.pk, closed_at__isnull=True)
            .exclude(reminder_sent_on=today)
            .update(reminder_sent_on=today)
        )
        if not claimed:
            continue
        regions_by_user = {}
        for region in open_regions(question):
            for role in representatives(region):
                regions_by_user.setdefault(role.user, []).append(region)
        for user, regions in sorted(regions_by_user.items(), key=lambda item: item[0].pk):
            if send_question_reminder(question, user, regions, today):
                sent += 1
    return sent
