"""Every error the API answers with, and how each becomes a response.

A coded error's body is ``{"detail": ..., "code": ...}``: clients branch on the
code and show the detail. Bad input is DRF's field map (``{"email": [...]}``, as
1.x and dj-rest-auth answer), each message raised with a stable code of its own
(``ValidationError.get_codes()``); :func:`field_error` builds them. Errors about
the access token presented are also DRF ``AuthenticationFailed``, so DRF answers
them with a ``WWW-Authenticate`` header.
"""

from __future__ import annotations

import math
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.exceptions import ErrorDetail, ValidationError
from rest_framework.fields import get_error_detail
from rest_framework.response import Response

from jwt_allauth.internal.types import StrOrPromise

UNENCODABLE_CODE = "surrogate_characters_not_allowed"
UNENCODABLE_MESSAGE = _("Text with a lone surrogate (U+D800 to U+DFFF) is not accepted.")


class CodedError(exceptions.APIException):
    """An APIException whose body carries its code next to its detail."""

    detail: dict[str, Any]  # {"detail": ErrorDetail, "code": ErrorDetail}

    def __init__(self, detail: StrOrPromise | None = None, code: str | None = None) -> None:
        super().__init__(
            {
                "detail": detail if detail is not None else self.default_detail,
                "code": code or self.default_code,
            }
        )

    def as_body(self) -> dict[str, str]:
        """``{"detail", "code"}`` as plain text, for a page that shows the error."""
        return {key: str(value) for key, value in self.detail.items()}


def coded_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, plus a ``code`` next to any bare ``detail`` it renders."""
    # Late: DRF's views module imports DEFAULT_AUTHENTICATION_CLASSES, which may be ours.
    from rest_framework.views import exception_handler

    response = exception_handler(exc, context)
    if response is None or not isinstance(response.data, dict):
        return response
    if set(response.data) == {"detail"}:
        codes = getattr(exc, "get_codes", lambda: None)()
        if isinstance(codes, str):
            response.data["code"] = codes
    return response


def error_page(
    request: HttpRequest, template: str, error: CodedError, status: int = 400
) -> TemplateResponse:
    """An HTML page showing a coded error: the template gets ``detail`` and ``code``."""
    return TemplateResponse(request, template, error.as_body(), status=status)


def field_error(field: str, message: Any, code: str) -> ValidationError:
    """A 400 in DRF's field map, ``{field: [message]}``, the message coded ``code``."""
    return ValidationError({field: [ErrorDetail(str(message), code)]})


def coded_field_error(field: str, error: type[CodedError]) -> ValidationError:
    """A coded error's detail and code, as a message of ``field``."""
    return field_error(field, error.default_detail, str(error.default_code))


def django_field_error(field: str, error: DjangoValidationError) -> ValidationError:
    """Django's messages (a password validator's, say) under ``field``, each with its code."""
    return ValidationError({field: get_error_detail(error)})


class InvalidCredentials(CodedError):
    status_code = status.HTTP_401_UNAUTHORIZED
    default_detail = _("Unable to log in with the provided credentials.")
    default_code = "incorrect_credentials"


class InvalidToken(CodedError, exceptions.AuthenticationFailed):
    status_code = status.HTTP_401_UNAUTHORIZED
    default_detail = _("Token is invalid or expired.")
    default_code = "token_not_valid"


class TokenReused(CodedError):
    status_code = status.HTTP_401_UNAUTHORIZED
    default_detail = _(
        "This refresh token was already used. The session has been ended; sign in again."
    )
    default_code = "token_reused"


class SessionEnded(CodedError, exceptions.AuthenticationFailed):
    status_code = status.HTTP_401_UNAUTHORIZED
    default_detail = _("This session has ended; sign in again.")
    default_code = "session_ended"


class RefreshTokenMissing(CodedError):
    status_code = status.HTTP_401_UNAUTHORIZED
    default_detail = _("No refresh token was provided.")
    default_code = "refresh_token_missing"


class UserNotFound(CodedError, exceptions.AuthenticationFailed):
    status_code = status.HTTP_401_UNAUTHORIZED
    default_detail = _("The account of this token no longer exists or is inactive.")
    default_code = "user_not_found"


