"""Sessions and one-time grants in the Django admin.

MFA authenticators are listed by ``allauth.mfa``'s own admin when it is installed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.db.models.constants import LOOKUP_SEP
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from jwt_allauth.grants.models import OneTimeGrant
from jwt_allauth.sessions.flows import revoke_session
from jwt_allauth.sessions.models import RevokeReason, UserSession, UserSessionQuerySet

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

    _SessionAdmin = admin.ModelAdmin[UserSession]
    _GrantAdmin = admin.ModelAdmin[OneTimeGrant]
else:  # ModelAdmin takes no type argument at run time
    _SessionAdmin = _GrantAdmin = admin.ModelAdmin


def user_email_lookup() -> str:
    return f"user__{get_user_model().get_email_field_name()}"


class IsSetFilter(admin.SimpleListFilter):
    """Yes / No on whether a nullable timestamp (``field``) is set."""

    field = ""

    def lookups(
        self, request: HttpRequest, model_admin: admin.ModelAdmin[Any]
    ) -> tuple[tuple[str, _StrPromise], ...]:
        return (("yes", _("Yes")), ("no", _("No")))

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() not in ("yes", "no"):
            return queryset
        return queryset.filter(**{f"{self.field}__isnull": self.value() == "no"})


class RevokedFilter(IsSetFilter):
    title = _("revoked")
    parameter_name = "revoked"
    field = "revoked_at"


class UsedFilter(IsSetFilter):
    title = _("used")
    parameter_name = "used"
    field = "used_at"


@admin.register(UserSession)
class UserSessionAdmin(_SessionAdmin):
    list_display = (
        "user_sessions",
        "device_type",
        "client",
        "ip_address",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked",
        "revoke_reason",
    )
    list_filter = (RevokedFilter, "device_type", "revoke_reason")
    date_hierarchy = "created_at"
    list_select_related = ("user",)
    show_full_result_count = False  # one COUNT(*) less on a table with a row per sign-in
    # current_jti is left out: it is the live refresh token's id, of no use to a person.
    fields = (
        "id",
        "user",
        "device_type",
        "device",
        "browser",
        "os",
        "user_agent",
        "ip_address",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
        "revoke_reason",
    )
    readonly_fields = fields
    actions = ("revoke_selected",)

    def get_search_fields(self, request: HttpRequest) -> tuple[str, ...]:
        return (user_email_lookup(), "ip_address", "browser", "os", "device")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: UserSession | None = None) -> bool:
        """Rows are read-only; the list-level "change" right is what the revoke action needs."""
        return obj is None and super().has_change_permission(request)

    @admin.display(description=_("user"), ordering="user")
    def user_sessions(self, session: UserSession) -> str:
        """The user, linking to that user's sessions."""
        return format_html('<a href="?user={}">{}</a>', session.user_id, session.user)

    @admin.display(description=_("client"))
    def client(self, session: UserSession) -> str:
        parts = [session.device, session.browser, session.os]
        return " · ".join(part for part in parts if part) or "—"

    @admin.display(description=_("revoked"), boolean=True, ordering="revoked_at")
    def revoked(self, session: UserSession) -> bool:
        return session.revoked_at is not None

    @admin.action(description=_("Revoke the selected sessions"), permissions=["change"])
    def revoke_selected(self, request: HttpRequest, queryset: UserSessionQuerySet) -> None:
        live = list(queryset.alive().values_list("pk", flat=True))
        ended = sum(revoke_session(pk, RevokeReason.REVOKED_BY_ADMIN) for pk in live)
        message = ngettext("%(count)d session revoked.", "%(count)d sessions revoked.", ended) % {
            "count": ended
        }
        self.message_user(request, message, messages.SUCCESS)


HIDDEN_GRANT_FIELDS = frozenset({"secret_hash", "payload"})


@admin.register(OneTimeGrant)
class OneTimeGrantAdmin(_GrantAdmin):
    """Read-only; the secret's hash and the encrypted payload are never shown nor filterable."""

    list_display = ("purpose", "user", "email", "created_at", "expires_at", "used_at", "attempts")
    list_filter = ("purpose", UsedFilter)
    date_hierarchy = "created_at"
    list_select_related = ("user",)
    ordering = ("-created_at",)
    fields = (
        "id",
        "purpose",
        "user",
        "email",
        "created_at",
        "expires_at",
        "used_at",
        "attempts",
    )
    readonly_fields = fields

    def get_search_fields(self, request: HttpRequest) -> tuple[str, ...]:
        return (user_email_lookup(), "email")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: OneTimeGrant | None = None) -> bool:
        return False

    def lookup_allowed(self, lookup: str, value: str, request: HttpRequest | None = None) -> bool:
        """No ``?secret_hash__startswith=`` oracle for reading hidden fields bit by bit."""
        if lookup.split(LOOKUP_SEP)[0] in HIDDEN_GRANT_FIELDS:
            return False
        args = (lookup, value) if request is None else (lookup, value, request)
        return super().lookup_allowed(*args)
