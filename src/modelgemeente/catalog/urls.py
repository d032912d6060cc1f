from django.urls import path

from . import views

app_name = "catalog"

urlpatterns = [
    path("", views.home, name="home"),
    path("edities/", views.edition_list, name="editions"),
    path("editie/<int:year>/", views.edition, name="edition"),
    path("editie/<int:year>/domein/<slug:slug>/", views.domain, name="domain"),
    path("editie/<int:year>/ontwikkeling/<slug:slug>/", views.development, name="development"),
    path("editie/<int:year>/opgaven/", views.opgaven, name="opgaven"),
    path("editie/<int:year>/wetten/", views.laws, name="laws"),
    path("editie/<int:year>/zoeken/", views.search, name="search"),
]
