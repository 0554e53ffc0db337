import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from jwt_allauth import exceptions
from jwt_allauth.grants.cookies import PASSWORD_RESET_COOKIE, SET_PASSWORD_COOKIE

COOKIE = PASSWORD_RESET_COOKIE


def make_request(header=None, cookie=None):
    extra = {"HTTP_X_REQUESTED_WITH": header} if header is not None else {}
    request = RequestFactory().post("/x/", **extra)
    if cookie is not None:
        request.COOKIES[COOKIE.name] = cookie
    return request


def test_reads_the_cookie_with_the_header():
    assert COOKIE.read(make_request("XMLHttpRequest", "secret")) == "secret"


@pytest.mark.parametrize("header", [None, "", "   "])
def test_refuses_without_header(header):
    with pytest.raises(exceptions.CSRFHeaderMissing) as caught:
        COOKIE.read(make_request(header, "secret"))
    assert caught.value.detail["code"] == "csrf_header_missing"


@pytest.mark.parametrize("cookie", [None, ""])
def test_refuses_without_cookie(cookie):
    with pytest.raises(exceptions.GrantMissing) as caught:
        COOKIE.read(make_request("fetch", cookie))
    assert caught.value.detail["code"] == "grant_missing"


@pytest.mark.parametrize(
    "cookie, prefix, path",
    [
        (PASSWORD_RESET_COOKIE, "PASSWORD_RESET_COOKIE", "/auth/password/reset/set-new/"),
        (SET_PASSWORD_COOKIE, "PASSWORD_SET_COOKIE", "/auth/registration/set-password/"),
    ],
)
def test_attach_and_clear_follow_the_settings(settings, cookie, prefix, path):
    settings.JWT_ALLAUTH_ADMIN_MANAGED_REGISTRATION = True  # routes set-password/
    setattr(settings, f"{prefix}_MAX_AGE", 60)
    setattr(settings, f"{prefix}_SECURE", True)
    setattr(settings, f"{prefix}_HTTP_ONLY", True)
    setattr(settings, f"{prefix}_SAME_SITE", "Strict")
    response = HttpResponse()
    cookie.attach(response, "s3")
    morsel = response.cookies[cookie.name]
    assert (morsel.value, morsel["max-age"], morsel["path"]) == ("s3", 60, path)
    assert (morsel["secure"], morsel["httponly"], morsel["samesite"]) == (True, True, "Strict")
    cookie.clear(response)
    morsel = response.cookies[cookie.name]
    assert (morsel.value, morsel["max-age"], morsel["path"]) == ("", 0, path)
