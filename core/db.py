"""Engine, sessions and migrations.

SQLite (in the data dir) is the embedded default and PostgreSQL is used by URL; both run the same
Alembic migrations. SQLite gets WAL, a busy timeout and foreign keys so that the API, workers and
the embedded broker can share it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def make_engine(url: str, busy_timeout_s: float = 30.0) -> Engine:
    """An engine with the per-backend settings Evercast relies on."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": busy_timeout_s, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record) -> None:  # noqa: ANN001 - DB-API objects
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute(f"PRAGMA busy_timeout={round(busy_timeout_s * 1000)}")
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextlib.contextmanager
def session_scope(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration (idempotent; safe from several processes)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with _migration_lock(engine), engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(7353001)"))
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


@contextlib.contextmanager
def _migration_lock(engine: Engine) -> Iterator[None]:
    """Serialise migrations of one SQLite file across processes (PostgreSQL uses an advisory lock)."""
    database = engine.url.database if engine.url.get_backend_name() == "sqlite" else None
    if not database or database == ":memory:":
        yield
        return
    import fcntl

    with open(f"{database}.migrate.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def ping(engine: Engine) -> None:
    """Raise if the database cannot answer a trivial query."""
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))


# SQLite's "database is locked"/"busy"; PostgreSQL's lock_not_available, deadlock and serialization failures
_LOCK_PGCODES = frozenset({"55P03", "40P01", "40001"})


def is_lock_error(exc: DBAPIError) -> bool:
    """True for a write that lost a lock race and may succeed if tried again."""
    orig = exc.orig  # the driver's own exception: sqlite3 names its error, psycopg gives the SQLSTATE
    if getattr(orig, "sqlite_errorname", "") in ("SQLITE_BUSY", "SQLITE_LOCKED"):
        return True
    return getattr(orig, "pgcode", None) in _LOCK_PGCODES or "database is locked" in str(orig)


@contextlib.contextmanager
def short_lock_wait(session: Session, ms: int) -> Iterator[None]:
    """Inside, this session's writes wait at most ``ms`` for a lock: for writes that may be skipped."""
    if session.get_bind().dialect.name != "sqlite":
        session.execute(text(f"SET LOCAL lock_timeout = '{int(ms)}ms'"))  # ends with the transaction
        yield
        return
    # SQLite's timeout belongs to the pooled connection: set on the driver's connection, which still
    # answers after a failed statement, and restored before the connection goes back to the pool
    driver = session.connection().connection.driver_connection
    patient_ms = driver.execute("PRAGMA busy_timeout").fetchone()[0]
    driver.execute(f"PRAGMA busy_timeout={int(ms)}")
    try:
        yield
    finally:
        driver.execute(f"PRAGMA busy_timeout={int(patient_ms)}")
