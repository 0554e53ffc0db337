"""The user details payload, replaceable through ``JWT_ALLAUTH_USER_DETAILS_SERIALIZER``;
and a new password for an account, typed twice."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.validators import UniqueValidator

from jwt_allauth import exceptions
from jwt_allauth.internal.emails import EmailField
from jwt_allauth.internal.fields import StringField, password_field

DETAIL_FIELDS = ("email", "first_name", "last_name")
# ModelSerializer methods that decide which fields a serializer class builds. A
# subclass overriding none of them builds the same fields for every instance.
FIELD_BUILDERS = (
    "get_fields",
    "get_field_names",
    "get_default_field_names",
    "get_extra_kwargs",
    "get_uniqueness_extra_kwargs",
    "include_extra_kwargs",
    "build_field",
    "build_standard_field",
    "build_relational_field",
    "build_nested_field",
    "build_property_field",
    "build_url_field",
    "build_unknown_field",
)
AnyField = serializers.Field[Any, Any, Any, Any]
# serializer class -> its built fields, each with how to copy it; None: it builds its own.
_built_fields: dict[type, dict[str, _Prototype] | None] = {}


def user_detail_fields() -> tuple[str, ...]:
    """The documented fields that the project's user model actually has."""
    names = {field.name for field in get_user_model()._meta.get_fields()}
    return tuple(name for name in DETAIL_FIELDS if name in names)


class UserDetailsSerializer(serializers.ModelSerializer[AbstractBaseUser]):
    """email, first_name, last_name.

    The e-mail is only validated here; changing it (and every check that keeps
    an address from being taken) is ``jwt_allauth.users.flows.change_email``,
    which a replacement serializer cannot skip.
    """

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: StringField,
        models.TextField: StringField,
        models.EmailField: EmailField,
    }

    class Meta:
        model = get_user_model()
        fields = user_detail_fields()

    def get_fields(self) -> dict[str, AnyField]:
        """ModelSerializer's fields, introspected once per class and copied per instance.

        Introspecting the model, then constructing each field, cost more than
        the rest of a ``GET user/`` together, on every request that reads or
        writes the user.
        """
        cls = type(self)
        if cls not in _built_fields:
            _built_fields[cls] = (
                None if _builds_own_fields(cls) else _prototypes(super().get_fields())
            )
        prototypes = _built_fields[cls]
        if prototypes is None:
            return super().get_fields()
        return {name: prototype.copy() for name, prototype in prototypes.items()}

    def get_extra_kwargs(self) -> dict[str, Any]:
        extra = super().get_extra_kwargs()
        for name in ("first_name", "last_name"):
            extra.setdefault(name, {}).setdefault("required", False)
        # No uniqueness check here: the flow decides, on the canonical form, and
        # with verification on it must not tell that another account holds it.
        extra.setdefault("email", {}).setdefault("validators", [])
        return extra


def leave_uniqueness_to_the_flow(serializer: serializers.BaseSerializer[Any]) -> None:
    """Drop a uniqueness validator from the ``email`` field of any details serializer.

    DRF gives one to the e-mail field of a plain ``ModelSerializer`` replacement;
    its 400 would tell, with verification on, that another account holds the
    address. Whether an address is taken is ``change_email``'s to answer.
    """
    field = (
        serializer.fields.get("email") if isinstance(serializer, serializers.Serializer) else None
    )
    if field is not None:
        field.validators = [v for v in field.validators if not isinstance(v, UniqueValidator)]


def _builds_own_fields(cls: type) -> bool:
    """Whether ``cls`` overrides how fields are built (then built per instance, as DRF does)."""
    return any(
        getattr(cls, name) is not getattr(UserDetailsSerializer, name) for name in FIELD_BUILDERS
    )


@dataclass(frozen=True)
class _Prototype:
    """An unbound field, and what a copy that ``bind()`` can make its own needs.

    A plain field keeps no state but its attributes: a shallow copy with its own
    lists and dicts (validators, error messages, style) is as independent as
    DRF's deep copy, which constructs the field again. Fields holding fields
    (serializers, a ListField's child) are deep-copied as DRF does. The
    prototype is never bound or changed, so what to copy is decided once.
    """

    field: AnyField
    deep: bool
    containers: tuple[str, ...]

    def copy(self) -> AnyField:
        if self.deep:
            return copy.deepcopy(self.field)
        clone = copy.copy(self.field)
        for name in self.containers:
            setattr(clone, name, copy.copy(getattr(self.field, name)))
        return clone


def _prototypes(fields: dict[str, AnyField]) -> dict[str, _Prototype]:
    prototypes = {}
    for name, field in fields.items():
        state = vars(field)
        deep = any(isinstance(value, serializers.Field) for value in state.values())
        containers = tuple(k for k, v in state.items() if isinstance(v, (dict, list, set)))
        prototypes[name] = _Prototype(field, deep, containers)
    return prototypes


class SetNewPasswordSerializer(serializers.Serializer[None]):
    """Two matching new passwords; a mismatch belongs to ``new_password2``.

    ``AUTH_PASSWORD_VALIDATORS`` are the flow's to run (their messages belong to
    ``new_password2``, as in 1.x), so a replacement serializer cannot skip them.
    """

    default_error_messages = {"password_mismatch": _("The two password fields didn't match.")}

    new_password1 = password_field()
    new_password2 = password_field()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["new_password1"] != attrs["new_password2"]:
            message = self.error_messages["password_mismatch"]
            raise exceptions.field_error("new_password2", message, "password_mismatch")
        return attrs
