"""The forms of the provision pages. They only parse: who may do what, and the rules of a pledge, are checked by
services/provisions.py. Every message is Dutch and names the field."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from modelgemeente.core.enums import PledgeKind
from modelgemeente.core.forms import DutchDecimalField
from modelgemeente.plans.models import TEXT_LIMIT

from .forms_signals import TEXT_ERRORS, OnBehalfOf, VersionForm

MAX_LIMIT = Decimal("999999999")
OUTSIDE = _("Vul een bedrag in van meer dan € 0 tot en met € 999.999.999 per jaar.")


class PledgeForm(OnBehalfOf):
    kind = forms.ChoiceField(
        label=_("Wat zegt uw organisatie"),
        choices=PledgeKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies belangstelling of een voorwaardelijke toezegging."),
            "invalid_choice": _("Kies belangstelling of een voorwaardelijke toezegging."),
        },
    )
    max_yearly_share = DutchDecimalField(
        label=_("Wij doen mee als ons deel ten hoogste dit bedrag per jaar is (euro)"),
        required=False,
        min_value=Decimal("0.01"),
        max_value=MAX_LIMIT,
        decimal_places=2,
        help_text=_("Alleen bij een voorwaardelijke toezegging, bijvoorbeeld 12.500. Bedragen exclusief btw."),
        error_messages={
            "min_value": OUTSIDE,
            "max_value": OUTSIDE,
            "max_decimal_places": _("Vul het bedrag in hele centen in (ten hoogste 2 decimalen)."),
            "max_digits": OUTSIDE,
        },
    )
    note = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=TEXT_LIMIT,
        help_text=_("Bijvoorbeeld onder welk voorbehoud of na welk besluit."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=TEXT_ERRORS,
    )

    def clean(self):
        data = super().clean()
        missing = data.get("kind") == PledgeKind.PLEDGE and data.get("max_yearly_share") is None
        if missing and "max_yearly_share" not in self.errors:
            self.add_error(
                "max_yearly_share", _("Vul bij een toezegging het hoogste deel per jaar in waarbij u meedoet.")
            )
        return data


class WithdrawForm(OnBehalfOf):
    """Withdraw the interest or pledge of one of the user's organisations."""


class JoinForm(VersionForm):
    """Join with one of the plans the user may change; the version is the plan's, as the page showed it."""

    plan = forms.TypedChoiceField(
        widget=forms.HiddenInput,
        coerce=int,
        error_messages={
            "required": _("Kies een plan."),
            "invalid_choice": _("Dit plan kunt u niet laten aansluiten; laad de pagina opnieuw."),
        },
    )

    def __init__(self, *args, plans=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.plans = {p.pk: p for p in plans}
        self.fields["plan"].choices = [(p.pk, p.title) for p in plans]

    def chosen(self):
        return self.plans[self.cleaned_data["plan"]]


class LeaveForm(VersionForm):
    """Leave a provision with a plan read at `version`."""
