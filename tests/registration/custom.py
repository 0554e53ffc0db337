"""Replacements a project might configure: a serializer, a mail backend, an adapter."""

from __future__ import annotations

import smtplib

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.mail.backends.base import BaseEmailBackend
from rest_framework import serializers

from jwt_allauth.adapter import AccountAdapter
from jwt_allauth.registration.serializers import RegisterSerializer


class NicknameRegisterSerializer(RegisterSerializer):
    """Adds a required field and stores it in the last name through dj-rest-auth's hook."""

    nickname = serializers.CharField(max_length=30)

    def custom_signup(self, request, user) -> None:
        user.last_name = self.validated_data["nickname"]
        user.save()


class RefusingBackend(BaseEmailBackend):
    """A mail server that refuses every message."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPRecipientsRefused({})


class TaggingAdapter(AccountAdapter):
    """A project adapter that adds a name every mail template can use."""

    def mail_context(self, request, **extra):
        return {**super().mail_context(request, **extra), "site_name": "Tagged Site"}


class SlowHasher(PBKDF2PasswordHasher):
    """Costly enough (tens of milliseconds) that a skipped hash shows in the timing."""

    iterations = 50_000


class ForeignAdapter(DefaultAccountAdapter):
    """A project adapter written for allauth alone."""


class ShapeOnlyRegisterSerializer(RegisterSerializer):
    """A replacement whose ``validate`` forgets to call ``super()``: no password checks."""

    def validate(self, attrs):
        return attrs
