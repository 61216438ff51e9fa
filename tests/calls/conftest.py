"""Call campaign fixtures: a merchant with the sample knowledge base, a cloned voice with a licence, a trunk,
recipients files, and the scripted far end (tests/calls_far_end.py) as the dialer."""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from calls_kit import voice_profile_dir  # noqa: F401 - a fixture
from evercast_testkit import REPO

from core.models import Merchant, Voice
from workers.commands import calls, kb
from workers.runtime import Runtime


@pytest.fixture
def far_end(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "far_end"
    folder.mkdir()
    (folder / "table.json").write_text(json.dumps({"*": {"status": "answered"}}))
    monkeypatch.setenv("EVERCAST_TEST_FAR_END", str(folder))
    return folder


@pytest.fixture
def campaign_env(make_stack, database_url, far_end, voice_profile_dir):
    """A runtime on SQLite or PostgreSQL with a merchant, its KB, a licensed ready voice and a trunk."""
    stack = make_stack(database_url=database_url,
                       extra_env={"EVERCAST_CALLS__DIALER": "calls_far_end:open_dialer",
                                  "EVERCAST_TEST_FAR_END": str(far_end)})
    stack.settings.calls.dialer = "calls_far_end:open_dialer"
    rt = Runtime.create(stack.settings)
    with rt.session() as s:
        m = Merchant(slug=f"dairy-{uuid.uuid4().hex[:8]}", name="晨光乳业")  # the PostgreSQL database is shared
        s.add(m)
        s.flush()
        merchant_id = m.id
        v = Voice(merchant_id=merchant_id, name="celebrity", status="ready", profile_path=str(voice_profile_dir),
                  consent={"signer": "the celebrity"})
        s.add(v)
        s.flush()
        voice_id = v.id
    kb.import_file(rt, merchant_id, REPO / "assets" / "kb" / "sample_kb.csv")
    now = datetime.now(timezone.utc)
    calls.add_licence(rt, merchant_id, voice_id, grantor="Star Agency", scopes=["calls", "videos"],
                      territories=["CN", "US"], expires_at=now + timedelta(days=365))
    trunk = calls.add_trunk(rt, merchant_id, name="main", url="sip:acct:s3cret-pw@127.0.0.1:5060;transport=udp",
                            caller_id="+862100000000", max_channels=4, calls_per_second=50)
    yield {"rt": rt, "stack": stack, "merchant_id": merchant_id, "voice_id": voice_id, "trunk_id": trunk["id"]}
    rt.close()
