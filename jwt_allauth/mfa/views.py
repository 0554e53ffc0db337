"""mfa/setup/, activate/, verify/, verify-recovery/, deactivate/ and authenticators/."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle

from jwt_allauth.internal.types import caller_pk
from jwt_allauth.internal.views import API_PARSERS
from jwt_allauth.mfa import flows
from jwt_allauth.mfa.serializers import (
    ActivateSerializer,
    AuthenticatorSerializer,
    DeactivateSerializer,
    SetupSerializer,
    VerifyRecoverySerializer,
    VerifySerializer,
)
from jwt_allauth.mfa.throttles import MFARateThrottle
from jwt_allauth.sessions.apiview import JWTAllauthAPIView
from jwt_allauth.sessions.responses import session_response
from jwt_allauth.users.flows import load_active_user


class MFAView(JWTAllauthAPIView):
    """JSON in; while MFA is disabled, ``403 mfa_disabled`` before anything else."""

    parser_classes = API_PARSERS
    permission_classes: tuple[type[BasePermission], ...] = (AllowAny,)
    throttle_classes: tuple[type[BaseThrottle], ...] = (MFARateThrottle,)
    serializer_class: type[serializers.Serializer[Any]]

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        flows.require_mfa_enabled()
        super().initial(request, *args, **kwargs)

    def read(self, request: Request) -> dict[str, Any]:
        """The validated body, or DRF's 400 field map."""
        serializer = self.serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        validated: dict[str, Any] = serializer.validated_data
        return validated


class MFASetupView(MFAView):
    """A new TOTP secret as an otpauth URI, base32 text and an SVG QR code."""

    serializer_class = SetupSerializer

    def post(self, request: Request) -> Response:
        data = self.read(request)
        setup = flows.start_totp_setup(
            request, data.get("setup_challenge_id"), data.get("password")
        )
        return Response(asdict(setup))


class MFAActivateView(MFAView):
    """The first code in; recovery codes out, and the session when bootstrapping."""

    serializer_class = ActivateSerializer

    def post(self, request: Request) -> Response:
        data = self.read(request)
        activation = flows.activate_totp(
            request, data.get("setup_challenge_id"), data.get("password"), data["code"]
        )
        body = {"recovery_codes": activation.recovery_codes, "success": True}
        if activation.tokens is None:
            return Response(body)
        response = session_response(activation.tokens)
        response.data.update(body)
        return response


class MFAVerifyView(MFAView):
    """A login challenge and a TOTP code in; the session out, delivered like login's."""

    authentication_classes = ()
    serializer_class = VerifySerializer

    def post(self, request: Request) -> Response:
        data = self.read(request)
        return session_response(flows.verify_totp(request, data["challenge_id"], data["code"]))


class MFAVerifyRecoveryView(MFAView):
    """A login challenge and a recovery code in; the session out."""

    authentication_classes = ()
    serializer_class = VerifyRecoverySerializer

    def post(self, request: Request) -> Response:
        data = self.read(request)
        tokens = flows.verify_recovery_code(request, data["challenge_id"], data["recovery_code"])
        return session_response(tokens)


class MFADeactivateView(MFAView):
    """The password in; the TOTP authenticator and recovery codes removed."""

    permission_classes = (IsAuthenticated,)
    serializer_class = DeactivateSerializer

    def post(self, request: Request) -> Response:
        flows.require_deactivation_allowed()
        data = self.read(request)
        flows.deactivate_totp(request, load_active_user(caller_pk(request)), data["password"])
        return Response({"detail": _("Two-factor authentication has been turned off.")})


class MFAAuthenticatorListView(MFAView):
    """The caller's authenticators, without secrets."""

    permission_classes = (IsAuthenticated,)
    throttle_classes = ()

    def get(self, request: Request) -> Response:
        authenticators = flows.list_authenticators(caller_pk(request))
        return Response(AuthenticatorSerializer(authenticators, many=True).data)
