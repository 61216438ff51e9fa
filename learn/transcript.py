"""A human host's session transcript: SRT, or JSON segments (``[{"start", "end", "text"}]`` or Whisper's
``{"segments": [...]}``), times in seconds from the session's start. Bad segments are reported by number."""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass

from core.errors import InputError
from learn.metrics import RowError
from script_gen.kb_read import json_nests_deeper

MAX_TEXT_CHARS = 2000
MAX_JSON_DEPTH = 8
_SRT_TIME = re.compile(r"^\s*(\d{1,3}):(\d{2}):(\d{2})[,.](\d{1,3})\s*-->\s*(\d{1,3}):(\d{2}):(\d{2})[,.](\d{1,3})")


@dataclass(frozen=True)
class Utterance:
    start_s: float
    end_s: float
    text: str


class TranscriptRejected(InputError):
    def __init__(self, errors: list[RowError], total: int) -> None:
        self.issues, self.total = errors, total
        self.details = {"issues": [e.as_dict() for e in errors], "issue_count": total}
        super().__init__(f"{total} bad segment(s) in the transcript, nothing imported; first: {errors[0]}")


def parse_transcript(data: bytes, filename: str, *, max_segments: int = 20000,
                     max_errors: int = 200) -> tuple[Utterance, ...]:
    """Utterances in time order. Raises :class:`TranscriptRejected` with every bad segment, or InputError."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("the transcript is not UTF-8 text") from None
    name = filename.lower()
    if name.endswith(".json"):
        raw = _json_segments(text)
    elif name.endswith(".srt"):
        raw = _srt_segments(text)
    else:
        raise InputError("a transcript is an .srt or a .json file")
    if len(raw) > max_segments:
        raise InputError(f"the transcript has more than {max_segments} segments (learn.max_rows)")
    out: list[Utterance] = []
    errors: list[RowError] = []
    total = 0
    for number, (start, end, said) in enumerate(raw, start=1):
        problem = _problem(start, end, said)
        if problem:
            total += 1
            if len(errors) < max_errors:
                errors.append(RowError(number, "segment", problem))
            continue
        out.append(Utterance(float(start), float(end), said.strip()))
    if total:
        raise TranscriptRejected(errors, total)
    if not out:
        raise InputError("the transcript has no segments")
    return tuple(sorted(out, key=lambda u: u.start_s))


def _problem(start: object, end: object, said: object) -> str:
    if not isinstance(said, str) or not said.strip():
        return "no text"
    if len(said) > MAX_TEXT_CHARS:
        return f"text longer than {MAX_TEXT_CHARS} characters"
    if isinstance(start, bool) or isinstance(end, bool) or not isinstance(start, (int, float)) \
            or not isinstance(end, (int, float)):
        return "start and end must be numbers of seconds"
    if not (math.isfinite(start) and math.isfinite(end)) or start < 0 or end <= start or end > 7 * 86400:
        return f"times {start}-{end} are not a forward span within a week"
    return ""


def _json_segments(text: str) -> list[tuple[object, object, object]]:
    if json_nests_deeper(text, MAX_JSON_DEPTH):
        raise InputError(f"the transcript's JSON nests deeper than {MAX_JSON_DEPTH} levels")
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"the transcript is not JSON: {exc}") from None
    segments = doc.get("segments") if isinstance(doc, dict) else doc
    if not isinstance(segments, list):
        raise InputError('a JSON transcript is a list of {"start", "end", "text"} or {"segments": [...]}')
    return [(s.get("start"), s.get("end"), s.get("text")) if isinstance(s, dict) else (None, None, None)
            for s in segments]


def _srt_segments(text: str) -> list[tuple[object, object, object]]:
    out: list[tuple[object, object, object]] = []
    for block in re.split(r"\r?\n\s*\r?\n", text.strip()):
        lines = [ln for ln in block.splitlines() if ln.strip()]
        timing = next((i for i, ln in enumerate(lines[:2]) if "-->" in ln), None)
        if timing is None:
            out.append((None, None, None))
            continue
        m = _SRT_TIME.match(lines[timing])
        if m is None:
            out.append((None, None, " ".join(lines[timing + 1:])))
            continue
        h1, m1, s1, f1, h2, m2, s2, f2 = m.groups()
        start = int(h1) * 3600 + int(m1) * 60 + int(s1) + int(f1.ljust(3, "0")) / 1000
        end = int(h2) * 3600 + int(m2) * 60 + int(s2) + int(f2.ljust(3, "0")) / 1000
        out.append((start, end, " ".join(lines[timing + 1:])))
    return out
