from datetime import timedelta

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from modelgemeente.core.enums import TokenScope
from modelgemeente.core.forms import DutchDateField

from .models import TOKEN_DEFAULT_DAYS, TOKEN_MAX_DAYS

User = get_user_model()


class SignUpForm(forms.Form):
    """A new account: the e-mail address is the login name."""

    name = forms.CharField(label=_("Naam"), max_length=150)
    email = forms.EmailField(
        label=_("E-mailadres"),
        max_length=254,
        help_text=_("U logt in met dit adres; uitnodigingen van uw organisatie komen hierop binnen."),
    )
    password1 = forms.CharField(
        label=_("Wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "Minstens 10 tekens; niet alleen cijfers, geen veelgebruikt wachtwoord en niet te veel lijkend op uw naam of e-mailadres."
        ),
    )
    password2 = forms.CharField(
        label=_("Wachtwoord nogmaals"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(username__iexact=email).exists():
            raise forms.ValidationError(
                _("Er bestaat al een account met dit e-mailadres. Log in of kies een ander adres.")
            )
        return email

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("De twee wachtwoorden zijn niet gelijk."))
        elif p1:
            candidate = User(
                username=data.get("email", ""), email=data.get("email", ""), first_name=data.get("name", "")
            )
            try:
                password_validation.validate_password(p1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class LoginForm(AuthenticationForm):
    """Django's login form with the address as login name, in any case.

    Too many failures are counted and refused by django-axes (see settings and
    login_limits.py), which answers with its own lockout page.
    """

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Deze combinatie van e-mailadres en wachtwoord kennen we niet. Let op hoofdletters."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("E-mailadres")

    def clean_username(self):
        return (
            (self.cleaned_data.get("username") or "").strip().lower()
        )  # accounts are stored under the lower-case address


class ApiTokenForm(forms.Form):
    """A new personal API token: what it is for, what it may do, and the last day it works."""

    name = forms.CharField(
        label=_("Naam"),
        max_length=100,
        help_text=_("Waarvoor u de sleutel gebruikt, bijvoorbeeld 'dashboard financiën'."),
        error_messages={"required": _("Geef de sleutel een naam, bijvoorbeeld waarvoor u hem gebruikt.")},
    )
    scope = forms.ChoiceField(
        label=_("Rechten"),
        choices=TokenScope.choices,
        initial=TokenScope.READ,
        widget=forms.RadioSelect,
        help_text=_("Lezen is genoeg om plannen en begrotingen op te halen; kies schrijven alleen als u wijzigt."),
        error_messages={
            "required": _("Kies lezen of lezen en schrijven."),
            "invalid_choice": _("Kies lezen of lezen en schrijven."),
        },
    )
    expires_on = DutchDateField(
        label=_("Geldig tot en met"),
        help_text=_("Dag-maand-jaar, bijvoorbeeld 31-12-2026; hoogstens een jaar vanaf vandaag."),
        error_messages={"required": _("Vul de laatste dag in waarop de sleutel werkt.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = timezone.localdate()
        self.fields["expires_on"].initial = self.today + timedelta(days=TOKEN_DEFAULT_DAYS)

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Geef de sleutel een naam, bijvoorbeeld waarvoor u hem gebruikt."))
        return name

    def clean_expires_on(self):
        day = self.cleaned_data["expires_on"]
        latest = self.today + timedelta(days=TOKEN_MAX_DAYS)
        if day <= self.today:
            raise forms.ValidationError(_("Kies een datum na vandaag."))
        if day > latest:
            raise forms.ValidationError(
                _("Een sleutel is hoogstens een jaar geldig: kies %(date)s of eerder.")
                % {"date": date_format(latest, "j F Y")}
            )
        return day
