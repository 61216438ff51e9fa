"""Environment checks shared by `evercast doctor` and `/readyz`: each returns (ok, detail)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass

from core import db, media
from core.device import describe_device
from workers.submit import Runtime


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    required: bool = True


def check_database(rt: Runtime) -> Check:
    try:
        db.ping(rt.engine)
        return Check("database", True, rt.engine.url.render_as_string(hide_password=True))
    except Exception as exc:  # any driver error means "not ready"
        return Check("database", False, f"{type(exc).__name__}: {exc}")


def check_broker(rt: Runtime) -> Check:
    url = rt.settings.broker_url
    shown = url.split("@")[-1] if "@" in url else url
    try:
        with rt.celery.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return Check("broker", True, shown)
    except Exception as exc:
        return Check("broker", False, f"{shown}: {type(exc).__name__}: {exc}")


def check_tool(name: str, *, required: bool = True, hint: str = "") -> Check:
    version = media.tool_version(name) if name.startswith("ff") else _plain_version(name)
    if version is None:
        return Check(name, False, f"not installed{': ' + hint if hint else ''}", required)
    return Check(name, True, version, required)


def _plain_version(name: str) -> str | None:
    if not shutil.which(name):
        return None
    out = subprocess.run([name, "--version"], capture_output=True, text=True, check=False)
    return (out.stdout or out.stderr).strip().splitlines()[0] if (out.stdout or out.stderr) else name


def check_device(preference: str) -> Check:
    try:
        return Check("device", True, describe_device(preference), required=False)  # type: ignore[arg-type]
    except Exception as exc:
        return Check("device", False, str(exc))


def readiness(rt: Runtime) -> list[Check]:
    """What the service needs to accept work."""
    return [check_database(rt), check_broker(rt), check_tool("ffmpeg"), check_tool("ffprobe")]


def doctor(rt: Runtime) -> list[Check]:
    """Everything an operator wants to know before running Evercast here."""
    checks = [Check("python", True, sys.version.split()[0]), *readiness(rt),
              check_tool("espeak-ng", required=False, hint="apt-get install espeak-ng (embedded TTS)"),
              check_device(rt.settings.device)]
    if rt.settings.embedded_broker:
        checks.append(Check("redis", True, "not used (embedded broker)", required=False))
    return checks
