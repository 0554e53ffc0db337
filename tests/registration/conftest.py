"""Helpers for walking sign-up, verification and invitations as a client would."""

from __future__ import annotations

import pytest


@pytest.fixture
def mandatory(settings):
    settings.EMAIL_VERIFICATION = True


@pytest.fixture
def admin_managed(settings):
    settings.JWT_ALLAUTH_ADMIN_MANAGED_REGISTRATION = True
