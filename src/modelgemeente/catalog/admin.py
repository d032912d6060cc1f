"""Admin for editors: inspect loaded content.

Editions come from content files in git (`manage.py load_edition`), so the
admin shows them read-only: changes go through the files (or, later, through
proposals that end up in the next edition), never through this screen.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import BudgetLine, Development, Domain, Edition, Law, MaturityDimension, MaturityStatement, Opgave


class ReadOnlyAdminMixin:
    """Everything loaded from files is view-only for every user, superusers included."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(ReadOnlyAdminMixin, admin.TabularInline):
    extra = 0
    show_change_link = True


class DomainInline(ReadOnlyInline):
    model = Domain
    fields = ["slug", "name", "order"]


class BudgetLineInline(ReadOnlyInline):
    model = BudgetLine
    fields = list(BudgetLine.CONTENT_FIELDS)


@admin.register(Edition)
class EditionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["year", "number", "title", "status", "published_on", "published_by", "loaded_at"]
    list_filter = ["year", "status"]
    readonly_fields = ["content_hash", "loaded_at", "source_path"]
    inlines = [DomainInline]


@admin.register(Development)
class DevelopmentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["title", "domain", "edition", "capacity_type", "collective_candidate", "source_file"]
    list_filter = ["edition", "domain__name", "capacity_type", "collective_candidate"]
    search_fields = ["title", "summary", "slug"]
    inlines = [BudgetLineInline]


@admin.register(BudgetLine)
class BudgetLineAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "description",
        "development",
        "kind",
        "category",
        "amount",
        "hours_per_week",
        "salary_scale",
        "provenance_type",
    ]
    list_filter = ["development__edition", "kind", "category", "provenance_type", "driver"]
    search_fields = ["description", "provenance_text", "development__title"]


@admin.register(Domain)
class DomainAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "edition", "order"]
    list_filter = ["edition"]


@admin.register(Opgave)
class OpgaveAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "edition"]
    list_filter = ["edition"]


@admin.register(Law)
class LawAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "in_force", "status", "edition"]
    list_filter = ["edition", "status"]


admin.site.site_header = _("Open Modelgemeente: beheer")
admin.site.site_title = _("Open Modelgemeente")
admin.site.index_title = _("Inhoud en gebruikers")


class MaturityStatementInline(ReadOnlyInline):
    model = MaturityStatement
    fields = ["slug", "level", "text"]


@admin.register(MaturityDimension)
class MaturityDimensionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "edition"]
    list_filter = ["edition"]
    inlines = [MaturityStatementInline]
