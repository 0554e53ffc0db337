from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("auth/", include("jwt_allauth.urls")),
    path("", include("tests.testapp.urls")),
]
