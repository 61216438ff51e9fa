"""The contract between a campaign and the SIP delivery: place one call, play one message, report digits.

A campaign (``calls.campaign``) owns policy: who may be called, when, how often, what a digit means, what
is recorded. A :class:`Dialer` (``calls.sip``) owns mechanism: it rings one number over a trunk, plays a
WAV over RTP, reports each DTMF digit (RFC 4733, SIP INFO as fallback) to ``on_digit`` while the call is
up, obeys the :class:`DigitAction` it gets back, and returns what happened. It never touches the database.

``calls.sip`` provides ``open_dialer(trunk: TrunkConfig) -> Dialer``; a campaign opens one per trunk and
may call :meth:`Dialer.call` from up to ``trunk.max_channels`` threads at once (the campaign paces new calls
at ``trunk.calls_per_second``), so ``call`` must be thread-safe.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Protocol


class CallStatus(str, enum.Enum):
    """How one attempt ended."""

    ANSWERED = "answered"  # the far end answered (played_to_end says whether it heard all of it)
    NO_ANSWER = "no_answer"  # rang until ring_timeout_s, or 408/480
    BUSY = "busy"  # 486 / 600
    REJECTED = "rejected"  # 603 / 403 / 404 and other final refusals from the far end
    FAILED = "failed"  # anything else: bad media, 5xx from beyond the trunk, an error in the stack
    OPTED_OUT = "opted_out"  # answered, and on_digit answered CONFIRM_OPTOUT (the confirmation was played)


class DigitAction(str, enum.Enum):
    """What the dialer does with the call after a digit; the campaign decides (and records) the meaning."""

    REPEAT = "repeat"  # restart audio_wav from its beginning
    CONFIRM_OPTOUT = "confirm_optout"  # stop the message, play confirm_optout_wav, hang up: OPTED_OUT
    CONTINUE = "continue"  # carry on as if nothing was pressed


@dataclass(frozen=True)
class TrunkConfig:
    """One SIP trunk, as a merchant configured it.

    ``url`` is ``sip:user:pass@host:port;transport=udp|tcp|tls`` and holds the trunk password: never log it.
    """

    url: str
    caller_id: str  # E.164 number (or SIP user) presented as the caller
    max_channels: int = 10  # calls up at once on this trunk
    calls_per_second: float = 5.0  # new INVITEs per second


@dataclass(frozen=True)
class CallRequest:
    """One call to place. WAVs are 8 kHz mono 16-bit PCM; the dialer sends them as G.711 (PCMA/PCMU)."""

    call_id: str  # the campaign's attempt id: unique, safe to log, used to correlate dialer logs
    to_e164: str  # +8613800138000 (normalised by the campaign); the dialer makes the SIP URI on the trunk
    audio_wav: Path  # the personalised message, played once when the call is answered
    confirm_optout_wav: Path | None = None  # played after CONFIRM_OPTOUT (None: hang up at once)
    ring_timeout_s: float = 30.0  # no final answer within this: NO_ANSWER (CANCEL sent)
    max_call_s: float = 180.0  # hang up an answered call after this, whatever is playing


@dataclass(frozen=True)
class CallResult:
    """What one call did. ``seconds_played`` counts message audio sent (repeats included)."""

    status: CallStatus
    digits: str = ""  # every DTMF digit received, in order
    seconds_played: float = 0.0
    played_to_end: bool = False  # audio_wav reached its end at least once before the call ended
    sip_code: int | None = None  # the final SIP response to the INVITE (200, 486, 603...), None if none came
    reason: str = ""  # a short human explanation (reason phrase, or what failed)


class TrunkDown(Exception):
    """The trunk itself cannot carry calls (unreachable, registration or auth refused, TLS failure, 503 from
    the trunk for every call). Raised instead of returning a result, before the recipient's phone rang; the
    campaign pauses and raises an alert."""


SpeechReply = Callable[[Path], Path | None]  # an utterance (WAV) in, the spoken answer (WAV) or None out


class Dialer(Protocol):
    """Places calls over one trunk. ``on_digit`` is called once per digit, never concurrently for one call,
    from a thread the dialer chooses; it may block briefly (a database write) and returns the action.

    With ``on_speech`` the dialer also listens once the message has played: each utterance of the far end (an
    8 kHz mono 16-bit WAV) goes to ``on_speech`` in the same thread as ``on_digit``, and the WAV it returns (the
    spoken answer; None: nothing to say) is played before the call waits again."""

    def call(self, request: CallRequest, on_digit: Callable[[str], DigitAction],
             on_speech: SpeechReply | None = None) -> CallResult: ...

    def close(self) -> None:
        """Hang up whatever is still up and release the trunk; later calls raise TrunkDown."""
        ...
