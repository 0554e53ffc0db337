"""Both the link (GET, two args) and set-new (POST, no args) are named
``password_reset_confirm`` as the contract says; ``reverse`` tells them apart by
the arguments given. set-new also answers to 1.x's ``rest_password_reset_set_new``."""

from django.urls import path

from jwt_allauth.password import views

urlpatterns = [
    path("password/reset/", views.PasswordResetView.as_view(), name="rest_password_reset"),
    path(
        "password/reset/confirm/<str:uidb64>/<str:token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/set-new/",
        views.SetNewPasswordView.as_view(),
        name="password_reset_confirm",
    ),
    # 1.x's name: after ours (resolve() answers with the documented one), out of the schema.
    path(
        "password/reset/set-new/",
        views.SetNewPasswordView.as_view(schema=None),
        name="rest_password_reset_set_new",
    ),
    path(
        "password/reset/default/",
        views.DefaultPasswordResetView.as_view(),
        name="default_password_reset",
    ),
    path(
        "password/reset/complete/",
        views.PasswordResetCompleteView.as_view(),
        name="jwt_allauth_password_reset_complete",
    ),
    path("password/change/", views.PasswordChangeView.as_view(), name="rest_password_change"),
]
