"""The user model of jwt-allauth 1.x, kept so that its projects upgrade in place.

``JAUser`` is swappable like ``auth.User``: its table exists only in a project
whose ``AUTH_USER_MODEL`` is ``"jwt_allauth.JAUser"``. New projects are better
served by a user model of their own (``RoleMixin`` gives it the role column).
"""

from __future__ import annotations

from typing import Any, ClassVar

import django
from django.contrib.auth.models import AbstractUser, Group, Permission
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.db.models import Q

from jwt_allauth.roles import ROLE_FIELD, STAFF_CODE, SUPER_USER_CODE, USER_CODE

# Django 5.1 renamed CheckConstraint's ``check`` to ``condition``; 6.0 dropped ``check``.
CONSTRAINT_CONDITION = "condition" if django.VERSION >= (5, 1) else "check"


def check_constraint(condition: Q, name: str) -> models.CheckConstraint:
    condition_argument: dict[str, Any] = {CONSTRAINT_CONDITION: condition}
    return models.CheckConstraint(name=name, **condition_argument)


def stores_role(model: type[models.Model]) -> bool:
    return any(field.name == ROLE_FIELD for field in model._meta.concrete_fields)


class UserManager(DjangoUserManager["JAUser"]):
    """Gives a new staff account the staff role, a new superuser the superuser role."""

    def create_user(
        self, username: str, email: str | None = None, password: str | None = None, **extra: Any
    ) -> JAUser:
        if stores_role(self.model):
            if extra.get("is_staff") is True:
                extra.setdefault(ROLE_FIELD, STAFF_CODE)
            elif extra.get("is_superuser") is True:
                extra.setdefault(ROLE_FIELD, SUPER_USER_CODE)
        return super().create_user(username, email, password, **extra)

    def create_superuser(
        self, username: str, email: str | None = None, password: str | None = None, **extra: Any
    ) -> JAUser:
        if stores_role(self.model):
            extra.setdefault(ROLE_FIELD, STAFF_CODE)
            if extra[ROLE_FIELD] != STAFF_CODE:
                raise ValueError(f"A superuser created here is staff: role must be {STAFF_CODE}.")
        return super().create_superuser(username, email, password, **extra)


class RoleMixin(models.Model):
    """The ``role`` column, for a user model of the project's own."""

    role = models.PositiveSmallIntegerField(default=USER_CODE)

    class Meta:
        abstract = True


class JAUser(RoleMixin, AbstractUser):
    """Django's user plus a role; staff and superuser flags pin the role."""

    # 1.x's related names, so its tables keep their relations.
    groups = models.ManyToManyField(  # type: ignore[assignment]
        Group,
        related_name="custom_users",
        related_query_name="custom_user",
        blank=True,
    )
    user_permissions = models.ManyToManyField(  # type: ignore[assignment]
        Permission,
        related_name="custom_users",
        related_query_name="custom_user",
        blank=True,
    )

    objects: ClassVar[UserManager] = UserManager()

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        constraints = [
            # Constraint names are 1.x's: its databases already hold them.
            check_constraint(~Q(is_staff=True) | Q(role=STAFF_CODE), "staff_role_equal_to_1000"),
            check_constraint(
                ~(~Q(is_staff=True) & Q(is_superuser=True)) | Q(role=SUPER_USER_CODE),
                "superuser_role_equal_to_900",
            ),
        ]

    def __str__(self) -> str:
        return self.get_username()
