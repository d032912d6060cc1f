"""Signal pages: the signals a user sees, raising and supporting one, the region's bundles and the national
overview (docs in services/signals.py and access.py).

Views parse, call services/signals.py and render. A missing role is a 403 with the service's Dutch message; bad
input or a refused step shows the page again with the message at its form (400), a stale version with a message
(409); nothing changes. Signals and bundles the user may not see are 404, an anonymous visitor gets the login page.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from modelgemeente.catalog import releases
from modelgemeente.catalog.budget_input import line_key
from modelgemeente.catalog.models import BudgetLine
from modelgemeente.core.enums import SignalStatus

from .access import bundle_for, login_required_for, organisation_sees_signal, signal_for, visible_signals
from .forms_signals import (
    AnswerForm,
    BundleForm,
    CloseForm,
    CloseSignalForm,
    SignalForm,
    SupportForm,
    VersionForm,
    WithdrawForm,
)
from .models import Region, RegionalSignal, Signal
from .regions import (
    editor_memberships,
    inhabitants_source,
    is_coordinator,
    is_representative,
    member_organisations,
    regions_of,
    represented_regions,
)
from .services import signals as services
from .services.common import ConsultationError, StaleVersion
from .signal_readings import bundle_reach, national_overview, signal_reach, step_label, with_supports

FINISHED = (SignalStatus.ANSWERED, SignalStatus.CLOSED)


# Who may act for which organisation -----------------------------------------------------------------------------


def editor_organisations(user) -> list:
    return [m.organisation for m in editor_memberships(user)]


def raising_organisations(user) -> list:
    """The user's organisations (editor or admin) that are in a region: they may raise signals."""
    return [o for o in editor_organisations(user) if regions_of(o)]


def supporting_organisations(user, signal: Signal) -> list:
    """The user's organisations (editor or admin) that may support `signal`: not the raiser, and in one of its
    regions."""
    return [
        o for o in editor_organisations(user) if o.pk != signal.organisation_id and organisation_sees_signal(o, signal)
    ]


def may_close_signal(user, signal: Signal) -> bool:
    if signal.status == SignalStatus.CLOSED:
        return False
    if is_coordinator(user):
        return True
    return signal.status == SignalStatus.NEW and signal.organisation in editor_organisations(user)


def new_signals_of(region: Region):
    return (
        Signal.objects.filter(status=SignalStatus.NEW, organisation__in=member_organisations(region))
        .select_related("organisation")
        .order_by("created_at", "pk")
    )


def _release(user):
    """The release a new signal's links are chosen from: this year's current one, else the newest."""
    return releases.current(timezone.localdate().year, user) or releases.home_release(user)


def _act(request, form, page, form_name, action):
    """Run `action(form)` (a service call returning the response) for a valid form; otherwise, or when the service
    refuses, `page` again with the form and its message. A missing role: 403 with the message."""
    status = 400
    if form.is_valid():
        try:
            return action(form)
        except services.NotAllowed as error:
            raise PermissionDenied(str(error)) from None
        except StaleVersion as error:
            form.add_error(None, str(error))
            status = 409
        except ConsultationError as error:
            form.add_error(None, str(error))
    return page(request, status=status, **{form_name: form})


# The signals a user sees ----------------------------------------------------------------------------------------


def _signals_page(request, status=200, bundle_forms=None):
    user = request.user
    bundle_forms = bundle_forms or {}
    regions = []
    for region in represented_regions(user):
        fresh = list(new_signals_of(region))
        form = bundle_forms.get(region.pk) or BundleForm(prefix=region.slug, signals=fresh)
        bundles = RegionalSignal.objects.filter(region=region).order_by("-created_at")
        regions.append({"region": region, "new": fresh, "form": form, "bundles": bundles})
    signals = with_supports(visible_signals(user)).order_by("-created_at", "-pk")
    return render(
        request,
        "consultation/signal_list.html",
        {
            "signals": signals,
            "may_raise": bool(raising_organisations(user)),
            "coordinator": is_coordinator(user),
            "regions": regions,
        },
        status=status,
    )


def signals(request):
    login_required_for(request)
    return _signals_page(request)


