"""Mounted at ``registration/``; what is routed follows the settings.

Open sign-up is removed in admin-managed mode; the verification link and
resend exist when addresses get verified (verification on, or invitations);
set-password exists only in admin-managed mode.
"""

from __future__ import annotations

from django.urls import URLPattern, path

from jwt_allauth.app_settings import app_settings
from jwt_allauth.registration import views


def build_urlpatterns() -> list[URLPattern]:
    managed = app_settings.ADMIN_MANAGED_REGISTRATION
    inviting = app_settings.INVITATIONS
    verifying = app_settings.EMAIL_VERIFICATION_ENABLED
    patterns = []
    if not managed:
        patterns.append(path("", views.RegisterView.as_view(), name="rest_register"))
    if verifying or inviting:
        patterns += [
            path(
                "verification/<str:key>/",
                views.VerifyEmailView.as_view(),
                name="account_confirm_email",
            ),
            path("resend-email/", views.ResendEmailView.as_view(), name="rest_resend_email"),
        ]
    if verifying:
        patterns.append(
            path(
                "account_email_verification_sent/",
                views.VerificationSentView.as_view(),
                name="account_email_verification_sent",
            )
        )
    if verifying and not app_settings.EMAIL_VERIFIED_REDIRECT:
        patterns.append(
            path("verified/", views.EmailVerifiedView.as_view(), name="jwt_allauth_email_verified")
        )
    if inviting:
        patterns += [
            path("user-register/", views.UserRegisterView.as_view(), name="rest_user_register"),
            path("set-password/", views.SetPasswordView.as_view(), name="rest_set_password"),
            path(
                "set-password/default/",
                views.SetPasswordPageView.as_view(),
                name="default_set_password",
            ),
            # 1.x's name for the same page; resolve() answers with ours, listed first.
            path(
                "set-password/default/",
                views.SetPasswordPageView.as_view(),
                name="jwt_allauth_default_set_password",
            ),
            path(
                "set-password/complete/",
                views.SetPasswordCompleteView.as_view(),
                name="jwt_allauth_set_password_complete",
            ),
        ]
    return patterns


urlpatterns = build_urlpatterns()
