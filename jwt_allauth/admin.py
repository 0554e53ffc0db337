"""Sessions in the Django admin, with a bulk revoke action."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from jwt_allauth.sessions.flows import revoke_session
from jwt_allauth.sessions.models import RevokeReason, UserSession


@admin.register(UserSession)
class UserSessionAdmin(admin.ModelAdmin):
    list_display = (
        "user",
        "device_type",
        "browser",
        "os",
        "ip_address",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    )
    list_filter = ("device_type", "revoke_reason")
    search_fields = ("user__pk", "ip_address", "browser", "os")
    list_select_related = ("user",)
    readonly_fields = tuple(field.name for field in UserSession._meta.fields)
    actions = ("revoke_selected",)

    def has_add_permission(self, request: Any) -> bool:
        return False

    @admin.action(description=_("Revoke the selected sessions"))
    def revoke_selected(self, request: Any, queryset: Any) -> None:
        ended = sum(
            revoke_session(pk, RevokeReason.REVOKED_BY_ADMIN)
            for pk in queryset.values_list("pk", flat=True)
        )
        self.message_user(request, _("%(count)d session(s) revoked.") % {"count": ended})
