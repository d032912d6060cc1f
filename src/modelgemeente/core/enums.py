"""The enums of the model and their labels, defined once.

Models, forms, the engine input, the exports and the templates all use these classes;
nothing else spells out a line kind, category, driver, provenance type, priority,
capacity type, role or API token scope, or its label. The values of line kinds and drivers
come from the budget engine's constants (the engine is pure Python and cannot import these classes).

Labels are lazy translations: pages show them in the reader's language, downloads are
built in Dutch (exports.writers.download). Changing a label changes the model fields'
choices, so `makemigrations --check` would ask for a migration: keep labels stable.
"""

from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from modelgemeente.budget import engine


class LineKind(models.TextChoices):
    """Incidental (one-off, spread over `spread` years) or structural (every year)."""

    INCIDENTAL = engine.INCIDENTAL, _("incidenteel")
    STRUCTURAL = engine.STRUCTURAL, _("structureel")


class Category(models.TextChoices):
    """The cost category of a budget line; also the order of the report's rows per category."""

    PERSONNEL = "personnel", _("personeel")
    LICENCES = "licences", _("licenties en SaaS")
    IMPLEMENTATION = "implementation", _("implementatie")
    TRAINING = "training", _("opleiding")
    ADVICE = "advice", _("advies")
    HARDWARE = "hardware", _("hardware")
    HOSTING = "hosting", _("hosting")
    OTHER = "other", _("overig")


class Driver(models.TextChoices):
    """What a line scales with: a fixed amount, or one of the profile's sizes."""

    FIXED = engine.FIXED, _("vast bedrag")
    INHABITANTS = engine.INHABITANTS, _("inwoners")
    EMPLOYEES = engine.EMPLOYEES, _("medewerkers")
    DEPARTMENTS = engine.DEPARTMENTS, _("afdelingen")


class ProvenanceType(models.TextChoices):
    """Where a budget line's figure comes from."""

    SOURCE = "source", _("bron")
    ESTIMATE = "estimate", _("schatting")


class CapacityType(models.TextChoices):
    """Whether a development asks for base capacity or agility (in the catalogue and in a plan)."""

    BASE = "basiscapaciteit", _("basiscapaciteit")
    AGILITY = "wendbaarheid", _("wendbaarheid")


class Priority(models.TextChoices):
    """A plan's MoSCoW priority of a development; won't-have is left out of the budget."""

    MUST = "must", _("must have")
    SHOULD = "should", _("should have")
    COULD = "could", _("could have")
    WONT = "wont", _("won't have (nu niet)")


class EditionStatus(models.TextChoices):
    """Where a year's edition stands; each step forward publishes a release (catalog/releases.py).

    In this order: a concept is loaded from the files; the spring release fixes the content (for the
    voorjaarsnota), the summer release the budget (najaarsnota and begroting); an archived edition is
    kept for reference only.
    """

    CONCEPT = "concept", _("concept")
    CONTENT = "inhoud_vastgesteld", _("inhoud vastgesteld")
    BUDGET = "begroting_vastgesteld", _("begroting vastgesteld")
    ARCHIVED = "gearchiveerd", _("gearchiveerd")

    @classmethod
    def rank(cls, value) -> int:
        return list(cls.values).index(value)


class CommunityRole(models.TextChoices):
    """How a person takes part in the community that keeps the model (community.Participant)."""

    PARTICIPANT = "participant", _("deelnemer")
    EDITOR = "editor", _("redacteur")
    SESSION_LEAD = "session_lead", _("sessieleider")


class ThemeStatus(models.TextChoices):
    PROPOSED = "proposed", _("voorgesteld")
    CHOSEN = "chosen", _("gekozen")
    NOT_CHOSEN = "not_chosen", _("niet gekozen")


class NeedPriority(models.TextChoices):
    """How much a municipality needs something in the model, highest first."""

    HIGH = "high", _("hoog")
    MEDIUM = "medium", _("middel")
    LOW = "low", _("laag")


class ProposalKind(models.TextChoices):
    COMMENT = "comment", _("opmerking")
    CHANGE = "change", _("wijzigingsvoorstel")
    NEW_LINE = "new_line", _("voorstel voor een nieuwe regel")


