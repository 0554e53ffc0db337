"""The demo's URLs: the jwt_allauth API under auth/, an example API and the admin."""

from demo_api import views
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", views.index, name="index"),
    path("admin/", admin.site.urls),
    path("auth/", include("jwt_allauth.urls")),
    path("api/hello/", views.HelloView.as_view(), name="hello"),
]
