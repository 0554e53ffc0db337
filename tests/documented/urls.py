from django.urls import include, path

urlpatterns = [path("auth/", include("jwt_allauth.urls"))]