class ProposalField(models.TextChoices):
    """What a change proposal changes: the development's text, or one field of a budget line."""

    TEXT = "text", _("tekst")
    AMOUNT = "amount", _("bedrag")
    HOURS = "hours_per_week", _("uren per week")
    SCALE = "salary_scale", _("salarisschaal")
    DRIVER = "driver", _("schaalt met")


class ProposalStatus(models.TextChoices):
    """Where a proposal stands; every status after OPEN is an editor's review, with its reason."""

    OPEN = "open", _("open")
    ACCEPTED = "accepted", _("aangenomen")
    ACCEPTED_CHANGED = "accepted_changed", _("aangenomen met wijzigingen")
    REJECTED = "rejected", _("afgewezen")
    NEEDS_INFO = "needs_info", _("meer informatie nodig")


class Role(models.TextChoices):
    """A member's role in an organisation, in increasing order of rights (plans.models.ROLE_RANK)."""

    MEMBER = "member", _("lid (lezen)")
    EDITOR = "editor", _("redacteur (plannen wijzigen)")
    ADMIN = "admin", _("beheerder (leden beheren)")


class TokenScope(models.TextChoices):
    """What a personal API token may do (accounts.models.ApiToken): read only, or also change plans."""

    READ = "read", _("lezen")
    READ_WRITE = "read_write", _("lezen en schrijven")


def heading(choice: models.TextChoices) -> str:
    """The label as a row heading, e.g. 'Incidenteel', in the active language."""
    return str(capfirst(choice.label))


# Digital maturity and digitalisation (maturity app, docs/maturity-method.md) ---------------------------


class MaturityLevel(models.IntegerChoices):
    """The 1-5 maturity scale (CMMI-style); the model aims for level 4."""

    INITIAL = 1, _("initieel")
    REPEATABLE = 2, _("herhaalbaar")
    DEFINED = 3, _("gedefinieerd")
    MANAGED = 4, _("gemanaged")
    OPTIMISING = 5, _("optimaliserend")


# The level the model aims for, the default target of every dimension.
MATURITY_TARGET = MaturityLevel.MANAGED


class AnswerValue(models.IntegerChoices):
    """The answer to one statement of the self-assessment, with its points in the scoring rule."""

    NO = 0, _("nee")
    PARTLY = 1, _("deels")
    YES = 2, _("ja")


class DigitalLevel(models.IntegerChoices):
    """How far a product can be requested digitally (0-5)."""

    INFORMATION = 0, _("alleen informatie")
    DOWNLOAD = 1, _("formulier om te downloaden")
    ONLINE_FORM = 2, _("online formulier")
    AUTHENTICATED = 3, _("online met DigiD/eHerkenning en vooraf ingevuld")
    END_TO_END = 4, _("volledig digitaal met statusinformatie")
    PROACTIVE = 5, _("proactief, zonder aanvraag")


# The lowest digital level at which a product has an online service (and so a login, or none).
ONLINE_LEVEL = DigitalLevel.ONLINE_FORM


class Authentication(models.TextChoices):
    """The assurance level a product needs or offers: none, a DigiD level, or an eHerkenning level.
    Their order within DigiD and within eHerkenning is in maturity/measures.py (pure Python)."""

    NONE = "geen", _("geen inlog")
    DIGID_BASIS = "digid-basis", _("DigiD basis")
    DIGID_MIDDEN = "digid-midden", _("DigiD midden")
    DIGID_SUBSTANTIAL = "digid-substantieel", _("DigiD substantieel")
    DIGID_HIGH = "digid-hoog", _("DigiD hoog")
    EH1 = "eherkenning-eh1", _("eHerkenning EH1")
    EH2 = "eherkenning-eh2", _("eHerkenning EH2")
    EH2PLUS = "eherkenning-eh2plus", _("eHerkenning EH2+")
    EH3 = "eherkenning-eh3", _("eHerkenning EH3")
    EH4 = "eherkenning-eh4", _("eHerkenning EH4")


class Audience(models.TextChoices):
    RESIDENTS = "inwoners", _("inwoners")
    BUSINESSES = "bedrijven", _("bedrijven")


class Basis(models.TextChoices):
    """Where a reference figure comes from: a published source, or our estimate or assumption."""

    SOURCE = "bron", _("bron")
    ESTIMATE = "schatting", _("schatting")
    ASSUMPTION = "aanname", _("aanname")


