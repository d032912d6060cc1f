"""/api/v1/regions, /signals, /questions, /positions and /provisions: the regional consultation and the collective
provisions (docs/api.md, "Consultation"), with the permissions of the pages.

Joining and leaving a provision with a plan are under /api/v1/plans/{id}/provisions, beside the other plan paths
(they need the plan's If-Match); they are listed here too, as `plan_patterns`.
"""

from django.urls import path

from . import positions, provisions, questions, regions, signals

urlpatterns = [
    path("regions", regions.RegionList.as_view(), name="regions"),
    path("regions/<slug:slug>", regions.RegionDetail.as_view(), name="region"),
    path("signals", signals.SignalList.as_view(), name="signals"),
    path("signals/bundles", signals.BundleList.as_view(), name="bundles"),
    path("signals/bundles/<int:id>", signals.BundleDetail.as_view(), name="bundle"),
    path("signals/bundles/<int:id>/submission", signals.BundleSubmission.as_view(), name="bundle-submission"),
    path("signals/bundles/<int:id>/answer", signals.BundleAnswer.as_view(), name="bundle-answer"),
    path("signals/bundles/<int:id>/closure", signals.BundleClosure.as_view(), name="bundle-closure"),
    path("signals/<int:id>", signals.SignalDetail.as_view(), name="signal"),
    path("signals/<int:id>/supports/<slug:organisation>", signals.SupportDetail.as_view(), name="signal-support"),
    path("signals/<int:id>/closure", signals.SignalClosure.as_view(), name="signal-closure"),
    path("questions", questions.QuestionList.as_view(), name="questions"),
    path("questions/<int:id>", questions.QuestionDetail.as_view(), name="question"),
    path("questions/<int:id>/inputs", questions.InputList.as_view(), name="question-inputs"),
    path("questions/<int:id>/answers/<slug:region>", questions.AnswerDetail.as_view(), name="question-answer"),
    path("questions/<int:id>/closure", questions.QuestionClosure.as_view(), name="question-closure"),
    path("positions", positions.PositionList.as_view(), name="positions"),
    path("positions/<int:id>", positions.PositionDetail.as_view(), name="position"),
    path("positions/<int:id>/stances/<slug:region>", positions.StanceDetail.as_view(), name="position-stance"),
    path("positions/<int:id>/finalisation", positions.PositionFinalisation.as_view(), name="position-finalisation"),
    path("positions/<int:id>/versions", positions.VersionList.as_view(), name="position-versions"),
    path("provisions", provisions.ProvisionList.as_view(), name="provisions"),
    path("provisions/<slug:slug>", provisions.ProvisionDetail.as_view(), name="provision"),
    path(
        "provisions/<slug:slug>/pledges/<slug:organisation>", provisions.PledgeDetail.as_view(), name="provision-pledge"
    ),
    path("plans/<int:id>/provisions", provisions.PlanProvisionList.as_view(), name="plan-provisions"),
    path("plans/<int:id>/provisions/<slug:slug>", provisions.PlanProvisionDetail.as_view(), name="plan-provision"),
]
