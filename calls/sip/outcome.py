"""What a final SIP response to an INVITE means for one call attempt."""

from __future__ import annotations

from calls.dialer import CallStatus

BUSY_CODES = frozenset({486, 600})
NO_ANSWER_CODES = frozenset({408, 480, 487})  # 487: we cancelled after the ring timeout
REJECTED_CODES = frozenset({403, 404, 410, 484, 603, 604, 606})
AUTH_CODES = frozenset({401, 407})  # still challenged after our credentials: the trunk refuses us, not the callee


def status_for(code: int) -> CallStatus:
    """Busy (486/600), no answer (408/480/487), rejected (403/404/410/484/603/604/606), else failed."""
    if code in BUSY_CODES:
        return CallStatus.BUSY
    if code in NO_ANSWER_CODES:
        return CallStatus.NO_ANSWER
    if code in REJECTED_CODES:
        return CallStatus.REJECTED
    return CallStatus.FAILED
