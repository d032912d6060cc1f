"""Personal API tokens: made and revoked on the account page, shown once, stored hashed, with a scope and an expiry.

The DRF classes (accounts.api_auth) are tested here on a small view of their own; the API wires them in.
"""

import hashlib
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.formats import date_format
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from modelgemeente.accounts import services
from modelgemeente.accounts.api_auth import (
    TOKEN_THROTTLE_SCOPE,
    ApiTokenAuthentication,
    TokenRateThrottle,
    TokenScopeAllowsWrite,
)
from modelgemeente.accounts.models import ApiToken
from modelgemeente.core.enums import TokenScope

from ..factories import UserFactory

pytestmark = pytest.mark.django_db

PAGE = "/account/api-sleutels/"


def in_days(days: int):
    return timezone.localdate() + timedelta(days=days)


def dutch(day) -> str:
    return day.strftime("%d-%m-%Y")


def make_token(user=None, scope=TokenScope.READ, days=30, name="dashboard"):
    return services.create_token(user or UserFactory(), name, scope, in_days(days))


# The page


def test_the_secret_is_shown_once_and_only_its_hash_is_stored(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(PAGE, {"name": "Dashboard financiën", "scope": "read", "expires_on": dutch(in_days(30))})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    token = ApiToken.objects.get()
    html = response.content.decode()
    secret = html.split('id="api-secret" type="text" value="', 1)[1].split('"', 1)[0]
    assert secret.startswith(f"omg_{token.prefix}_") and len(secret) >= 50
    assert "u ziet hem maar één keer" in html
    assert token.user == user and token.name == "Dashboard financiën" and token.scope == TokenScope.READ
    assert token.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert token.last_day == in_days(30)
    # The secret is in no column of the table, and never in a URL: the answer was not a redirect.
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {ApiToken._meta.db_table}")  # noqa: S608 (a table name from the model)
        rows = cursor.fetchall()
    assert rows and not any(secret in str(value) or secret[4:] in str(value) for row in rows for value in row)
    assert secret[len(f"omg_{token.prefix}_") :] not in str(rows)
    # The list shows the token again, but not its secret.
    listing = client.get(PAGE)
    page = listing.content.decode()
    assert "no-store" in listing["Cache-Control"]
    assert secret not in page and f"omg_{token.prefix}_" in page and "Dashboard financiën" in page
    assert "actief" in page and "nog nooit" in page and date_format(in_days(30), "j F Y") in page
    assert services.authenticate_token(secret) == token


def test_the_page_is_for_logged_in_users_and_linked_from_my_plans(client):
    assert client.get(PAGE).status_code == 302
    user = UserFactory()
    client.force_login(user)
    assert PAGE in client.get("/mijn/").content.decode()
    page = client.get(PAGE)
    assert page.status_code == 200 and "U hebt nog geen API-sleutels." in page.content.decode()
    assert "no-store" in page["Cache-Control"]


def test_create_list_and_revoke_as_owner(client):
    user = UserFactory()
    client.force_login(user)
    client.post(PAGE, {"name": "lezen", "scope": "read", "expires_on": dutch(in_days(10))})
    client.post(PAGE, {"name": "schrijven", "scope": "read_write", "expires_on": in_days(20).isoformat()})
    read, write = ApiToken.objects.order_by("pk")
    assert (read.scope, write.scope) == (TokenScope.READ, TokenScope.READ_WRITE)
    page = client.get(PAGE).content.decode()
    assert "lezen en schrijven" in page and page.count("intrekken</button>") == 2
    response = client.post(f"{PAGE}{write.pk}/intrekken/")
    assert response.status_code == 302 and response["Location"] == PAGE
    write.refresh_from_db()
    assert write.revoked_at is not None and ApiToken.objects.count() == 2  # revoked, not deleted
    page = client.get(PAGE).content.decode()
    assert "is ingetrokken en werkt niet meer" in page and "ingetrokken" in page
    assert page.count("intrekken</button>") == 1
    first_revoked = write.revoked_at
    client.post(f"{PAGE}{write.pk}/intrekken/")  # again: keeps the first date
    write.refresh_from_db()
    assert write.revoked_at == first_revoked
    assert client.get(f"{PAGE}{read.pk}/intrekken/").status_code == 405  # only POST


def test_another_users_token_is_not_found(client):
    token, _secret = make_token(name="van een ander")
    client.force_login(UserFactory())
    assert "van een ander" not in client.get(PAGE).content.decode()
    assert client.post(f"{PAGE}{token.pk}/intrekken/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    with pytest.raises(PermissionDenied):
        services.revoke_token(token, UserFactory())


def test_revoking_needs_the_csrf_token(client):
    from django.test import Client

    user = UserFactory()
    token, _secret = make_token(user)
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(user)
    assert csrf_client.post(f"{PAGE}{token.pk}/intrekken/").status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "  "}, "Geef de sleutel een naam"),
        ({"scope": "admin"}, "Kies lezen of lezen en schrijven."),
        ({"scope": ""}, "Kies lezen of lezen en schrijven."),
        ({"expires_on": ""}, "Vul de laatste dag in waarop de sleutel werkt."),
        ({"expires_on": "31-12-26"}, "Vul een datum in als dag-maand-jaar, bijvoorbeeld 31-12-2026."),
        ({"expires_on": "31-02-2027"}, "Vul een datum in als dag-maand-jaar"),
        ({"expires_on": "morgen"}, "Vul een datum in als dag-maand-jaar"),
        ({"expires_on": "today"}, "Vul een datum in als dag-maand-jaar"),
        ({"expires_on": "@today"}, "Kies een datum na vandaag."),
        ({"expires_on": "@past"}, "Kies een datum na vandaag."),
        ({"expires_on": "@too-late"}, "Een sleutel is hoogstens een jaar geldig: kies"),
    ],
)
def test_bad_input_gets_a_dutch_message_and_creates_nothing(client, data, message):
    special = {"@today": dutch(in_days(0)), "@past": dutch(in_days(-3)), "@too-late": dutch(in_days(366))}
    form = {"name": "dashboard", "scope": "read", "expires_on": dutch(in_days(30))} | data
    form = {key: special.get(value, value) for key, value in form.items()}
    client.force_login(UserFactory())
    response = client.post(PAGE, form)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html and "Controleer de invoer" in html and 'id="api-secret"' not in html
    assert not ApiToken.objects.exists()


