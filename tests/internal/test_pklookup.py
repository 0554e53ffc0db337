"""Rows by primary key through SQL compiled once: the same instances as the ORM's."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jwt_allauth.internal import pklookup
from jwt_allauth.sessions.flows import open_session
from jwt_allauth.sessions.models import UserSession


def as_loaded(instance) -> dict:
    return {name: value for name, value in vars(instance).items() if name != "_state"}


@pytest.fixture(autouse=True)
def _fresh_lookups():
    pklookup._lookups.clear()
    yield
    pklookup._lookups.clear()


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
