from django.urls import path

from jwt_allauth.users.views import UserDetailsView

urlpatterns = [
    path("user/", UserDetailsView.as_view(), name="rest_user_details"),
]
