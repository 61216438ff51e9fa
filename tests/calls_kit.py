"""Helpers of the call campaign tests: recipients files, the far end's table and call log."""

from __future__ import annotations

import csv
import ipaddress
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from core.models import CallCampaign, Job
from workers.commands import call_runner, calls
from workers.commands.assets import store_file

REFERENCE = "欢迎来到直播间。今天给大家带来一款很好用的电饭煲，米饭受热均匀，现在下单还有优惠。"


def build_reference_voice(root: Path) -> Path:
    """A voice profile cloned from ~10 s of espeak-ng Mandarin as the 'person' (tests and bench/call_campaign.py)."""
    from core.media import write_wav
    from voice.output import resample
    from voice.profile import build_voice_profile
    from voice.synthesize import synthesize

    root.mkdir(parents=True, exist_ok=True)
    speech = synthesize(REFERENCE)
    write_wav(root / "ref.wav", resample(speech.samples, speech.sample_rate, 24_000) * 0.5, 24_000)
    build_voice_profile(root / "ref.wav", root / "profile", name="celebrity", language="zh", choose_base=False)
    return root / "profile"


@pytest.fixture(scope="session")
def voice_profile_dir(tmp_path_factory) -> Path:
    """The reference voice, cloned once per session."""
    return build_reference_voice(tmp_path_factory.mktemp("voice"))


def zone_at(hour_range: range) -> str:
    """An IANA zone (Etc/GMT±N) where the local hour is now within ``hour_range``."""
    now = datetime.now(timezone.utc)
    for offset in range(-12, 15):
        if (now.hour + offset) % 24 in hour_range:
            return f"Etc/GMT{'+' if offset <= 0 else '-'}{abs(offset)}"
    raise AssertionError("no zone")


def set_far_end(folder: Path, table: dict) -> None:
    (folder / "table.json").write_text(json.dumps(table))


def rung(folder: Path) -> list[str]:
    """The numbers the far end was rung on, in order (one line per call)."""
    log = folder / "calls.log"
    return [line.split()[1] for line in log.read_text().splitlines()] if log.exists() else []


def run_dialing(env: dict, campaign_id: str, tmp_path: Path) -> dict:
    """Start the campaign and run its dialing job here (no worker process), handovers included."""
    rt = env["rt"]
    calls.start(rt, campaign_id)
    result = {}
    for _ in range(5):
        with rt.session() as s:
            job_id = s.get(CallCampaign, campaign_id).dial_job_id
            attempt = (s.get(Job, job_id).attempts or 0) + 1
        result = call_runner.dial(rt, campaign_id, job_id, attempt, tmp_path / "work", lambda f, m: None)
        if result.get("next_in_s") != 0.0:
            return result
    return result


def spans(folder: Path) -> list[tuple[float, float]]:
    """(began, ended) of every call the far end has finished (epoch seconds)."""
    log = folder / "spans.log"
    return [(float(b), float(e)) for _, b, e in (line.split() for line in log.read_text().splitlines())] \
        if log.exists() else []


def most_at_once(intervals: list[tuple[float, float]]) -> int:
    """The most intervals open at one instant."""
    edges = sorted([(b, 1) for b, _ in intervals] + [(e, -1) for _, e in intervals], key=lambda x: (x[0], x[1]))
    up = peak = 0
    for _, step in edges:
        up += step
        peak = max(peak, up)
    return peak


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


def self_signed(folder: Path, name: str) -> tuple[Path, Path]:
    """A self-signed certificate and its key for ``name`` (an IP address or a DNS name), valid for a day; RSA,
    which the pjsua2 wheel's OpenSSL 1.0.2 also speaks."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    try:
        alt: x509.GeneralName = x509.IPAddress(ipaddress.ip_address(name))
    except ValueError:
        alt = x509.DNSName(name)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.now(timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(minutes=5))
            .not_valid_after(now + timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([alt]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / f"{name}.crt", folder / f"{name}.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                                           serialization.NoEncryption()))
    return cert_path, key_path