def signal_create(request):
    login_required_for(request)
    organisations = raising_organisations(request.user)
    if not organisations:
        raise PermissionDenied(
            _(
                "Een signaal meldt u namens een organisatie die in een regio zit, met de rol redacteur of "
                "beheerder van die organisatie."
            )
        )
    form = SignalForm(request.POST or None, organisations=organisations, release=_release(request.user))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                signal = services.raise_signal(form.organisation(), request.user, **form.values())
            except services.NotAllowed as error:
                raise PermissionDenied(str(error)) from None
            except ConsultationError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Signaal „%(title)s” is gemeld.") % {"title": signal.title})
                return redirect("consultation:signal", signal.pk)
    return render(request, "consultation/signal_form.html", {"form": form, "release": form.release}, status=status)


# One signal ------------------------------------------------------------------------------------------------------


def signal_links(signal: Signal) -> dict:
    """The law, development and budget lines the signal links to, named as in its release (an id that is not in
    it is shown as it is)."""
    edition = signal.edition
    if edition is None:
        return {}
    law = edition.laws.filter(slug=signal.law).first() if signal.law else None
    development = edition.developments.filter(slug=signal.development).first() if signal.development else None
    rows = BudgetLine.objects.filter(development__edition=edition).select_related("development")
    lines = {line_key(row): row for row in rows} if signal.budget_lines else {}
    return {
        "edition": edition,
        "law": law.name if law else signal.law,
        "laws_url": reverse("catalog:laws", args=[edition.year]),
        "development": development,
        "development_slug": signal.development,
        "lines": [(key, lines.get(key)) for key in signal.budget_lines],
    }


def _signal_page(request, pk=None, status=200, signal=None, **forms):
    signal = signal or signal_for(request, pk)
    user = request.user
    supporters = supporting_organisations(user, signal)
    mine = set(editor_organisations(user))
    supports = list(signal.supports.select_related("organisation", "user"))
    withdrawers = [s.organisation for s in supports if s.organisation in mine]
    open_ = signal.status not in FINISHED
    context = {
        "signal": signal,
        "reach": signal_reach(signal),
        "supports": supports,
        "links": signal_links(signal),
        "events": [(e, step_label(e.kind)) for e in signal.events.select_related("user", "organisation")],
        "support_form": forms.get("support_form")
        or (SupportForm(organisations=supporters) if supporters and open_ else None),
        "withdraw_form": forms.get("withdraw_form")
        or (WithdrawForm(organisations=withdrawers) if withdrawers and open_ else None),
        "close_form": forms.get("close_form") or (CloseSignalForm() if may_close_signal(user, signal) else None),
        "coordinator": is_coordinator(user),
    }
    return render(request, "consultation/signal_detail.html", context, status=status)


def signal_detail(request, pk):
    return _signal_page(request, pk)


def _signal_action(request, pk, form_class, form_name, organisations, action):
    signal = signal_for(request, pk)
    kwargs = {"organisations": organisations(request.user)} if organisations else {}
    if organisations and not kwargs["organisations"]:
        raise PermissionDenied(_("Dit doet u namens een organisatie, met de rol redacteur of beheerder."))
    form = form_class(request.POST, **kwargs)

    def page(request, status, **forms):
        return _signal_page(request, status=status, signal=signal, **forms)

    def run(form):
        message = action(signal, form)
        messages.success(request, message)
        return redirect("consultation:signal", signal.pk)

    return _act(request, form, page, form_name, run)


@require_POST
def signal_support(request, pk):
    def support(signal, form):
        services.support_signal(signal, form.organisation(), request.user, form.cleaned_data["impact"])
        return _("%(org)s steunt dit signaal.") % {"org": form.organisation().name}

    return _signal_action(request, pk, SupportForm, "support_form", editor_organisations, support)


@require_POST
def signal_withdraw(request, pk):
    def withdraw(signal, form):
        services.withdraw_support(signal, form.organisation(), request.user)
        return _("De steun van %(org)s is ingetrokken.") % {"org": form.organisation().name}

    return _signal_action(request, pk, WithdrawForm, "withdraw_form", editor_organisations, withdraw)


@require_POST
def signal_close(request, pk):
    def close(signal, form):
        services.close_signal(signal, request.user, form.cleaned_data["note"])
        return _("Het signaal is gesloten.")

    return _signal_action(request, pk, CloseSignalForm, "close_form", None, close)


# The region's bundle ---------------------------------------------------------------------------------------------


