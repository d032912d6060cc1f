from django.contrib.auth.views import LogoutView
from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("aanmelden/", views.signup, name="signup"),
    path("inloggen/", views.ThrottledLoginView.as_view(), name="login"),
    path("uitloggen/", LogoutView.as_view(), name="logout"),
]
