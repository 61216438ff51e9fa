"""``api_keys.last_used_at``, recorded best effort so that authentication never waits on a lock.

A key's use is written at most once a minute per process, in its own short transaction that waits
at most a few milliseconds for the database: while another tenant's import holds SQLite's write
lock, the request goes on and the write is simply skipped until the next minute.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.exc import DBAPIError

from core.db import is_lock_error, short_lock_wait
from core.models import ApiKey, utcnow
from workers.submit import Runtime

log = logging.getLogger(__name__)

LAST_USED_GRANULARITY = timedelta(minutes=1)
LOCK_WAIT_MS = 50


class KeyUsage:
    def __init__(self, every: timedelta = LAST_USED_GRANULARITY) -> None:
        self.every = every
        self._attempted: dict[str, float] = {}
        self._lock = threading.Lock()

    def due(self, key_id: str, last_used_at: datetime | None) -> bool:
        """Whether this key's use should be written now; claims the attempt for this process."""
        if last_used_at is not None and utcnow() - last_used_at <= self.every:
            return False
        now = time.monotonic()
        with self._lock:
            if now - self._attempted.get(key_id, -1e9) < self.every.total_seconds():
                return False
            self._attempted[key_id] = now
        return True

    def record(self, rt: Runtime, key_id: str) -> None:
        """Write the key's last use; skipped (not raised) if the database is busy."""
        try:
            with rt.session() as s, short_lock_wait(s, LOCK_WAIT_MS):
                s.execute(update(ApiKey).where(ApiKey.id == key_id).values(last_used_at=utcnow()))
                s.commit()
        except DBAPIError as exc:
            if not is_lock_error(exc):
                raise
            log.info("api key %s: last_used_at not recorded, the database is busy", key_id)
