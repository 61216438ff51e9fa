"""The Celery app, built from settings (never at import: tests and tools build their own)."""

from __future__ import annotations

from celery import Celery
from kombu import Queue

from core.settings import Settings
from workers import broker

TASK_MODULES = ["workers.tasks.platform", "workers.tasks.scripts", "workers.tasks.voice", "workers.tasks.avatars",
                "workers.tasks.render", "workers.tasks.rooms", "workers.tasks.calls", "workers.tasks.learn",
                "workers.tasks.retrain"]


def create_celery(settings: Settings) -> Celery:
    """One Celery app for this process: late acks, one message prefetched, durable job rows."""
    broker.install()
    app = Celery("evercast", broker=settings.broker_url, backend=settings.result_url,
                 include=[*TASK_MODULES, *settings.worker.imports])
    transport_options: dict[str, object] = {}
    if settings.embedded_broker:
        transport_options["polling_interval"] = settings.worker.poll_interval_s
    else:
        transport_options["visibility_timeout"] = settings.worker.visibility_timeout_s
    app.conf.update(
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_default_queue="cpu",
        task_queues=[Queue(name) for name in ("cpu", "gpu", "io", "live")],
        task_serializer="json",
        accept_content=["json"],
        result_serializer="json",
        task_ignore_result=True,
        broker_transport_options=transport_options,
        broker_connection_retry_on_startup=True,
        worker_hijack_root_logger=False,
        worker_send_task_events=False,
        result_expires=3600,
    )
    return app
