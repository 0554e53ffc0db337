"""Mount with ``path("auth/", include("jwt_allauth.urls"))``."""

from django.urls import include, path

urlpatterns = [
    path("", include("jwt_allauth.login.urls")),
    path("", include("jwt_allauth.sessions.urls")),
    path("", include("jwt_allauth.users.urls")),
    path("", include("jwt_allauth.password.urls")),
    path("registration/", include("jwt_allauth.registration.urls")),
]
