"""The package mounted under another prefix, for the cookie path tests."""

from django.urls import include, path

urlpatterns = [path("api/v2/", include("jwt_allauth.urls"))]
