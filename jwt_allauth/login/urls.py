from django.urls import path

from jwt_allauth.login.views import LoginView

urlpatterns = [
    path("login/", LoginView.as_view(), name="rest_login"),
]
