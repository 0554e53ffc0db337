"""System checks for the registration settings."""

from __future__ import annotations

import pytest

from jwt_allauth import checks


def ids(messages) -> list[str]:
    return [message.id for message in messages]


@pytest.mark.parametrize("value", [True, False, "optional", "mandatory", "none"])
def test_e010_silent_for_valid_modes(settings, value):
    settings.EMAIL_VERIFICATION = value
    assert checks.check_email_verification() == []


@pytest.mark.parametrize("value", ["yes", 1, None, ["optional"]])
def test_e010_invalid_mode(settings, value):
    settings.EMAIL_VERIFICATION = value
    assert ids(checks.check_email_verification()) == ["jwt_allauth.E010"]


@pytest.mark.parametrize(
    "adapter",
    [
        "allauth.account.adapter.DefaultAccountAdapter",
        "jwt_allauth.registration.adapter.AccountAdapter",
        "tests.registration.custom.TaggingAdapter",
    ],
)
def test_w003_silent_for_ours_or_allauths_default(settings, adapter):
    settings.ACCOUNT_ADAPTER = adapter
    assert checks.check_account_adapter() == []


def test_w003_a_foreign_adapter(settings):
    settings.ACCOUNT_ADAPTER = "tests.registration.custom.ForeignAdapter"
    assert ids(checks.check_account_adapter()) == ["jwt_allauth.W003"]
