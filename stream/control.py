"""Operator commands for a running room, as records that can cross a process boundary.

A room runs in its own process; the API and workers send it :class:`Command` records (through
whatever channel the job system uses: a table, a Redis list) and the room process applies them with
:func:`apply_command` between clock ticks. Queue changes take effect at the next segment boundary.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, model_validator

from core.errors import InputError
from stream.live import LiveRoom
from stream.segment import Segment

Action = Literal["enqueue", "insert_urgent", "pause", "resume", "skip", "reconnect", "replace_destination"]


class Command(BaseModel):
    action: Action
    segments: list[Segment] = []
    destination_id: str | None = None
    url: str | None = None

    @model_validator(mode="after")
    def _complete(self) -> "Command":
        if self.action in ("enqueue", "insert_urgent") and not self.segments:
            raise InputError(f"{self.action} needs at least one segment")
        if self.action == "replace_destination" and not (self.destination_id and self.url):
            raise InputError("replace_destination needs destination_id and url (with the new stream key)")
        return self


def apply_command(room: LiveRoom, command: Command) -> None:
    """Carry out ``command`` on ``room``; unknown destinations are an :class:`InputError`."""
    runner = room.runner
    if command.action == "enqueue":
        runner.enqueue(*command.segments)
    elif command.action == "insert_urgent":
        for segment in command.segments:
            runner.insert_urgent(segment)
    elif command.action == "pause":
        runner.pause()
    elif command.action == "resume":
        runner.resume()
    elif command.action == "skip":
        runner.skip()
    elif command.action == "reconnect":
        room.planned_reconnect()
    else:
        relay = room.fanout.relays.get(command.destination_id or "")
        if relay is None:
            raise InputError(f"room {room.config.room_id} has no destination {command.destination_id!r}")
        relay.replace_url(command.url or "")
