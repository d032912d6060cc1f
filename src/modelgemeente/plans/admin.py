"""Admin for support staff: organisations and members can be managed; plans are shown, not edited
(changes to plans go through the app, which checks versions and records history)."""

from django.contrib import admin

from .models import Invitation, Membership, Organisation, Plan, PlanChange


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "slug", "created_at"]
    search_fields = ["name", "slug"]
    inlines = [MembershipInline]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "role", "created_at", "accepted_at"]
    exclude = ["token"]


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Plan)
class PlanAdmin(ReadOnly):
    list_display = ["title", "organisation", "edition", "inhabitants", "start_year", "version", "updated_at"]
    list_filter = ["edition"]
    search_fields = ["title", "organisation__name"]


@admin.register(PlanChange)
class PlanChangeAdmin(ReadOnly):
    list_display = ["plan", "version", "user", "at", "kind", "summary"]
