"""Helpers of the call campaign tests: recipients files, the far end's table and call log."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from workers.commands.assets import store_file


def set_far_end(folder: Path, table: dict) -> None:
    (folder / "table.json").write_text(json.dumps(table))


def rung(folder: Path) -> list[str]:
    """The numbers the far end was rung on, in order (one line per call)."""
    log = folder / "calls.log"
    return [line.split()[1] for line in log.read_text().splitlines()] if log.exists() else []


CONSENT = {"consent_source": "app signup", "consent_at": "2026-01-05 10:00"}


def write_recipients(path: Path, rows: list[dict[str, str]]) -> Path:
    columns = list(dict.fromkeys(k for row in rows for k in row))
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    return path


def recipients_asset(env: dict, path: Path) -> str:
    return store_file(env["rt"], env["merchant_id"], path, "recipients", "text/csv")
