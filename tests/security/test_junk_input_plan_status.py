"""No 500 on junk in the forms of a plan's status and scenario pages (issue 17, part 4), as test_junk_input.py does
for the other plan forms: every field of every form on the pages, read from the pages themselves, gets each junk value
while the other fields keep what the page gave. A refusal (4xx) leaves the plan as it was; a value a field accepts
(any text as a scenario's name) may be saved."""

from collections import Counter

import pytest

from modelgemeente.core.enums import PlanStatus
from modelgemeente.plans import status
from modelgemeente.plans.models import Plan

from .test_junk_input import JUNK, fields_to_try, post_forms

pytestmark = pytest.mark.django_db


def test_junk_in_the_status_and_scenario_forms_never_gives_a_5xx(client, plan, editor, admin_user):
    status.change_status(plan, editor, plan.version, PlanStatus.SUBMITTED)  # both steps on the page: back and adopt
    base = f"/organisaties/{plan.organisation.slug}/plannen/{plan.pk}/"
    client.force_login(admin_user)
    counts = Counter()
    for page in (base + "status/", base + "scenarios/"):
        found = post_forms(client, page)
        assert found, page
        for action, fields, radios in found:
            counts["forms"] += 1
            for name in fields_to_try(fields, radios):
                for value in JUNK.values():
                    before = Plan.objects.values_list("version", "status").get(pk=plan.pk)
                    response = client.post(action, fields | {name: value})
                    counts[response.status_code // 100] += 1
                    assert response.status_code < 500, (action, name, value[:20], response.status_code)
                    if 400 <= response.status_code < 500:
                        assert Plan.objects.values_list("version", "status").get(pk=plan.pk) == before
    assert counts["forms"] >= 3 and counts[5] == 0
