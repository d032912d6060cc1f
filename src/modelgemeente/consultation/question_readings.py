"""What a question's state is: which asked regions answered (and which late), which are still open, who
represents them, and how far the deadline is. Read-only."""

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from modelgemeente.core.enums import ConsultationRole

from .models import Question, Region, RegionAnswer, RoleAssignment


@dataclass
class Progress:
    """`answered` of `asked` regions answered; `open`: the regions still to answer; `late`: answered late."""

    asked: list[Region]
    answers: dict[int, RegionAnswer] = field(default_factory=dict)  # by region pk

    @property
    def answered(self) -> int:
        return len(self.answers)

    @property
    def total(self) -> int:
        return len(self.asked)

    @property
    def open(self) -> list[Region]:
        return [r for r in self.asked if r.pk not in self.answers]

    @property
    def late(self) -> list[Region]:
        return [r for r in self.asked if r.pk in self.answers and self.answers[r.pk].late]

    def rows(self) -> list[tuple[Region, RegionAnswer | None]]:
        return [(r, self.answers.get(r.pk)) for r in self.asked]


def progress(question: Question) -> Progress:
    asked = sorted(question.regions.all(), key=lambda r: r.name)
    answers = {a.region_id: a for a in question.answers.all()}
    return Progress(asked=asked, answers={pk: a for pk, a in answers.items() if pk in {r.pk for r in asked}})


def open_regions(question: Question) -> list[Region]:
    """The asked regions without an answer, by name."""
    return progress(question).open


def representatives(region: Region):
    return RoleAssignment.objects.filter(region=region, role=ConsultationRole.REPRESENTATIVE).select_related("user")


def days_left(question: Question, today: date | None = None) -> int:
    """Days until the deadline: 0 on the day itself, negative once it has passed."""
    return (question.deadline - (today or timezone.localdate())).days
