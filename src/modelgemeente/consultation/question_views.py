"""Questions of the national level under /vragen/ (docs/consultation.md, "Vragen").

Who sees what: consultation/question_access.py. The views parse the request, call services/questions.py and
render; a refusal of the service is shown at its field (or as a message), and nothing changes.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from modelgemeente.catalog.markdown import render_nested
from modelgemeente.plans.access import LoginRequired
from modelgemeente.plans.models import Membership

from . import question_access as access
from .forms_questions import AnswerForm, InputForm, QuestionForm
from .question_readings import days_left, progress
from .regions import is_coordinator, member_organisations
from .services import questions as services


def _allowed(check, *args) -> None:
    """Run a service's permission check; its refusal becomes a 403 with the Dutch reason."""
    try:
        check(*args)
    except services.QuestionDenied as error:
        raise PermissionDenied(error.message) from None


def _login(request):
    if not request.user.is_authenticated:
        raise LoginRequired(_("Log in om de vragen van het landelijk beraad te bekijken."))


def _input_prefix(region, organisation) -> str:
    return f"inbreng-{region.pk}-{organisation.pk}"


def _answer_prefix(region) -> str:
    return f"antwoord-{region.pk}"


def _question_url(question, anchor: str = "") -> str:
    return reverse("consultation:question", args=[question.pk]) + (f"#{anchor}" if anchor else "")


def question_list(request):
    _login(request)
    questions = access.visible_questions(request.user).prefetch_related("regions", "answers")
    rows = [{"question": q, "progress": progress(q), "days_left": days_left(q)} for q in questions]
    return render(
        request,
        "consultation/questions.html",
        {
            "open_rows": [r for r in rows if r["question"].closed_at is None],
            "closed_rows": [r for r in rows if r["question"].closed_at is not None],
            "can_ask": is_coordinator(request.user),
        },
    )


def question_create(request):
    _login(request)
    _allowed(services.require_coordinator, request.user)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            question = services.ask_question(request.user, **form.values())
        except services.QuestionError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("De vraag is gesteld; de vertegenwoordigers van de regio's zien haar nu."))
            return redirect(_question_url(question))
    return render(request, "consultation/question_form.html", {"form": form})


def _answer_sections(user, question, answers, bound):
    sections = []
    inputs = list(access.visible_inputs(user, question))
    for region in access.answer_regions(user, question):
        region_inputs = [i for i in inputs if i.region_id == region.pk]
        given = {i.organisation_id for i in region_inputs}
        answer = answers.get(region.pk)
        form = bound.get(("answer", region.pk)) or AnswerForm(
            prefix=_answer_prefix(region), initial={"text": answer.text if answer else ""}
        )
        sections.append(
            {
                "region": region,
                "inputs": region_inputs,
                "without_input": [o for o in member_organisations(region) if o.pk not in given],
                "answer": answer,
                "form": form,
            }
        )
    return sections, inputs


def _input_sections(user, question, inputs, bound):
    existing = {(i.region_id, i.organisation_id): i for i in inputs}
    sections = []
    for region, organisation in access.input_slots(user, question):
        found = existing.get((region.pk, organisation.pk))
        form = bound.get(("input", region.pk, organisation.pk)) or InputForm(
            prefix=_input_prefix(region, organisation), initial={"text": found.text if found else ""}
        )
        sections.append({"region": region, "organisation": organisation, "input": found, "form": form})
    return sections


def _render_question(request, question, bound=None):
    bound = bound or {}
    user = request.user
    state = progress(question)
    answer_sections, inputs = _answer_sections(user, question, state.answers, bound)
    input_sections = _input_sections(user, question, inputs, bound)
    slots = {(s["region"].pk, s["organisation"].pk) for s in input_sections}
    represented = {s["region"].pk for s in answer_sections}
    own_inputs = [i for i in inputs if (i.region_id, i.organisation_id) not in slots and i.region_id not in represented]
    return render(
        request,
        "consultation/question.html",
        {
            "question": question,
            "body_html": render_nested(question.body, top=3),
            "progress": state,
            "days_left": days_left(question),
            "closed": question.closed_at is not None,
            "answer_sections": answer_sections,
            "input_sections": input_sections,
            "own_inputs": own_inputs,
            "can_close": question.closed_at is None and is_coordinator(user),
        },
    )


def question_detail(request, pk: int):
    return _render_question(request, access.question_or_404(request.user, pk))


def _asked_region(question, slug: str):
    region = question.regions.filter(slug=slug).first()
    if region is None:
        raise Http404(_("Deze vraag is niet aan deze regio gesteld."))
    return region


def _refused(request, question, error, form, key):
    """Show a refusal of the service: 403 for a permission, else at the field (or as a message) with the page."""
    if isinstance(error, services.QuestionDenied):
        raise PermissionDenied(error.message)
    if error.field in form.fields:
        form.add_error(error.field, error.message)
    else:
        messages.error(request, error.message)
    return _render_question(request, question, {key: form})


def question_input(request, pk: int, region: str, organisation: str):
    question = access.question_or_404(request.user, pk)
    asked = _asked_region(question, region)
    membership = (
        Membership.objects.select_related("organisation")
        .filter(user=request.user, organisation__slug=organisation)
        .first()
    )
    if membership is None:
        raise Http404(_("Deze organisatie bestaat niet of u bent er geen lid van."))
    if request.method != "POST":
        return redirect(_question_url(question))
    org = membership.organisation
    _allowed(services.require_input_giver, request.user, org)
    if not access.may_give_input(request.user, question, asked, org):
        raise Http404(_("%(org)s hoort niet bij %(region)s.") % {"org": org.name, "region": asked.name})
    key = ("input", asked.pk, org.pk)
    form = InputForm(request.POST, prefix=_input_prefix(asked, org))
    if not form.is_valid():
        return _render_question(request, question, {key: form})
    try:
        services.give_input(question, asked, org, request.user, form.cleaned_data["text"])
    except services.QuestionError as error:
        return _refused(request, question, error, form, key)
    messages.success(request, _("De inbreng van %(org)s is opgeslagen.") % {"org": org.name})
    return redirect(_question_url(question, _input_prefix(asked, org)))


def question_answer(request, pk: int, region: str):
    question = access.question_or_404(request.user, pk)
    asked = _asked_region(question, region)
    if request.method != "POST":
        return redirect(_question_url(question))
    _allowed(services.require_answerer, request.user, asked)
    key = ("answer", asked.pk)
    form = AnswerForm(request.POST, prefix=_answer_prefix(asked))
    if not form.is_valid():
        return _render_question(request, question, {key: form})
    try:
        answer = services.answer_question(question, asked, request.user, form.cleaned_data["text"])
    except services.QuestionError as error:
        return _refused(request, question, error, form, key)
    if answer.late:
        messages.warning(
            request,
            _("Het antwoord van %(region)s is opgeslagen, na de uiterste datum: het staat als te laat gemarkeerd.")
            % {"region": asked.name},
        )
    else:
        messages.success(request, _("Het antwoord van %(region)s is opgeslagen.") % {"region": asked.name})
    return redirect(_question_url(question, _answer_prefix(asked)))


def question_close(request, pk: int):
    question = access.question_or_404(request.user, pk)
    _allowed(services.require_coordinator, request.user, "close")
    if request.method != "POST":
        return redirect(_question_url(question))
    try:
        services.close_question(question, request.user)
    except services.QuestionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("De vraag is gesloten; er kan geen inbreng of antwoord meer bij."))
    return redirect(_question_url(question))