class SessionNotFound(CodedError):
    status_code = status.HTTP_404_NOT_FOUND
    default_detail = _("No such session.")
    default_code = "session_not_found"


class GrantInvalid(CodedError):
    status_code = status.HTTP_403_FORBIDDEN
    default_detail = _("This link is invalid, expired or already used. Request a new one.")
    default_code = "grant_invalid"


class GrantMissing(CodedError):
    status_code = status.HTTP_403_FORBIDDEN
    default_detail = _("Open the link from your e-mail first; no one-time token was presented.")
    default_code = "grant_missing"


class DuplicateCookie(CodedError):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = _(
        "A cookie of this site was sent more than once. "
        "Clear this site's cookies and sign in again."
    )
    default_code = "duplicate_cookie"


class CSRFHeaderMissing(CodedError):
    status_code = status.HTTP_403_FORBIDDEN
    default_detail = _("This request needs the X-Requested-With header or Django's CSRF token.")
    default_code = "csrf_header_missing"


class CrossSiteForm(CodedError):
    status_code = status.HTTP_403_FORBIDDEN
    default_detail = _(
        "A form from another site cannot post here. Send JSON, or post from this site."
    )
    default_code = "cross_site_form"


class EmailNotVerified(CodedError):
    status_code = status.HTTP_403_FORBIDDEN
    default_detail = _("Verify your e-mail address first; we sent you a link.")
    default_code = "email_not_verified"


class EmailTaken(CodedError):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = _("An account with this e-mail address already exists.")
    default_code = "email_taken"


class RoleNotAllowed(CodedError):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = _("You may not grant this role.")
    default_code = "role_not_allowed"


class RoleNotSupported(CodedError):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = _("This role cannot be stored on this user model.")
    default_code = "role_not_supported"


class VerificationKeyInvalid(CodedError):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = _("This verification link is invalid, expired or already used.")
    default_code = "verification_key_invalid"


class InvalidInput(CodedError):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = _("The request body must be a JSON object with the documented fields.")
    default_code = "invalid_input"


class PasswordIncorrect(CodedError):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = _("Your password was entered incorrectly.")
    default_code = "password_incorrect"


class MFADisabled(CodedError):
    status_code = status.HTTP_403_FORBIDDEN
    default_detail = _("Two-factor authentication is not enabled on this server.")
    default_code = "mfa_disabled"


class MFAChallengeInvalid(CodedError):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = _("This sign-in step is invalid, expired or already used. Sign in again.")
    default_code = "mfa_challenge_invalid"


class MFACodeMalformed(CodedError):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = _("Enter the code as digits only, with the expected number of digits.")
    default_code = "mfa_code_malformed"


class MFACodeInvalid(CodedError):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = _("Incorrect code.")
    default_code = "mfa_code_invalid"


class MFAThrottled(CodedError):
    """429 with ``Retry-After``: DRF's handler sets the header from ``wait``."""

    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_detail = _("Too many wrong codes for this account. Try again later.")
    default_code = "mfa_throttled"

    def __init__(
        self, wait: float, detail: StrOrPromise | None = None, code: str | None = None
    ) -> None:
        super().__init__(detail, code)
        self.wait = max(1, math.ceil(wait))


