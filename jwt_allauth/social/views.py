"""The social endpoints, and dj-rest-auth's ``SocialLoginView``/``SocialConnectView``."""

from __future__ import annotations

from typing import Any

from allauth.socialaccount.adapter import get_adapter as get_social_adapter
from allauth.socialaccount.models import SocialLogin
from allauth.socialaccount.providers.base import Provider
from allauth.socialaccount.providers.oauth2.client import OAuth2Client
from allauth.socialaccount.providers.oauth2.views import OAuth2Adapter
from django.utils.decorators import method_decorator
from django.views.decorators.debug import sensitive_post_parameters
from rest_framework import status
from rest_framework.parsers import JSONParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer

from jwt_allauth import exceptions
from jwt_allauth.app_settings import app_settings
from jwt_allauth.internal.types import caller_pk
from jwt_allauth.login.responses import login_response
from jwt_allauth.sessions.apiview import JWTAllauthAPIView
from jwt_allauth.social import credentials, flows, state
from jwt_allauth.social.serializers import (
    DjRestAuthSocialSerializer,
    SocialAccountSerializer,
    SocialCodeSerializer,
    SocialFlowSerializer,
    SocialProviderSerializer,
    SocialStartSerializer,
    SocialTokenSerializer,
)
from jwt_allauth.throttling import LoginRateThrottle

SENSITIVE = ("id_token", "access_token", "code", "code_verifier", "state_secret")


