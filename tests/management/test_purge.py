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

from jwt_allauth.sessions.models import RevokeReason, UserSession
from jwt_allauth.sessions.purge import generic, postgresql, sqlite

COMMAND = "jwt_allauth_purge_sessions"

sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's own batches and stored dates"
)


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
    if connection.vendor != "sqlite":
        return  # PostgreSQL sweeps heap blocks here: tested below
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
    # Each batch picks rows by index or heap block; sorting them would cost a
    # full sort per batch.
    if connection.vendor == "sqlite":  # the first rows along the index, in its order
        # Six batches of expired rows (5 x 50 + 7), one empty batch of long-revoked rows.
        assert len(deletes) == 7
        assert not any("TEMP B-TREE" in plan for plan in plans(queries))
    else:
        assert not any("ORDER BY" in sql.upper() for sql in deletes)


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
        (40_000, 30.0, sqlite.MIN_BATCH),  # never below the floor
        (400, 0.01, 40_000),  # a short last batch says nothing about speed
    ],
)
def test_adaptive_batch_size_aims_at_the_target_duration(rows, seconds, expected):
    sizer = sqlite.BatchSizer(40_000, target=0.3)

    sizer.record(rows, seconds)

    assert sizer.size == expected


def test_fixed_batch_size_stays_fixed():
    sizer = sqlite.BatchSizer(50)

    sizer.record(50, 100.0)

    assert sizer.size == 50


@pytest.fixture
def batch_log(caplog):
    """The row count of each purge batch, in order."""
    caplog.set_level("DEBUG", logger="jwt_allauth.sessions.purge")
    return lambda: [record.args[0] for record in caplog.records if record.name.endswith("purge")]


def test_default_batches_adapt_and_delete_everything(user, monkeypatch, batch_log):
    past = timezone.now() - timedelta(days=1)
    UserSession.objects.bulk_create(
        UserSession(user=user, current_jti=str(n), expires_at=past) for n in range(120)
    )
    for module, name in [(sqlite, "FIRST_BATCH"), (postgresql, "BATCH_SIZE")]:
        monkeypatch.setattr(module, name, 10)
    monkeypatch.setattr(generic, "BATCH_SIZE", 10)
    monkeypatch.setattr(sqlite, "MIN_BATCH", 10)
    monkeypatch.setattr(sqlite, "PAUSE", 0)

    assert run() == "120 session(s) deleted.\n"
    assert remaining() == set()
    if connection.vendor == "sqlite":  # a batch of 10 rows is far under 0.3 s: it grows
        assert batch_log()[:3] == [10, 20, 40]
    else:  # all of the table goes: PostgreSQL sweeps it, a block at a time
        assert sum(batch_log()) == 120


def test_an_explicit_batch_size_is_exact_along_the_index(user, monkeypatch, batch_log):
    # Under a tenth of the table goes, so PostgreSQL follows the index too.
    monkeypatch.setattr(sqlite, "PAUSE", 0)
    start = timezone.now() - timedelta(days=10)
    UserSession.objects.bulk_create(
        UserSession(user=user, current_jti=str(n), expires_at=start + timedelta(minutes=n))
        for n in range(35)
    )
    UserSession.objects.bulk_create(
        UserSession(user=user, current_jti=str(n), expires_at=start + timedelta(days=20))
        for n in range(400)
    )

    assert run("--batch-size", "10") == "35 session(s) deleted.\n"
    # SQLite learns that no long-revoked row is left from one empty DELETE.
    assert [n for n in batch_log() if n] == [10, 10, 10, 5]


def expired_at(user, moments):
    UserSession.objects.bulk_create(
        UserSession(user=user, current_jti=uuid.uuid4().hex, expires_at=moment)
        for moment in moments
    )


def delete_statements(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("DELETE")]


@sqlite_only
def test_sqlite_range_batches_filter_on_their_own_bounds_only(user, monkeypatch):
    # The cutoff repeated in a batch's DELETE would be a second upper bound,
    # which SQLite tests row by row: it made each batch nearly twice as slow.
    monkeypatch.setattr(sqlite, "PAUSE", 0)
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
    connection.vendor != "postgresql", reason="heap block sweeps are PostgreSQL's"
)


def fresh_heap():
    """Start the sessions table on an empty heap, so that its blocks hold only this test's rows.

    Rows of earlier tests were rolled back, not vacuumed: their dead space stays in
    the heap and would make blocks hold far fewer or far more rows than the planner's
    estimate says. TRUNCATE is transactional on PostgreSQL, so the test's rollback
    brings the old heap back.
    """
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {UserSession._meta.db_table}")


