"""The demo's URLs: the front end, the jwt_allauth API under auth/, an example API,
the development mailbox and the admin."""

from demo_api import views
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
