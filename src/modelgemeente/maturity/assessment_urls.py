"""URLs of the maturity self-assessment (see urls.py): an organisation's assessments under
/organisaties/<org>/volwassenheid/."""

from django.urls import URLPattern, path
from django.views.decorators.cache import never_cache

from . import assessment_views as views

A = "organisaties/<slug:org>/volwassenheid/"

urlpatterns = [
    path(A, views.assessments, name="assessments"),
    path(A + "<int:year>/", views.assessment, name="assessment"),
    path(A + "<int:year>/kloof/", views.assessment_gap, name="assessment_gap"),
    path(A + "<int:year>/historie/", views.assessment_history, name="assessment_history"),
]

# An organisation's own data: no copy in browsers or proxies (as plans/urls.py).
urlpatterns = [URLPattern(p.pattern, never_cache(p.callback), p.default_args, p.name) for p in urlpatterns]
