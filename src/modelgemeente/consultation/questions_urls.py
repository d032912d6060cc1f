"""/vragen/: questions and draft policy of the national level to the regions (consultation/question_views.py)."""

from django.urls import URLPattern, path
from django.views.decorators.cache import never_cache

from . import question_views as views

urlpatterns = [
    path("vragen/", views.question_list, name="questions"),
    path("vragen/nieuw/", views.question_create, name="question_create"),
    path("vragen/<int:pk>/", views.question_detail, name="question"),
    path("vragen/<int:pk>/inbreng/<slug:region>/<slug:organisation>/", views.question_input, name="question_input"),
    path("vragen/<int:pk>/antwoord/<slug:region>/", views.question_answer, name="question_answer"),
    path("vragen/<int:pk>/sluiten/", views.question_close, name="question_close"),
]

# What a page shows depends on the user's roles (inputs of the region, answer and input forms): browsers and
# proxies keep no copy.
urlpatterns = [URLPattern(p.pattern, never_cache(p.callback), p.default_args, p.name) for p in urlpatterns]
