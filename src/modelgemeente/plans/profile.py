"""Where a plan's profile figures come from, and the provenance text written from that.

Inhabitants come from the CBS list or from the municipality; employees and
departments are either the municipality's own figures or an estimate in
proportion to the reference municipality. The text is rewritten whenever a
figure changes, so it never keeps citing a source the figure no longer has.
"""

from django.db import models

from modelgemeente import refdata
from modelgemeente.budget.money import fmt_num

PROFILE_FIELDS = ("inhabitants", "employees", "departments")
NAMES = {"inhabitants": "inwoners", "employees": "medewerkers", "departments": "afdelingen"}


class ProfileSource(models.TextChoices):
    CBS = "cbs", "gemeentelijst (CBS)"
    ESTIMATE = "estimate", "schatting"
    OWN = "own", "opgegeven door de gemeente"


def provenance_text(edition, sources: dict, municipality: dict | None = None) -> str:
    """One sentence per kind of source, e.g. 'Inwoners: opgegeven door de gemeente.'"""
    groups: dict[str, list[str]] = {}
    for name in PROFILE_FIELDS:
        groups.setdefault(sources.get(name, ProfileSource.OWN), []).append(NAMES[name])
    sentences = []
    for source, names in groups.items():
        subject = (", ".join(names[:-1]) + " en " + names[-1] if len(names) > 1 else names[0]).capitalize()
        if source == ProfileSource.CBS and municipality:
            sentences.append(f"{subject}: {municipality['name']}, {refdata.municipality_source()}.")
        elif source == ProfileSource.ESTIMATE:
            sentences.append(
                f"{subject}: schatting naar rato van de referentiegemeente ({fmt_num(edition.reference_employees)} "
                f"medewerkers en {fmt_num(edition.reference_departments)} afdelingen bij "
                f"{fmt_num(edition.reference_inhabitants)} inwoners); vervang door eigen aantallen."
            )
        else:
            sentences.append(f"{subject}: opgegeven door de gemeente.")
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
