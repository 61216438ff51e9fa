"""Subtitle cues from the speech timings, written as SRT or WebVTT.

Cues are the script's sentences as written (``SentenceTiming.text``), split at punctuation into
lines of at most ``max_chars`` characters, each part given the sentence's time in proportion to its
length, so a long sentence never sits on screen as one block.
"""

from __future__ import annotations

import re
from pathlib import Path

from core.errors import InputError
from voice.records import Speech

Cue = tuple[float, float, str]
_BREAK = re.compile(r"(?<=[，。！？；、,.!?;:：])")


def _split(text: str, max_chars: int) -> list[str]:
    parts: list[str] = []
    for piece in (p.strip() for p in _BREAK.split(text)):
        if not piece:
            continue
        if parts and len(parts[-1]) + len(piece) <= max_chars:
            parts[-1] += piece
        else:
            parts.extend(piece[i:i + max_chars] for i in range(0, len(piece), max_chars))
    return parts


def speech_cues(speech: Speech, *, max_chars: int = 18) -> tuple[Cue, ...]:
    """One or more cues per sentence; part ``k`` of ``n`` gets the sentence's time in proportion to length."""
    cues: list[Cue] = []
    for sentence in speech.sentences:
        text = sentence.text.strip()
        if not text or sentence.end <= sentence.start:
            continue
        parts = _split(text, max_chars)
        total = sum(len(p) for p in parts)
        start = sentence.start
        for part in parts:
            end = start + (sentence.end - sentence.start) * len(part) / total
            cues.append((round(start, 3), round(end, 3), part))
            start = end
    return tuple(cues)


def _stamp(seconds: float, sep: str) -> str:
    ms = int(round(seconds * 1000))
    h, ms = divmod(ms, 3_600_000)
    m, ms = divmod(ms, 60_000)
    s, ms = divmod(ms, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def write_subtitles(cues: tuple[Cue, ...] | list[Cue], path: str | Path) -> Path:
    """Write ``cues`` as SRT (``.srt``) or WebVTT (``.vtt``), chosen by the file's suffix."""
    path = Path(path)
    kind = path.suffix.lower()
    if kind not in (".srt", ".vtt"):
        raise InputError(f"subtitle file must end in .srt or .vtt, got {path.name}")
    lines = ["WEBVTT", ""] if kind == ".vtt" else []
    sep = "." if kind == ".vtt" else ","
    for number, (start, end, text) in enumerate(cues, 1):
        if kind == ".srt":
            lines.append(str(number))
        lines += [f"{_stamp(start, sep)} --> {_stamp(end, sep)}", text, ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path
