"""Outbound calls over SIP on loopback: `nice -n 10 python bench/calls.py` (about 8 minutes on 2 cores; root for
the packet capture of phase 2).

Phase 1, concurrency: CALLS calls (default 60) placed at once through one PjsipDialer against SIPp answering
with RTP echo, each playing a HOLD_S message to the end. SIPp's own statistics give the peak of calls up at
once and its failed calls; the dialer's results give ours. concurrent_calls is that peak when nothing failed
(0 otherwise). CPU is the dialer's process and its engines' over the phase, as cores.

Phase 2, setup time: calls placed one after another at 5 per second on the warm dialer while a raw socket on
`lo` captures every packet: for each call, the INVITE leaving us to the first RTP packet of the message (not
silence) reaching SIPp. setup_ms_p95 is the 95th percentile.

Phase 3, the campaign side (bench/call_campaign.py, run from here): messages_per_hour (personalised, verified
8 kHz messages rendered by two processes, with messages_per_hour_uncached beside it: the same without the
sentence memo), dtmf_optout_ms (keypress to the DNC row over SIP) and duplicates.

Last line: concurrent_calls=... call_failures=... cpu_cores=... setup_ms_p50=... setup_ms_p95=...
messages_per_hour=... messages_per_hour_uncached=... messages=... refused=... dtmf_optout_ms=... optout_calls=...
duplicates=...
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import socket
import struct
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests"), str(REPO / "tests" / "calls" / "sip"), str(REPO / "bench")]

import call_campaign  # noqa: E402
from sip_farend import Sipp, write_wav  # noqa: E402

from calls.dialer import CallRequest, CallResult, CallStatus, DigitAction  # noqa: E402
from calls.sip import PjsipDialer, parse_trunk_url  # noqa: E402

ETH_P_ALL = 0x0003
PACKET_OUTGOING = 4


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def tone(path: Path, seconds: float) -> Path:
    t = np.arange(int(seconds * 8000)) / 8000
    return write_wav(path, 0.3 * np.sin(2 * np.pi * 440 * t) * (0.6 + 0.4 * np.sin(2 * np.pi * 0.5 * t)))


def cpu_s() -> float:
    """CPU seconds of this process."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime


def engines_cpu_s(dialer: PjsipDialer) -> float:
    """CPU seconds of the dialer's running engine processes (from /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for engine in dialer._engines:
        try:
            fields = Path(f"/proc/{engine.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def place(dialer: PjsipDialer, request: CallRequest, results: list[CallResult | Exception],
          on_digit=lambda d: DigitAction.CONTINUE) -> None:  # noqa: ANN001
    try:
        results.append(dialer.call(request, on_digit))
    except Exception as exc:  # noqa: BLE001 - counted as a failure
        results.append(exc)


def concurrency(dialer: PjsipDialer, far: Sipp, work: Path, calls: int, hold_s: float) -> dict[str, float]:
    wav = tone(work / "hold.wav", hold_s)
    results: list[CallResult | Exception] = []
    request = CallRequest(call_id="bench", to_e164="+8613800138000", audio_wav=wav, max_call_s=hold_s + 30)
    threads = [threading.Thread(target=place, args=(dialer, request, results)) for _ in range(calls)]
    started, cpu0 = time.monotonic(), cpu_s() + engines_cpu_s(dialer)
    for t in threads:
        t.start()
    time.sleep(hold_s / 2)
    cpu_mid = cpu_s() + engines_cpu_s(dialer)  # engines are all up: measure the steady middle of the hold
    mid = time.monotonic()
    time.sleep(hold_s / 4)
    cpu_steady = (cpu_s() + engines_cpu_s(dialer) - cpu_mid) / (time.monotonic() - mid)
    for t in threads:
        t.join()
    wall = time.monotonic() - started
    failures = sum(1 for r in results if not (isinstance(r, CallResult) and r.status is CallStatus.ANSWERED
                                               and r.played_to_end))
    time.sleep(1.5)
    with open(far.stats) as fh:
        rows = list(csv.DictReader(fh, delimiter=";"))
    peak = max(int(r["CurrentCall"]) for r in rows)
    sipp_failed = int(rows[-1]["FailedCall(C)"])
    log(f"{calls} calls of {hold_s:g} s in {wall:.1f} s: peak {peak} up at once at SIPp, {failures} failed here, "
        f"{sipp_failed} at SIPp; {cpu_steady:.2f} cores while all were up (total {cpu_s() + engines_cpu_s(dialer) - cpu0:.1f} s)")
    return {"concurrent_calls": peak if failures == 0 and sipp_failed == 0 else 0,
            "call_failures": failures + sipp_failed, "cpu_cores": cpu_steady}


class Capture:
    """Every packet on ``lo``: INVITEs we send to the far end, and the RTP reaching its media port."""

    def __init__(self, sip: tuple[str, int]) -> None:
        self.sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.ntohs(ETH_P_ALL))
        self.sock.bind(("lo", 0))
        self.sock.settimeout(0.2)
        self.sip = sip
        self.invites: dict[tuple[str, int], float] = {}  # our RTP (address, port) from the SDP -> INVITE time
        self.first_rtp: dict[tuple[str, int], float] = {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stop.is_set():
            try:
                frame, address = self.sock.recvfrom(65535)
            except TimeoutError:
                continue
            now = time.monotonic()
            if address[2] == PACKET_OUTGOING or len(frame) < 14 + 28 or frame[12:14] != b"\x08\x00":
                continue
            ip = frame[14:]
            if ip[9] != 17:  # UDP
                continue
            header = (ip[0] & 0x0F) * 4
            src, dst = socket.inet_ntoa(ip[12:16]), socket.inet_ntoa(ip[16:20])
            sport, dport = struct.unpack("!HH", ip[header:header + 4])
            payload = ip[header + 8:]
            if (dst, dport) == self.sip and payload.startswith(b"INVITE "):
                text = payload.decode("latin-1")
                media = [line.split()[1] for line in text.split("\r\n") if line.startswith("m=audio ")]
                conn = [line.split()[2] for line in text.split("\r\n") if line.startswith("c=IN IP4 ")]
                if media and conn:
                    self.invites.setdefault((conn[-1], int(media[0])), now)
            elif (src, sport) in self.invites and (src, sport) not in self.first_rtp and len(payload) > 12 \
                    and payload[0] >> 6 == 2 and payload[1] & 0x7F in (0, 8):
                audio = np.frombuffer(payload[12:], dtype=np.uint8)
                silent = 0xFF if payload[1] & 0x7F == 0 else 0xD5
                if np.mean(audio ^ silent != 0) > 0.5:  # the message, not the silence before it
                    self.first_rtp[(src, sport)] = now

    def close(self) -> list[float]:
        self.stop.set()
        self.thread.join()
        self.sock.close()
        return [(self.first_rtp[k] - t) * 1000 for k, t in self.invites.items() if k in self.first_rtp]


def setup_time(dialer: PjsipDialer, far: Sipp, work: Path, calls: int) -> list[float]:
    wav = tone(work / "short.wav", 1.0)
    capture = Capture((far.ip, far.port))
    results: list[CallResult | Exception] = []
    request = CallRequest(call_id="bench", to_e164="+8613800138000", audio_wav=wav)
    threads = []
    for _ in range(calls):
        threads.append(threading.Thread(target=place, args=(dialer, request, results)))
        threads[-1].start()
        time.sleep(0.2)
    for t in threads:
        t.join()
    setups = capture.close()
    log(f"setup: {len(setups)} of {calls} calls timed on the wire, {sum(isinstance(r, Exception) for r in results)} errors")
    return setups


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=60, help="calls held at once in phase 1")
    parser.add_argument("--hold-s", type=float, default=20.0, help="length of phase 1's message")
    parser.add_argument("--setup-calls", type=int, default=40)
    parser.add_argument("--optout-calls", type=int, default=5)
    parser.add_argument("--messages", type=int, default=40, help="messages per run of phase 3's rendering")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        far = Sipp("answer", work / "sipp", stats=True)
        trunk = parse_trunk_url(far.trunk_url(), caller_id="+861012345678", max_channels=args.calls,
                                calls_per_second=50)
        try:
            with PjsipDialer(trunk, linger_s=0.2) as dialer:
                figures = concurrency(dialer, far, work, args.calls, args.hold_s)
                try:
                    setups = setup_time(dialer, far, work, args.setup_calls)
                except PermissionError:
                    log("setup time needs a raw socket on lo (root or CAP_NET_RAW): left out")
                    setups = []
        finally:
            far.stop()
    campaign = call_campaign.measure(args.messages, args.optout_calls)
    line = (f"concurrent_calls={figures['concurrent_calls']} call_failures={figures['call_failures']} "
            f"cpu_cores={figures['cpu_cores']:.2f}")
    if setups:
        line += f" setup_ms_p50={np.percentile(setups, 50):.1f} setup_ms_p95={np.percentile(setups, 95):.1f}"
    print(line + "".join(f" {k}={v}" for k, v in campaign.items()))


if __name__ == "__main__":
    main()
