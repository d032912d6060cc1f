"""URLs of the participation part of the community (included by community/urls.py)."""

from django.urls import path

from . import participation_views as views

urlpatterns = [
    path("", views.index, name="index"),
    path("mijn-deelname/", views.my_participation, name="my_participation"),
    path("deelname/<slug:org>/", views.participation_page, name="participation"),
    path("deelname/<slug:org>/aanmelden/", views.participation_join, name="participation_join"),
    path("deelname/<slug:org>/uren/", views.participation_change, name="participation_change"),
    path("deelname/<slug:org>/afmelden/", views.participation_leave, name="participation_leave"),
    path("deelname/<slug:org>/personen/", views.participant_add, name="participant_add"),
    path("deelname/<slug:org>/personen/<int:pk>/intrekken/", views.participant_remove, name="participant_remove"),
    path("uren/", views.hours, name="hours"),
    path("uren/urenoverzicht.csv", views.hours_csv, name="hours_csv"),
    path("uren/urenoverzicht.xlsx", views.hours_xlsx, name="hours_xlsx"),
    path("kalender/", views.calendar, name="calendar"),
    path("kalender/bewerken/", views.calendar_edit, name="calendar_edit"),
]
