"""The community that keeps the model: participants and their hours, themes and votes, theme sessions,
needs, and proposals that editors review into the next edition (docs/community.md).

Everything here is user data. It refers to the catalogue by the stable ids of developments and lines
(their slugs, the same in every release), not by foreign keys to one release's rows, so that a new
release never orphans a proposal or a need; a proposal also records the release it was made against
(PROTECT). Organisations and people come from the plans and accounts apps.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from modelgemeente.catalog.models import Edition
from modelgemeente.core.enums import (
    CommunityRole,
    NeedPriority,
    ProposalField,
    ProposalKind,
    ProposalStatus,
    ThemeStatus,
)
from modelgemeente.plans.models import TEXT_LIMIT, Organisation

DEFAULT_COMMITMENT_HOURS = 20
DEFAULT_VOTES_PER_ORGANISATION = 3
MIN_SESSIONS_PER_YEAR = 3
MAX_SESSION_MINUTES = 180


class CommunityYear(models.Model):
    """The community's year beside the P&C cycle; the editors set its dates."""

    year = models.PositiveIntegerField(_("jaar"), unique=True)
    content_release_due = models.DateField(_("inhoudsversie (voorjaar) uiterlijk"), null=True, blank=True)
    voorjaarsnota_on = models.DateField(_("voorjaarsnota in de raad (indicatie)"), null=True, blank=True)
    budget_release_due = models.DateField(_("begrotingsversie (zomer) uiterlijk"), null=True, blank=True)
    najaarsnota_on = models.DateField(_("najaarsnota en begroting in de raad (indicatie)"), null=True, blank=True)
    proposal_deadline = models.DateField(_("voorstellen voor de volgende editie uiterlijk"), null=True, blank=True)
    theme_vote_deadline = models.DateField(_("stemmen op thema's uiterlijk"), null=True, blank=True)
    votes_per_organisation = models.PositiveSmallIntegerField(
        _("stemmen per organisatie"), default=DEFAULT_VOTES_PER_ORGANISATION
    )
    notes = models.TextField(_("toelichting"), blank=True, max_length=TEXT_LIMIT)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("gemeenschapsjaar")
        verbose_name_plural = _("gemeenschapsjaren")

    def __str__(self):
        return str(self.year)


class Participation(models.Model):
    """An organisation takes part in the community for a year, with a commitment in hours."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="participations")
    year = models.PositiveIntegerField(_("jaar"))
    committed_hours = models.PositiveSmallIntegerField(_("toegezegde uren"), default=DEFAULT_COMMITMENT_HOURS)
    joined_at = models.DateTimeField(_("aangemeld op"), auto_now_add=True)
    joined_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["-year", "organisation__name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "year"], name="one_participation_per_year")]
        verbose_name = _("deelname")
        verbose_name_plural = _("deelnames")

    def __str__(self):
        return f"{self.organisation} ({self.year})"


class Participant(models.Model):
    """A person of a participating organisation, in a role; shown publicly only with consent (AVG)."""

    participation = models.ForeignKey(Participation, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_roles")
    role = models.CharField(_("rol"), max_length=20, choices=CommunityRole.choices, default=CommunityRole.PARTICIPANT)
    public = models.BooleanField(_("naam tonen op de openbare pagina"), default=False)
    consent_at = models.DateTimeField(_("toestemming gegeven op"), null=True, blank=True)

    class Meta:
        ordering = ["participation", "user__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["participation", "user", "role"], name="one_role_per_person_per_year")
        ]
        verbose_name = _("deelnemer")
        verbose_name_plural = _("deelnemers")

    def __str__(self):
        return f"{self.user} – {self.participation} ({self.get_role_display()})"


class Theme(models.Model):
    """A theme for the sessions of a year, proposed by a participant and chosen by the editors."""

    year = models.PositiveIntegerField(_("jaar"))
    title = models.CharField(_("thema"), max_length=200)
    description = models.TextField(_("toelichting"), max_length=TEXT_LIMIT)
    status = models.CharField(_("status"), max_length=20, choices=ThemeStatus.choices, default=ThemeStatus.PROPOSED)
    starter = models.BooleanField(_("startthema van de redactie"), default=False)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("voorgesteld op"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)
    decision_note = models.TextField(_("toelichting op het besluit"), blank=True, max_length=TEXT_LIMIT)

    class Meta:
        ordering = ["-year", "title"]
        constraints = [models.UniqueConstraint(fields=["year", "title"], name="theme_title_unique_per_year")]
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")

    def __str__(self):
        return self.title


class ThemeVote(models.Model):
    """One vote of an organisation for a theme (at most one per theme, and a limited number per year)."""

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="votes")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(_("gestemd op"), auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["theme", "organisation"], name="one_vote_per_theme")]
        verbose_name = _("stem")
        verbose_name_plural = _("stemmen")

    def __str__(self):
        return f"{self.organisation} → {self.theme}"


class Session(models.Model):
    """A theme session: at least three a year, at most three hours each."""

    year = models.PositiveIntegerField(_("jaar"))
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, null=True, blank=True, related_name="sessions")
    title = models.CharField(_("titel"), max_length=200)
    starts_at = models.DateTimeField(_("begint om"))
    duration_minutes = models.PositiveSmallIntegerField(_("duur (minuten)"))
    place = models.CharField(_("plaats"), max_length=200, blank=True)
    video_url = models.URLField(_("videoverbinding"), max_length=500, blank=True)
    agenda = models.TextField(_("agenda"), max_length=TEXT_LIMIT)
    capacity = models.PositiveSmallIntegerField(_("maximaal aantal deelnemers"))
    # Developments by their stable id (slug), the same in every release.
    development_slugs = models.JSONField(_("gekoppelde ontwikkelingen"), default=list, blank=True)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    notes = models.TextField(_("verslag"), blank=True, max_length=TEXT_LIMIT)
    attendance_recorded_at = models.DateTimeField(_("aanwezigheid vastgelegd op"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("geannuleerd op"), null=True, blank=True)
    version = models.PositiveIntegerField(_("versie"), default=1)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("themasessie")
        verbose_name_plural = _("themasessies")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("community:session", args=[self.pk])


class Registration(models.Model):
    """A person registered for a session; attendance is recorded by the session lead afterwards."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    registered_at = models.DateTimeField(_("aangemeld op"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("afgemeld op"), null=True, blank=True)
    attended = models.BooleanField(_("aanwezig"), null=True, blank=True)

    class Meta:
        ordering = ["registered_at"]
        constraints = [models.UniqueConstraint(fields=["session", "user"], name="one_registration_per_person")]
        verbose_name = _("aanmelding")
        verbose_name_plural = _("aanmeldingen")

    def __str__(self):
        return f"{self.user} – {self.session}"


