"""Schema and job-row semantics on SQLite and, when reachable, a real PostgreSQL."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy import select

from core import db
from core.models import Job, Merchant, Sku, utcnow
from workers import jobs


def test_migrations_create_every_table_and_are_idempotent(database_url):
    engine = db.make_engine(database_url)
    db.upgrade(engine)
    db.upgrade(engine)
    tables = set(sa.inspect(engine).get_table_names())
    assert {"merchants", "users", "api_keys", "audit_events", "skus", "avatars", "voices", "scripts", "jobs",
            "live_rooms", "segments", "assets", "alembic_version"} <= tables
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(db.MIGRATIONS_DIR))
    with engine.connect() as conn:
        assert conn.scalar(sa.text("SELECT version_num FROM alembic_version")) == ScriptDirectory.from_config(cfg).get_current_head()
    engine.dispose()


@pytest.fixture
def sessions(database_url):
    engine = db.make_engine(database_url)
    db.upgrade(engine)
    yield db.make_sessionmaker(engine)
    engine.dispose()


def test_rows_round_trip_with_utc_times_and_json(sessions):
    with db.session_scope(sessions) as s:
        m = Merchant(slug="shop", name="小店")
        s.add(m)
        s.flush()
        s.add(Sku(merchant_id=m.id, code="SKU-1", title="保温杯", data={"price": 99.9, "attrs": [{"k": "容量"}]}))
        merchant_id = m.id
    with db.session_scope(sessions) as s:  # the PostgreSQL database is the session's: other tests' rows are there
        sku = s.scalar(select(Sku).where(Sku.merchant_id == merchant_id))
        assert sku.data == {"price": 99.9, "attrs": [{"k": "容量"}]} and sku.title == "保温杯"
        assert sku.created_at.tzinfo is not None and abs(utcnow() - sku.created_at) < timedelta(minutes=1)


def test_a_job_is_claimed_by_exactly_one_of_many_racing_workers(sessions):
    with db.session_scope(sessions) as s:
        job = Job(kind="test.step", status="queued")
        s.add(job)
        s.flush()
        job_id = job.id
    winners: list[str] = []
    barrier = threading.Barrier(6)

    def race(name: str) -> None:
        barrier.wait()
        with db.session_scope(sessions) as s:
            if jobs.claim(s, job_id, name, stale_after_s=60):
                winners.append(name)

    threads = [threading.Thread(target=race, args=(f"w{i}",)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(winners) == 1
    with db.session_scope(sessions) as s:
        row = s.get(Job, job_id)
        assert (row.status, row.worker, row.attempts) == ("running", winners[0], 1)
        # a stale lease can be taken over, a fresh one cannot
        assert not jobs.claim(s, job_id, "late", stale_after_s=60)
        row.heartbeat_at = utcnow() - timedelta(seconds=120)
    with db.session_scope(sessions) as s:
        assert jobs.claim(s, job_id, "rescuer", stale_after_s=60)
        assert s.get(Job, job_id).attempts == 2


def test_models_and_migrations_agree(database_url):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from core.models import Base

    engine = db.make_engine(database_url)
    db.upgrade(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    assert diff == [], "models changed without a migration: run alembic revision --autogenerate"


def test_a_short_lock_wait_gives_up_fast_and_leaves_the_pooled_connection_patient(tmp_path):
    """The auth path's optional write: a held lock is reported at once, then later writes wait as before."""
    import sqlite3
    import time

    engine = db.make_engine(f"sqlite:///{tmp_path / 'e.db'}")
    db.upgrade(engine)
    sessions = db.make_sessionmaker(engine)
    holder = sqlite3.connect(tmp_path / "e.db", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    started = time.monotonic()
    with pytest.raises(sa.exc.OperationalError) as err, db.session_scope(sessions) as s, db.short_lock_wait(s, 50):
        s.add(Merchant(slug="m", name="M"))
        s.flush()
    assert db.is_lock_error(err.value) and time.monotonic() - started < 5
    holder.rollback()
    holder.close()
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30_000
def test_0008_keeps_users_and_makes_their_email_unique_per_merchant(tmp_path):
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    engine = db.make_engine(f"sqlite:///{tmp_path / 'evercast.db'}")
    cfg = Config()
    cfg.set_main_option("script_location", str(db.MIGRATIONS_DIR))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0007")
        conn.execute(text("INSERT INTO merchants (id, slug, name, created_at) VALUES "
                          "('m1', 'acme', 'Acme', '2026-01-01'), ('m2', 'rival', 'Rival', '2026-01-01')"))
        conn.execute(text("INSERT INTO users (id, merchant_id, email, password_hash, role, active, created_at) "
                          "VALUES ('u1', 'm1', 'a@x.com', 'scrypt$00$00', 'owner', 1, '2026-01-01')"))
    db.upgrade(engine)
    add = ("INSERT INTO users (id, merchant_id, email, password_hash, role, active, created_at) "
           "VALUES (:id, :m, 'a@x.com', 'h', 'owner', 1, '2026-01-01')")
    with engine.begin() as conn:
        assert conn.execute(text("SELECT password_hash FROM users WHERE id = 'u1'")).scalar() == "scrypt$00$00"
        conn.execute(text(add), {"id": "u2", "m": "m2"})  # the same address at another merchant
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(text(add), {"id": "u3", "m": "m1"})
    engine.dispose()
