"""Routed under ``social/`` when ``allauth.socialaccount`` is installed; 1.x's paths and names."""

from django.urls import path

from jwt_allauth.social import views

# The fixed paths come first: a provider id is free-form, and these must win. An account
# id is matched as text so that any id (say -1) gets our coded 404, not Django's page.
urlpatterns = [
    path("providers/", views.SocialProviderListView.as_view(), name="jwt_allauth_social_providers"),
    path("accounts/", views.SocialAccountListView.as_view(), name="jwt_allauth_social_accounts"),
    path(
        "accounts/<str:pk>/",
        views.SocialAccountDisconnectView.as_view(),
        name="jwt_allauth_social_disconnect",
    ),
    path(
        "<str:provider>/start/",
        views.SocialStartView.as_view(),
        name="jwt_allauth_social_start",
    ),
    path(
        "<str:provider>/token/",
        views.SocialTokenLoginView.as_view(),
        name="jwt_allauth_social_token_login",
    ),
    path(
        "<str:provider>/code/",
        views.SocialCodeLoginView.as_view(),
        name="jwt_allauth_social_code_login",
    ),
    path(
        "<str:provider>/connect/token/",
        views.SocialTokenConnectView.as_view(),
        name="jwt_allauth_social_token_connect",
    ),
    path(
        "<str:provider>/connect/code/",
        views.SocialCodeConnectView.as_view(),
        name="jwt_allauth_social_code_connect",
    ),
]
