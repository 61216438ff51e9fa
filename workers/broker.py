"""The embedded broker: kombu's SQLAlchemy transport, tuned for a SQLite file.

Kombu's stock channel hands every transport option to ``create_engine`` (so ``polling_interval``
cannot be set) and swallows errors when it stores a message (a message could vanish while the
file is locked). This subclass builds the engine with Evercast's SQLite settings (WAL, busy
timeout) and lets a failed publish raise, so the job row stays queued and is sent again.
"""

from __future__ import annotations

from kombu.transport import TRANSPORT_ALIASES
from kombu.transport import sqlalchemy as kombu_sqla

from core.db import make_engine


class Channel(kombu_sqla.Channel):
    def _engine_from_config(self):  # noqa: ANN202 - kombu's signature
        return make_engine(self.connection.client.hostname)

    def _put(self, queue, payload, **kwargs):  # noqa: ANN001, ANN202
        obj = self._get_or_create(queue)
        self.session.add(self.message_cls(kombu_sqla.dumps(payload), obj))
        try:
            self.session.commit()
        except Exception:
            self.session.rollback()
            raise


class Transport(kombu_sqla.Transport):
    Channel = Channel
    polling_interval = 0.1

    def drain_events(self, connection, timeout=None):  # noqa: ANN001, ANN201
        # Celery's blocking loop applies late acks only between drain calls, and it drains with a
        # 2 s timeout: with the prefetch window full, a finished task's ack (and so the next
        # message) would wait up to 2 s. Returning every poll keeps the window moving.
        cap = self.polling_interval
        return super().drain_events(connection, timeout=min(timeout, cap) if timeout else cap)


def install() -> None:
    """Make ``sqla+...`` broker URLs use this transport in this process."""
    TRANSPORT_ALIASES["sqla"] = f"{__name__}:Transport"
    TRANSPORT_ALIASES["sqlalchemy"] = f"{__name__}:Transport"
