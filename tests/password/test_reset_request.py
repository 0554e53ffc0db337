import pytest
from rest_framework.test import APIClient

from jwt_allauth.grants.models import GrantPurpose, OneTimeGrant
from tests.helpers.password import RESET_URL, link_in

OK_BODY = {"detail": "If an account uses this address, a reset link has been sent to it."}


def post(email, client=None, **extra):
    return (client or APIClient()).post(RESET_URL, {"email": email}, format="json", **extra)


def test_known_address_gets_a_link(user, mailoutbox):
    response = post(user.email)
    assert (response.status_code, response.data) == (200, OK_BODY)
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [user.email]
    assert message.subject == "Reset your password on example.com"
    link = link_in(message.body)
    assert link.startswith("http://example.com/auth/password/reset/confirm/")
    assert link in message.alternatives[0][0]
    assert message.alternatives[0][1] == "text/html"
    grant = OneTimeGrant.objects.get()
    assert (grant.user_id, grant.purpose) == (user.pk, GrantPurpose.PASSWORD_RESET)


def test_anonymous_is_allowed_and_a_bearer_is_ignored(user, mailoutbox):
    response = post(user.email, HTTP_AUTHORIZATION="Bearer not-a-token")
    assert (response.status_code, response.data) == (200, OK_BODY)
    assert len(mailoutbox) == 1


@pytest.mark.parametrize("who", ["unknown", "inactive"])
def test_unknown_or_inactive_gets_the_same_answer_and_no_mail(user_factory, mailoutbox, who):
    email = "nobody@example.com"
    if who == "inactive":
        user_factory(email=email, is_active=False)
    response = post(email)
    assert (response.status_code, response.data) == (200, OK_BODY)
    assert mailoutbox == []
    assert not OneTimeGrant.objects.exists()


def test_address_matching_ignores_case_and_mails_the_recorded_spelling(user, mailoutbox):
    assert post(user.email.upper()).status_code == 200
    assert [m.to for m in mailoutbox] == [[user.email]]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({}, {"email": ["This field is required."]}),
        ({"email": "not-an-address"}, {"email": ["Enter a valid email address."]}),
        ({"email": ["a@example.com"]}, {"email": ["Enter a valid email address."]}),
        ({"email": "a" * 10_000 + "@example.com"}, None),
        ([{"email": "a@example.com"}], {"non_field_errors": None}),
        ("a@example.com", {"non_field_errors": None}),
    ],
)
def test_bad_input_is_400(db, mailoutbox, body, expected):
    response = APIClient().post(RESET_URL, body, format="json")
    assert response.status_code == 400
    if expected is None:
        assert set(response.data) == {"email"}
    else:
        assert set(response.data) == set(expected)
        for key, value in expected.items():
            if value is not None:
                assert response.data[key] == value
    assert mailoutbox == []


def test_malformed_json_is_400(db):
    response = APIClient().post(RESET_URL, "{", content_type="application/json")
    assert response.status_code == 400
    assert response.data["code"] == "parse_error"


def test_per_address_throttle_counts_unknown_addresses_too(db, settings):
    settings.JWT_ALLAUTH_THROTTLE_RATES = {"password_reset_email": "2/hour"}
    for ip in ("10.0.0.1", "10.0.0.2"):
        assert post("target@example.com", REMOTE_ADDR=ip).status_code == 200
    refused = post("Target@Example.com ", REMOTE_ADDR="10.0.0.3")
    assert refused.status_code == 429
    assert refused.data["code"] == "throttled"
    assert post("other@example.com", REMOTE_ADDR="10.0.0.3").status_code == 200


def test_per_ip_throttle(db, settings):
    settings.JWT_ALLAUTH_THROTTLE_RATES = {"password_reset": "2/hour"}
    assert post("a@example.com").status_code == 200
    assert post("b@example.com").status_code == 200
    assert post("c@example.com").status_code == 429
    assert post("d@example.com", REMOTE_ADDR="10.9.9.9").status_code == 200


def test_throttles_can_be_disabled(db, settings):
    settings.JWT_ALLAUTH_THROTTLE_RATES = {"password_reset": None, "password_reset_email": None}
    assert all(post("a@example.com").status_code == 200 for _ in range(25))


def test_each_account_sharing_an_address_gets_its_own_link(user_factory, mailoutbox):
    from allauth.account.models import EmailAddress

    first = user_factory(email="shared@example.com")
    second = user_factory(email="other@example.com")
    EmailAddress.objects.create(user=second, email="shared@example.com", verified=False)
    post("shared@example.com")
    assert [m.to for m in mailoutbox] == [["shared@example.com"]] * 2
    assert {g.user_id for g in OneTimeGrant.objects.all()} == {first.pk, second.pk}
    assert link_in(mailoutbox[0].body) != link_in(mailoutbox[1].body)


def test_a_verified_owner_is_preferred(user_factory, mailoutbox):
    from allauth.account.models import EmailAddress

    owner = user_factory(email="owner@example.com")
    squatter = user_factory(email="squatter@example.com")
    EmailAddress.objects.create(user=owner, email="shared@example.com", verified=True)
    EmailAddress.objects.create(user=squatter, email="shared@example.com", verified=False)
    post("shared@example.com")
    assert len(mailoutbox) == 1
    assert OneTimeGrant.objects.get().user_id == owner.pk


def test_a_form_body_is_read_too(user, mailoutbox):
    response = APIClient().post(RESET_URL, {"email": user.email})
    assert response.status_code == 200, response.data
    assert len(mailoutbox) == 1
