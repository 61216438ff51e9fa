"""Find the facts relevant to a script section or a viewer's question: BM25 over jieba tokens.

No embedding model ships inside a pip package for Chinese product text, so retrieval is lexical;
queries and facts are normalised the same way (half-width, Arabic numerals) before tokenising.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache

from rank_bm25 import BM25Okapi

from script_gen.facts import Fact, FactKind, sku_facts
from script_gen.injection import quarantine
from script_gen.normalize import normalize
from script_gen.records import KnowledgeBase
from script_gen.segment import jieba_module

_PUNCT = re.compile(r"^[\s\W_]+$")


def tokenize(text: str) -> list[str]:
    """jieba search-mode tokens of the normalised, lower-cased text, punctuation dropped."""
    norm = normalize(text).text.lower()
    return [t for t in jieba_module().lcut_for_search(norm) if t.strip() and not _PUNCT.match(t)]


class FactIndex:
    """BM25 index over every (quarantined) fact of a KB; promotions resolved at ``at`` if given."""

    def __init__(self, kb: KnowledgeBase, at: datetime | None = None):
        self.facts: list[Fact] = []
        for sku in kb.skus:
            self.facts += sku_facts(quarantine(sku)[0], at)
        corpus = [tokenize(f.text) or ["<empty>"] for f in self.facts]
        self._bm25 = BM25Okapi(corpus) if corpus else None

    def search(self, query: str, sku_id: str | None = None, k: int = 5,
               kinds: Sequence[FactKind] | None = None) -> list[tuple[Fact, float]]:
        """Top ``k`` facts for ``query`` (optionally of one SKU / of some kinds), best first."""
        tokens = tokenize(query)
        if not tokens or self._bm25 is None:
            return []
        scores = self._bm25.get_scores(tokens)
        ranked = [
            (fact, float(score)) for fact, score in zip(self.facts, scores, strict=True)
            if score > 0 and (sku_id is None or fact.sku_id == sku_id) and (kinds is None or fact.kind in kinds)
        ]
        ranked.sort(key=lambda pair: -pair[1])
        return ranked[:k]
