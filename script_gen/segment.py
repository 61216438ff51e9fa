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
