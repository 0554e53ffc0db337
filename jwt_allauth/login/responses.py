"""The HTTP shape of the gate's answer: a session, or an MFA challenge (status 200)."""

from __future__ import annotations

from rest_framework import status
from rest_framework.response import Response

from jwt_allauth.login.flows import LoginResult
from jwt_allauth.mfa.challenges import LOGIN, MFAChallenge
from jwt_allauth.sessions.responses import session_response


def login_response(result: LoginResult, status_code: int = status.HTTP_200_OK) -> Response:
    """``session_response`` for tokens; for a challenge, the fields the contract names."""
    if not isinstance(result, MFAChallenge):
        return session_response(result, status_code)
    body: dict[str, object]
    if result.purpose == LOGIN:
        body = {
            "mfa_required": True,
            "challenge_id": result.challenge_id,
            "types": list(result.types),
        }
    else:
        body = {"mfa_setup_required": True, "setup_challenge_id": result.challenge_id}
    return Response(body, status=status_code)
