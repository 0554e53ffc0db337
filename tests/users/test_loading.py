"""Loading the token's user: one compiled query, the same row the ORM would give."""

from __future__ import annotations

import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Value
from django.test.utils import CaptureQueriesContext
from rest_framework import serializers

from jwt_allauth.exceptions import UserNotFound
from jwt_allauth.internal import pklookup
from jwt_allauth.users import flows
from jwt_allauth.users.serializers import UserDetailsSerializer


def as_loaded(user) -> dict:
    return {name: value for name, value in vars(user).items() if name != "_state"}


@pytest.fixture(autouse=True)
def _fresh_queries():
    pklookup._lookups.clear()
    yield
    pklookup._lookups.clear()


def test_loads_the_same_row_as_the_orm_with_one_query(user):
    orm = get_user_model()._default_manager.get(pk=user.pk)

    with CaptureQueriesContext(connection) as queries:
        first = flows.load_active_user(user.pk)
        second = flows.load_active_user(str(user.pk))  # as a token carries it

    assert len(queries) == 2
    assert as_loaded(first) == as_loaded(second) == as_loaded(orm)
    assert (first._state.adding, first._state.db) == (False, orm._state.db)
    assert list(pklookup._lookups.values())[0] is not None  # compiled, not the ORM fallback


@pytest.mark.parametrize("change", ["delete", "deactivate"])
def test_a_deleted_or_inactive_user_is_not_found(user, change):
    flows.load_active_user(user.pk)  # the query is compiled already
    if change == "delete":
        user.delete()
    else:
        get_user_model()._default_manager.filter(pk=user.pk).update(is_active=False)

    with pytest.raises(UserNotFound):
        flows.load_active_user(user.pk)


@pytest.mark.django_db(transaction=True)
def test_a_query_compiled_in_one_thread_loads_in_another(user_factory):
    # The backend's converters belong to each thread's connection.
    user = user_factory()
    flows.load_active_user(user.pk)
    loaded = []

    def load():
        try:
            loaded.append(flows.load_active_user(user.pk))
        finally:
            connection.close()

    thread = threading.Thread(target=load)
    thread.start()
    thread.join()

    orm = get_user_model()._default_manager.get(pk=user.pk)
    assert [as_loaded(u) for u in loaded] == [as_loaded(orm)]


@pytest.mark.parametrize(
    "narrowed",
    [
        lambda qs: qs.filter(is_active=True),
        lambda qs: qs.only("pk"),
        lambda qs: qs.annotate(n=Value(1)),
    ],
    ids=["filters", "defers", "annotates"],
)
def test_a_default_manager_that_narrows_its_rows_keeps_the_orm_path(user, narrowed):
    everyone = get_user_model()._base_manager.all()

    assert pklookup._compile(everyone, (), user.pk) is not None
    assert pklookup._compile(narrowed(everyone), (), user.pk) is None


def test_serializer_fields_are_built_once_and_fresh_for_each_instance(user):
    first, second = UserDetailsSerializer(user), UserDetailsSerializer(user)

    assert list(first.fields) == list(second.fields) == ["email", "first_name", "last_name"]
    assert first.fields["first_name"] is not second.fields["first_name"]
    assert first.fields["first_name"].parent is first
    assert second.data == {"email": user.email, "first_name": "", "last_name": ""}


def test_a_subclass_that_builds_fields_per_request_is_not_cached(user):
    class PerRequest(UserDetailsSerializer):
        def get_extra_kwargs(self):
            extra = super().get_extra_kwargs()
            extra.setdefault("last_name", {})["read_only"] = self.context.get("locked", False)
            return extra

    locked = PerRequest(user, data={"last_name": "X"}, partial=True, context={"locked": True})
    open_ = PerRequest(user, data={"last_name": "X"}, partial=True, context={})

    assert locked.fields["last_name"].read_only is True
    assert open_.fields["last_name"].read_only is False


def test_a_subclass_with_its_own_field_is_served_from_its_own_cache(user):
    class WithId(UserDetailsSerializer):
        id = serializers.IntegerField(read_only=True)

        class Meta(UserDetailsSerializer.Meta):
            fields = ("id", *UserDetailsSerializer.Meta.fields)

    UserDetailsSerializer(user).data  # noqa: B018  (fills the parent's cache first)

    assert list(WithId(user).data) == ["id", "email", "first_name", "last_name"]
    assert list(UserDetailsSerializer(user).data) == ["email", "first_name", "last_name"]


def test_fields_holding_fields_are_copied_whole(user):
    class WithTags(UserDetailsSerializer):
        tags = serializers.ListField(child=serializers.CharField(), required=False)

        class Meta(UserDetailsSerializer.Meta):
            fields = (*UserDetailsSerializer.Meta.fields, "tags")

    first, second = WithTags(user), WithTags(user)

    assert first.fields["tags"].child is not second.fields["tags"].child
    assert first.fields["tags"].child.root is first
    assert first.fields["email"].validators is not second.fields["email"].validators


def test_what_one_instance_changes_in_its_fields_stays_its_own(user):
    class Customised(UserDetailsSerializer):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if self.context.get("strict"):
                self.fields["first_name"].error_messages["blank"] = "Say your name."
                self.fields["first_name"].validators.append(lambda value: None)
                self.fields["first_name"].allow_blank = False

    strict = Customised(user, data={"first_name": ""}, partial=True, context={"strict": True})
    lenient = Customised(user, data={"first_name": ""}, partial=True)

    assert not strict.is_valid()
    assert strict.errors == {"first_name": ["Say your name."]}
    assert lenient.is_valid(), lenient.errors
    fresh = Customised(user).fields["first_name"]
    assert fresh.error_messages["blank"] != "Say your name."
    assert len(fresh.validators) == len(lenient.fields["first_name"].validators)
