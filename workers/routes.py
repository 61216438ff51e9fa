"""Which queue each task runs on: ``cpu``, ``gpu`` (may live on other machines), ``io``, or ``live`` (the
hosts that air rooms, on a fleet).

Submitters and workers both read this table, so a job's queue is known without importing the
task modules (and their stage dependencies) into the API process.
"""

from __future__ import annotations

QUEUES: dict[str, str] = {
    "platform.ping": "io",
    "platform.media_check": "cpu",
    "kb.import": "io",
    "script.generate": "cpu",
    "voice.clone": "cpu",
    "voice.synthesize": "cpu",
    "avatar.create": "gpu",
    "avatar.evaluate": "gpu",
    "render.segment": "cpu",
    "render.batch": "cpu",
    "room.enqueue": "io",
    "room.place": "live",
    "calls.import": "io",
    "calls.synthesize": "cpu",
    "calls.dial": "io",
    "calls.webhook": "io",
    "calls.test_call": "io",
    "learn.import": "cpu",
    "learn.dataset": "cpu",
    "learn.train": "gpu",
    "learn.gate": "gpu",
}

DEFAULT_QUEUE = "cpu"


def queue_for(kind: str) -> str:
    return QUEUES.get(kind, DEFAULT_QUEUE)
