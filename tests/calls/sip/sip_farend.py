"""Far ends for the dialer on loopback, shared by tests/calls/sip and bench/calls.py: SIPp with our scenarios, the
pjsua2 callee (callee.py) in its own process, spoken test messages, and the audio match they are judged by."""

from __future__ import annotations

import itertools
import json
import os
import queue
import shutil
import socket
import subprocess
import sys
import threading
import time
import wave
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
SCENARIOS = HERE / "scenarios"
_hosts = itertools.count()


def loopback_ip() -> str:
    """A loopback address of its own for each far end: 127.<100 + pid % 100>.<counter>."""
    n = next(_hosts)
    return f"127.{100 + os.getpid() % 100}.{n // 250 % 250}.{n % 250 + 2}"


def free_port(ip: str, kind: int = socket.SOCK_DGRAM) -> int:
    with socket.socket(socket.AF_INET, kind) as s:
        s.bind((ip, 0))
        return int(s.getsockname()[1])


class Sipp:
    """SIPp playing one of our scenarios (answer, busy, noanswer, reject) on its own address, echoing RTP."""

    def __init__(self, scenario: str, workdir: Path, *, transport: str = "udp", stats: bool = False) -> None:
        if not shutil.which("sipp"):
            raise RuntimeError("SIPp is not installed (Debian package sip-tester; scripts/dev.sh installs it)")
        self.ip = loopback_ip()
        self.port = free_port(self.ip, socket.SOCK_STREAM if transport == "tcp" else socket.SOCK_DGRAM)
        media_port = free_port(self.ip)
        workdir.mkdir(parents=True, exist_ok=True)
        self.stats = workdir / "stats.csv"  # with stats: SIPp's counters (CurrentCall, FailedCall...) every second
        self.proc = subprocess.Popen(
            ["sipp", "-sf", str(SCENARIOS / f"{scenario}.xml"), "-i", self.ip, "-p", str(self.port),
             "-mi", self.ip, "-mp", str(media_port), "-rtp_echo", "-t", "t1" if transport == "tcp" else "u1",
             "-nostdin", "-max_socket", "2000", "-trace_err", "-error_file", str(workdir / "sipp_errors.log")]
            + (["-trace_stat", "-fd", "1", "-stf", str(self.stats)] if stats else []),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=workdir)
        time.sleep(0.3)
        if self.proc.poll() is not None:
            raise RuntimeError(f"SIPp exited at once ({self.proc.returncode})")

    def trunk_url(self, transport: str = "udp") -> str:
        return f"sip:{self.ip}:{self.port};transport={transport}"

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()


