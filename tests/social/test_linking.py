"""Sign-in by provider against existing local accounts: linking policy and the one gate."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from rest_framework.test import APIClient

from jwt_allauth.sessions.models import UserSession
from tests.helpers import PASSWORD
from tests.helpers.mfa import enrol
from tests.helpers.social import PROVIDER

URL = f"/auth/social/{PROVIDER}/token/"
pytestmark = pytest.mark.django_db
EMAIL = "social@example.com"


def sign_in(idp, **claims):
    return APIClient().post(URL, {"id_token": idp.id_token(**claims)}, format="json")


@pytest.fixture
def local(user_factory):
    """A local account holding EMAIL, its address confirmed."""
    owner = user_factory(email=EMAIL)
    EmailAddress.objects.create(user=owner, email=EMAIL, verified=True, primary=True)
    return owner


def test_verified_address_links_to_verified_local_account_and_keeps_its_password(idp, local):
    response = sign_in(idp, sub="sub-1", email=EMAIL.upper())
    assert response.status_code == 200, response.data
    assert SocialAccount.objects.get().user == local
    local.refresh_from_db()
    assert local.check_password(PASSWORD)
    assert UserSession.objects.filter(user=local).count() == 1


@pytest.mark.parametrize("policy", [False, ["google"]])
def test_linking_switched_off_for_the_provider_is_refused(idp, local, settings, policy):
    settings.JWT_ALLAUTH_SOCIAL_EMAIL_LINKING = policy
    response = sign_in(idp)
    assert response.status_code == 409
    assert response.data == {
        "detail": "An account with this e-mail address exists; "
        "sign in to it and link the provider there.",
        "code": "email_already_registered",
    }
    assert not SocialAccount.objects.exists()
    assert not UserSession.objects.exists()


def test_linking_allowed_for_this_provider_by_list(idp, local, settings):
    settings.JWT_ALLAUTH_SOCIAL_EMAIL_LINKING = [PROVIDER]
    assert sign_in(idp).status_code == 200
    assert SocialAccount.objects.get().user == local


def test_takeover_with_unverified_provider_address_is_refused(idp, local):
    response = sign_in(idp, email_verified=False)
    assert response.status_code == 400
    assert response.data == {
        "detail": "The provider did not vouch for an e-mail address.",
        "code": "provider_email_unverified",
    }
    assert not SocialAccount.objects.exists()
    assert not UserSession.objects.exists()


def test_unverified_provider_address_never_duplicates_an_account_either(idp, local, settings):
    settings.JWT_ALLAUTH_SOCIAL_REQUIRE_VERIFIED_EMAIL = False
    response = sign_in(idp, email_verified=False)
    assert response.status_code == 400
    assert response.data["code"] == "provider_email_unverified"
    assert not SocialAccount.objects.exists()


@pytest.mark.parametrize("with_address_row", [True, False])
def test_unverified_local_account_is_never_attached_to(idp, user_factory, with_address_row):
    squatter = user_factory(email=EMAIL)
    if with_address_row:
        EmailAddress.objects.create(user=squatter, email=EMAIL, verified=False, primary=True)
    response = sign_in(idp)
    assert response.status_code == 409
    assert response.data == {
        "detail": "Confirm this e-mail address on the existing account "
        "before signing in with a provider.",
        "code": "local_account_unverified",
    }
    assert not SocialAccount.objects.exists()
    assert not UserSession.objects.exists()


def test_mfa_user_gets_a_challenge_and_no_link(idp, local, settings):
    settings.JWT_ALLAUTH_MFA_TOTP_MODE = "optional"
    enrol(local)
    response = sign_in(idp)
    assert response.status_code == 200
    assert set(response.data) == {"mfa_required", "challenge_id", "types"}
    assert response.data["mfa_required"] is True
    assert not SocialAccount.objects.exists()
    assert not UserSession.objects.exists()


def test_linked_mfa_user_gets_a_challenge(idp, local, settings):
    SocialAccount.objects.create(user=local, provider=PROVIDER, uid="sub-mfa")
    settings.JWT_ALLAUTH_MFA_TOTP_MODE = "optional"
    enrol(local)
    response = sign_in(idp, sub="sub-mfa")
    assert response.status_code == 200
    assert response.data["mfa_required"] is True
    assert not UserSession.objects.exists()


def test_admin_managed_registration_closes_social_sign_up(idp, settings):
    settings.JWT_ALLAUTH_ADMIN_MANAGED_REGISTRATION = True
    response = sign_in(idp)
    assert response.status_code == 403
    assert response.data == {"detail": "Registration is closed.", "code": "signup_closed"}
    assert not SocialAccount.objects.exists()


def test_admin_managed_registration_still_signs_in_linked_accounts(idp, local, settings):
    SocialAccount.objects.create(user=local, provider=PROVIDER, uid="sub-known")
    settings.JWT_ALLAUTH_ADMIN_MANAGED_REGISTRATION = True
    assert sign_in(idp, sub="sub-known").status_code == 200


def test_inactive_user_is_refused(idp, local):
    SocialAccount.objects.create(user=local, provider=PROVIDER, uid="sub-off")
    local.is_active = False
    local.save()
    response = sign_in(idp, sub="sub-off")
    assert response.status_code == 401
    assert response.data == {
        "detail": "Unable to log in with the provided credentials.",
        "code": "incorrect_credentials",
    }
    assert not UserSession.objects.exists()


def test_mandatory_verification_refuses_linked_unverified_account(idp, user_factory, settings):
    owner = user_factory(email="other@example.com")
    SocialAccount.objects.create(user=owner, provider=PROVIDER, uid="sub-unv")
    settings.EMAIL_VERIFICATION = "mandatory"
    response = sign_in(idp, sub="sub-unv")
    assert response.status_code == 403
    assert response.data["code"] == "email_not_verified"


def test_provider_verified_sign_up_passes_mandatory_verification(idp, settings):
    settings.EMAIL_VERIFICATION = "mandatory"
    response = sign_in(idp)
    assert response.status_code == 200, response.data
    assert EmailAddress.objects.get(email=EMAIL).verified


def test_email_authentication_setting_does_not_bypass_the_policy(idp, user_factory, settings):
    settings.SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
    settings.SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
    user_factory(email=EMAIL)  # unverified local account
    response = sign_in(idp)
    assert response.status_code == 409
    assert response.data["code"] == "local_account_unverified"
    assert not UserSession.objects.exists()


@pytest.mark.parametrize("look_alike", ["social@exam\u0131ple.com", "soc\u0131al@example.com"])
def test_a_vouched_look_alike_address_never_finds_the_local_account(idp, local, look_alike):
    # PostgreSQL's case folding maps a dotless i to I: an iexact lookup found the owner.
    response = sign_in(idp, sub="sub-look-alike", email=look_alike)

    assert not SocialAccount.objects.filter(user=local).exists()
    assert not UserSession.objects.filter(user=local).exists()
    assert response.status_code in (200, 400), response.data