def test_the_expiry_may_be_a_year_ahead_in_several_notations(client):
    client.force_login(UserFactory())
    last = in_days(365)
    for notation in ["%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y-%m-%d", "%-d-%-m-%Y"]:
        response = client.post(PAGE, {"name": notation, "scope": "read", "expires_on": last.strftime(notation)})
        assert 'id="api-secret"' in response.content.decode(), notation
    assert {token.last_day for token in ApiToken.objects.all()} == {last}
    default = client.get(PAGE).content.decode()
    assert f'value="{dutch(in_days(90))}"' in default  # 90 days unless the user picks another date


# The services


def test_create_token_checks_its_input():
    user = UserFactory()
    with pytest.raises(ValidationError):
        services.create_token(user, "x", TokenScope.READ, timezone.now() - timedelta(seconds=1))
    with pytest.raises(ValidationError):
        services.create_token(user, "x", TokenScope.READ, in_days(367))
    with pytest.raises(ValidationError):
        services.create_token(user, "x", "everything", in_days(3))
    with pytest.raises(ValidationError):
        services.create_token(user, " ", TokenScope.READ, in_days(3))
    assert not ApiToken.objects.exists()
    token, secret = services.create_token(user, "x", TokenScope.READ, timezone.now() + timedelta(hours=1))
    assert token.is_active and secret not in repr(token.__dict__)
    assert ApiToken().expires_at.date() == (timezone.now() + timedelta(days=90)).date()  # the model's default


def test_expiry_revocation_and_an_inactive_user_stop_authentication():
    token, secret = make_token()
    assert services.authenticate_token(secret) == token
    assert services.authenticate_token(secret[:-1] + ("A" if secret[-1] != "A" else "B")) is None
    assert services.authenticate_token(secret + "x") is None
    for junk in ["", "omg_", "omg_12345678_", "Bearer", "x" * 500, f"omg_{token.prefix}"]:
        assert services.authenticate_token(junk) is None
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert services.authenticate_token(secret) is None
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() + timedelta(days=1))
    assert services.authenticate_token(secret) == token
    token.user.is_active = False
    token.user.save()
    assert services.authenticate_token(secret) is None
    token.user.is_active = True
    token.user.save()
    services.revoke_token(token, token.user)
    assert services.authenticate_token(secret) is None
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_last_used_is_written_at_most_once_a_minute():
    token, secret = make_token()
    assert token.last_used_at is None
    before = timezone.now()
    services.authenticate_token(secret)
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None and first >= before
    recent = timezone.now() - timedelta(seconds=30)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=recent)
    services.authenticate_token(secret)
    token.refresh_from_db()
    assert token.last_used_at == recent  # no write within the minute
    old = timezone.now() - timedelta(seconds=61)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=old)
    services.authenticate_token(secret)
    token.refresh_from_db()
    assert token.last_used_at > old


# The DRF classes


class Probe(APIView):
    authentication_classes = [ApiTokenAuthentication]
    permission_classes = [TokenScopeAllowsWrite]
    throttle_classes = []

    def get(self, request):
        return Response({"user": getattr(request.user, "pk", None), "token": getattr(request.auth, "pk", None)})

    def post(self, request):
        return Response({"changed": True})


