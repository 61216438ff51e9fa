"""Stream keys stored under the signing secret move to the stream-key secret when their room starts."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core.errors import InputError
from core.models import LiveRoom, Merchant, RoomDestination
from core.settings import Settings
from stream import decrypt_key, encrypt_key
from workers.commands import rooms
from workers.runtime import Runtime


def test_a_rooms_old_stream_keys_are_reencrypted_with_their_own_secret(tmp_path):
    rt = Runtime.create(Settings(_env_file=None, data_dir=tmp_path, stream={"egress": {"allow": ["127.0.0.0/8"]}}))
    signing, own = rt.settings.secret_key.get_secret_value(), rt.settings.stream_key_secret.get_secret_value()
    try:
        with rt.session() as s:
            merchant = Merchant(slug="acme", name="Acme")
            s.add(merchant)
            s.flush()
            room = LiveRoom(merchant_id=merchant.id, name="24/7")
            s.add(room)
            s.flush()
            room_id = room.id
            s.add(RoomDestination(room_id=room_id, merchant_id=merchant.id, name="old", server_url="rtmp://x/live",
                                  key_encrypted=encrypt_key("live_old", signing)))
            new_id = rooms.add_destination(rt, s, room, "custom", "rtmp://127.0.0.1/live", "live_new")
        rooms.reencrypt_stream_keys(rt, room_id)
        with rt.session() as s:
            stored = {d.name: d.key_encrypted for d in s.scalars(select(RoomDestination))}
            assert s.get(RoomDestination, new_id) is not None
    finally:
        rt.close()
    assert {name: decrypt_key(token, own) for name, token in stored.items()} == {"old": "live_old", "custom": "live_new"}
    for token in stored.values():
        with pytest.raises(InputError):
            decrypt_key(token, signing)