class SessionDecision(models.Model):
    """A decision of a session; it can become a proposal."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("besluit"), max_length=TEXT_LIMIT)
    proposal = models.OneToOneField(
        "Proposal", on_delete=models.SET_NULL, null=True, blank=True, related_name="from_decision"
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("besluit")
        verbose_name_plural = _("besluiten")

    def __str__(self):
        return self.text[:80]


class Need(models.Model):
    """What a participating municipality needs from the model, and why."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="needs")
    year = models.PositiveIntegerField(_("jaar"))
    title = models.CharField(_("wat"), max_length=200)
    why = models.TextField(_("waarom"), max_length=TEXT_LIMIT)
    priority = models.CharField(_("prioriteit"), max_length=10, choices=NeedPriority.choices)
    theme = models.ForeignKey(Theme, on_delete=models.SET_NULL, null=True, blank=True, related_name="needs")
    domain_slug = models.SlugField(_("domein"), max_length=80, blank=True)
    development_slug = models.SlugField(_("ontwikkeling"), max_length=80, blank=True)
    needed_by = models.PositiveIntegerField(_("nodig in jaar"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("ingediend op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("behoefte")
        verbose_name_plural = _("behoeften")

    def __str__(self):
        return self.title


class Proposal(models.Model):
    """A comment on, or a concrete change to, a development or one of its budget lines."""

    kind = models.CharField(_("soort"), max_length=20, choices=ProposalKind.choices)
    # The release the proposer read; the development and line by their stable ids.
    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="+")
    development_slug = models.SlugField(_("ontwikkeling"), max_length=80)
    line_slug = models.SlugField(_("begrotingsregel"), max_length=80, blank=True)
    field = models.CharField(_("wat verandert"), max_length=20, choices=ProposalField.choices, blank=True)
    current_value = models.TextField(_("huidige waarde"), blank=True)
    # The proposed value: text, a number as a string, or for a new line the line as in a content file.
    proposed_value = models.JSONField(_("voorgestelde waarde"), null=True, blank=True)
    reasoning = models.TextField(_("onderbouwing"), max_length=TEXT_LIMIT)
    source = models.TextField(_("bron"), blank=True, max_length=TEXT_LIMIT)
    estimated_hours = models.DecimalField(
        _("bestede uren (eigen opgave)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    proposer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="proposals"
    )
    created_at = models.DateTimeField(_("ingediend op"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.OPEN)
    hidden_at = models.DateTimeField(_("verborgen op"), null=True, blank=True)
    hidden_reason = models.TextField(_("reden van verbergen"), blank=True, max_length=TEXT_LIMIT)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Set by the command that writes accepted proposals into the concept's files.
    written_at = models.DateTimeField(_("in de inhoudsbestanden gezet op"), null=True, blank=True)
    written_to = models.CharField(_("in bestand"), max_length=500, blank=True)
    version = models.PositiveIntegerField(_("versie"), default=1)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("voorstel")
        verbose_name_plural = _("voorstellen")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.development_slug}{'/' + self.line_slug if self.line_slug else ''}"

    def get_absolute_url(self):
        return reverse("community:proposal", args=[self.pk])


class Review(models.Model):
    """An editor's decision on a proposal, always with a reason; the last one is the proposal's status."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    decision = models.CharField(_("besluit"), max_length=20, choices=ProposalStatus.choices)
    reason = models.TextField(_("reden"), max_length=TEXT_LIMIT)
    # For "accepted with changes": the value the editor accepted instead of the proposed one.
    accepted_value = models.JSONField(_("aangenomen waarde"), null=True, blank=True)
    hours = models.DecimalField(_("bestede uren"), max_digits=5, decimal_places=1, null=True, blank=True)
    at = models.DateTimeField(_("tijdstip"), auto_now_add=True)

    class Meta:
        ordering = ["at"]
        verbose_name = _("beoordeling")
        verbose_name_plural = _("beoordelingen")

    def __str__(self):
        return f"{self.proposal}: {self.get_decision_display()}"