def analyze_sessions():
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {UserSession._meta.db_table}")


def pg_plans(statements) -> list[str]:
    with connection.cursor() as cursor:
        found = []
        for sql in statements:
            cursor.execute(f"EXPLAIN {sql}")
            found.append(" / ".join(line for (line,) in cursor.fetchall()))
        return found


@pytest.fixture
def sweeps(monkeypatch):
    """The blocks per batch of each sweep."""
    steps = []
    sweep = postgresql.sweep

    def spy(cursor, sessions, blocks, step):
        steps.append(step)
        return sweep(cursor, sessions, blocks, step)

    monkeypatch.setattr(postgresql, "sweep", spy)
    return steps


@postgres_only
@pytest.mark.parametrize("expiry", ["spread", "one"])
def test_postgres_sweeps_equal_ranges_of_blocks_whatever_the_expiry_times(
    user, sweeps, batch_log, expiry
):
    # A mass logout leaves many rows at one expires_at: batches along the index
    # would take them by key, sorting every tie left for each batch.
    fresh_heap()
    now = timezone.now()
    moments = [
        now - timedelta(days=200, minutes=n if expiry == "spread" else 0) for n in range(600)
    ]
    expired_at(user, moments[:300])
    kept = {make_session(user, expires_in=timedelta(days=1)).pk for _ in range(3)}
    expired_at(user, moments[300:])
    analyze_sessions()

    with CaptureQueriesContext(connection) as queries:
        assert run("--batch-size", "100") == "600 session(s) deleted.\n"

    assert remaining() == kept
    assert len(sweeps) == 1 and sweeps[0] >= 1  # the long-revoked query has too few rows
    assert len(batch_log()) >= 4 and max(batch_log()) <= 3 * 100
    deletes = pg_plans(delete_statements(queries))
    assert all("Tid Range Scan" in plan and "Sort" not in plan for plan in deletes)


@postgres_only
def test_postgres_follows_the_index_when_little_of_the_table_goes(user, sweeps):
    now = timezone.now()
    UserSession.objects.bulk_create(
        UserSession(user=user, current_jti=uuid.uuid4().hex, expires_at=now + timedelta(days=9))
        for _ in range(300)
    )
    expired_at(user, [now - timedelta(days=1, minutes=n) for n in range(3)])
    analyze_sessions()

    assert run() == "3 session(s) deleted.\n"
    assert (sweeps, UserSession.objects.count()) == ([], 300)


@postgres_only
def test_a_sweep_of_single_blocks_keeps_every_row_it_should(user):
    now = timezone.now()
    for n in range(60):  # live and expired rows share every block
        expired_at(user, [now - timedelta(days=2, minutes=n)])
        make_session(user, expires_in=timedelta(days=1))
    expired = UserSession.objects.filter(expires_at__lte=now)

    with connection.cursor() as cursor:
        blocks = postgresql.table_size(cursor, expired)[1]
        assert postgresql.sweep(cursor, expired, blocks, 1) == 60
    assert UserSession.objects.count() == 60
    assert not UserSession.objects.filter(expires_at__lte=now).exists()


def test_connection_settings_are_restored(population):
    pragmas = ["cache_size", "journal_mode"] if connection.vendor == "sqlite" else []

    def current():
        with connection.cursor() as cursor:
            if not pragmas:
                cursor.execute("SHOW synchronous_commit")
                setting = cursor.fetchone()[0]
                cursor.execute("SELECT count(*) FROM pg_cursors")
                return [setting, cursor.fetchone()[0]]
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

    restore = sqlite.tune(cursor)
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
    monkeypatch.setattr(sqlite, "PAUSE", 0)
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
    monkeypatch.setattr(sqlite, "PAUSE", 0)
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


@sqlite_only
def test_sqlite_purge_of_long_revoked_sessions_reads_the_partial_index(population):
    # Only revoked rows have an entry in it; the purge's "revoked_at <= cutoff"
    # implies the index's condition, so SQLite still uses it.
    with CaptureQueriesContext(connection) as queries:
        run()

    assert any("INDEX jwt_session_revoked_at" in plan for plan in plans(queries))


@postgres_only
def test_postgres_before_14_never_sweeps(user, sweeps, monkeypatch):
    # Without TID range scans, every batch of a sweep would read the whole table.
    expired_at(user, [timezone.now() - timedelta(days=1)] * 30)
    size = postgresql.table_size
    monkeypatch.setattr(postgresql, "table_size", lambda c, qs: (size(c, qs)[0], None))

    assert run("--batch-size", "10") == "30 session(s) deleted.\n"
    assert sweeps == []
