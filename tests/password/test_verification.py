"""A reset link proves control of the mailbox it was sent to."""

from allauth.account.models import EmailAddress

from tests.helpers.password import NEW_PASSWORD, can_log_in, set_new


def test_reset_verifies_the_address_so_mandatory_verification_lets_the_user_in(
    user, request_link, open_link, settings
):
    settings.EMAIL_VERIFICATION = True
    assert not can_log_in(user.email, "correct horse battery staple")
    client, _ = open_link(request_link(user.email))
    response = set_new(client)
    assert response.status_code == 200
    assert set(response.data) == {"access", "detail"}
    address = EmailAddress.objects.get(user=user)
    assert (address.email, address.verified, address.primary) == (user.email, True, True)
    assert can_log_in(user.email, NEW_PASSWORD)


def test_existing_unverified_address_becomes_verified(user, user_factory, request_link, open_link):
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    secondary = EmailAddress.objects.create(user=user, email="alt@example.com", verified=False)
    client, _ = open_link(request_link("alt@example.com"))
    assert set_new(client).status_code == 200
    secondary.refresh_from_db()
    assert secondary.verified
    assert not EmailAddress.objects.get(email=user.email).verified


def test_address_removed_since_the_mail_is_not_recreated(user, request_link, open_link):
    EmailAddress.objects.create(user=user, email="old@example.com", verified=False)
    client, _ = open_link(request_link("old@example.com"))
    EmailAddress.objects.filter(email="old@example.com").delete()
    assert set_new(client).status_code == 200
    assert not EmailAddress.objects.filter(user=user).exists()
