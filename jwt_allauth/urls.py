"""Mount with ``path("auth/", include("jwt_allauth.urls"))``."""

from django.urls import include, path

from jwt_allauth.internal.compat import mfa_installed, social_installed

MFA_URLS = "jwt_allauth.mfa.urls" if mfa_installed() else "jwt_allauth.mfa.unavailable"

urlpatterns = [
    path("", include("jwt_allauth.login.urls")),
    path("", include("jwt_allauth.sessions.urls")),
    path("", include("jwt_allauth.users.urls")),
    path("", include("jwt_allauth.password.urls")),
    path("registration/", include("jwt_allauth.registration.urls")),
    path("mfa/", include(MFA_URLS)),
]

if social_installed():
    urlpatterns.append(path("social/", include("jwt_allauth.social.urls")))
