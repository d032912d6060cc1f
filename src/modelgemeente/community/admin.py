from django.contrib import admin

from .models import (
    CommunityYear,
    Need,
    Participant,
    Participation,
    Proposal,
    Registration,
    Review,
    Session,
    SessionDecision,
    Theme,
    ThemeVote,
)


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 0
    raw_id_fields = ["user"]


@admin.register(CommunityYear)
class CommunityYearAdmin(admin.ModelAdmin):
    list_display = ["year", "content_release_due", "budget_release_due", "proposal_deadline"]


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ["organisation", "year", "committed_hours"]
    list_filter = ["year"]
    inlines = [ParticipantInline]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["title", "year", "status", "starter"]
    list_filter = ["year", "status"]


@admin.register(ThemeVote)
class ThemeVoteAdmin(admin.ModelAdmin):
    list_display = ["theme", "organisation", "at"]


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    raw_id_fields = ["user"]


class DecisionInline(admin.TabularInline):
    model = SessionDecision
    extra = 0


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["title", "year", "starts_at", "duration_minutes", "capacity"]
    list_filter = ["year"]
    inlines = [RegistrationInline, DecisionInline]


@admin.register(Need)
class NeedAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "year", "priority", "development_slug"]
    list_filter = ["year", "priority"]


class ReviewInline(admin.TabularInline):
    model = Review
    extra = 0


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "status", "organisation", "created_at", "hidden_at"]
    list_filter = ["status", "kind"]
    inlines = [ReviewInline]
