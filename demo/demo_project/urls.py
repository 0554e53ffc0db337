"""The demo's URLs: the front end, the jwt_allauth API under auth/, an example API,
the development mailbox, the admin and, with drf-spectacular, the OpenAPI schema."""

from demo_api import views
from django.apps import apps
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", views.index, name="index"),
    path("endpoints/", views.endpoints, name="endpoints"),
    path("dev/mails/", views.dev_mails, name="dev_mails"),
    path("admin/", admin.site.urls),
    path("auth/", include("jwt_allauth.urls")),
    path("api/hello/", views.HelloView.as_view(), name="hello"),
]

if apps.is_installed("drf_spectacular"):  # the ``schema`` extra (see settings)
    from drf_spectacular.views import SpectacularAPIView

    # The package's API only: the example view has no serializer to describe.
    api = [path("auth/", include("jwt_allauth.urls"))]
    schema_view = SpectacularAPIView.as_view(patterns=api)
    urlpatterns.append(path("api/schema/", schema_view, name="schema"))
