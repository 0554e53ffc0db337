"""Rows by primary key through SQL compiled once: the same instances as the ORM's."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jwt_allauth.internal import pklookup
from jwt_allauth.sessions.flows import open_session
from jwt_allauth.sessions.models import UserSession


def as_loaded(instance) -> dict:
    return {name: value for name, value in vars(instance).items() if name != "_state"}


@pytest.fixture(autouse=True)
def _fresh_lookups():
    pklookup._lookups.clear()
    pklookup._updates.clear()
    yield
    pklookup._lookups.clear()
    pklookup._updates.clear()


def test_a_session_and_its_user_load_as_the_orm_loads_them(user):
    session = open_session(user).session
    orm = UserSession.objects.select_related("user").get(pk=session.pk)

    with CaptureQueriesContext(connection) as queries:
        first = pklookup.fetch_by_pk(UserSession, session.pk, select_related=("user",))
        second = pklookup.fetch_by_pk(UserSession, str(session.pk), select_related=("user",))
        users = [first.user, second.user]

    assert len(queries) == 2
    assert as_loaded(first) == as_loaded(second) == as_loaded(orm)
    assert [as_loaded(u) for u in users] == [as_loaded(orm.user)] * 2
    assert (first._state.adding, first._state.db) == (False, orm._state.db)
    assert (users[0]._state.adding, users[0]._state.db) == (False, orm.user._state.db)
    assert all(pklookup._lookups.values())  # compiled, not the ORM fallback


def test_a_missing_row_is_none(user):
    open_session(user)
    for _ in range(2):
        assert pklookup.fetch_by_pk(UserSession, uuid.uuid4(), select_related=("user",)) is None


def test_each_shape_has_its_own_lookup(user):
    session = open_session(user).session
    plain = pklookup.fetch_by_pk(UserSession, session.pk)
    joined = pklookup.fetch_by_pk(UserSession, session.pk, select_related=("user",))

    assert as_loaded(plain) == as_loaded(joined)
    assert len(pklookup._lookups) == 2
    with CaptureQueriesContext(connection) as queries:
        assert plain.user.pk == user.pk
    assert len(queries) == 1  # not joined: loaded on first use, as the ORM does


def test_a_manager_that_joins_keeps_the_orm_path(user):
    joining = UserSession.objects.select_related("user")
    assert pklookup._compile(UserSession.objects.all(), ("user",), uuid.uuid4()) is not None
    assert pklookup._compile(joining, (), uuid.uuid4()) is None


def swap(session_pk, jti, **changes):
    return pklookup.update_by_pk(
        UserSession, session_pk, changes, equal={"current_jti": jti}, null=("revoked_at",)
    )


def test_a_compare_and_swap_changes_the_row_only_while_its_conditions_hold(user):
    session = open_session(user).session
    other = open_session(user).session
    later = timezone.now() + timedelta(minutes=5)

    with CaptureQueriesContext(connection) as queries:
        assert swap(session.pk, "not-the-jti", current_jti="x") == 0
        assert swap(session.pk, session.current_jti, current_jti="next", last_used_at=later) == 1
        assert swap(session.pk, session.current_jti, current_jti="again") == 0  # already swapped
        assert swap(str(session.pk), "next", current_jti="third") == 1

    assert len(queries) == 4
    assert all(pklookup._updates.values())  # compiled, not the ORM fallback
    for update in pklookup._updates.values():
        assert "IS NULL" in update.sql and update.sql.count("%s") >= 3  # values bound, never in it
        assert "next" not in update.sql and "third" not in update.sql
    session.refresh_from_db()
    other.refresh_from_db()
    assert (session.current_jti, session.last_used_at) == ("third", later)
    assert other.current_jti != "third"  # only the keyed row


def test_a_revoked_session_is_never_swapped(user):
    session = open_session(user).session
    UserSession.objects.filter(pk=session.pk).update(revoked_at=timezone.now())

    assert swap(session.pk, session.current_jti, current_jti="next") == 0
    session.refresh_from_db()
    assert session.current_jti != "next"


def test_the_compiled_update_is_the_orms_statement(user):
    session = open_session(user).session
    changes = {"current_jti": "next", "last_used_at": timezone.now()}
    with CaptureQueriesContext(connection) as orm:
        UserSession.objects.filter(
            pk=session.pk, current_jti=session.current_jti, revoked_at__isnull=True
        ).update(**changes)
        UserSession.objects.filter(pk=session.pk).update(current_jti=session.current_jti)
    with CaptureQueriesContext(connection) as ours:
        swap(session.pk, session.current_jti, **changes)

    assert ours[0]["sql"] == orm[0]["sql"]


def test_a_missing_condition_value_takes_the_orm_path(user):
    session = open_session(user).session

    assert swap(session.pk, None, current_jti="next") == 0  # IS NULL, as the ORM reads None
    assert swap(uuid.uuid4(), session.current_jti, current_jti="next") == 0