@require_POST
def bundle_create(request, slug):
    login_required_for(request)
    region = get_object_or_404(Region, slug=slug)
    try:
        services.require_representative(request.user, region)
    except services.NotAllowed as error:
        raise PermissionDenied(str(error)) from None
    form = BundleForm(request.POST, prefix=region.slug, signals=list(new_signals_of(region)))

    def page(request, status, form):
        return _signals_page(request, status=status, bundle_forms={region.pk: form})

    def run(form):
        values = form.cleaned_data
        bundle = services.bundle_signals(
            region, request.user, title=values["title"], summary=values["summary"], signals=form.chosen()
        )
        messages.success(
            request,
            _("Regionaal signaal „%(title)s” is gemaakt; breng het in als het klaar is.") % {"title": bundle.title},
        )
        return redirect("consultation:bundle", bundle.pk)

    return _act(request, form, page, "form", run)


def _bundle_page(request, pk=None, status=200, bundle=None, **forms):
    bundle = bundle or bundle_for(request, pk)
    user = request.user
    coordinator = is_coordinator(user)
    initial = {"version": bundle.version}
    may_raise = bundle.status == SignalStatus.BUNDLED and is_representative(user, bundle.region)
    may_answer = coordinator and bundle.status in (SignalStatus.RAISED, SignalStatus.ANSWERED)
    may_close = coordinator and bundle.status != SignalStatus.CLOSED
    context = {
        "bundle": bundle,
        "reach": bundle_reach(bundle),
        "rows": national_overview(bundle.signals.all()),
        "events": [(e, step_label(e.kind)) for e in bundle.events.select_related("user", "organisation")],
        "raise_form": forms.get("raise_form") or (VersionForm(initial=initial) if may_raise else None),
        "answer_form": forms.get("answer_form")
        or (AnswerForm(initial={**initial, "answer": bundle.answer}) if may_answer else None),
        "close_form": forms.get("close_form") or (CloseForm(initial=initial) if may_close else None),
    }
    return render(request, "consultation/signal_bundle.html", context, status=status)


def bundle_detail(request, pk):
    return _bundle_page(request, pk)


def _bundle_action(request, pk, form_class, form_name, action):
    bundle = bundle_for(request, pk)
    form = form_class(request.POST)

    def page(request, status, **forms):
        # The page shows the bundle as it is now; the form keeps what the user typed.
        return _bundle_page(request, status=status, bundle=RegionalSignal.objects.get(pk=bundle.pk), **forms)

    def run(form):
        message = action(bundle, form)
        messages.success(request, message)
        return redirect("consultation:bundle", bundle.pk)

    return _act(request, form, page, form_name, run)


@require_POST
def bundle_raise(request, pk):
    def raise_(bundle, form):
        services.raise_bundle(bundle, request.user, form.cleaned_data["version"])
        return _("Het regionale signaal is ingebracht bij het landelijk beraad.")

    return _bundle_action(request, pk, VersionForm, "raise_form", raise_)


@require_POST
def bundle_answer(request, pk):
    def answer(bundle, form):
        services.answer_bundle(bundle, request.user, form.cleaned_data["version"], form.cleaned_data["answer"])
        return _("Het antwoord is opgeslagen bij het regionale signaal en zijn signalen.")

    return _bundle_action(request, pk, AnswerForm, "answer_form", answer)


@require_POST
def bundle_close(request, pk):
    def close(bundle, form):
        services.close_bundle(bundle, request.user, form.cleaned_data["version"], form.cleaned_data["note"])
        return _("Het regionale signaal en zijn signalen zijn gesloten.")

    return _bundle_action(request, pk, CloseForm, "close_form", close)


# The national overview ---------------------------------------------------------------------------------------------


def signal_overview(request):
    login_required_for(request)
    if not is_coordinator(request.user):
        raise PermissionDenied(
            _("Het landelijk overzicht van alle signalen is er voor de coördinatoren van het beraad.")
        )
    rows = national_overview()
    bundles = []
    for bundle in RegionalSignal.objects.select_related("region").order_by("-created_at", "-pk"):
        form = None
        if bundle.status in (SignalStatus.RAISED, SignalStatus.ANSWERED):
            initial = {"version": bundle.version, "answer": bundle.answer}
            form = AnswerForm(initial=initial, auto_id=f"bundel-{bundle.pk}-%s")
        bundles.append((bundle, form))
    counts = {value: 0 for value in SignalStatus.values}
    for row in rows:
        counts[row.signal.status] += 1
    return render(
        request,
        "consultation/signal_overview.html",
        {
            "rows": rows,
            "bundles": bundles,
            "counts": [(label, counts[value]) for value, label in SignalStatus.choices],
            "source": inhabitants_source(),
        },
    )
