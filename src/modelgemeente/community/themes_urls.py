"""URLs of the themes part of the community (included by community/urls.py)."""

from django.urls import URLPattern, path
from django.views.decorators.cache import never_cache

from . import theme_views

urlpatterns = [
    path("themas/", theme_views.themes, name="themes"),
    path("themas/voorstellen/", theme_views.theme_create, name="theme_create"),
    path("themas/kiezen/", theme_views.themes_decide, name="themes_decide"),
    path("themas/<int:pk>/stem/", theme_views.theme_vote, name="theme_vote"),
    path("themas/<int:pk>/besluit/", theme_views.theme_decide, name="theme_decide"),
]

# The page shows the signed-in user's votes: never a shared cached copy.
urlpatterns = [URLPattern(p.pattern, never_cache(p.callback), p.default_args, p.name) for p in urlpatterns]
