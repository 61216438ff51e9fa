"""Footage ingest: decode, gate, track, align and crop one upload."""

from avatar.ingest.gate import GateError, GateLimits, GateReport
from avatar.ingest.prepare import Prepared, prepare

__all__ = ["GateError", "GateLimits", "GateReport", "Prepared", "prepare"]
