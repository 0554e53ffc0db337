"""manage.py jwt_allauth_purge_sessions: what goes, what stays, in batches."""

from __future__ import annotations

import io
import sqlite3
import uuid
from datetime import timedelta

import pytest
import time_machine
from django.core.management import CommandError, ManagementUtility, call_command
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jwt_allauth.sessions import purge
from jwt_allauth.sessions.models import RevokeReason, UserSession

COMMAND = "jwt_allauth_purge_sessions"


def make_session(user, *, expires_in: timedelta, revoked_ago: timedelta | None = None):
    now = timezone.now()
    return UserSession.objects.create(
        user=user,
        current_jti=uuid.uuid4().hex,
        created_at=now - timedelta(days=100),
        expires_at=now + expires_in,
        revoked_at=now - revoked_ago if revoked_ago is not None else None,
        revoke_reason=RevokeReason.LOGOUT if revoked_ago is not None else "",
    )


@pytest.fixture
def population(user, user_factory):
    """Rows of every kind; returns (ids that must go, ids that must stay) with 30 days kept."""
    other = user_factory()
    day = timedelta(days=1)
    doomed = [
        make_session(user, expires_in=-day),
        make_session(other, expires_in=-timedelta(seconds=1)),
        make_session(user, expires_in=-40 * day, revoked_ago=50 * day),
        make_session(user, expires_in=-day, revoked_ago=2 * day),  # expired wins
        make_session(user, expires_in=10 * day, revoked_ago=31 * day),
        make_session(other, expires_in=60 * day, revoked_ago=400 * day),
    ]
    kept = [
        make_session(user, expires_in=day),
        make_session(other, expires_in=89 * day),
        make_session(user, expires_in=10 * day, revoked_ago=29 * day),
        make_session(user, expires_in=10 * day, revoked_ago=timedelta(minutes=1)),
    ]
    return {s.pk for s in doomed}, {s.pk for s in kept}


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(COMMAND, *args, stdout=out)
    return out.getvalue()


def remaining() -> set:
    return set(UserSession.objects.values_list("pk", flat=True))


def test_purges_expired_and_long_revoked_keeps_the_rest(population):
    doomed, kept = population

    output = run()

    assert output == f"{len(doomed)} session(s) deleted.\n"
    assert remaining() == kept


def test_keep_revoked_days(population):
    doomed, kept = population
    live = set(
        UserSession.objects.filter(pk__in=kept, revoked_at=None).values_list("pk", flat=True)
    )

    run("--keep-revoked-days", "0")

    assert len(live) == 2
    assert remaining() == live


def test_dry_run_counts_without_deleting(population):
    doomed, kept = population

    output = run("--dry-run")

    assert output == f"{len(doomed)} session(s) would be deleted.\n"
    assert remaining() == doomed | kept


def test_dry_run_count_matches_a_real_run_with_other_retention(population):
    counted = run("--dry-run", "--keep-revoked-days", "0")

    deleted = run("--keep-revoked-days", "0")

    assert counted.split()[0] == deleted.split()[0]


@pytest.mark.parametrize("batch_size", ["1", "2", "4", "6", "100"])
def test_small_batches_still_delete_everything(population, batch_size):
    doomed, kept = population

    with CaptureQueriesContext(connection) as queries:
        output = run("--batch-size", batch_size)

    assert output == f"{len(doomed)} session(s) deleted.\n"
    assert remaining() == kept
    deletes = [q for q in queries if q["sql"].lstrip().upper().startswith("DELETE")]
    # Four expired rows and two long-revoked live ones, one statement per batch,
    # plus at most one empty probe per queryset.
    size = int(batch_size)
    minimum = -(-4 // size) + -(-2 // size)
    assert minimum <= len(deletes) <= minimum + 2


def test_many_rows_in_many_batches(user):
    past = timezone.now() - timedelta(days=1)
    UserSession.objects.bulk_create(
        UserSession(user=user, current_jti=str(n), expires_at=past) for n in range(257)
    )
    live = make_session(user, expires_in=timedelta(days=1))

    with CaptureQueriesContext(connection) as queries:
        output = run("--batch-size", "50")

    assert output == "257 session(s) deleted.\n"
    assert remaining() == {live.pk}
    deletes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("DELETE")]
    # Six batches of expired rows (5 x 50 + 7), one empty batch of long-revoked rows.
    assert len(deletes) == 7
    # Each batch picks rows by index; sorting them would cost a full sort per batch.
    if connection.vendor == "sqlite":  # the first rows along the index, in its order
        assert not any("TEMP B-TREE" in plan for plan in plans(queries))
    else:
        assert not any("ORDER BY" in sql.upper() for sql in deletes)


sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite stores dates as text the purge reads back"
)


def plans(queries) -> list[str]:
    """SQLite's plan of each captured statement on the sessions table, steps joined."""
    found = []
    with connection.cursor() as cursor:
        for query in queries:
            if UserSession._meta.db_table in query["sql"]:
                cursor.execute(f"EXPLAIN QUERY PLAN {query['sql']}")
                found.append(" / ".join(str(row[-1]) for row in cursor.fetchall()))
    return found


def test_nothing_to_purge(user):
    live = make_session(user, expires_in=timedelta(days=1))

    assert run() == "0 session(s) deleted.\n"
    assert run("--dry-run") == "0 session(s) would be deleted.\n"
    assert remaining() == {live.pk}


@pytest.mark.parametrize(
    "args",
    [
        ["--batch-size", "0"],
        ["--batch-size", "-5"],
        ["--keep-revoked-days", "-1"],
    ],
)
def test_bad_values_raise_command_error(db, args):
    with pytest.raises(CommandError) as caught:
        run(*args)
    assert caught.value.returncode == 2


@pytest.mark.parametrize(
    "args",
    [
        ["--batch-size", "0"],
        ["--keep-revoked-days", "-1"],
        ["--batch-size", "abc"],
        ["--keep-revoked-days", "1.5"],
        ["--no-such-option"],
    ],
)
def test_bad_options_exit_non_zero_from_the_command_line(population, capsys, monkeypatch, args):
    # The CLI closes every connection on its way out; the test's own must survive.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    before = remaining()

    with pytest.raises(SystemExit) as caught:
        ManagementUtility(["manage.py", COMMAND, *args]).execute()

    assert caught.value.code not in (0, None)
    assert capsys.readouterr().err
    assert remaining() == before


def test_new_sessions_get_ids_in_creation_order(user):
    start = timezone.now()
    ids = []
    for step in range(3):
        with time_machine.travel(start + timedelta(seconds=step), tick=False):
            ids.append(make_session(user, expires_in=timedelta(days=1)).pk)

    assert [i.version for i in ids] == [7, 7, 7]
    assert sorted(ids) == ids
    assert list(UserSession.objects.order_by("pk").values_list("pk", flat=True)) == ids


@pytest.mark.parametrize(
    ("rows", "seconds", "expected"),
    [
        (40_000, 0.15, 80_000),  # twice as fast as wanted: doubles, no more
        (40_000, 0.03, 80_000),  # far faster: still only doubles
        (40_000, 0.5, 24_000),  # too slow: shrinks to fit the target
        (40_000, 30.0, purge.SQLITE_MIN_BATCH),  # never below the floor
        (400, 0.01, 40_000),  # a short last batch says nothing about speed
    ],
)
def test_adaptive_batch_size_aims_at_the_target_duration(rows, seconds, expected):
    sizer = purge.BatchSizer(40_000, target=0.3)

    sizer.record(rows, seconds)

    assert sizer.size == expected


def test_fixed_batch_size_stays_fixed():
    sizer = purge.BatchSizer(50)

    sizer.record(50, 100.0)

    assert sizer.size == 50


