"""GET, PUT and PATCH user/."""

from __future__ import annotations

from typing import Any

from django.utils.module_loading import import_string
from rest_framework.generics import RetrieveUpdateAPIView
from rest_framework.permissions import IsAuthenticated

from jwt_allauth.app_settings import app_settings
from jwt_allauth.internal.views import JWTAllauthAPIView
from jwt_allauth.users.flows import load_active_user


class UserDetailsView(RetrieveUpdateAPIView, JWTAllauthAPIView):
    """The caller's own account, read with one query."""

    permission_classes = (IsAuthenticated,)

    def get_serializer_class(self) -> Any:
        return import_string(app_settings.USER_DETAILS_SERIALIZER)

    def get_object(self) -> Any:
        return load_active_user(self.request.user.pk)
