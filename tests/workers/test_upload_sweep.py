"""A running worker removes abandoned uploads and the asset store's stale temp files on its own."""

from __future__ import annotations

import os
import time
from datetime import timedelta

from core.models import Merchant, Upload, utcnow
from workers.commands.uploads import part_path
from workers.runtime import Runtime


def test_a_worker_sweeps_abandoned_uploads_and_stale_incoming_files_but_keeps_live_ones(make_stack):
    stack = make_stack(sweep_interval_s=0.5, abandon_uploads_after_s=600, stale_incoming_after_s=600)
    rt = Runtime.create(stack.settings)
    try:
        with rt.session() as s:
            merchant = Merchant(slug="acme", name="Acme")
            s.add(merchant)
            s.flush()
            idle = utcnow() - timedelta(hours=2)
            uploads = {name: Upload(merchant_id=merchant.id, filename=f"{name}.mp4", kind="video", size=10,
                                    received=4, updated_at=when)
                       for name, when in (("abandoned", idle), ("live", utcnow()))}
            s.add_all(uploads.values())
            s.flush()
            s.expunge_all()
        for upload in uploads.values():
            part_path(rt, upload).parent.mkdir(parents=True, exist_ok=True)
            part_path(rt, upload).write_bytes(b"half")
        incoming = {name: stack.settings.assets_dir / merchant.id / f".incoming-{name}" for name in ("stale", "fresh")}
        for path in incoming.values():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(b"partial asset")
        old = time.time() - 7200
        os.utime(incoming["stale"], (old, old))

        stack.start_worker()
        deadline = time.monotonic() + 60
        while part_path(rt, uploads["abandoned"]).exists() or incoming["stale"].exists():
            assert time.monotonic() < deadline, stack.worker_output()
            time.sleep(0.2)
        with rt.session() as s:
            assert s.get(Upload, uploads["abandoned"].id).status == "abandoned"
            assert s.get(Upload, uploads["live"].id).status == "open"
        assert part_path(rt, uploads["live"]).read_bytes() == b"half"
        assert incoming["fresh"].read_bytes() == b"partial asset"
    finally:
        rt.close()