def test_default_batches_adapt_and_delete_everything(user, monkeypatch):
    past = timezone.now() - timedelta(days=1)
    UserSession.objects.bulk_create(
        UserSession(user=user, current_jti=str(n), expires_at=past) for n in range(120)
    )
    monkeypatch.setattr(purge, "DEFAULT_BATCH_SIZE", {"sqlite": 10})
    monkeypatch.setattr(purge, "OTHER_BATCH_SIZE", 10)
    monkeypatch.setattr(purge, "SQLITE_MIN_BATCH", 10)
    monkeypatch.setattr(purge, "SQLITE_PAUSE", 0)
    sizes = []
    record = purge.BatchSizer.record
    monkeypatch.setattr(
        purge.BatchSizer, "record", lambda self, n, s: (sizes.append(self.size), record(self, n, s))
    )
    # A table without statistics, as in a fresh test database, whatever autovacuum
    # did meanwhile: the heap block sweep has its own tests below.
    monkeypatch.setattr(purge, "_blocks_per_batch", lambda qs, rows: None)
    windows = []
    in_windows = purge._delete_in_windows
    monkeypatch.setattr(
        purge,
        "_delete_in_windows",
        lambda qs, rows: (windows.append(rows), in_windows(qs, rows))[1],
    )

    assert run() == "120 session(s) deleted.\n"
    assert remaining() == set()
    if connection.vendor == "sqlite":  # a batch of 10 rows is far under 0.3 s: it grows
        assert (sizes[:3], windows) == ([10, 20, 40], [])
    else:  # spans of time of about 10 rows, for both querysets
        assert (sizes, windows) == ([], [10, 10])


def test_an_explicit_batch_size_is_exact_on_every_database(user, monkeypatch):
    monkeypatch.setattr(purge, "SQLITE_PAUSE", 0)
    start = timezone.now() - timedelta(days=10)
    UserSession.objects.bulk_create(
        UserSession(user=user, current_jti=str(n), expires_at=start + timedelta(minutes=n))
        for n in range(35)
    )
    spy = []
    monkeypatch.setattr(purge, "_delete_in_windows", lambda qs, rows: spy.append(rows))

    assert run("--batch-size", "10") == "35 session(s) deleted.\n"
    assert spy == []


def expired_at(user, moments):
    UserSession.objects.bulk_create(
        UserSession(user=user, current_jti=uuid.uuid4().hex, expires_at=moment)
        for moment in moments
    )


def delete_statements(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("DELETE")]


def test_windows_follow_the_density_and_read_the_index_once(user):
    start = timezone.now() - timedelta(days=30)
    expired_at(user, [start + timedelta(minutes=n) for n in range(200)])
    live = make_session(user, expires_in=timedelta(days=1))
    expired = UserSession.objects.filter(expires_at__lte=timezone.now()).order_by("expires_at")

    with CaptureQueriesContext(connection) as queries:
        deleted = purge._delete_in_windows(expired, 20)

    assert (deleted, remaining()) == (200, {live.pk})
    assert len(delete_statements(queries)) == 10  # evenly spread rows: spans of 20 exactly
    offsets = [q for q in queries if "OFFSET" in q["sql"].upper()]
    assert len(offsets) == 1  # only the first span is measured by walking the index


def test_windows_take_rows_that_share_one_value_together(user):
    start = timezone.now() - timedelta(days=30)
    same = [start] * 30
    expired_at(user, [*same, *(start + timedelta(seconds=n) for n in range(1, 16))])
    expired = UserSession.objects.filter(expires_at__lte=timezone.now()).order_by("expires_at")

    with CaptureQueriesContext(connection) as queries:
        deleted = purge._delete_in_windows(expired, 10)

    assert (deleted, remaining()) == (45, set())
    assert len(delete_statements(queries)) <= 4  # the 30 ties at once, then about 10 a span


def test_windows_jump_gaps_and_keep_what_the_queryset_excludes(user):
    now = timezone.now()
    early = [now - timedelta(days=400, minutes=n) for n in range(25)]
    late = [now - timedelta(days=1, milliseconds=n) for n in range(25)]
    expired_at(user, [*early, *late])
    kept = {make_session(user, expires_in=timedelta(minutes=1)).pk}
    expired = UserSession.objects.filter(expires_at__lte=now).order_by("expires_at")

    with CaptureQueriesContext(connection) as queries:
        deleted = purge._delete_in_windows(expired, 10)

    assert (deleted, remaining()) == (50, kept)
    # A year with no sessions costs no empty batch: the next span starts at the next row.
    assert len(delete_statements(queries)) <= 5


