"""/gemeenschap/sessies/: theme sessions (community/session_views.py)."""

from django.urls import path

from . import session_views as views

urlpatterns = [
    path("sessies/", views.session_list, name="sessions"),
    path("sessies/nieuw/", views.session_create, name="session_create"),
    path("sessies/<int:pk>/", views.session_detail, name="session"),
    path("sessies/<int:pk>/wijzigen/", views.session_edit, name="session_edit"),
    path("sessies/<int:pk>/annuleren/", views.session_cancel, name="session_cancel"),
    path("sessies/<int:pk>/aanmelden/", views.session_register, name="session_register"),
    path("sessies/<int:pk>/afmelden/", views.session_unregister, name="session_unregister"),
    path("sessies/<int:pk>/sessie.ics", views.session_ics_file, name="session_ics"),
    path("sessies/<int:pk>/verslag/", views.session_report, name="session_report"),
    path("sessies/<int:pk>/besluiten/", views.session_decision_add, name="session_decision_add"),
    path("sessies/<int:pk>/besluiten/<int:decision_pk>/", views.session_decision, name="session_decision"),
]
