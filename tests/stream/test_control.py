import pytest

from core.errors import InputError
from stream.control import Command, apply_command
from stream.live import LiveRoom, RoomConfig
from stream.push import Destination


@pytest.fixture
def room(slates, fmt):
    config = RoomConfig(room_id="r1", width=fmt.width, height=fmt.height, idle_path=slates["idle"],
                        relay_url="rtmp://127.0.0.1:9/live/r1",
                        destinations=[Destination(id="douyin", url="rtmp://127.0.0.1:9/live/old")])
    return LiveRoom(config)  # not started: commands only touch the queue and relay settings


def test_commands_drive_the_runner(room, seg):
    apply_command(room, Command(action="enqueue", segments=[seg("a"), seg("b")]))
    apply_command(room, Command(action="insert_urgent", segments=[seg("d", "sale")]))
    apply_command(room, Command(action="pause"))
    status = room.runner.status()
    assert status.queued_segments == 3 and status.paused
    apply_command(room, Command(action="resume"))
    apply_command(room, Command(action="skip"))
    assert not room.runner.status().paused and room.runner._skip


def test_replace_destination_swaps_only_that_key(room):
    apply_command(room, Command(action="replace_destination", destination_id="douyin", url="rtmp://127.0.0.1:9/live/new"))
    assert room.fanout.relays["douyin"]._url.endswith("/new")
    with pytest.raises(InputError, match="no destination"):
        apply_command(room, Command(action="replace_destination", destination_id="kuaishou", url="rtmp://h/a/k"))


def test_incomplete_commands_are_rejected():
    with pytest.raises(ValueError, match="at least one segment"):  # pydantic's ValidationError
        Command(action="enqueue")
    with pytest.raises(ValueError, match="new stream key"):
        Command(action="replace_destination", destination_id="douyin")