def test_windows_on_nothing_delete_nothing(user):
    live = make_session(user, expires_in=timedelta(days=1))
    expired = UserSession.objects.filter(expires_at__lte=timezone.now()).order_by("expires_at")

    assert purge._delete_in_windows(expired, 10) == 0
    assert remaining() == {live.pk}


def test_sqlite_range_batches_filter_on_their_own_bounds_only(user, monkeypatch):
    # The cutoff repeated in a batch's DELETE would be a second upper bound,
    # which SQLite tests row by row: it made each batch nearly twice as slow.
    monkeypatch.setattr(purge, "SQLITE_PAUSE", 0)
    start = timezone.now() - timedelta(days=10)
    expired_at(user, [start + timedelta(minutes=n) for n in range(30)])
    live = make_session(user, expires_in=timedelta(days=1))

    with CaptureQueriesContext(connection) as queries:
        assert run("--batch-size", "10") == "30 session(s) deleted.\n"

    batches = [sql for sql in delete_statements(queries) if '"expires_at" <' in sql]
    assert 3 <= len(batches) <= 4  # the last batch was full: one empty probe
    assert all(sql.count('"expires_at" <') == 1 for sql in batches)
    assert remaining() == {live.pk}


postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="heap block sweeps are for PostgreSQL"
)


def analyze_sessions():
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {UserSession._meta.db_table}")


@postgres_only
def test_postgres_sweeps_heap_blocks_when_most_rows_are_purgeable(user, monkeypatch):
    now = timezone.now()
    expired_at(user, [now - timedelta(days=200, minutes=n) for n in range(400)])
    kept = {make_session(user, expires_in=timedelta(days=1)).pk for _ in range(3)}
    expired_at(user, [now - timedelta(days=1, minutes=n) for n in range(400)])  # after them
    kept.add(make_session(user, expires_in=timedelta(days=3), revoked_ago=timedelta(days=2)).pk)
    analyze_sessions()
    monkeypatch.setattr(purge, "OTHER_BATCH_SIZE", 100)
    sweeps = []
    by_blocks = purge._delete_by_blocks
    monkeypatch.setattr(
        purge, "_delete_by_blocks", lambda qs, n: (sweeps.append(n), by_blocks(qs, n))[1]
    )

    with CaptureQueriesContext(connection) as queries:
        assert run() == "800 session(s) deleted.\n"

    assert remaining() == kept
    assert sweeps and sweeps[0] >= 1
    ctid_deletes = [sql for sql in delete_statements(queries) if "ctid >=" in sql]
    assert len(ctid_deletes) >= 4  # about 100 rows each, over 800 rows


@postgres_only
def test_postgres_follows_the_index_when_few_rows_are_purgeable(user, monkeypatch):
    now = timezone.now()
    UserSession.objects.bulk_create(
        UserSession(user=user, current_jti=uuid.uuid4().hex, expires_at=now + timedelta(days=9))
        for _ in range(3000)
    )
    expired_at(user, [now - timedelta(days=1, minutes=n) for n in range(3)])
    analyze_sessions()
    expired = UserSession.objects.filter(expires_at__lte=now).order_by("expires_at")
    monkeypatch.setattr(purge, "_delete_by_blocks", lambda qs, n: pytest.fail("swept the heap"))

    assert purge._blocks_per_batch(expired, 100) is None
    assert purge._delete_about(expired, 100) == 3
    assert UserSession.objects.count() == 3000


