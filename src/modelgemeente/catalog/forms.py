"""The editors' form: move a year's edition to a status, which publishes a release."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import EditionStatus
from .services import NOTES_LIMIT


class PublishForm(forms.Form):
    # Checked on the server, with Dutch messages; a `required` textarea would look invalid while empty.
    use_required_attribute = False

    status = forms.ChoiceField(label=_("Nieuwe status"))
    notes = forms.CharField(
        label=_("Releasenotes"),
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=NOTES_LIMIT,
        help_text=_(
            "Markdown. Wat is er veranderd en waarom, met de bron; ze verschijnen op de pagina 'wat is er nieuw'."
        ),
    )
    reason = forms.CharField(
        label=_("Reden van de correctie"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=NOTES_LIMIT,
        help_text=_("Alleen bij een correctie (dezelfde status opnieuw): waarom de gepubliceerde release niet klopte."),
    )

    def __init__(self, *args, statuses: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(s, EditionStatus(s).label) for s in statuses]
