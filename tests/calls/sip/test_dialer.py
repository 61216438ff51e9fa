"""The PJSIP dialer against real far ends on loopback: SIPp scenarios and a pjsua2 callee that records what it
hears and presses keys. Outcomes, audio, DTMF, limits and TLS are judged from what crossed the wire."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from calls_kit import self_signed
from sip_farend import Callee, Sipp, free_port, loopback_ip, match, read_wav, speech_wav, write_wav

from calls.dialer import CallRequest, CallResult, CallStatus, DigitAction, TrunkConfig, TrunkDown
from calls.sip import PjsipDialer, open_dialer, parse_trunk_url

NUMBER = "+8613800138000"


def _request(wav: Path, confirm: Path | None = None, **kw: float) -> CallRequest:
    return CallRequest(call_id="attempt-1", to_e164=NUMBER, audio_wav=wav, confirm_optout_wav=confirm, **kw)


def _dialer(url: str, *, max_channels: int = 4, cps: float = 20.0, linger_s: float = 0.5, **kw: object) -> PjsipDialer:
    trunk = parse_trunk_url(url, caller_id="+861012345678", max_channels=max_channels, calls_per_second=cps)
    return PjsipDialer(trunk, linger_s=linger_s, **kw)  # type: ignore[arg-type]


class Digits:
    """An on_digit that records when each digit arrived and answers from a script."""

    def __init__(self, actions: dict[str, DigitAction]) -> None:
        self.actions, self.seen = actions, []

    def __call__(self, digit: str) -> DigitAction:
        self.seen.append((digit, time.time()))
        return self.actions.get(digit, DigitAction.CONTINUE)


def _at_once(dialer: PjsipDialer, request: CallRequest, n: int) -> list[CallResult]:
    """``n`` calls placed from ``n`` threads at once, as a campaign does."""
    results: list[CallResult] = []
    threads = [threading.Thread(target=lambda: results.append(dialer.call(request, Digits({})))) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def _seconds(wav: Path) -> float:
    return len(read_wav(wav)) / 8000


def test_answered_call_carries_the_recipients_own_message(callee: Callable[..., Callee], messages: dict[str, Path]):
    far = callee()
    with _dialer(far.trunk_url()) as dialer:
        result = dialer.call(_request(messages["alice"]), Digits({}))
    assert result.status is CallStatus.ANSWERED and result.sip_code == 200, result
    assert result.played_to_end and result.seconds_played == pytest.approx(_seconds(messages["alice"]), abs=0.05)
    recorded = read_wav(Path(far.wait_for("ended")["wav"]))
    own, other = match(recorded, read_wav(messages["alice"])), match(recorded, read_wav(messages["bob"]))
    assert own >= 0.8, (own, other)  # after the PCMU round trip
    assert other < own - 0.3, (own, other)


def test_dtmf_9_reaches_on_digit_before_hangup_and_the_confirmation_plays(callee: Callable[..., Callee],
                                                                          messages: dict[str, Path]):
    far = callee(dtmf=("9@1.5",))
    digits = Digits({"9": DigitAction.CONFIRM_OPTOUT})
    with _dialer(far.trunk_url()) as dialer:
        result = dialer.call(_request(messages["bob"], messages["confirm"]), digits)
    assert result.status is CallStatus.OPTED_OUT and result.digits == "9", result
    assert not result.played_to_end and 1.2 < result.seconds_played < 2.5, result
    pressed, ended = far.wait_for("dtmf"), far.wait_for("ended")
    assert [d for d, _ in digits.seen] == ["9"]
    assert pressed["at"] <= digits.seen[0][1] < ended["at"]
    assert digits.seen[0][1] - pressed["at"] < 1.0  # keypress to on_digit
    recorded = read_wav(Path(ended["wav"]))
    assert match(recorded, read_wav(messages["confirm"])) >= 0.8  # the confirmation was heard in full
    assert ended["at"] - digits.seen[0][1] >= _seconds(messages["confirm"]) - 0.2


def test_dtmf_1_over_sip_info_replays_the_message(callee: Callable[..., Callee], messages: dict[str, Path]):
    far = callee(dtmf=("1@1.5",), dtmf_method="info")
    with _dialer(far.trunk_url()) as dialer:
        result = dialer.call(_request(messages["alice"]), Digits({"1": DigitAction.REPEAT}))
    assert result.status is CallStatus.ANSWERED and result.digits == "1" and result.played_to_end, result
    seen = far.until("ended")
    alice = read_wav(messages["alice"])
    length = len(alice) / 8000
    # The message began before the callee saw the answer and the key went 1.5 s after that, so at least 1.5 s
    # of the first playing counts (less a media tick); the replay came while it was still under way.
    assert length + 1.5 - 0.05 <= result.seconds_played < 2 * length - 0.5, (result.seconds_played, length)
    # The key splits the recording: what the far end heard before it is the first playing (its 0.3-0.8 s were
    # sent 0.7 s before the key at the latest), and the replay can only be heard after it, however late either
    # side runs under load (fixed offsets from the answer did not hold). Quarter-second chunks: under load the
    # callee's jitter buffer may insert a 20 ms frame inside the half second, which a single chunk spanning it
    # scores ~0.65; the rest of the message, without a replay, scores ~0.35 on these chunks.
    recorded = read_wav(Path(seen["ended"]["wav"]))
    key = int((seen["dtmf"]["at"] - seen["recording"]["at"]) * 8000)
    head = alice[2400:6400]
    first, second = match(recorded[:key], head, 0.25), match(recorded[key:], head, 0.25)
    assert first >= 0.8 and second >= 0.8, (first, second, key / 8000)


def test_what_the_far_end_says_after_the_message_is_answered(callee: Callable[..., Callee], messages: dict[str, Path],
                                                             tmp_path: Path):
    question = speech_wav("How much does the yoghurt cost?", tmp_path / "question.wav")
    far = callee(say=(f"{question}@{_seconds(messages['alice']) + 1.0}",))  # a second after the message ends
    utterances: list[np.ndarray] = []

    def on_speech(wav: Path) -> Path:
        utterances.append(read_wav(wav))
        return messages["bob"]  # the answer

    with _dialer(far.trunk_url(), linger_s=3.0) as dialer:
        result = dialer.call(_request(messages["alice"]), Digits({}), on_speech)
    assert result.status is CallStatus.ANSWERED and result.played_to_end, result
    # one utterance, the question as the far end said it (after the G.711 round trip), cut whole
    assert len(utterances) == 1 and match(utterances[0], read_wav(question)) >= 0.8
    assert len(utterances[0]) < len(read_wav(question)) + 1.2 * 8000
    recorded = read_wav(Path(far.until("ended")["ended"]["wav"]))
    assert match(recorded, read_wav(messages["bob"])) >= 0.8  # and the answer was heard
    assert result.seconds_played == pytest.approx(_seconds(messages["alice"]), abs=0.05)  # answers are not the message


@pytest.mark.parametrize(("scenario", "status", "code"), [
    ("answer", CallStatus.ANSWERED, 200),
    ("busy", CallStatus.BUSY, 486),
    ("reject", CallStatus.REJECTED, 603),
    ("noanswer", CallStatus.NO_ANSWER, 487),
])
def test_outcomes_against_sipp(sipp: Callable[..., Sipp], messages: dict[str, Path], scenario: str,
                               status: CallStatus, code: int):
    far = sipp(scenario)
    with _dialer(far.trunk_url()) as dialer:
        started = time.monotonic()
        result = dialer.call(_request(messages["alice"], ring_timeout_s=1.5), Digits({}))
    assert (result.status, result.sip_code) == (status, code), result
    assert result.played_to_end is (status is CallStatus.ANSWERED)
    if status is CallStatus.NO_ANSWER:
        assert 1.4 < time.monotonic() - started < 6.0


def test_digest_credentials_are_answered_and_wrong_ones_are_a_trunk_down(sipp: Callable[..., Sipp],
                                                                        messages: dict[str, Path]):
    far = sipp("auth")
    with _dialer(f"sip:acme:s3cret-pw@{far.ip}:{far.port}", log_level=5) as dialer:
        result = dialer.call(_request(messages["alice"]), Digits({}))
        (engine,) = dialer._engines
        log = engine.proc.stderr_tail()
    assert result.status is CallStatus.ANSWERED and result.played_to_end, result
    assert "Authorization: Digest" in log and "s3cret-pw" not in log  # PJSIP's full SIP trace, no password
    with _dialer(f"sip:acme:wrong@{far.ip}:{far.port}") as dialer:
        with pytest.raises(TrunkDown, match="credentials"):
            dialer.call(_request(messages["alice"]), Digits({}))


def test_a_trunk_that_wants_registration_gets_it_before_the_call(sipp: Callable[..., Sipp], messages: dict[str, Path]):
    far = sipp("register")  # answers an INVITE only after an authenticated REGISTER, 403 before
    with _dialer(f"sip:acme:s3cret-pw@{far.ip}:{far.port};register=yes", log_level=5) as dialer:
        result = dialer.call(_request(messages["alice"]), Digits({}))
        (engine,) = dialer._engines
        log = engine.proc.stderr_tail()
    assert result.status is CallStatus.ANSWERED and result.played_to_end, result
    assert f"P-Asserted-Identity: <sip:+861012345678@{far.ip}:{far.port}>" in log and "s3cret-pw" not in log
    unregistered = sipp("register")
    with _dialer(f"sip:acme:s3cret-pw@{unregistered.ip}:{unregistered.port}") as dialer:
        refused = dialer.call(_request(messages["alice"]), Digits({}))
    assert (refused.status, refused.sip_code) == (CallStatus.REJECTED, 403), refused
    wrong = sipp("register")
    with _dialer(f"sip:acme:wrong@{wrong.ip}:{wrong.port};register=yes") as dialer:
        with pytest.raises(TrunkDown, match="refused our registration .403"):
            dialer.call(_request(messages["alice"]), Digits({}))


def test_tcp_transport(sipp: Callable[..., Sipp], messages: dict[str, Path]):
    far = sipp("busy", transport="tcp")
    with _dialer(far.trunk_url("tcp")) as dialer:
        result = dialer.call(_request(messages["alice"]), Digits({}))
    assert (result.status, result.sip_code) == (CallStatus.BUSY, 486), result


def test_tls_transport_carries_the_call_and_refuses_an_untrusted_certificate(
        tmp_path: Path, messages: dict[str, Path]):
    far_ip = loopback_ip()
    cert, key = self_signed(tmp_path, far_ip)
    far = Callee(tmp_path / "tls-callee", transport="tls", cert=cert, key=key, ip=far_ip)
    try:
        with _dialer(far.trunk_url("tls"), tls_ca_file=cert) as dialer:
            result = dialer.call(_request(messages["alice"]), Digits({}))
        assert result.status is CallStatus.ANSWERED and result.played_to_end, result
        assert match(read_wav(Path(far.wait_for("ended")["wav"])), read_wav(messages["alice"])) >= 0.8
        with _dialer(far.trunk_url("tls"), response_timeout_s=3.0) as dialer:  # the system CAs do not know it
            with pytest.raises(TrunkDown, match="trunk"):
                dialer.call(_request(messages["alice"]), Digits({}))
    finally:
        far.stop()


@pytest.mark.parametrize("transport", ["udp", "tcp"])
def test_a_trunk_that_cannot_be_reached_raises_trunk_down(messages: dict[str, Path], transport: str):
    ip = loopback_ip()
    with _dialer(f"sip:{ip}:{free_port(ip)};transport={transport}", response_timeout_s=1.0) as dialer:
        started = time.monotonic()
        with pytest.raises(TrunkDown):
            dialer.call(_request(messages["alice"]), Digits({}))
        assert time.monotonic() - started < 10


def test_channel_and_rate_limits_hold_on_the_wire(callee: Callable[..., Callee], tmp_path: Path):
    short = write_wav(tmp_path / "short.wav", 0.3 * np.sin(np.arange(6000) / 3))
    far = callee()
    with _dialer(far.trunk_url(), max_channels=2, cps=4.0) as dialer:
        results = _at_once(dialer, _request(short), 6)
    assert [r.status for r in results] == [CallStatus.ANSWERED] * 6
    spans: dict[int, list[float]] = {}
    while len([s for s in spans.values() if len(s) == 2]) < 6:
        event = far.next_event(10)
        if event["ev"] in ("answered", "ended"):
            spans.setdefault(event["call"], []).append(event["at"])
    edges = sorted([(a, 1) for a, _ in spans.values()] + [(b, -1) for _, b in spans.values()])
    up = peak = 0
    for _, step in edges:
        up += step
        peak = max(peak, up)
    assert peak == 2  # never more than max_channels calls up at the far end
    answers = sorted(a for a, _ in spans.values())
    assert answers[-1] - answers[0] >= 5 * 0.25 - 0.05  # at most 4 INVITEs a second


def test_many_calls_at_once_through_the_engine_pool(sipp: Callable[..., Sipp], tmp_path: Path):
    wav = write_wav(tmp_path / "tone.wav", 0.3 * np.sin(2 * np.pi * 440 * np.arange(16000) / 8000))
    far = sipp("answer")
    with _dialer(far.trunk_url(), max_channels=10, cps=50) as dialer:
        results = _at_once(dialer, _request(wav), 10)
        engines = {e.proc.pid for e in dialer._engines}
    assert [r.status for r in results] == [CallStatus.ANSWERED] * 10 and all(r.played_to_end for r in results)
    assert len(engines) >= 3  # four calls per PJSIP endpoint


def test_an_engine_that_dies_mid_call_fails_that_call_and_the_next_call_gets_a_new_one(
        callee: Callable[..., Callee], messages: dict[str, Path]):
    far = callee()
    results: list[CallResult] = []
    with _dialer(far.trunk_url()) as dialer:
        caller = threading.Thread(target=lambda: results.append(dialer.call(_request(messages["alice"]), Digits({}))))
        caller.start()
        far.wait_for("answered")
        (engine,) = dialer._engines
        engine.proc.kill()
        caller.join(30)
        assert results and results[0].status is CallStatus.FAILED and "engine exited" in results[0].reason
        again = dialer.call(_request(messages["bob"]), Digits({}))
        assert again.status is CallStatus.ANSWERED and again.played_to_end, again
        assert [e.proc.pid for e in dialer._engines] != [engine.proc.pid]


def test_bad_inputs_are_refused_before_dialing(tmp_path: Path, messages: dict[str, Path]):
    loud = tmp_path / "cd.wav"
    write_wav(loud, np.zeros(4410), rate=44100)
    dialer = open_dialer(TrunkConfig(url=f"sip:{loopback_ip()}:5060", caller_id="+8610000"))
    with pytest.raises(ValueError, match="8 kHz mono"):
        dialer.call(_request(loud), Digits({}))
    with pytest.raises(ValueError, match="cannot be read"):
        dialer.call(_request(tmp_path / "missing.wav"), Digits({}))
    with pytest.raises(ValueError, match="E.164"):
        dialer.call(CallRequest(call_id="x", to_e164="+86;evil=1", audio_wav=messages["alice"]), Digits({}))
    dialer.close()
    with pytest.raises(TrunkDown, match="closed"):
        dialer.call(_request(messages["alice"]), Digits({}))
