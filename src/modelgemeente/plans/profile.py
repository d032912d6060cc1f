"""Where a plan's profile figures come from, and the provenance text written from that.

Inhabitants come from the CBS list or from the municipality; employees and
departments are either the municipality's own figures or an estimate in
proportion to the reference municipality. The text is rewritten whenever a
figure changes, so it never keeps citing a source the figure no longer has.
"""

from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from modelgemeente import refdata
from modelgemeente.budget.engine import SCALING_DRIVERS
from modelgemeente.budget.money import fmt_num
from modelgemeente.core.enums import Driver

PROFILE_FIELDS = SCALING_DRIVERS  # inhabitants, employees, departments: the sizes lines scale with
# The names of the profile figures are the labels of the drivers that scale with them.
NAMES = {name: Driver(name).label for name in PROFILE_FIELDS}


class ProfileSource(models.TextChoices):
    CBS = "cbs", gettext_lazy("gemeentelijst (CBS)")
    ESTIMATE = "estimate", gettext_lazy("schatting")
    OWN = "own", gettext_lazy("opgegeven door de gemeente")


def provenance_text(edition, sources: dict, municipality: dict | None = None) -> str:
    """One sentence per kind of source, e.g. 'Inwoners: opgegeven door de gemeente.', in the active
    language (plan pages write it from the stored sources; downloads are built in Dutch)."""
    groups: dict[str, list[str]] = {}
    for name in PROFILE_FIELDS:
        groups.setdefault(sources.get(name, ProfileSource.OWN), []).append(str(NAMES[name]))
    sentences = []
    for source, names in groups.items():
        if len(names) > 1:
            names = [_("%(list)s en %(last)s") % {"list": ", ".join(names[:-1]), "last": names[-1]}]
        subject = names[0].capitalize()
        if source == ProfileSource.CBS and municipality:
            sentences.append(
                _("%(subject)s: %(name)s, %(source)s.")
                % {"subject": subject, "name": municipality["name"], "source": refdata.municipality_source()}
            )
        elif source == ProfileSource.ESTIMATE:
            sentences.append(
                _(
                    "%(subject)s: schatting naar rato van de referentiegemeente (%(employees)s medewerkers en "
                    "%(departments)s afdelingen bij %(inhabitants)s inwoners); vervang door eigen aantallen."
                )
                % {
                    "subject": subject,
                    "employees": fmt_num(edition.reference_employees),
                    "departments": fmt_num(edition.reference_departments),
                    "inhabitants": fmt_num(edition.reference_inhabitants),
                }
            )
        else:
            sentences.append(_("%(subject)s: opgegeven door de gemeente.") % {"subject": subject})
    return " ".join(sentences)


def after_change(plan, before: dict) -> bool:
    """Mark the figures that differ from `before` as the municipality's own and rewrite the text.
    Returns whether anything changed."""
    changed = [name for name in PROFILE_FIELDS if getattr(plan, name) != before.get(name)]
    if not changed:
        return False
    sources = dict(plan.profile_sources or {})
    for name in changed:
        sources[name] = ProfileSource.OWN
    plan.profile_sources = sources
    municipality = refdata.municipality(plan.municipality_code) if plan.municipality_code else None
    plan.profile_provenance = provenance_text(plan.edition, sources, municipality)
    return True


def profile_provenance(plan) -> str:
    """The plan's profile provenance in the active language, written from the stored sources. The stored
    text wins when it is not the one written from the sources: a plan saved before sources were recorded,
    or a text the user wrote on the settings page (never replaced by a generated one)."""
    if not plan.profile_sources:
        return plan.profile_provenance
    municipality = refdata.municipality(plan.municipality_code) if plan.municipality_code else None
    with translation.override("nl"):
        generated = provenance_text(plan.edition, plan.profile_sources, municipality)
    if plan.profile_provenance != generated:
        return plan.profile_provenance
    return provenance_text(plan.edition, plan.profile_sources, municipality)
