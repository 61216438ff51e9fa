"""Trunk URLs and webhook signing secrets are encrypted under the calls' own secret, not the stream keys'; ones
stored under the stream-key secret before it existed keep working and move to it when next read."""

from __future__ import annotations

import pytest
from calls_kit import CONSENT, recipients_asset, write_recipients, zone_at
from sqlalchemy import update

from core.errors import InputError
from core.models import CallSettings, CallTrunk
from stream import decrypt_key, encrypt_key
from workers.commands import call_runner, calls

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def test_trunks_and_webhook_secrets_have_their_own_key_and_old_ones_move_to_it(campaign_env, tmp_path):
    env, rt = campaign_env, campaign_env["rt"]
    own, stream = rt.settings.calls_secret.get_secret_value(), rt.settings.stream_key_secret.get_secret_value()
    assert own and own != stream and (rt.settings.data_dir / "secrets" / "calls_secret").exists()
    url = "sip:acct:old-pw@127.0.0.1:5070;transport=tcp"
    trunk = calls.add_trunk(rt, env["merchant_id"], name="new", url=url, caller_id="+862100000000")
    with rt.session() as s:
        token = s.get(CallTrunk, trunk["id"]).url_encrypted
    assert decrypt_key(token, own) == url and "old-pw" not in token + trunk["url"]
    with pytest.raises(InputError):
        decrypt_key(token, stream)
    # a trunk and a webhook secret stored as they were before calls had a secret of their own
    with rt.session() as s:
        s.execute(update(CallTrunk).where(CallTrunk.id == env["trunk_id"]).values(
            url_encrypted=encrypt_key("sip:acct:s3cret-pw@127.0.0.1:5060;transport=udp", stream)))
        s.add(CallSettings(merchant_id=env["merchant_id"], webhook_url="https://example.com/hook",
                           webhook_secret_encrypted=encrypt_key("whsec-old", stream)))
    asset = recipients_asset(env, write_recipients(tmp_path / "p.csv", [
        {"phone": "+8613900000001", "name": "客户", "last_sku": "KIT-001", "timezone": zone_at(range(11, 16)),
         **CONSENT}]))
    campaign_id, _ = calls.create_campaign(rt, env["merchant_id"], name="old trunk", voice_id=env["voice_id"],
                                           trunk_id=env["trunk_id"], recipients_asset_id=asset, queue=False)
    assert call_runner.trunk_config(rt, campaign_id).url == "sip:acct:s3cret-pw@127.0.0.1:5060;transport=udp"
    with rt.session() as s:
        assert calls.merchant_rules(rt, s, env["merchant_id"]).webhook_secret == "whsec-old"
    with rt.session() as s:
        moved_url = s.get(CallTrunk, env["trunk_id"]).url_encrypted
        moved_secret = s.get(CallSettings, env["merchant_id"]).webhook_secret_encrypted
    assert decrypt_key(moved_url, own).endswith("transport=udp") and decrypt_key(moved_secret, own) == "whsec-old"
    for moved in (moved_url, moved_secret):
        with pytest.raises(InputError):
            decrypt_key(moved, stream)
