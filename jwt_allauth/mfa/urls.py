"""Mounted at ``mfa/`` when allauth.mfa is installed (else see ``unavailable.py``).

The views run their own transactions: a wrong code's spent try and failure
count must survive the error, which ``ATOMIC_REQUESTS`` would roll back.
"""

from __future__ import annotations

from django.db import transaction
from django.urls import path

from jwt_allauth.mfa import views

ROUTES = (
    ("setup/", views.MFASetupView, "mfa_setup"),
    ("activate/", views.MFAActivateView, "mfa_activate"),
    ("verify/", views.MFAVerifyView, "mfa_verify"),
    ("verify-recovery/", views.MFAVerifyRecoveryView, "mfa_verify_recovery"),
    ("deactivate/", views.MFADeactivateView, "mfa_deactivate"),
    ("authenticators/", views.MFAAuthenticatorListView, "mfa_authenticators"),
)

urlpatterns = [
    path(route, transaction.non_atomic_requests(view.as_view()), name=name)
    for route, view, name in ROUTES
]
# 1.x's names reverse too. Listed after ours, so resolve() still answers with the
# documented name, and kept out of the schema, which describes each route once.
urlpatterns += [
    path(
        route,
        transaction.non_atomic_requests(view.as_view(schema=None)),
        name=f"jwt_allauth_{name}",
    )
    for route, view, name in ROUTES
]
