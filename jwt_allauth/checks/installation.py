"""Checks on what the project installs and plugs in: apps, backends, classes."""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth import get_backends, get_user_model
from django.core import checks
from django.utils.module_loading import import_string

from jwt_allauth.app_settings import app_settings
from jwt_allauth.checks.types import AppConfigs
from jwt_allauth.internal import settings_table as table


@checks.register("jwt_allauth")
def check_dependencies(
    app_configs: AppConfigs = None, **kwargs: object
) -> list[checks.CheckMessage]:
    missing = [
        app
        for app in ("allauth", "allauth.account", "rest_framework")
        if not apps.is_installed(app)
    ]
    if missing:
        return [
            checks.Error(
                f"jwt_allauth needs {', '.join(missing)} in INSTALLED_APPS.",
                hint="See the installation page of the docs.",
                id="jwt_allauth.E008",
            )
        ]
    return []


@checks.register("jwt_allauth")
def check_email_login(
    app_configs: AppConfigs = None, **kwargs: object
) -> list[checks.CheckMessage]:
    """Login sends ``email=``; some configured backend must understand it."""
    if get_user_model().USERNAME_FIELD == "email" or not apps.is_installed("allauth.account"):
        return []
    from allauth.account import app_settings as account_settings
    from allauth.account.auth_backends import AuthenticationBackend

    allauth_backend = any(isinstance(b, AuthenticationBackend) for b in get_backends())
    if allauth_backend and "email" in account_settings.LOGIN_METHODS:
        return []
    if not allauth_backend:
        hint = (
            "Add 'allauth.account.auth_backends.AuthenticationBackend' to "
            "AUTHENTICATION_BACKENDS, or use a user model whose USERNAME_FIELD is 'email'."
        )
    else:
        hint = (
            f"ACCOUNT_LOGIN_METHODS is {set(account_settings.LOGIN_METHODS)!r}. Include "
            "'email' in it, or delete it (and ACCOUNT_AUTHENTICATION_METHOD): when it is "
            "unset, jwt_allauth supplies ACCOUNT_LOGIN_METHODS = {'email'}."
        )
    return [
        checks.Error(
            "No authentication backend can log users in by e-mail.",
            hint=hint,
            id="jwt_allauth.E009",
        )
    ]


@checks.register("jwt_allauth")
def check_migration_module(
    app_configs: AppConfigs = None, **kwargs: object
) -> list[checks.CheckMessage]:
    """A 1.x project's own migrations package hides the ones that build our tables."""
    module = app_settings.MIGRATION_MODULE
    if module is None:
        return []
    return [
        checks.Error(
            f"MIGRATION_MODULES sends jwt_allauth's migrations to {module!r}; the package "
            "ships its own, which create its tables and upgrade a 1.x database.",
            hint="Delete the 'jwt_allauth' entry of MIGRATION_MODULES (written by 1.x's "
            "startproject), then run migrate. See the upgrading page of the docs.",
            id="jwt_allauth.E024",
        )
    ]


@checks.register("jwt_allauth")
def check_account_adapter(
    app_configs: AppConfigs = None, **kwargs: object
) -> list[checks.CheckMessage]:
    """A project adapter that is not ours is bypassed by our sign-up flows: say so."""
    if not apps.is_installed("allauth.account"):
        return []
    from allauth.account import app_settings as account_settings
    from allauth.account.adapter import DefaultAccountAdapter

    from jwt_allauth.adapter import AccountAdapter

    adapter_class = import_string(account_settings.ADAPTER)
    if adapter_class is DefaultAccountAdapter or issubclass(adapter_class, AccountAdapter):
        return []
    return [
        checks.Warning(
            f"ACCOUNT_ADAPTER {account_settings.ADAPTER} does not extend jwt_allauth's "
            "adapter; jwt_allauth's sign-up mails and links will not use it.",
            hint="Derive it from jwt_allauth.adapter.AccountAdapter.",
            id="jwt_allauth.W003",
        )
    ]


@checks.register("jwt_allauth")
def check_authentication_classes(
    app_configs: AppConfigs = None, **kwargs: object
) -> list[checks.CheckMessage]:
    """The project's own views need a JWT class among DRF's defaults to accept our tokens."""
    if not apps.is_installed("rest_framework"):
        return []
    from rest_framework.settings import api_settings
    from rest_framework_simplejwt.authentication import JWTAuthentication

    try:
        classes = api_settings.DEFAULT_AUTHENTICATION_CLASSES
    except ImportError as error:
        return [_import_error("REST_FRAMEWORK['DEFAULT_AUTHENTICATION_CLASSES']", error)]
    if any(isinstance(cls, type) and issubclass(cls, JWTAuthentication) for cls in classes):
        return []
    return [
        checks.Warning(
            "REST_FRAMEWORK['DEFAULT_AUTHENTICATION_CLASSES'] has no JWT authentication class: "
            "jwt_allauth's own endpoints work, but your views will answer 401 to its "
            "access tokens.",
            hint="Add 'jwt_allauth.authentication.JWTAuthentication' to it.",
            id="jwt_allauth.W008",
        )
    ]


@checks.register("jwt_allauth")
def check_dotted_paths(
    app_configs: AppConfigs = None, **kwargs: object
) -> list[checks.CheckMessage]:
    """Serializer and permission overrides are imported on first request: import them now."""
    errors = [
        error
        for setting in table.SERIALIZERS
        if (path := app_settings.configured_serializer(setting)) is not None
        for error in _import(setting.name, path)
    ]
    legacy = app_settings.LEGACY_SERIALIZERS
    if legacy is not None and not isinstance(legacy, dict):
        errors.append(_import_error(table.LEGACY_SERIALIZERS.name, f"{legacy!r} is not a dict"))
    if app_settings.CLIENT_IP_RESOLVER is not None:
        errors += _import(table.CLIENT_IP_RESOLVER.name, app_settings.CLIENT_IP_RESOLVER)
    return errors + _check_permission_classes()


def _check_permission_classes() -> list[checks.CheckMessage]:
    name = table.REGISTER_PERMISSION_CLASSES.name
    paths = app_settings.raw(table.REGISTER_PERMISSION_CLASSES, default=())
    if not isinstance(paths, (list, tuple)):
        return [_import_error(name, f"{paths!r} is not a list of dotted paths")]
    return [error for i, path in enumerate(paths) for error in _import(f"{name}[{i}]", path)]


def _import(name: str, path: object) -> list[checks.CheckMessage]:
    if not isinstance(path, str):
        return [_import_error(name, f"{path!r} is not a dotted path")]
    try:
        import_string(path)
    except ImportError as error:
        return [_import_error(name, error)]
    return []


def _import_error(name: str, reason: object) -> checks.Error:
    return checks.Error(
        f"{name} cannot be imported: {reason}",
        hint="Give the full dotted path of a class, e.g. 'myapp.serializers.MySerializer'; "
        "settings taking several classes take a list of such paths.",
        id="jwt_allauth.E022",
    )
