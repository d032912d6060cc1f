from django.contrib.auth.views import LogoutView
from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("aanmelden/", views.signup, name="signup"),
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("uitloggen/", LogoutView.as_view(), name="logout"),
    path("bevestigen/opnieuw/", views.resend_confirmation, name="resend_confirmation"),
    path("bevestigen/<str:token>/", views.confirm_email, name="confirm_email"),
    path("wachtwoord/wijzigen/", views.PasswordChangeView.as_view(), name="password_change"),
    path("wachtwoord/gewijzigd/", views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("wachtwoord/vergeten/", views.PasswordResetView.as_view(), name="password_reset"),
    path("wachtwoord/vergeten/verstuurd/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("wachtwoord/nieuw/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("wachtwoord/nieuw/klaar/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("api-sleutels/", views.api_tokens, name="api_tokens"),
    path("api-sleutels/<int:pk>/intrekken/", views.api_token_revoke, name="api_token_revoke"),
]
