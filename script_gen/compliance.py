"""Advertising-law compliance check of the text a host will actually say.

A versioned lexicon (base law list + platform layer + merchant layer) is matched with an
Aho-Corasick automaton over width-folded, lower-cased text with filler characters removed (``最 好``
and ``ＮＯ．１`` are caught), then context rules drop what is not a claim: allow n-grams (最近,
最后一天, 第一次, 最佳食用期 ...: SAMR's 2023 guideline exempts usage tips), protected strings taken
from the KB (a registered trademark, a product name, an official award or a standard grade such as
``100%桑蚕丝`` on the label) and categories allowed to make medical claims.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib import resources

import ahocorasick
from pydantic import BaseModel, ConfigDict, Field

from core.errors import InputError
from script_gen.records import Finding, Sku
from script_gen.spans import Spans

_FILLER = set(" \t\r·•*_~|\u200b\u200c\u200d\u3000'\"")


class LexiconTerm(BaseModel):
    model_config = ConfigDict(frozen=True)
    term: str
    category: str
    rewrite: str | None = None


class LexiconPattern(BaseModel):
    model_config = ConfigDict(frozen=True)
    regex: str
    category: str
    rewrite: str | None = None
    span_after: int = 0


class Lexicon(BaseModel):
    """A layer or a merged stack of layers; ``version`` identifies exactly what a check used."""

    model_config = ConfigDict(frozen=True)
    id: str
    version: str
    scope: str = "base"
    source: str = ""
    terms: tuple[LexiconTerm, ...] = ()
    patterns: tuple[LexiconPattern, ...] = ()
    allow: tuple[str, ...] = ()
    remove: tuple[str, ...] = Field((), description="Terms of lower layers this layer lifts.")
    exempt_categories: dict[str, tuple[str, ...]] = Field(default_factory=dict)

    @property
    def ref(self) -> str:
        return f"{self.id}@{self.version}"


def available_lexicons() -> list[str]:
    """Shipped layers as ``id@version`` (e.g. ``cn-ad-law@2023.1``, ``douyin@2024.1``)."""
    out = []
    for entry in resources.files("script_gen.lexicons").iterdir():
        if entry.name.endswith(".json"):
            data = json.loads(entry.read_text(encoding="utf-8"))
            out.append(f"{data['id']}@{data['version']}")
    return sorted(out)


@lru_cache(maxsize=32)
def _shipped(layer_id: str, version: str | None) -> Lexicon:
    refs = [r for r in available_lexicons() if r.split("@")[0] == layer_id]
    if version is not None:
        refs = [r for r in refs if r.split("@")[1] == version]
    if not refs:
        raise InputError(
            f"no shipped lexicon {layer_id}{'@' + version if version else ''}; available: {available_lexicons()}"
        )
    name = refs[-1].replace("@", "-") + ".json"
    text = resources.files("script_gen.lexicons").joinpath(name).read_text(encoding="utf-8")
    return Lexicon.model_validate(json.loads(text))


def load_lexicon(
    platform: str | None = None,
    merchant: Lexicon | None = None,
    *,
    base: str = "cn-ad-law",
    base_version: str | None = None,
    platform_version: str | None = None,
) -> Lexicon:
    """Stack base law list, an optional platform layer and an optional merchant layer into one."""
    layers = [_shipped(base, base_version)]
    if platform:
        layers.append(_shipped(platform, platform_version))
    if merchant is not None:
        layers.append(merchant.model_copy(update={"scope": "merchant"}))
    return merge_layers(layers)


def merge_layers(layers: Sequence[Lexicon]) -> Lexicon:
    terms: dict[str, LexiconTerm] = {}
    patterns: list[LexiconPattern] = []
    allow: list[str] = []
    exempt: dict[str, tuple[str, ...]] = {}
    for layer in layers:
        for term in layer.remove:
            terms.pop(_fold(term), None)
        for term in layer.terms:
            terms[_fold(term.term)] = term
        patterns += layer.patterns
        allow += layer.allow
        for cat, cats in layer.exempt_categories.items():
            exempt[cat] = tuple(dict.fromkeys(exempt.get(cat, ()) + tuple(cats)))
    return Lexicon(
        id="+".join(layer.id for layer in layers),
        version="+".join(layer.ref for layer in layers),
        scope="merged",
        terms=tuple(terms.values()),
        patterns=tuple(patterns),
        allow=tuple(dict.fromkeys(allow)),
        exempt_categories=exempt,
    )


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def _fold_with_index(text: str) -> tuple[str, list[int]]:
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        if ch in _FILLER:
            continue
        folded = _fold(ch)
        out.append(folded)
        index.extend([i] * len(folded))
    return "".join(out), index


def _automaton(words: Iterable[str]) -> ahocorasick.Automaton | None:
    auto = ahocorasick.Automaton()
    added = False
    for word in words:
        key = "".join(ch for ch in _fold(word) if ch not in _FILLER)
        if key:
            auto.add_word(key, key)
            added = True
    if not added:
        return None
    auto.make_automaton()
    return auto


@lru_cache(maxsize=256)
def _protected_automaton(protected: tuple[str, ...]) -> ahocorasick.Automaton | None:
    return _automaton(protected)


def _occurrences(auto: ahocorasick.Automaton | None, text: str) -> list[tuple[int, int, str]]:
    if auto is None or not text:
        return []
    return [(end - len(key) + 1, end + 1, key) for end, key in auto.iter(text)]


class ComplianceChecker:
    """A lexicon compiled once; ``check`` is safe to call from many threads."""

    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon
        self._terms = {_fold(t.term): t for t in lexicon.terms}
        self._auto = _automaton(self._terms)
        self._allow = _automaton(lexicon.allow)
        self._patterns = [(re.compile(p.regex), p) for p in lexicon.patterns]

    def check(self, text: str, *, category: str = "", protected: Sequence[str] = ()) -> list[Finding]:
        """Findings (kind ``banned_term``) with original-text spans, category and a rewrite."""
        folded, index = _fold_with_index(text)
        hits: list[tuple[int, int, str, str | None, str]] = []
        for start, end, key in _occurrences(self._auto, folded):
            term = self._terms[key]
            hits.append((start, end, term.category, term.rewrite, term.term))
        for regex, pat in self._patterns:
            for m in regex.finditer(folded):
                end = min(m.end() + pat.span_after, len(folded))
                hits.append((m.start(), end, pat.category, pat.rewrite, pat.regex))
        if not hits:
            return []
        shield = [(s, e) for s, e, _ in _occurrences(self._allow, folded)]
        shield += [(s, e) for s, e, _ in _occurrences(_protected_automaton(tuple(protected)), folded)]
        exempt = {cat for cat, cats in self.lexicon.exempt_categories.items()
                  if category and any(c in category for c in cats)}
        shielded = Spans(shield)
        kept = [h for h in hits if h[2] not in exempt and not shielded.cover(h[0], h[1])]
        kept.sort(key=lambda h: (h[0], -(h[1] - h[0])))
        findings: list[Finding] = []
        last_end = -1
        for start, end, cat, rewrite, rule in kept:
            if start < last_end:
                continue  # inside a longer hit already reported
            last_end = end
            o_start, o_end = index[start], index[end - 1] + 1
            findings.append(Finding(
                kind="banned_term", start=o_start, end=o_end, text=text[o_start:o_end],
                reason=f"{_CATEGORY_REASON.get(cat, cat)}（{self.lexicon.version}）",
                category=cat, suggestion=rewrite, rule=f"{self.lexicon.id}:{rule}",
            ))
        return findings


_CATEGORY_REASON = {
    "absolute": "广告法第九条禁止的绝对化用语",
    "medical": "普通商品不得宣传疾病治疗或医疗功效",
    "scarcity": "无法核实的稀缺或涨价压力（虚假宣传风险）",
    "guarantee": "无法兑现的保证性承诺",
    "disparagement": "贬低竞品（商业诋毁风险）",
    "off_platform": "平台禁止的站外引流",
    "inducement": "平台禁止的诱导互动",
}


def protected_terms(sku: Sku) -> list[str]:
    """KB strings exempt from the lexicon: names, trademarks, certificates, parameter names and values.

    SAMR's guideline exempts registered names, official titles and standard grading terms; a
    parameter called 最大输出功率 or a label value 100%桑蚕丝 is such a term when the KB says so.
    """
    out = [sku.title, sku.brand, *sku.certifications]
    for a in sku.attributes:
        out += [a.key, a.text, f"{a.key}{a.text}"]
    return [t for t in out if t]


_CHECKERS: dict[str, ComplianceChecker] = {}


def checker_for(lexicon: Lexicon) -> ComplianceChecker:
    """The compiled checker for ``lexicon`` (cached by content, so an edited layer recompiles)."""
    key = lexicon.model_dump_json()
    checker = _CHECKERS.get(key)
    if checker is None:
        if len(_CHECKERS) > 32:
            _CHECKERS.clear()
        checker = _CHECKERS[key] = ComplianceChecker(lexicon)
    return checker


def check_compliance(
    text: str, lexicon: Lexicon | None = None, *, category: str = "", protected: Sequence[str] = ()
) -> list[Finding]:
    """Banned-term findings in ``text`` (run it on the final spoken text)."""
    return checker_for(lexicon or load_lexicon()).check(text, category=category, protected=tuple(protected))
