"""Turn jwt-allauth 1.x's live refresh tokens into sessions, then drop 1.x's token tables.

A 1.x session is the set of whitelist rows sharing a ``session`` value; its newest
enabled row holds the one refresh token still valid. That row becomes a
``UserSession`` with the same id and ``current_jti``, so the token keeps
refreshing (and an older token of the session is a replay), and its device
columns carry over. The session ends ``JWT_REFRESH_TOKEN_LIFETIME`` after that
token was issued; a session already past that is not carried over.

The generic tokens (pending links and MFA challenges of 1.x) are dropped with
their table: see docs/upgrading.rst.
"""

import uuid

from django.db import migrations
from django.utils import timezone

DEVICE_TYPES = (("is_bot", "bot"), ("is_tablet", "tablet"), ("is_mobile", "mobile"), ("is_pc", "pc"))


def name_and_version(name, version):
    return " ".join(filter(None, (name, version)))[:100]


def device_type(row):
    if row.browser is None and row.os is None:
        return ""
    return next((kind for flag, kind in DEVICE_TYPES if getattr(row, flag)), "other")


def live_1x_sessions(Whitelist):
    """The newest enabled row of each 1.x session, with when the session began."""
    newest, started = {}, {}
    for row in Whitelist.objects.filter(enabled=True).order_by("created", "id").iterator():
        newest[row.session] = row
        started.setdefault(row.session, row.created)
    return [(row, started[key]) for key, row in newest.items()]


def session_id(value):
    try:
        return uuid.UUID(hex=value)
    except ValueError:
        return None


def as_session(UserSession, row, started, lifetime):
    return UserSession(
        id=session_id(row.session),
        user_id=row.user_id,
        current_jti=row.jti,
        created_at=started,
        last_used_at=row.created,
        expires_at=row.created + lifetime,
        ip_address=row.ip,
        browser=name_and_version(row.browser, row.browser_version),
        os=name_and_version(row.os, row.os_version),
        device=(row.device or "")[:100],
        device_type=device_type(row),
    )


def carry_over_1x_sessions(apps, schema_editor):
    from jwt_allauth.app_settings import app_settings

    Whitelist = apps.get_model("jwt_allauth", "RefreshTokenWhitelistModel")
    UserSession = apps.get_model("jwt_allauth", "UserSession")
    lifetime, now = app_settings.REFRESH_TOKEN_LIFETIME, timezone.now()
    sessions = [
        as_session(UserSession, row, started, lifetime)
        for row, started in live_1x_sessions(Whitelist)
        if row.created + lifetime > now and session_id(row.session)
    ]
    UserSession.objects.bulk_create(sessions, batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ('jwt_allauth', '0002_usersession_onetimegrant'),
    ]

    operations = [
        migrations.RunPython(carry_over_1x_sessions, migrations.RunPython.noop),
        migrations.DeleteModel(name='GenericTokenModel'),
        migrations.DeleteModel(name='RefreshTokenWhitelistModel'),
    ]
