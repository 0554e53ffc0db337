import pytest
from django.urls import reverse, set_script_prefix

from jwt_allauth.grants.models import OneTimeGrant
from tests.helpers.password import COOKIE, NEW_PASSWORD, SET_NEW_URL, set_new, travel

FORM_URL = "/auth/password/reset/default/"


def assert_refused_page(response):
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert 'data-code="grant_invalid"' in response.content.decode()
    assert COOKIE not in response.cookies


def test_both_routes_share_the_contract_name():
    assert reverse("password_reset_confirm") == SET_NEW_URL
    assert reverse("password_reset_confirm", args=("MQ", "a.b")) == (
        "/auth/password/reset/confirm/MQ/a.b/"
    )
    assert reverse("password_reset_confirm", kwargs={"uidb64": "MQ", "token": "t"}) == (
        "/auth/password/reset/confirm/MQ/t/"
    )
    assert reverse("default_password_reset") == FORM_URL
    assert reverse("jwt_allauth_password_reset_complete") == "/auth/password/reset/complete/"
    assert reverse("rest_password_reset") == "/auth/password/reset/"
    assert reverse("rest_password_change") == "/auth/password/change/"


def test_valid_link_drops_the_cookie_and_redirects_to_the_form(user, request_link, open_link):
    path = request_link(user.email)
    client, response = open_link(path)
    assert response.status_code == 302
    assert response["Location"] == FORM_URL
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response["Cache-Control"]
    morsel = response.cookies[COOKIE]
    assert morsel.value == path.rstrip("/").rsplit("/", 1)[1]
    assert morsel["path"] == SET_NEW_URL
    assert (morsel["httponly"], morsel["secure"], morsel["samesite"]) == (True, True, "Lax")
    assert morsel["max-age"] == 3600
    assert OneTimeGrant.objects.get().used_at is None


def test_cookie_flags_follow_settings(user, request_link, open_link, settings):
    settings.PASSWORD_RESET_COOKIE_HTTP_ONLY = False
    settings.PASSWORD_RESET_COOKIE_SECURE = False
    settings.PASSWORD_RESET_COOKIE_SAME_SITE = "Strict"
    settings.PASSWORD_RESET_COOKIE_MAX_AGE = 600
    settings.PASSWORD_RESET_REDIRECT = "/app/reset-password"
    _, response = open_link(request_link(user.email))
    assert response["Location"] == "/app/reset-password"
    morsel = response.cookies[COOKIE]
    assert (morsel["httponly"], morsel["secure"], morsel["samesite"]) == ("", "", "Strict")
    assert morsel["max-age"] == 600


@pytest.mark.parametrize(
    ("configured", "location"),
    [
        ("password_reset/", "/password_reset/"),  # 1.x's relative form: the site's root
        ("app/reset?step=2", "/app/reset?step=2"),
        ("/app/reset-password", "/app/reset-password"),
        ("https://app.example.com/reset", "https://app.example.com/reset"),
    ],
)
def test_redirect_setting_forms(user, request_link, open_link, settings, configured, location):
    settings.PASSWORD_RESET_REDIRECT = configured
    _, response = open_link(request_link(user.email))
    assert (response.status_code, response["Location"]) == (302, location)
    assert COOKIE in response.cookies


def test_relative_redirect_follows_the_script_prefix(user, request_link, open_link, settings):
    """Served under /api/ (what a WSGI server's SCRIPT_NAME sets), the root is /api/."""
    settings.PASSWORD_RESET_REDIRECT = "password_reset/"
    path = request_link(user.email)
    set_script_prefix("/api/")
    try:
        _, response = open_link(path)
    finally:
        set_script_prefix("/")
    assert (response.status_code, response["Location"]) == (302, "/api/password_reset/")


def test_secure_defaults_to_not_debug(user, request_link, open_link, settings):
    settings.DEBUG = True
    _, response = open_link(request_link(user.email))
    assert response.cookies[COOKIE]["secure"] == ""


def test_link_can_be_opened_twice_until_used(user, request_link, open_link):
    """Mail scanners prefetch links; only setting the password spends one."""
    path = request_link(user.email)
    assert open_link(path)[1].status_code == 302
    client, response = open_link(path)
    assert response.status_code == 302
    assert set_new(client).status_code == 200
    assert_refused_page(open_link(path)[1])


def test_newer_link_kills_older(user, request_link, open_link):
    older = request_link(user.email)
    newer = request_link(user.email)
    assert_refused_page(open_link(older)[1])
    assert open_link(newer)[1].status_code == 302


def test_link_expires(user, request_link, open_link, settings):
    settings.PASSWORD_RESET_TIMEOUT = 1800
    path = request_link(user.email)
    with travel(1790):
        assert open_link(path)[1].status_code == 302
    with travel(1801):
        assert_refused_page(open_link(path)[1])


def test_password_change_elsewhere_kills_link(user, request_link, open_link):
    path = request_link(user.email)
    user.set_password("changed from the admin 1")
    user.save()
    assert_refused_page(open_link(path)[1])
    assert OneTimeGrant.objects.get().used_at is None


def test_deactivated_user_link_is_refused(user, request_link, open_link):
    path = request_link(user.email)
    user.is_active = False
    user.save()
    assert_refused_page(open_link(path)[1])


def test_uid_must_match_the_token(user, user_factory, request_link, open_link):
    other = request_link(user_factory().email)
    mine = request_link(user.email)
    other_uid = other.split("/")[-3]
    token = mine.split("/")[-2]
    assert_refused_page(open_link(f"/auth/password/reset/confirm/{other_uid}/{token}/")[1])


@pytest.mark.parametrize(
    "tail",
    [
        "MQ/garbage/",
        "MQ/a.b/",
        "!!/..../",
        "MQ/" + "x" * 10_000 + "." + "y" * 10 + "/",
        "MQ/%00%ff.%ff/",
    ],
)
def test_garbage_links_render_the_failure_page(db, open_link, tail):
    assert_refused_page(open_link("/auth/password/reset/confirm/" + tail)[1])


def test_form_and_complete_pages_render(client):
    form = client.get(FORM_URL)
    assert form.status_code == 200
    assert form["X-Frame-Options"] == "DENY"
    html = form.content.decode()
    assert f'data-endpoint="{SET_NEW_URL}"' in html
    assert 'data-success="/auth/password/reset/complete/"' in html
    assert 'autocomplete="new-password"' in html
    assert "<link" not in html and "src=" not in html
    complete = client.get("/auth/password/reset/complete/")
    assert complete.status_code == 200
    assert "<h1>" in complete.content.decode()


def test_new_password_constant_is_not_the_old(user):
    assert not user.check_password(NEW_PASSWORD)
