from django.db import transaction
from django.urls import path

from jwt_allauth.sessions import views

# Refresh and logout revoke sessions on the error path too: with ATOMIC_REQUESTS
# the rollback of the failed request would undo that revocation.
urlpatterns = [
    path(
        "refresh/",
        transaction.non_atomic_requests(views.RefreshView.as_view()),
        name="token_refresh",
    ),
    path("token/verify/", views.TokenVerifyView.as_view(), name="token_verify"),
    path(
        "logout/", transaction.non_atomic_requests(views.LogoutView.as_view()), name="rest_logout"
    ),
    path("logout-all/", views.LogoutAllView.as_view(), name="rest_logout_all"),
    path("sessions/", views.SessionListView.as_view(), name="jwt_allauth_sessions"),
    # Any id reaches the view, so one that is no UUID gets our JSON 404, not Django's page.
    path(
        "sessions/<str:session_id>/",
        views.SessionDetailView.as_view(),
        name="jwt_allauth_session_detail",
    ),
]
