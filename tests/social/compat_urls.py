"""A dj-rest-auth style project: social views subclassed with adapter_class and friends."""

from allauth.socialaccount.providers.oauth2.client import OAuth2Client
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.urls import include, path

from jwt_allauth.social.views import SocialConnectView, SocialLoginView
from tests.helpers.social import CALLBACK, PROVIDER


class AcmeAdapter(OpenIDConnectOAuth2Adapter):
    def __init__(self, request):
        super().__init__(request, PROVIDER)


class AcmeLogin(SocialLoginView):
    adapter_class = AcmeAdapter
    client_class = OAuth2Client
    callback_url = CALLBACK


class AcmeConnect(SocialConnectView):
    adapter_class = AcmeAdapter
    client_class = OAuth2Client
    callback_url = CALLBACK


urlpatterns = [
    path("dj-rest-auth/acme/", AcmeLogin.as_view(), name="acme_login"),
    path("dj-rest-auth/acme/connect/", AcmeConnect.as_view(), name="acme_connect"),
    path("auth/", include("jwt_allauth.urls")),
]