class AmbitionMetric(models.TextChoices):
    """What a measurable ambition is about; percentages except the maturity level (1-5)."""

    WEIGHTED_INDEX = "gewogen-index", _("gewogen digitaliseringsindex (%)")
    UNWEIGHTED_INDEX = "ongewogen-index", _("ongewogen digitaliseringsindex (%)")
    MATURITY_LEVEL = "volwassenheid", _("volwassenheidsniveau van een dimensie")
    AUTHENTICATION_RIGHT = "inlog-op-niveau", _("producten met inlog op het juiste niveau (%)")


# Regional consultation and collective provisions (consultation app, docs/consultation.md) ------------------


class ConsultationRole(models.TextChoices):
    """A person's role in the consultation: a region's representative, or a coordinator of the national level."""

    REPRESENTATIVE = "vertegenwoordiger", _("vertegenwoordiger van de regio")
    COORDINATOR = "coordinator", _("coördinator landelijk beraad")


class Urgency(models.TextChoices):
    HIGH = "hoog", _("hoog")
    MEDIUM = "gemiddeld", _("gemiddeld")
    LOW = "laag", _("laag")


class SignalStatus(models.TextChoices):
    """Where a signal stands on its way up, in order."""

    NEW = "nieuw", _("nieuw")
    BUNDLED = "gebundeld", _("gebundeld in de regio")
    RAISED = "ingebracht", _("ingebracht bij het landelijk beraad")
    ANSWERED = "beantwoord", _("beantwoord")
    CLOSED = "gesloten", _("gesloten")


class SignalStep(models.TextChoices):
    """The kinds of recorded steps of a signal or regional signal (consultation.SignalEvent.kind)."""

    CREATED = "aangemaakt", _("signaal gemeld")
    SUPPORTED = "gesteund", _("gesteund")
    SUPPORT_CHANGED = "steun_aangepast", _("gevolgen bij steun aangepast")
    SUPPORT_WITHDRAWN = "steun_ingetrokken", _("steun ingetrokken")
    BUNDLED = "gebundeld", _("gebundeld in de regio")
    RAISED = "ingebracht", _("ingebracht bij het landelijk beraad")
    ANSWERED = "beantwoord", _("beantwoord door het landelijk beraad")
    CLOSED = "gesloten", _("gesloten")


class QuestionKind(models.TextChoices):
    QUESTION = "vraag", _("vraag")
    DRAFT_POLICY = "conceptbeleid", _("conceptbeleid ter consultatie")


class Stance(models.TextChoices):
    """A region's stance on a draft position."""

    SUPPORT = "steun", _("steun")
    RESERVATIONS = "voorbehoud", _("steun met voorbehoud")
    OBJECT = "bezwaar", _("bezwaar")
    ABSTAIN = "onthouding", _("onthouding")


class PositionStatus(models.TextChoices):
    DRAFT = "concept", _("concept")
    FINAL = "vastgesteld", _("vastgesteld")


class ProvisionStatus(models.TextChoices):
    IDEA = "idee", _("idee")
    INTEREST = "belangstelling", _("belangstelling peilen")
    DEVELOPMENT = "ontwikkeling", _("in ontwikkeling")
    AVAILABLE = "beschikbaar", _("beschikbaar")
    ENDED = "beeindigd", _("beëindigd")


class CostKey(models.TextChoices):
    """How a collective provision's cost is divided among its participants (budget/sharing.py)."""

    INHABITANTS = "inwoners", _("naar inwonertal")
    EQUAL = "gelijk", _("gelijke delen per deelnemer")


class PledgeKind(models.TextChoices):
    INTEREST = "belangstelling", _("belangstelling")
    PLEDGE = "toezegging", _("voorwaardelijke toezegging")


class LineOrigin(models.TextChoices):
    """Where a plan's own line comes from: typed by the municipality, or its share in a collective provision."""

    OWN = "eigen", _("eigen regel")
    SHARED = "gezamenlijk", _("gezamenlijke voorziening")


class PlanStatus(models.TextChoices):
    """Where a plan is in the P&C cycle. A vastgesteld plan (adopted by the council) is read-only and its
    exports are kept as they were at adoption (plans/status.py)."""

    CONCEPT = "concept", _("concept")
    SUBMITTED = "ingediend", _("ingediend")
    ADOPTED = "vastgesteld", _("vastgesteld")
