"""social/: sign in, connect, list and unlink provider accounts.

Imported only when allauth.socialaccount is installed (the routes exist only then).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework.serializers import Serializer

from jwt_allauth import exceptions
from jwt_allauth.internal.schema import (
    BODY_ERRORS,
    GATE_ERRORS,
    DescribedView,
    ErrorSource,
    login_result,
)
from jwt_allauth.sessions.schema import refresh_set_cookie
from jwt_allauth.social.serializers import (
    SocialAccountSerializer,
    SocialCodeSerializer,
    SocialFlowSerializer,
    SocialProviderSerializer,
    SocialStartSerializer,
    SocialTokenSerializer,
)

PROVIDER = OpenApiParameter(
    "provider",
    str,
    OpenApiParameter.PATH,
    description="A provider id from social/providers/ (e.g. `google`, or an OpenID "
    "Connect app's `provider_id`).",
)
ACCOUNT_ID = OpenApiParameter(
    "id", int, OpenApiParameter.PATH, description="The id of a linked account."
)
CREDENTIAL_ERRORS: tuple[ErrorSource, ...] = (
    *BODY_ERRORS,
    exceptions.SocialProviderNotConfigured,
    exceptions.SocialFlowNotSupported,
    exceptions.SocialTokenInvalid,
    exceptions.SocialClientMismatch,
    exceptions.SocialProviderError,
    exceptions.SocialProviderUnavailable,
    exceptions.SocialLoginRejected,
    exceptions.SocialStateInvalid,
)
TOKEN_ERRORS: tuple[ErrorSource, ...] = (exceptions.SocialAccessTokenNotAllowed,)
CODE_ERRORS: tuple[ErrorSource, ...] = (
    exceptions.CallbackURLNotAllowed,
    exceptions.PKCERequired,
    exceptions.SocialStateRequired,
)
SIGN_IN_ERRORS: tuple[ErrorSource, ...] = (
    exceptions.SocialEmailUnverified,
    exceptions.SocialEmailConflict,
    exceptions.SocialLocalAccountUnverified,
    exceptions.SocialSignupClosed,
    exceptions.SocialSignupNotAllowed,
    exceptions.SocialAccountInUse,
    *GATE_ERRORS,
)
STATE_HELP = (
    " With the `state` and `state_secret` from social/{provider}/start/, that state is "
    "spent (once; `state_invalid` otherwise) and its `nonce` is the one the id_token must carry."
)
TOKEN_HELP = (
    "An `id_token` is verified against the provider's published keys, issuer, audience "
    "(our client id) and expiry, and the `nonce` when one is sent; each signs in once. "
    "An `access_token` is checked by asking the provider for its owner's profile "
    "(unless JWT_ALLAUTH_SOCIAL_ACCESS_TOKEN_LOGIN turns that off for the provider)." + STATE_HELP
)
CODE_HELP = (
    "The code is exchanged once, server side, with the `code_verifier` (PKCE) and a "
    "`callback_url` on JWT_ALLAUTH_SOCIAL_CALLBACK_URLS. The state is optional unless "
    "JWT_ALLAUTH_SOCIAL_REQUIRE_STATE is on; when sent, its callback URL and "
    "`code_challenge` must match." + STATE_HELP
)
OUTAGE_HELP = " A provider that cannot be reached in time is 503, one that fails is 502."


class SocialTokenLoginSchema(DescribedView):
    target_class = "jwt_allauth.social.views.SocialTokenLoginView"
    tags = ("social",)
    request: type[Serializer[None]] = SocialTokenSerializer
    summary = "Sign in with a provider's id_token or access token"
    help = TOKEN_HELP
    extra_errors: tuple[ErrorSource, ...] = TOKEN_ERRORS

    def operations(self) -> dict[str, dict[str, Any]]:
        result = OpenApiResponse(
            login_result("SocialLoginResult"),
            description="A session; or, when MFA applies, a challenge instead of tokens.",
        )
        return {
            "post": self.describe(
                self.summary,
                f"{self.help} A new provider account signs up; one whose verified address "
                "matches a local account is linked per JWT_ALLAUTH_SOCIAL_EMAIL_LINKING."
                f"{OUTAGE_HELP} Only JSON is accepted.",
                {200: result},
                (*CREDENTIAL_ERRORS, *self.extra_errors, *SIGN_IN_ERRORS, *self.throttled()),
                request=self.request,
                parameters=[PROVIDER, *refresh_set_cookie([200])],
            )
        }


class SocialCodeLoginSchema(SocialTokenLoginSchema):
    target_class = "jwt_allauth.social.views.SocialCodeLoginView"
    request = SocialCodeSerializer
    summary = "Sign in with an authorization code (PKCE)"
    help = CODE_HELP
    extra_errors = CODE_ERRORS


class SocialTokenConnectSchema(DescribedView):
    target_class = "jwt_allauth.social.views.SocialTokenConnectView"
    tags = ("social",)
    request: type[Serializer[None]] = SocialTokenSerializer
    summary = "Link a provider account by id_token or access token"
    help = TOKEN_HELP
    extra_errors: tuple[ErrorSource, ...] = TOKEN_ERRORS

    def operations(self) -> dict[str, dict[str, Any]]:
        return {
            "post": self.describe(
                self.summary,
                f"{self.help} Links it to the caller; 200 when it already was.{OUTAGE_HELP}",
                {201: SocialAccountSerializer, 200: SocialAccountSerializer},
                (
                    *CREDENTIAL_ERRORS,
                    *self.extra_errors,
                    exceptions.SocialAccountInUse,
                    *self.bearer_errors(required=True),
                    *self.throttled(),
                ),
                request=self.request,
                parameters=[PROVIDER],
            )
        }


class SocialCodeConnectSchema(SocialTokenConnectSchema):
    target_class = "jwt_allauth.social.views.SocialCodeConnectView"
    request = SocialCodeSerializer
    summary = "Link a provider account by authorization code (PKCE)"
    help = CODE_HELP
    extra_errors = CODE_ERRORS


class SocialAccountListSchema(DescribedView):
    target_class = "jwt_allauth.social.views.SocialAccountListView"
    tags = ("social",)

    def operations(self) -> dict[str, dict[str, Any]]:
        return {
            "get": self.describe(
                "List my linked provider accounts",
                "The provider accounts linked to the caller; the provider's profile data "
                "is not shown.",
                {200: SocialAccountSerializer(many=True)},
                (*self.bearer_errors(required=True), *self.throttled()),
            )
        }


class SocialAccountDisconnectSchema(DescribedView):
    target_class = "jwt_allauth.social.views.SocialAccountDisconnectView"
    tags = ("social",)

    def operations(self) -> dict[str, dict[str, Any]]:
        return {
            "delete": self.describe(
                "Unlink a provider account",
                "Refused (`disconnect_not_allowed`) when it is the caller's last way to "
                "sign in: no usable password and no other linked account. Another user's "
                "id is `social_account_not_found`.",
                {204: OpenApiResponse(description="Unlinked.")},
                (
                    *self.bearer_errors(required=True),
                    exceptions.SocialAccountNotFound,
                    exceptions.SocialDisconnectNotAllowed,
                    *self.throttled(),
                ),
                parameters=[ACCOUNT_ID],
            )
        }


class SocialProviderListSchema(DescribedView):
    target_class = "jwt_allauth.social.views.SocialProviderListView"
    tags = ("social",)

    def operations(self) -> dict[str, dict[str, Any]]:
        return {
            "get": self.describe(
                "List the configured providers",
                "Each provider's id, display name and public client id, to build a "
                '"Sign in with" button and its authorization request. Never a secret.',
                {200: SocialProviderSerializer(many=True)},
                self.throttled(),
            )
        }


class SocialStartSchema(DescribedView):
    target_class = "jwt_allauth.social.views.SocialStartView"
    tags = ("social",)

    def operations(self) -> dict[str, dict[str, Any]]:
        return {
            "post": self.describe(
                "Start a sign-in: a single-use state and nonce",
                "Mints a `state` (send it to the provider), a `nonce` (the provider puts it "
                "in the id_token) and a `state_secret` that stays with this client: the "
                "state is only spent by a request that also sends the secret. Stored "
                "hashed in the cache for JWT_ALLAUTH_SOCIAL_STATE_LIFETIME (`expires_in`, "
                "seconds). With a `callback_url` (on JWT_ALLAUTH_SOCIAL_CALLBACK_URLS) "
                "the answer carries the provider's authorization URL, with the "
                "`code_challenge` (S256) when one is sent; the PKCE verifier never "
                "leaves the client.",
                {201: SocialFlowSerializer},
                (
                    *BODY_ERRORS,
                    exceptions.SocialProviderNotConfigured,
                    exceptions.SocialClientMismatch,
                    exceptions.SocialFlowNotSupported,
                    exceptions.CallbackURLNotAllowed,
                    exceptions.SocialProviderError,
                    exceptions.SocialProviderUnavailable,
                    *self.throttled(),
                ),
                request=SocialStartSerializer,
                parameters=[PROVIDER],
            )
        }