class Callee:
    """callee.py in its own process: answers, records each call to a WAV, presses keys; events as they come."""

    def __init__(self, workdir: Path, *, dtmf: tuple[str, ...] = (), dtmf_method: str = "rfc4733", say: tuple[str, ...] = (),
                 transport: str = "udp", cert: Path | None = None, key: Path | None = None, ip: str = "") -> None:
        self.ip = ip or loopback_ip()
        self.port = free_port(self.ip, socket.SOCK_STREAM if transport in ("tcp", "tls") else socket.SOCK_DGRAM)
        self.workdir = workdir
        workdir.mkdir(parents=True, exist_ok=True)
        cmd = [sys.executable, str(HERE / "callee.py"), "--ip", self.ip, "--port", str(self.port),
               "--transport", transport, "--record", str(workdir), "--dtmf-method", dtmf_method]
        for press in dtmf:
            cmd += ["--dtmf", press]
        for words in say:
            cmd += ["--say", words]
        if cert and key:
            cmd += ["--cert", str(cert), "--key", str(key)]
        self.log = open(workdir / "callee.log", "wb")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log, text=True)
        self.events: queue.SimpleQueue[dict[str, Any]] = queue.SimpleQueue()
        threading.Thread(target=self._read, daemon=True).start()
        first = self.next_event(20)
        if first.get("ev") != "ready":
            raise RuntimeError(f"the callee did not start: {(workdir / 'callee.log').read_text()[-2000:]}")

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.events.put(json.loads(line))
        self.events.put({"ev": "exited"})

    def next_event(self, timeout: float = 30.0) -> dict[str, Any]:
        return self.events.get(timeout=timeout)

    def wait_for(self, kind: str, timeout: float = 30.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            event = self.next_event(max(deadline - time.monotonic(), 0.01))
            if event["ev"] in (kind, "exited"):
                return event

    def until(self, kind: str, timeout: float = 30.0) -> dict[str, dict[str, Any]]:
        """Every event up to the first ``kind``, the first of each kind by name."""
        seen: dict[str, dict[str, Any]] = {}
        deadline = time.monotonic() + timeout
        while kind not in seen and "exited" not in seen:
            event = self.next_event(max(deadline - time.monotonic(), 0.01))
            seen.setdefault(event["ev"], event)
        return seen

    def trunk_url(self, transport: str = "udp") -> str:
        return f"sip:{self.ip}:{self.port};transport={transport}"

    def stop(self) -> None:
        if self.proc.poll() is None:
            assert self.proc.stdin is not None
            self.proc.stdin.close()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


def speech_wav(text: str, path: Path, *, voice: str = "en") -> Path:
    """``text`` spoken by espeak-ng, as the 8 kHz mono 16-bit WAV a call message is."""
    import soxr

    raw = path.with_suffix(".22k.wav")
    subprocess.run(["espeak-ng", "-v", voice, "-w", str(raw), text], check=True, capture_output=True)
    with wave.open(str(raw), "rb") as w:
        rate = w.getframerate()
        pcm = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float32) / 32768.0
    out = soxr.resample(pcm, rate, 8000)
    write_wav(path, out)
    raw.unlink()
    return path


def write_wav(path: Path, samples: np.ndarray, rate: int = 8000) -> Path:
    pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.tobytes())
    return path


def read_wav(path: Path) -> np.ndarray:
    with wave.open(str(path), "rb") as w:
        assert w.getframerate() == 8000 and w.getnchannels() == 1, (w.getframerate(), w.getnchannels())
        return np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float64) / 32768.0


def _best_ncc(recorded: np.ndarray, reference: np.ndarray) -> float:
    """The best normalised cross-correlation of ``reference`` against any stretch of ``recorded``."""
    n = len(reference)
    if len(recorded) < n:
        recorded = np.concatenate([recorded, np.zeros(n - len(recorded))])
    size = 1 << (len(recorded) + n).bit_length()
    num = np.fft.irfft(np.fft.rfft(recorded, size) * np.conj(np.fft.rfft(reference, size)), size)[: len(recorded) - n + 1]
    energy = np.concatenate([[0.0], np.cumsum(recorded**2)])
    window = np.sqrt(np.maximum(energy[n:] - energy[:-n], 1e-12))
    return float(np.max(num / (window * np.linalg.norm(reference))))


def match(recorded: np.ndarray, reference: np.ndarray, chunk_s: float = 0.5, *,
          apart_from: np.ndarray | None = None) -> float:
    """How well ``recorded`` carries ``reference``: the mean, over the reference's voiced half-second chunks, of each
    chunk's best normalised cross-correlation in the recording. Chunks align on their own, so a frame the far
    end's jitter buffer dropped or stretched under load shifts one chunk, not the whole message. With
    ``apart_from``, only the chunks that audio does not also carry count (what ``reference`` alone says)."""
    step = int(chunk_s * 8000)
    chunks = [reference[i:i + step] for i in range(0, max(len(reference) - step // 2, 1), step)]
    loud = max(float(np.sqrt(np.mean(c**2))) for c in chunks)
    voiced = [c for c in chunks if np.sqrt(np.mean(c**2)) > 0.1 * loud]
    if apart_from is not None:
        voiced = [c for c in voiced if _best_ncc(apart_from, c) < 0.9]
    if not voiced:
        raise ValueError("the reference has no voiced chunk of its own")
    return float(np.mean([_best_ncc(recorded, c) for c in voiced]))
