"""Who sees a question of the national level and who may add to it (docs/consultation.md, "Vragen").

Read-only helpers; the services check the same rules again before they change anything.

- A question is visible to coordinators, to the representatives of the regions it was put to and to the members
  (any role) of the organisations in those regions. Others get a 404; someone not logged in is asked to log in.
- Input: an editor or administrator of an organisation in an asked region, for that region (one input per
  organisation per region; an organisation in two asked regions gives input to each).
- The answer: a representative of the asked region.
- Inputs are read by the representatives of their region and by the members of the organisation that gave them;
  the coordinators and the other municipalities see the region's answer, not the inputs behind it.
"""

from django.http import Http404
from django.utils.translation import gettext as _

from modelgemeente.plans.access import LoginRequired

from .models import Question, QuestionInput, Region
from .regions import editor_memberships, is_coordinator, regions_of, represented_regions, user_regions


def visible_questions(user):
    """The questions `user` may read, newest first."""
    if not user.is_authenticated:
        return Question.objects.none()
    if is_coordinator(user):
        return Question.objects.all()
    region_ids = [r.pk for r in user_regions(user)]
    return Question.objects.filter(regions__in=region_ids).distinct()


def can_see(user, question: Question) -> bool:
    return visible_questions(user).filter(pk=question.pk).exists()


def question_or_404(user, pk: int) -> Question:
    """The question if `user` may read it; LoginRequired when not logged in, else 404."""
    if not user.is_authenticated:
        raise LoginRequired(_("Log in om de vragen van het landelijk beraad te bekijken."))
    found = visible_questions(user).filter(pk=pk).first()
    if found is None:
        raise Http404(_("Deze vraag bestaat niet of is niet aan uw regio gesteld."))
    return found


def asked_regions(question: Question) -> list[Region]:
    return list(question.regions.order_by("name"))


def input_slots(user, question: Question) -> list[tuple[Region, object]]:
    """(region, organisation) pairs for which `user` may give input: their organisations where they are editor
    or administrator, in each asked region the organisation belongs to."""
    asked = {r.pk for r in question.regions.all()}
    slots = []
    for membership in editor_memberships(user):
        organisation = membership.organisation
        for region in regions_of(organisation):
            if region.pk in asked:
                slots.append((region, organisation))
    return sorted(slots, key=lambda slot: (slot[0].name, slot[1].name))


def may_give_input(user, question: Question, region: Region, organisation) -> bool:
    return any(r.pk == region.pk and o.pk == organisation.pk for r, o in input_slots(user, question))


def answer_regions(user, question: Question) -> list[Region]:
    """The asked regions `user` represents (and so answers for)."""
    asked = {r.pk for r in question.regions.all()}
    return [r for r in represented_regions(user) if r.pk in asked]


def visible_inputs(user, question: Question):
    """The inputs `user` may read: of the regions they represent, and of their own organisations."""
    if not user.is_authenticated:
        return QuestionInput.objects.none()
    regions = [r.pk for r in answer_regions(user, question)]
    organisations = user.memberships.values_list("organisation", flat=True)
    return (
        question.inputs.filter(region__in=regions) | question.inputs.filter(organisation__in=organisations)
    ).select_related("organisation", "region", "user")
