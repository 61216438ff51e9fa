"""Chinese word segmentation, initialised once for every module that reads words (retrieval, claims, rules)."""

from __future__ import annotations

import logging
from functools import lru_cache


@lru_cache(maxsize=1)
def jieba_module():
    """jieba, initialised once (its dictionary load takes about a second)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


@lru_cache(maxsize=1)
def posseg_module():
    """jieba's part-of-speech tagger (place names are ``ns``), loaded once on first use."""
    jieba_module()
    import jieba.posseg

    return jieba.posseg


@lru_cache(maxsize=4096)
def is_noun(word: str) -> bool:
    """Every part of ``word`` the tagger reads is a noun (水晶, 皮肤屏障; not 喝了)."""
    return all(p.flag.startswith("n") for p in posseg_module().lcut(word, HMM=False))
