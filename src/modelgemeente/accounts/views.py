"""Sign up, confirm the e-mail address, log in and out, change or reset the password; API tokens.

Logging in, changing and resetting the password are Django's own views with
our templates; django-axes limits failed logins (see login_limits.py).
"""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import Resolver404, resolve, reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_POST

from . import services
from .forms import ApiTokenForm, LoginForm, SignUpForm
from .models import ApiToken


def safe_next(request, default="plans:dashboard"):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


def _invitation_token(request, next_url: str) -> str:
    """The invitation a visitor came from: ?uitnodiging=<token>, or a next= that is an invitation link."""
    token = request.GET.get("uitnodiging", "").strip()
    if token or not next_url:
        return token
    try:
        match = resolve(next_url.split("?", 1)[0])
    except Resolver404:
        return ""
    return match.kwargs.get("token", "") if match.view_name == "plans:accept_invitation" else ""


def _invited_address(token: str) -> str | None:
    return services.invited_address(token) if token else None


@never_cache  # may show the address an invitation went to
def signup(request):
    next_url = safe_next(request, "")
    token = _invitation_token(request, next_url)
    invited = _invited_address(token)
    if invited and not next_url:
        next_url = reverse("plans:accept_invitation", args=[token])
    form = SignUpForm(request.POST or None, initial={"email": invited} if invited else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = services.create_account(name=data["name"], email=data["email"], password=data["password1"])
        login(request, user, backend="modelgemeente.accounts.backends.AccountBackend")
        messages.success(request, _("Uw account is aangemaakt. Welkom, %(name)s.") % {"name": user.first_name})
        if services.send_confirmation(user, request.build_absolute_uri, force=True):
            messages.info(
                request,
                _("We hebben een e-mail gestuurd naar %(email)s. Open de link daarin om uw e-mailadres te bevestigen.")
                % {"email": user.email},
            )
        else:
            messages.warning(
                request,
                _(
                    "De e-mail om uw adres te bevestigen kon niet worden verstuurd. Probeer het later "
                    "opnieuw met de knop op Mijn plannen."
                ),
            )
        return redirect(next_url or "plans:dashboard")
    return render(request, "accounts/signup.html", {"form": form, "next": next_url, "invited": invited})


@never_cache
def confirm_email(request, token):
    """GET shows a button, POST confirms: a link scanner that only opens the link changes nothing."""
    if request.method == "POST":
        try:
            user = services.confirm_email(token)
        except services.InvalidConfirmation:
            return render(request, "accounts/confirm_email.html", {"valid": False}, status=400)
        messages.success(request, _("Uw e-mailadres %(email)s is bevestigd.") % {"email": user.email})
        if request.user.is_authenticated and request.user.pk == user.pk:
            return redirect("plans:dashboard")
        return redirect("accounts:login")
    valid = services.check_confirmation_token(token)
    return render(request, "accounts/confirm_email.html", {"valid": valid}, status=200 if valid else 400)


@login_required
@require_POST
def resend_confirmation(request):
    if services.is_confirmed(request.user):
        messages.info(request, _("Uw e-mailadres is al bevestigd."))
    else:
        try:
            sent = services.send_confirmation(request.user, request.build_absolute_uri)
        except services.TooSoon:
            messages.warning(
                request, _("Er is net een e-mail verstuurd. Wacht een minuut voordat u een nieuwe vraagt.")
            )
        else:
            if sent:
                messages.success(
                    request, _("We hebben een nieuwe e-mail gestuurd naar %(email)s.") % {"email": request.user.email}
                )
            else:
                messages.warning(request, _("De e-mail kon niet worden verstuurd. Probeer het later opnieuw."))
    return redirect(safe_next(request))


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


class PasswordResetView(auth_views.PasswordResetView):
    """Always the same answer, whether or not an account has the address."""

    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        # The link went to the account's address only: whoever used it holds that mailbox.
        services.mark_confirmed(form.user)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@never_cache
@login_required
@sensitive_variables("secret")
def api_tokens(request):
    """The user's own API tokens and a form for a new one.

    A valid form answers with the new secret on the page itself (never in a URL, a redirect or
    the session), once; the response is not stored by browsers or proxies (never_cache).
    """
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            token, secret = services.create_token(request.user, data["name"], data["scope"], data["expires_on"])
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error("expires_on" if field == "expires_at" else field, errors)
        else:
            return render(request, "accounts/api_token_created.html", {"token": token, "secret": secret})
    tokens = ApiToken.objects.filter(user=request.user)
    return render(request, "accounts/api_tokens.html", {"form": form, "tokens": tokens})


@never_cache
@login_required
@require_POST
def api_token_revoke(request, pk):
    """Revoke one of the user's own tokens; someone else's token is not found (404)."""
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    was_revoked = token.is_revoked
    services.revoke_token(token, request.user)
    if was_revoked:
        messages.info(request, _("De API-sleutel '%(name)s' was al ingetrokken.") % {"name": token.name})
    else:
        messages.success(
            request, _("De API-sleutel '%(name)s' is ingetrokken en werkt niet meer.") % {"name": token.name}
        )
    return redirect("accounts:api_tokens")
