"""Voice licences: may this voice speak in this use, in this territory, at this time?

A licensed voice (a celebrity's, say) comes with a contract. It is data here, checked before anything is
synthesised and again before every call (a licence can expire mid-campaign).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from core.errors import InputError

SCOPES = ("calls", "live", "videos")
EVERYWHERE = "*"


class LicenceRefused(InputError):
    """No licence of the voice covers the use; the message says which condition failed."""

    code = "licence_refused"


@dataclass(frozen=True)
class Licence:
    grantor: str
    scopes: tuple[str, ...]
    territories: tuple[str, ...]  # ISO 3166 region codes, or "*"
    expires_at: datetime
    starts_at: datetime | None = None

    def __post_init__(self) -> None:
        unknown = set(self.scopes) - set(SCOPES)
        if unknown or not self.scopes:
            raise InputError(f"licence scopes must be among {', '.join(SCOPES)}")
        if not self.territories or not all(t == EVERYWHERE or (len(t) == 2 and t.isalpha() and t.isupper())
                                           for t in self.territories):
            raise InputError('licence territories are ISO 3166 region codes ("CN") or "*"')
        if self.expires_at.tzinfo is None or (self.starts_at is not None and self.starts_at.tzinfo is None):
            raise InputError("licence times need a time zone")
        if self.starts_at is not None and self.starts_at >= self.expires_at:
            raise InputError("a licence must start before it expires")

    def why_not(self, scope: str, at: datetime, territory: str | None = None) -> str | None:
        """None if this licence covers the use; else the condition that fails."""
        if scope not in self.scopes:
            return f"granted by {self.grantor} for {', '.join(self.scopes)}, not {scope}"
        if at >= self.expires_at:
            return f"granted by {self.grantor}, expired {self.expires_at:%Y-%m-%d %H:%M} UTC"
        if self.starts_at is not None and at < self.starts_at:
            return f"granted by {self.grantor}, valid from {self.starts_at:%Y-%m-%d %H:%M} UTC"
        if territory is not None and EVERYWHERE not in self.territories and territory not in self.territories:
            return f"granted by {self.grantor} for {', '.join(self.territories)}, not {territory}"
        return None


def require_licence(licences: list[Licence], scope: str, at: datetime, territory: str | None = None) -> Licence:
    """The first licence that covers ``scope`` at ``at`` (and in ``territory`` when given), or
    :class:`LicenceRefused` naming why each one does not."""
    reasons = []
    for licence in licences:
        reason = licence.why_not(scope, at, territory)
        if reason is None:
            return licence
        reasons.append(reason)
    if not reasons:
        raise LicenceRefused(f"the voice has no licence record: add one that covers {scope}")
    raise LicenceRefused(f"no licence of the voice covers {scope}"
                         f"{' in ' + territory if territory else ''} now: {'; '.join(reasons)}")
