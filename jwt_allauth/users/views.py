"""GET, PUT and PATCH user/."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.utils.module_loading import import_string
from rest_framework.generics import RetrieveUpdateAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from jwt_allauth.app_settings import app_settings
from jwt_allauth.internal.types import caller_pk
from jwt_allauth.sessions.apiview import JWTAllauthAPIView
from jwt_allauth.users.flows import load_active_user, update_details
from jwt_allauth.users.serializers import leave_uniqueness_to_the_flow

# The setting is read on every request; importing what it names is done once per value.
_imported = lru_cache(maxsize=8)(import_string)


class UserDetailsView(RetrieveUpdateAPIView[AbstractBaseUser], JWTAllauthAPIView):
    """The caller's own account, read with one query."""

    permission_classes = (IsAuthenticated,)

    def get_serializer_class(self) -> type[BaseSerializer[AbstractBaseUser]]:
        serializer_class: type[BaseSerializer[AbstractBaseUser]] = _imported(
            app_settings.USER_DETAILS_SERIALIZER
        )
        return serializer_class

    def get_object(self) -> AbstractBaseUser:
        return load_active_user(caller_pk(self.request))

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Save; a new e-mail awaiting its link is named in ``email_change_pending``."""
        partial = kwargs.pop("partial", False)
        serializer = self.get_serializer(self.get_object(), data=request.data, partial=partial)
        leave_uniqueness_to_the_flow(serializer)
        serializer.is_valid(raise_exception=True)
        pending = update_details(request, serializer)
        data = dict(serializer.data)
        if pending is not None:
            data["email_change_pending"] = pending
        return Response(data)
