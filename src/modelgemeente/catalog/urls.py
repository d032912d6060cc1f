from django.urls import path

from . import budget_views, dataset_views, diff_views, maturity_views, release_views, views

app_name = "catalog"

urlpatterns = [
    path("", views.home, name="home"),
    path("edities/", views.edition_list, name="editions"),
    path("editie/<int:year>/", views.edition, name="edition"),
    path("editie/<int:year>/releases/", release_views.release_list, name="releases"),
    path("editie/<int:year>/release/<int:number>/", diff_views.whats_new, name="release"),
    path("verschil/", diff_views.diff, name="diff"),
    path("editie/<int:year>/domein/<slug:slug>/", views.domain, name="domain"),
    path("editie/<int:year>/ontwikkeling/<slug:slug>/", views.development, name="development"),
    path("editie/<int:year>/opgaven/", views.opgaven, name="opgaven"),
    path("editie/<int:year>/wetten/", views.laws, name="laws"),
    path("editie/<int:year>/volwassenheid/", maturity_views.maturity_model, name="maturity_model"),
    path("editie/<int:year>/zoeken/", views.search, name="search"),
    path("editie/<int:year>/begroting/", budget_views.budget, name="budget"),
    path("editie/<int:year>/begroting.<str:fmt>", budget_views.budget_download, name="budget_download"),
    path("editie/<int:year>/uitgangspunten/", budget_views.assumptions, name="assumptions"),
    path("editie/<int:year>/dataset.zip", dataset_views.dataset_download, name="dataset"),
]
