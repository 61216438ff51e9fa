"""Knowledge-base imports run as jobs within caps, and one tenant's import never blocks another's requests."""

from __future__ import annotations

import sqlite3
import time

import pytest

from test_kb_read import HEADER, workbook


@pytest.fixture
def api_env() -> dict[str, str]:
    return {"EVERCAST_SCRIPT__KB__MAX_ROWS": "1000", "EVERCAST_SCRIPT__KB__BATCH_ROWS": "100"}


def test_an_import_is_a_job_that_reports_progress_and_commits_in_batches(api, upload, wait, tmp_path):
    client = api.as_(api.acme)
    sheet = tmp_path / "many.csv"
    sheet.write_text("sku_id,title,price\n" + "".join(f"S-{n},杯子{n},{n + 1}\n" for n in range(900)), encoding="utf-8")
    started = client.post("/kb/imports", json={"asset_id": upload(client, sheet)})
    assert started.status_code == 202, started.text  # answered before any parsing: no worker runs yet
    assert started.json()["kind"] == "kb.import" and started.json()["status"] == "queued"
    api.stack.start_worker()
    done = wait(client, started.json()["id"])
    assert done["status"] == "succeeded", done
    assert done["result"]["added"] == 900 and done["progress"] == 1.0 and done["stage"] == "imported"
    assert client.get("/skus/S-899").json()["title"] == "杯子899"


def test_files_over_a_cap_fail_their_job_with_a_clear_reason(api, upload, wait, tmp_path):
    client = api.as_(api.acme)
    api.stack.start_worker()
    tall = workbook(tmp_path / "tall.xlsx", [HEADER, ["A-1", "杯子", 9.9]], last_row=5000, declared="A1:XFD1048576")
    deep = tmp_path / "deep.json"
    deep.write_text('{"skus": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text("sku_id,title,price\nA-1,杯子,9.9\nA-2,,abc\n", encoding="utf-8")
    for path, reason in ((tall, "tall.xlsx: more than 1000 rows"), (deep, "deep.json: JSON nested deeper than 32 levels"),
                         (bad, "bad.csv: 2 problem(s), nothing imported")):
        started = client.post("/kb/imports", json={"asset_id": upload(client, path)})
        assert started.status_code == 202, started.text
        job = wait(client, started.json()["id"])
        assert job["status"] == "failed" and job["error_code"] == "bad_input", job
        assert job["error"].startswith(reason) and str(tmp_path) not in job["error"], job["error"]
    assert {(i["row"], i["column"]) for i in job["result"]["issues"]} == {(3, "title"), (3, "price")}
    assert client.get("/skus").json() == []


def test_api_keys_authenticate_while_another_writer_holds_the_database(api):
    owner = api.as_(api.acme)
    keys = [owner.post("/api-keys", json={"name": f"k{n}", "role": "reviewer"}).json() for n in range(2)]
    as_key = [api.client.__class__(base_url=api.client.base_url, timeout=10,
                                   headers={"Authorization": f"Bearer {k['key']}"}) for k in keys]
    writer = sqlite3.connect(api.stack.settings.data_dir / "evercast.db", isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # what a long import's transaction did: the write lock, held
    try:
        started = time.monotonic()
        answer = as_key[0].get("/skus")  # a first use: last_used_at is due, but must not wait for the lock
        assert answer.status_code == 200, answer.text
        assert time.monotonic() - started < 5
    finally:
        writer.rollback()
        writer.close()
    assert as_key[1].get("/skus").status_code == 200  # with the lock free, the use is recorded
    listed = {k["id"]: k for k in owner.get("/api-keys").json()}
    assert listed[keys[1]["id"]]["last_used_at"] is not None