@postgres_only
def test_a_sweep_of_single_blocks_keeps_every_row_it_should(user):
    now = timezone.now()
    for n in range(60):  # live and expired rows share every block
        expired_at(user, [now - timedelta(days=2, minutes=n)])
        make_session(user, expires_in=timedelta(days=1))
    expired = UserSession.objects.filter(expires_at__lte=now).order_by("expires_at")

    assert purge._delete_by_blocks(expired, 1) == 60
    assert UserSession.objects.count() == 60
    assert not UserSession.objects.filter(expires_at__lte=now).exists()


@pytest.mark.skipif(connection.vendor == "postgresql", reason="sweeps are tested above")
def test_other_databases_never_sweep_heap_blocks(user):
    expired_at(user, [timezone.now() - timedelta(days=1)])
    expired = UserSession.objects.filter(expires_at__lte=timezone.now()).order_by("expires_at")

    assert purge._blocks_per_batch(expired, 100) is None


def test_connection_settings_are_restored(population):
    pragmas = ["cache_size", "journal_mode"] if connection.vendor == "sqlite" else []

    def current():
        with connection.cursor() as cursor:
            if not pragmas:
                cursor.execute("SHOW synchronous_commit")
                return [cursor.fetchone()[0]]
            values = []
            for pragma in pragmas:
                cursor.execute(f"PRAGMA {pragma}")
                values.append(cursor.fetchone()[0])
            return values

    before = current()

    run()

    assert current() == before


@pytest.mark.parametrize(("mode", "during"), [("delete", "persist"), ("wal", "wal")])
def test_sqlite_journal_is_kept_between_batches_only_in_rollback_mode(tmp_path, mode, during):
    database = sqlite3.connect(tmp_path / "purge.sqlite3")
    cursor = database.cursor()
    cursor.execute(f"PRAGMA journal_mode = {mode}")

    restore = purge._tune_sqlite(cursor)
    tuned = cursor.execute("PRAGMA journal_mode").fetchone()[0]
    for statement in restore:
        cursor.execute(statement).fetchall()

    assert (tuned, cursor.execute("PRAGMA journal_mode").fetchone()[0]) == (during, mode)
    assert cursor.execute("PRAGMA cache_size").fetchone()[0] == -2000
    database.close()


@sqlite_only
def test_sqlite_batches_of_rows_sharing_one_expiry_sort_nothing(user, monkeypatch):
    # A mass logout or a bulk import: many rows with one expires_at. Ordering
    # them by anything the index does not hold re-sorts every tie left, per batch.
    monkeypatch.setattr(purge, "SQLITE_PAUSE", 0)
    past = timezone.now() - timedelta(days=1)
    expired_at(user, [past] * 60)
    live = make_session(user, expires_in=timedelta(days=1))

    with CaptureQueriesContext(connection) as queries:
        assert run("--batch-size", "10") == "60 session(s) deleted.\n"

    assert remaining() == {live.pk}
    sorting = [plan for plan in plans(queries) if "TEMP B-TREE" in plan]
    assert sorting == []
    assert 6 <= len(delete_statements(queries)) <= 8  # one DELETE per batch of 10


@sqlite_only
@pytest.mark.parametrize("suffix", ["+00:00", "Z", "T"])
def test_sqlite_dates_stored_in_another_spelling_never_crash_the_purge(user, monkeypatch, suffix):
    # Another tool, or an older Django, may have written '... +00:00': such a
    # value reads back as a datetime that no longer compares equal to it.
    monkeypatch.setattr(purge, "SQLITE_PAUSE", 0)
    past = timezone.now() - timedelta(days=2)
    expired_at(user, [past] * 15 + [past + timedelta(seconds=n) for n in range(15)])
    live = make_session(user, expires_in=timedelta(days=1))
    table = UserSession._meta.db_table
    with connection.cursor() as cursor:
        if suffix == "T":  # ISO 8601 with a T between date and time
            cursor.execute(f"UPDATE {table} SET expires_at = replace(expires_at, ' ', 'T')")
        else:
            cursor.execute(f"UPDATE {table} SET expires_at = expires_at || %s", [suffix])

    assert run("--batch-size", "4") == "30 session(s) deleted.\n"
    assert remaining() == {live.pk}