class MFAChallengeExhausted(CodedError):
    """The challenge is spent for good: a 400 like 1.x's, no ``Retry-After`` to wait out."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = _("Too many wrong codes for this sign-in. Sign in again.")
    default_code = "mfa_challenge_exhausted"


class MFAAlreadyEnabled(CodedError):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = _("Two-factor authentication is already turned on for this account.")
    default_code = "mfa_already_enabled"


class MFANotEnabled(CodedError):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = _("Two-factor authentication is not turned on for this account.")
    default_code = "mfa_not_enabled"


class MFASetupMissing(CodedError):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = _("No setup is pending, or it expired. Start the setup again.")
    default_code = "mfa_setup_missing"


class MFADeactivationForbidden(CodedError):
    status_code = status.HTTP_403_FORBIDDEN
    default_detail = _("Two-factor authentication is mandatory here and cannot be turned off.")
    default_code = "mfa_deactivation_forbidden"


class MFAEmailUnverified(CodedError):
    status_code = status.HTTP_403_FORBIDDEN
    default_detail = _("Verify your e-mail addresses before turning on two-factor authentication.")
    default_code = "mfa_email_unverified"


class MFASetupExhausted(MFAThrottled):
    default_detail = _("Too many wrong codes for this setup. Start the setup again.")
    default_code = "mfa_setup_exhausted"


class MFASetupRequired(CodedError):
    status_code = status.HTTP_401_UNAUTHORIZED
    default_detail = _(
        "Two-factor authentication is now required. This session has been ended; "
        "sign in again to set it up."
    )
    default_code = "mfa_setup_required"


class ReauthenticationRequired(CodedError):
    status_code = status.HTTP_403_FORBIDDEN
    default_detail = _(
        "Confirm your password to continue: send it in the password field, or sign in again."
    )
    default_code = "reauthentication_required"


class SignInRequired(ReauthenticationRequired):
    """The same refusal where the request has no ``password`` field to prove it with."""

    default_detail = _(
        "Sign in again to continue: your last sign-in is too long ago for this change."
    )


class SocialProviderNotConfigured(CodedError):
    status_code = status.HTTP_404_NOT_FOUND
    default_detail = _("This provider is not configured.")
    default_code = "provider_not_configured"


class SocialFlowNotSupported(CodedError):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = _("This provider does not support this way of signing in.")
    default_code = "flow_not_supported"


class SocialTokenInvalid(CodedError):
    status_code = status.HTTP_401_UNAUTHORIZED
    default_detail = _("The provider did not accept this credential.")
    default_code = "invalid_social_token"


class SocialClientMismatch(SocialTokenInvalid):
    default_detail = _("This credential was issued for another application.")
    default_code = "client_id_mismatch"


class CallbackURLNotAllowed(CodedError):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = _("This callback_url is not on the list of allowed callback URLs.")
    default_code = "callback_url_not_allowed"


class PKCERequired(CodedError):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = _("Send the code_verifier of the PKCE pair this code was requested with.")
    default_code = "pkce_required"


class SocialProviderUnavailable(CodedError):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = _("The provider could not be reached in time. Try again later.")
    default_code = "provider_unavailable"


class SocialProviderError(CodedError):
    status_code = status.HTTP_502_BAD_GATEWAY
    default_detail = _("The provider answered with an error of its own. Try again later.")
    default_code = "provider_error"


class SocialEmailUnverified(CodedError):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = _("The provider did not vouch for an e-mail address.")
    default_code = "provider_email_unverified"


class SocialAccountInUse(CodedError):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("This provider account is already linked to another user.")
    default_code = "social_account_in_use"


class SocialEmailConflict(CodedError):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _(
        "An account with this e-mail address exists; sign in to it and link the provider there."
    )
    default_code = "email_already_registered"


class SocialLocalAccountUnverified(CodedError):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _(
        "Confirm this e-mail address on the existing account before signing in with a provider."
    )
    default_code = "local_account_unverified"


class SocialSignupClosed(CodedError):
    status_code = status.HTTP_403_FORBIDDEN
    default_detail = _("Registration is closed.")
    default_code = "signup_closed"


class SocialSignupNotAllowed(CodedError):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = _("Signing up through a provider is not allowed.")
    default_code = "signup_not_allowed"


class SocialLoginRejected(CodedError):
    status_code = status.HTTP_403_FORBIDDEN
    default_detail = _("This sign-in was refused.")
    default_code = "social_login_rejected"


class SocialAccountNotFound(CodedError):
    status_code = status.HTTP_404_NOT_FOUND
    default_detail = _("No such linked account.")
    default_code = "social_account_not_found"


class SocialDisconnectNotAllowed(CodedError):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = _(
        "This is your last way to sign in; set a password or link another provider first."
    )
    default_code = "disconnect_not_allowed"


class SocialStateInvalid(CodedError):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = _(
        "This sign-in was not started here, was already used or has expired. Start again."
    )
    default_code = "state_invalid"


class SocialStateRequired(CodedError):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = _("Start this sign-in with the start endpoint and send its state.")
    default_code = "state_required"


class SocialAccessTokenNotAllowed(SocialFlowNotSupported):
    default_detail = _(
        "This provider's access tokens are not accepted here; send an id_token or a code."
    )
    default_code = "access_token_not_allowed"