def call(method: str, secret: str | None = None, view=None, header: str | None = None):
    factory = APIRequestFactory()
    extra = {}
    if header is not None:
        extra["HTTP_AUTHORIZATION"] = header
    elif secret is not None:
        extra["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    request = getattr(factory, method)("/api/v1/probe", **extra)
    return (view or Probe.as_view())(request)


def test_bearer_token_authenticates_as_its_user():
    token, secret = make_token()
    response = call("get", secret)
    assert response.status_code == 200 and response.data == {"user": token.user.pk, "token": token.pk}
    assert call("get").data == {"user": None, "token": None}  # no header: anonymous, not refused
    assert call("get", header=f"bearer {secret}").status_code == 200  # the scheme is case-insensitive


@pytest.mark.parametrize("case", ["unknown", "expired", "revoked", "inactive", "two-parts", "not-ascii"])
def test_a_bad_token_gets_401_with_www_authenticate(case):
    token, secret = make_token()
    header = f"Bearer {secret}"
    if case == "unknown":
        header = f"Bearer omg_{token.prefix}_{'x' * 43}"
    elif case == "expired":
        ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    elif case == "revoked":
        services.revoke_token(token, token.user)
    elif case == "inactive":
        type(token.user).objects.filter(pk=token.user.pk).update(is_active=False)
    elif case == "two-parts":
        header = f"Bearer {secret} extra"
    elif case == "not-ascii":
        header = "Bearer omg_éééééééé_x".encode().decode("latin-1")
    response = call("get", header=header)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    message = str(response.data["detail"])
    assert "API-sleutel" in message


def test_a_read_token_cannot_write_and_a_read_write_token_can():
    _read, read_secret = make_token(scope=TokenScope.READ)
    _write, write_secret = make_token(scope=TokenScope.READ_WRITE)
    assert call("get", read_secret).status_code == 200
    refused = call("post", read_secret)
    assert refused.status_code == 403 and "alleen lezen" in str(refused.data["detail"])
    assert call("post", write_secret).status_code == 200
    # Without a token nothing is written: anonymous gets 401, a session user 403.
    assert call("post").status_code == 401
    factory = APIRequestFactory()
    request = factory.post("/api/v1/probe")
    request.user = UserFactory()  # as if logged in with a session cookie
    request._dont_enforce_csrf_checks = True

    class SessionProbe(Probe):
        authentication_classes = []

        def initialize_request(self, request, *args, **kwargs):
            drf_request = super().initialize_request(request, *args, **kwargs)
            drf_request.user = request.user
            return drf_request

    response = SessionProbe.as_view()(request)
    assert response.status_code == 403 and "alleen met een API-sleutel" in str(response.data["detail"])


def test_the_token_throttle_counts_per_user_over_all_tokens(settings):
    from django.core.cache import cache

    cache.clear()
    user = UserFactory()
    _one, first = make_token(user)
    _two, second = make_token(user, name="tweede")

    class TwoPerMinute(TokenRateThrottle):
        rate = "2/min"

    class Throttled(Probe):
        throttle_classes = [TwoPerMinute]

    view = Throttled.as_view()
    assert TOKEN_THROTTLE_SCOPE == "token" == TokenRateThrottle.scope
    assert call("get", first, view=view).status_code == 200
    assert call("get", second, view=view).status_code == 200
    assert call("get", first, view=view).status_code == 429
    assert call("get", view=view).status_code == 200  # anonymous requests are the API's anonymous throttle's
    _other, other = make_token()
    assert call("get", other, view=view).status_code == 200
    cache.clear()


def test_error_reports_leave_the_secret_out(rf):
    """Django's error report hides the secret in the frames of create_token and authenticate_token."""
    import sys
    from unittest import mock

    from django.views.debug import ExceptionReporter

    token, _secret = make_token()
    attempts = {
        "create_token": lambda: services.create_token(token.user, "x", TokenScope.READ, in_days(3)),
        "authenticate_token": lambda: services.authenticate_token(f"omg_{token.prefix}_" + "s" * 43),
    }
    with mock.patch.object(services, "hash_secret", side_effect=RuntimeError("boom")):
        for function, attempt in attempts.items():
            with pytest.raises(RuntimeError):
                try:
                    attempt()
                except RuntimeError:
                    frames = ExceptionReporter(rf.get("/"), *sys.exc_info()).get_traceback_frames()
                    raise
            shown = dict(next(frame for frame in frames if frame["function"] == function)["vars"])
            assert shown["secret"] == "********************", function
            assert "omg_" not in str(shown)


def test_the_openapi_document_knows_the_bearer_scheme():
    from django.urls import path
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator(patterns=[path("api/v1/probe", Probe.as_view())]).get_schema(request=None, public=True)
    assert schema["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
