"""Signals of the plans app for the apps above it (which plans may not import).

plan_moved: a plan was moved to another release (services.migrate_plan), inside its transaction. Arguments:
old_plan, new_plan, extra_lines ({id of an own line of the old plan: id of its copy in the new plan}) and user.
The consultation app carries a plan's participation in collective provisions to the new plan with it.

plan_copied: a plan was copied as a scenario (scenarios.copy_as_scenario), inside its transaction, with the same
arguments (old_plan is the source, new_plan the copy). The copy holds the source's share lines, so the consultation
app gives it the source's joins as well: it can leave a provision like any plan, and cannot join twice.
"""

from django.dispatch import Signal

plan_moved = Signal()
plan_copied = Signal()
