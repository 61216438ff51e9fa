"""A learned second look at the rules' claim findings: does a finding like this one hold?

The rules flag a claim where a number, unit or word disagrees with the KB as they read it. On text their authors never
saw some readings are wrong: a per-piece price read as a pack's, a range's end read as a value, a sibling's spec said in
a comparison, a number in a refusal. The labelled sets say which findings held; this model scores a claim finding by
what it is (its kind, rule and reason with the values blanked out), its words and the words right after it, hashed
into a logistic regression, and drops those below a threshold. Banned-term, forbidden-claim and injection findings
are never dropped: on the law a false alarm is the cheaper mistake. The weights are a NumPy archive written by
``eval/scripts/train_findings.py`` from the labelled sets; no download.
"""

from __future__ import annotations

import functools
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from core.settings import ScriptSettings
from script_gen.fitting import adam_step, sigmoid
from script_gen.records import Finding

WEIGHTS = Path(__file__).with_name("models") / "finding_weights.npz"
HASH_BITS = 18
# Finding kinds that are the law's or the merchant's rules, never dropped.
KEPT = frozenset({"banned_term", "forbidden_claim", "injection"})

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_QUOTED = re.compile(r"“[^”]*”")
_CODE = re.compile(r"[\d-]+")
_LATIN_WORD = re.compile(r"[a-z]+")
_LATIN = re.compile(r"[a-z\s]+")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_PUNCTUATION = re.compile(r"[^\w\s]+")
_REACH = 12  # characters after the span read as its context


def _grams(text: str, prefix: str) -> list[str]:
    """English words, and Chinese characters and character pairs (punctuation left out), with every number as 0."""
    low = _NUMBER.sub("0", text.lower())
    rest = _PUNCTUATION.sub(" ", _LATIN.sub(" ", low))
    return ([f"{prefix}:{w}" for w in _LATIN_WORD.findall(low)] + [f"{prefix}:{c}" for c in rest if c.strip()]
            + [f"{prefix}:{rest[i:i + 2]}" for i in range(len(rest) - 1) if " " not in rest[i:i + 2]])


def finding_features(finding: Finding, text: str) -> list[str]:
    """What the model reads of one finding in ``text``, as feature strings: what the rule said, the flagged words and
    the words right after them (是两袋的钱, for the pair). Not the words before: there sit the cues a writer of
    labelled text plants around a clean line (最 of an own comparison) that a real error may follow as well (全网最低价，
    只要199元), and the model would learn the writer, not the reading."""
    reason = _NUMBER.sub("0", _QUOTED.sub("“”", finding.reason))
    rule = finding.rule or ""
    ref = _CODE.sub("", (finding.fact_ref or "").split("#")[-1])
    return [f"kind={finding.kind}", f"rule={rule}", f"rule_kind={rule.split(':')[0]}", f"ref={ref}",
            f"reason={reason[:30]}", f"kind_reason={finding.kind}|{reason[:12]}",
            f"len={min((finding.end - finding.start) // 3, 6)}", f"english={not _CJK.search(text)}",
            *_grams(finding.text, "T"), *_grams(text[finding.end:finding.end + _REACH], "R")]


def hashed(features: Sequence[str]) -> np.ndarray:
    """Feature strings as indices into the weight vector (CRC-32: the same on every machine and run)."""
    return np.fromiter((zlib.crc32(f.encode("utf-8")) & ((1 << HASH_BITS) - 1) for f in features), dtype=np.int64)


def fit(rows: Sequence[np.ndarray], y: np.ndarray, l2: float = 1e-4, steps: int = 400,
        lr: float = 0.05) -> tuple[np.ndarray, float]:
    """Logistic regression over hashed rows (index arrays) by full-batch Adam: no randomness, same rows same weights."""
    y = np.asarray(y, dtype=np.float64)
    index = np.concatenate(rows) if rows else np.zeros(0, np.int64)
    owner = np.repeat(np.arange(len(rows)), [len(r) for r in rows])
    size = 1 << HASH_BITS
    w, bias = np.zeros(size), np.zeros(1)
    moments = [(np.zeros(size), np.zeros(size)), (np.zeros(1), np.zeros(1))]
    for step in range(1, steps + 1):
        err = (sigmoid(bias[0] + np.bincount(owner, weights=w[index], minlength=len(rows))) - y) / len(rows)
        grads = [np.bincount(index, weights=err[owner], minlength=size) + l2 * w, np.array([err.sum()])]
        adam_step([w, bias], grads, moments, step, lr)
    return w.astype(np.float32), float(bias[0])


@dataclass(frozen=True)
class FindingModel:
    """Hashed feature weights, a bias, and the probability below which a claim finding is dropped."""

    weights: np.ndarray
    bias: float
    threshold: float

    @classmethod
    def load(cls, path: Path = WEIGHTS) -> FindingModel:
        with np.load(path, allow_pickle=False) as data:
            if data["weights"].shape != (1 << HASH_BITS,):
                raise ValueError(f"{path}: hashed to another size; rerun eval/scripts/train_findings.py")
            return cls(data["weights"], float(data["bias"]), float(data["threshold"]))

    def save(self, path: Path, trained_on: Sequence[str]) -> None:
        np.savez_compressed(path, weights=self.weights, bias=np.float64(self.bias),
                            threshold=np.float64(self.threshold), trained_on=np.array(trained_on))

    def probability(self, finding: Finding, text: str) -> float:
        """P(the finding holds) for one finding in ``text``."""
        return float(sigmoid(self.bias + float(self.weights[hashed(finding_features(finding, text))].sum())))

    def review(self, text: str, findings: Sequence[Finding]) -> list[Finding]:
        """The findings less the claim findings the model reads as readings gone wrong (the kinds in :data:`KEPT`
        always stay)."""
        return [f for f in findings if f.kind in KEPT or self.probability(f, text) >= self.threshold]


@functools.cache
def _shipped() -> FindingModel:
    return FindingModel.load()


def finding_model_for(settings: ScriptSettings) -> FindingModel | None:
    """The shipped model (loaded once per process) when ``settings.finding_model`` is on, else None."""
    return _shipped() if settings.finding_model else None
