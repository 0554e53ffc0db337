"""The MFA routes when allauth.mfa is not installed: same names, each ``403 mfa_disabled``.

Kept apart from ``views.py`` and ``urls.py``, which import allauth.mfa.
"""

from __future__ import annotations

from typing import Any

from django.urls import path
from rest_framework.request import Request

from jwt_allauth import exceptions
from jwt_allauth.sessions.apiview import JWTAllauthAPIView

ROUTES = (
    ("setup/", "mfa_setup"),
    ("activate/", "mfa_activate"),
    ("verify/", "mfa_verify"),
    ("verify-recovery/", "mfa_verify_recovery"),
    ("deactivate/", "mfa_deactivate"),
    ("authenticators/", "mfa_authenticators"),
)


class MFAUnavailableView(JWTAllauthAPIView):
    authentication_classes = ()
    permission_classes = ()

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        raise exceptions.MFADisabled()


urlpatterns = [path(route, MFAUnavailableView.as_view(), name=name) for route, name in ROUTES]
# 1.x's names, as in urls.py.
urlpatterns += [
    path(route, MFAUnavailableView.as_view(schema=None), name=f"jwt_allauth_{name}")
    for route, name in ROUTES
]
