"""mfa/setup/: a pending secret, as an otpauth URI, base32 text and an inline SVG QR code."""

from __future__ import annotations

import base64
from urllib.parse import parse_qs, unquote, urlsplit
from xml.etree import ElementTree

import pyotp
import pytest
from allauth.account.models import EmailAddress
from django.contrib.sites.models import Site
from django.urls import reverse

from jwt_allauth.grants.models import GrantPurpose, OneTimeGrant
from tests.helpers import assert_coded
from tests.helpers.mfa import (
    ACTIVATE_URL,
    NOT_AN_OBJECT,
    SETUP_URL,
    access_for,
    assert_field_error,
    bearer,
    post,
)

pytestmark = pytest.mark.usefixtures("optional")


def set_up(user, **extra):
    return post(SETUP_URL, **bearer(access_for(user)), **extra)


def test_url_name():
    assert reverse("mfa_setup") == SETUP_URL


def test_setup_returns_uri_secret_and_svg(user):
    response = set_up(user)

    assert response.status_code == 200
    assert set(response.data) == {"provisioning_uri", "secret", "qr_code"}
    secret = response.data["secret"]
    assert len(base64.b32decode(secret)) == 20
    uri = urlsplit(response.data["provisioning_uri"])
    assert (uri.scheme, uri.netloc) == ("otpauth", "totp")
    assert unquote(uri.path) == "/JWT-Allauth:alice@example.com"
    assert parse_qs(uri.query) == {"secret": [secret], "issuer": ["JWT-Allauth"]}
    svg = ElementTree.fromstring(response.data["qr_code"].encode())
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    assert "href" not in response.data["qr_code"]  # inline: nothing fetched from elsewhere


def test_an_authenticator_app_reads_the_uri(user):
    response = set_up(user)
    app = pyotp.parse_uri(response.data["provisioning_uri"])

    assert app.issuer == "JWT-Allauth"
    assert app.name == "alice@example.com"
    assert app.secret == response.data["secret"]
    assert (app.digits, app.interval) == (6, 30)


def set_up_secret(user) -> str:
    return set_up(user).data["secret"]


def test_issuer_setting(settings, user):
    settings.JWT_ALLAUTH_TOTP_ISSUER = "Acme Corp"
    uri = set_up(user).data["provisioning_uri"]

    assert pyotp.parse_uri(uri).issuer == "Acme Corp"
    assert unquote(urlsplit(uri).path) == "/Acme Corp:alice@example.com"


def test_an_empty_issuer_means_the_site_name(settings, user):
    settings.JWT_ALLAUTH_TOTP_ISSUER = ""
    Site.objects.filter(pk=settings.SITE_ID).update(name="Example Shop")

    assert pyotp.parse_uri(set_up(user).data["provisioning_uri"]).issuer == "Example Shop"


def test_allauth_digits_and_period_reach_the_uri(settings, user):
    settings.MFA_TOTP_DIGITS, settings.MFA_TOTP_PERIOD = 8, 60
    query = parse_qs(urlsplit(set_up(user).data["provisioning_uri"]).query)

    assert query["digits"] == ["8"] and query["period"] == ["60"]


def test_the_pending_secret_is_stored_encrypted_and_expires(user, clock):
    secret = set_up_secret(user)
    pending = OneTimeGrant.objects.get(purpose=GrantPurpose.TOTP_PENDING)

    assert secret not in pending.payload
    assert pending.payload.startswith("jwt_allauth.fernet$")
    assert (pending.expires_at - pending.created_at).total_seconds() == 15 * 60


def test_a_new_setup_replaces_the_pending_secret(user):
    first, second = set_up_secret(user), set_up_secret(user)
    access = access_for(user)

    code = {"code": pyotp.TOTP(first).now()}
    assert_coded(post(ACTIVATE_URL, code, **bearer(access)), 400, "mfa_code_invalid")
    code = {"code": pyotp.TOTP(second).now()}
    assert post(ACTIVATE_URL, code, **bearer(access)).status_code == 200


def test_setup_needs_a_token_or_a_setup_challenge(db):
    assert_coded(post(SETUP_URL), 401, "not_authenticated")


def test_setup_with_an_already_enrolled_user_is_400(user, device):
    assert_coded(set_up(user), 400, "mfa_already_enabled")
    assert not OneTimeGrant.objects.filter(purpose=GrantPurpose.TOTP_PENDING).exists()


def test_an_unverified_address_blocks_setup_in_optional_mode(user):
    """allauth's rule: a squatter must not lock an address's real owner out."""
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)

    assert_coded(set_up(user), 403, "mfa_email_unverified")


def test_allauths_setting_lifts_the_unverified_rule(settings, user):
    settings.MFA_ALLOW_UNVERIFIED_EMAIL = True
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)

    assert set_up(user).status_code == 200


def test_required_mode_allows_unverified_addresses(settings, user):
    """Enrolling is the only way in there; refusing it would lock the user out."""
    settings.JWT_ALLAUTH_MFA_TOTP_MODE = "required"
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)

    assert set_up(user).status_code == 200


def test_a_body_that_is_not_an_object_is_400(user):
    response = post(SETUP_URL, ["x"], **bearer(access_for(user)))

    assert_field_error(response, NOT_AN_OBJECT)
