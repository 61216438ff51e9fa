"""Which script section a host was reading: transcript utterances matched to known section variants.

Speech recognition and hosts both paraphrase, so a match is a similarity of normalised text (character
bigram Dice on NFKC, lower-cased, numbers as numerals, punctuation and spaces dropped) against every
sentence of every known variant; an utterance at or above the threshold is that variant being aired.
Consecutive utterances of one variant are one airing. What matches nothing is kept as a new candidate
variant of the section being aired before it (or, at the start, of its nearest sentence's section), so a
host's own wording can win too.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from learn.transcript import Utterance
from script_gen.normalize import normalize

_DROP = re.compile(r"[\W_]+", re.UNICODE)
_SLOT = re.compile(r"\{[^{}]{1,12}\}")
UNMATCHED = "unmatched"


def norm_text(text: str) -> str:
    """The comparable form of spoken text."""
    return _DROP.sub("", normalize(unicodedata.normalize("NFKC", text)).text.lower())


def text_hash(text: str) -> str:
    """Identifies a wording: equal for texts that read the same once normalised."""
    return hashlib.sha256(norm_text(text).encode()).hexdigest()


def similarity(a: str, b: str) -> float:
    """Dice coefficient of character bigrams of two normalised texts (1.0 identical, 0.0 nothing shared)."""
    ga, gb = _grams(a), _grams(b)
    if not ga or not gb:
        return float(a == b and bool(a))
    return 2 * sum((ga & gb).values()) / (sum(ga.values()) + sum(gb.values()))


@dataclass(frozen=True)
class KnownVariant:
    key: str
    sku_id: str
    section: str
    sentences: tuple[str, ...]


@dataclass(frozen=True)
class MatchedSpan:
    """Utterances ``first..last`` read as one variant (``key`` None: a new candidate)."""

    sku_id: str
    section: str
    key: str | None
    text: str
    start_s: float
    end_s: float
    score: float


def match_utterances(utterances: Sequence[Utterance], known: Sequence[KnownVariant],
                     threshold: float) -> list[MatchedSpan]:
    sentences = [(v, norm_text(_SLOT.sub("", s))) for v in known for s in v.sentences]
    sentences = [(v, s) for v, s in sentences if s]
    spans: list[MatchedSpan] = []
    for u in utterances:
        said = norm_text(u.text)
        best, score = None, 0.0
        for variant, sentence in sentences:
            sim = max(similarity(said, sentence), _containment(said, sentence))
            if sim > score:
                best, score = variant, sim
        last = spans[-1] if spans else None
        key = best.key if best is not None and score >= threshold else None
        if key is None and last is not None:  # a host elaborating: a new wording of the section on air
            sku, section = last.sku_id, last.section
        else:
            sku, section = (best.sku_id, best.section) if best else ("", UNMATCHED)
        if last is not None and last.key == key and last.sku_id == sku and (key is not None or last.section == section):
            spans[-1] = MatchedSpan(sku, section, key, f"{last.text}{u.text}" if key is None else last.text,
                                    last.start_s, max(last.end_s, u.end_s), min(last.score, score))
        else:
            spans.append(MatchedSpan(sku, section, key, u.text, u.start_s, u.end_s, score))
    return spans


def _containment(said: str, sentence: str) -> float:
    """A short utterance that is a clean piece of a longer sentence (ASR splits sentences) counts as it."""
    if len(said) < 6 or len(said) >= len(sentence):
        return 0.0
    ga, gb = _grams(said), _grams(sentence)
    return sum((ga & gb).values()) / max(1, sum(ga.values())) if len(said) >= 0.3 * len(sentence) else 0.0


def _grams(text: str) -> Counter[str]:
    return Counter(text[i:i + 2] for i in range(len(text) - 1))
