from django.urls import include, path

# Where 1.5.1's startproject mounts the package.
urlpatterns = [path("jwt-allauth/", include("jwt_allauth.urls"))]
