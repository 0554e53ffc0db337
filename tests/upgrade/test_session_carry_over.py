"""Migration 0003 turns each live 1.x session into a UserSession, and nothing else.

The database is taken back to 0002 (where 1.x's whitelist table still exists),
given whitelist rows, and migrated forward again.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from jwt_allauth.sessions.models import UserSession

BEFORE = [("jwt_allauth", "0002_usersession_onetimegrant")]
LIFETIME = timedelta(days=10)


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def add_1x_row(Whitelist, user, session: str, jti: str, age: timedelta, **fields) -> None:
    row = Whitelist.objects.create(user_id=user.pk, session=session, jti=jti, **fields)
    Whitelist.objects.filter(pk=row.pk).update(created=timezone.now() - age)


@pytest.mark.django_db(transaction=True)
def test_live_1x_sessions_become_sessions(settings, user):
    settings.JWT_REFRESH_TOKEN_LIFETIME = LIFETIME
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    Whitelist = migrate(BEFORE).get_model("jwt_allauth", "RefreshTokenWhitelistModel")
    rotated, ended, expired = (uuid.uuid4().hex for _ in range(3))
    add_1x_row(Whitelist, user, rotated, "a" * 32, timedelta(days=2))
    add_1x_row(
        Whitelist,
        user,
        rotated,
        "b" * 32,
        timedelta(days=1),
        ip="10.0.0.7",
        is_tablet=True,
        browser="Safari",
        browser_version="17.4",
        os="iPadOS",
        os_version="17.4",
        device="iPad",
    )
    add_1x_row(Whitelist, user, ended, "c" * 32, timedelta(hours=1), enabled=False)
    add_1x_row(Whitelist, user, expired, "d" * 32, LIFETIME + timedelta(minutes=1))
    add_1x_row(Whitelist, user, "not-a-session-id", "e" * 32, timedelta(hours=1))

    migrate(leaves)

    carried = UserSession.objects.get()
    newest = timezone.now() - timedelta(days=1)
    assert carried.pk == uuid.UUID(hex=rotated)
    assert carried.user_id == user.pk
    assert carried.current_jti == "b" * 32
    assert abs(carried.created_at - (newest - timedelta(days=1))) < timedelta(minutes=1)
    assert abs(carried.last_used_at - newest) < timedelta(minutes=1)
    assert carried.expires_at - carried.last_used_at == LIFETIME
    assert carried.revoked_at is None
    assert (carried.ip_address, carried.browser, carried.os) == (
        "10.0.0.7",
        "Safari 17.4",
        "iPadOS 17.4",
    )
    assert (carried.device, carried.device_type, carried.user_agent) == ("iPad", "tablet", "")
    assert "jwt_allauth_refreshtokenwhitelistmodel" not in connection.introspection.table_names()
