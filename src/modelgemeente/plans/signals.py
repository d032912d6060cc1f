"""Signals of the plans app for the apps above it (which plans may not import).

plan_moved: a plan was moved to another release (services.migrate_plan), inside its transaction. Arguments:
old_plan, new_plan, extra_lines ({id of an own line of the old plan: id of its copy in the new plan}) and user.
The consultation app carries a plan's participation in collective provisions to the new plan with it.
"""

from django.dispatch import Signal

plan_moved = Signal()
