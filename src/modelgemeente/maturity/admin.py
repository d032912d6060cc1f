"""Read-only views for administrators: assessments, measurements and ambitions are changed on the organisation's
pages (through the services, with version check and history), never here."""

from django.contrib import admin

from modelgemeente.catalog.admin import ReadOnlyAdminMixin

from .models import Ambition, Assessment, MaturityChange, ProductMeasurement


class ReadOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    pass


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "year", "edition", "share_with_peers", "version", "updated_at"]
    list_filter = ["year"]


@admin.register(ProductMeasurement)
class ProductMeasurementAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "year", "inhabitants", "version", "updated_at"]
    list_filter = ["year"]


@admin.register(Ambition)
class AmbitionAdmin(ReadOnlyAdmin):
    list_display = ["title", "organisation", "metric", "plan", "version"]
    list_filter = ["metric"]


@admin.register(MaturityChange)
class MaturityChangeAdmin(ReadOnlyAdmin):
    list_display = ["at", "organisation", "subject", "summary", "user"]
    list_filter = ["subject"]