@method_decorator(sensitive_post_parameters(*SENSITIVE), name="dispatch")
class SocialCredentialView(JWTAllauthAPIView):
    """Reads a provider credential from JSON and turns it into a ``SocialLogin``."""

    parser_classes = (JSONParser,)
    serializer_class: type[Serializer[None]] = SocialTokenSerializer

    def read(self, request: Request) -> dict[str, Any]:
        serializer = self.serializer_class(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        validated: dict[str, Any] = serializer.validated_data
        return validated

    def build_login(self, request: Request, provider_id: str) -> SocialLogin:
        data = self.read(request)
        provider = credentials.get_provider(request, provider_id, data.get("client_id"))
        return self.login_from(request, provider, data)

    def login_from(self, request: Request, provider: Provider, data: dict[str, Any]) -> SocialLogin:
        nonce = data.get("nonce")
        if data.get("access_token") and not data.get("id_token"):
            if not app_settings.social_access_token_allowed(provider.sub_id):
                raise exceptions.SocialAccessTokenNotAllowed()
        if data.get("state"):
            record = state.spend(provider.sub_id, data["state"], data["state_secret"])
            nonce = state.expected_nonce(record, nonce)
        if data.get("id_token"):
            return credentials.login_from_id_token(request, provider, data["id_token"], nonce)
        return credentials.login_from_access_token(request, provider, data["access_token"])


class CodeCredentialMixin(SocialCredentialView):
    """The code flow's body: checked callback URL, PKCE verifier, one exchange."""

    serializer_class: type[Serializer[None]] = SocialCodeSerializer

    def login_from(self, request: Request, provider: Provider, data: dict[str, Any]) -> SocialLogin:
        credentials.check_callback_url(data["callback_url"])
        verifier = data.get("code_verifier")
        if verifier is None and app_settings.SOCIAL_REQUIRE_PKCE:
            raise exceptions.PKCERequired()
        nonce = None
        if data.get("state"):
            record = state.spend(provider.sub_id, data["state"], data["state_secret"])
            state.check_code_binding(record, data["callback_url"], verifier)
            nonce = record["nonce"]
        elif app_settings.SOCIAL_REQUIRE_STATE:
            raise exceptions.SocialStateRequired()
        return credentials.login_from_code(
            request, provider, data["code"], data["callback_url"], verifier, nonce=nonce
        )


class SocialTokenLoginView(SocialCredentialView):
    """A provider's id_token or access token in; a session or an MFA challenge out."""

    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_classes = (LoginRateThrottle,)

    def post(self, request: Request, provider: str) -> Response:
        sociallogin = self.build_login(request, provider)
        return login_response(flows.sign_in_social(request, sociallogin))


class SocialCodeLoginView(CodeCredentialMixin, SocialTokenLoginView):
    """An authorization code, its callback_url and PKCE code_verifier in; a session out."""


class SocialStartView(JWTAllauthAPIView):
    """Begin a sign-in: a single-use state bound to this client, a nonce, the provider's URL."""

    parser_classes = (JSONParser,)
    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_classes = (LoginRateThrottle,)

    def post(self, request: Request, provider: str) -> Response:
        serializer = SocialStartSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        found = credentials.get_provider(request, provider, data.get("client_id"))
        callback_url = data.get("callback_url")
        authorize_url, params = None, None
        if callback_url:
            credentials.check_callback_url(callback_url)
            authorize_url, params = credentials.authorization_endpoint(request, found)
        flow = state.start(
            found.sub_id,
            callback_url=callback_url,
            code_challenge=data.get("code_challenge"),
            authorize_url=authorize_url,
            auth_params=params,
        )
        body = SocialFlowSerializer(flow).data
        return Response(body, status=status.HTTP_201_CREATED)


class SocialTokenConnectView(SocialCredentialView):
    """Link the provider account an id_token or access token names to the caller."""

    permission_classes = (IsAuthenticated,)

    def post(self, request: Request, provider: str) -> Response:
        sociallogin = self.build_login(request, provider)
        account, created = flows.connect_social(request, sociallogin, caller_pk(request))
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(SocialAccountSerializer(account).data, status=code)


class SocialCodeConnectView(CodeCredentialMixin, SocialTokenConnectView):
    """Link the provider account an authorization code names to the caller."""


class SocialAccountListView(JWTAllauthAPIView):
    """The caller's linked provider accounts."""

    permission_classes = (IsAuthenticated,)

    def get(self, request: Request) -> Response:
        accounts = flows.linked_accounts(caller_pk(request))
        return Response(SocialAccountSerializer(accounts, many=True).data)


class SocialAccountDisconnectView(JWTAllauthAPIView):
    """Unlink one; refused when it is the last way into the account."""

    permission_classes = (IsAuthenticated,)

    def delete(self, request: Request, pk: str) -> Response:
        if not (pk.isascii() and pk.isdigit()):
            raise exceptions.SocialAccountNotFound()
        flows.disconnect_social(request, caller_pk(request), int(pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class SocialProviderListView(JWTAllauthAPIView):
    """The configured providers, with the public client id a front end needs."""

    authentication_classes = ()
    permission_classes = (AllowAny,)

    def get(self, request: Request) -> Response:
        providers = [
            {
                "id": provider.sub_id,
                "name": provider.name,
                "client_id": getattr(getattr(provider, "app", None), "client_id", None),
            }
            for provider in get_social_adapter().list_providers(request)
        ]
        return Response(SocialProviderSerializer(providers, many=True).data)


class DjRestAuthCompatMixin(SocialCredentialView):
    """dj-rest-auth's class attributes: ``adapter_class``, ``client_class``, ``callback_url``."""

    adapter_class: type[OAuth2Adapter] | None = None
    client_class: type[OAuth2Client] = OAuth2Client
    callback_url: str | None = None
    serializer_class: type[Serializer[None]] = DjRestAuthSocialSerializer

    def build_login(self, request: Request, provider_id: str | None = None) -> SocialLogin:
        data = self.read(request)
        if self.adapter_class is None:
            raise exceptions.SocialProviderNotConfigured()
        adapter = self.adapter_class(request)
        provider = credentials.get_provider(request, adapter.provider_id)
        if not data.get("code"):
            return self.login_from(request, provider, data)
        return credentials.login_from_code(
            request,
            provider,
            data["code"],
            self.callback_url or "",
            data.get("code_verifier"),
            adapter=adapter,
            client_class=self.client_class,
        )


class SocialLoginView(DjRestAuthCompatMixin, SocialTokenLoginView):
    """Subclass with ``adapter_class`` (and ``client_class``, ``callback_url`` for codes)."""

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        sociallogin = self.build_login(request)
        return login_response(flows.sign_in_social(request, sociallogin))


class SocialConnectView(DjRestAuthCompatMixin, SocialTokenConnectView):
    """Like ``SocialLoginView``, but links the provider account to the signed-in user."""

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        sociallogin = self.build_login(request)
        account, created = flows.connect_social(request, sociallogin, caller_pk(request))
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(SocialAccountSerializer(account).data, status=code)
