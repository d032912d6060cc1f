"""/gemeenschap/voorstellen/: proposals, comments and reviews."""

from django.urls import path

from . import proposal_views as views

urlpatterns = [
    path("voorstellen/", views.proposal_list, name="proposals"),
    path("voorstellen/nieuw/", views.proposal_new, name="proposal_new"),
    path("voorstellen/<int:pk>/", views.proposal_detail, name="proposal"),
    path("voorstellen/<int:pk>/aanvullen/", views.proposal_update, name="proposal_update"),
    path("voorstellen/<int:pk>/beoordelen/", views.proposal_review, name="proposal_review"),
    path("voorstellen/<int:pk>/verbergen/", views.proposal_hide, name="proposal_hide"),
]
