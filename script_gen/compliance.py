"""Advertising-law compliance check of the text a host will actually say.

A versioned lexicon (base law list + platform layer + merchant layer) is matched with an
Aho-Corasick automaton over folded text (``fold.py``: width, separators, zero-width characters,
formal numerals and pinyin undone, so ``最​好``, ``ＴＯＰ１`` and ``zui好`` are caught), then context
rules drop what is not a claim: allow n-grams and patterns (最近, 最担心, 最好先…, 第一次, 第1页, 最低能调到…:
SAMR's 2023 guideline exempts usage tips and parameter statements), strings the KB protects (a registered
mark as quoted or marked ®, a product name, an award title, ``100%桑蚕丝`` on the label) and categories
allowed to make medical claims. Regulated claims (disease, health functions) are classes of meaning
(``claim_classes.py``) judged by the product family; the KB's own ``forbidden_claims`` compile to them.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import datetime
from functools import lru_cache
from importlib import resources

import ahocorasick
from pydantic import BaseModel, ConfigDict, Field
from pypinyin import Style, lazy_pinyin

from core.errors import InputError
from script_gen.claim_classes import (
    ClaimClass,
    ClaimGroup,
    ForbiddenRule,
    Predicate,
    asserted,
    class_hits,
    compile_class,
    compile_forbidden,
    disclaimed,
    families_of,
    match_forbidden,
)
from script_gen.disguised import disguised_absolutes
from script_gen.english_forbidden import english_forbidden
from script_gen.forbidden_frames import hazards_kept_off
from script_gen.fold import Folded, fold
from script_gen.forbidden_model import kb_text
from script_gen.normalize import normalize
from script_gen.records import Finding, Sku
from script_gen.retractions import refused_reports
from script_gen.spans import Spans


class LexiconTerm(BaseModel):
    model_config = ConfigDict(frozen=True)
    term: str
    category: str
    rewrite: str | None = None
    cite: str = ""


class LexiconPattern(BaseModel):
    model_config = ConfigDict(frozen=True)
    regex: str
    category: str
    rewrite: str | None = None
    span_after: int = 0
    cite: str = ""


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
    allow_patterns: tuple[str, ...] = Field((), description="Regexes for uses that are not claims (最好先…).")
    remove: tuple[str, ...] = Field((), description="Terms of lower layers this layer lifts.")
    exempt_categories: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    families: dict[str, tuple[str, ...]] = Field(default_factory=dict, description="Product family -> category keywords.")
    macros: dict[str, str] = Field(default_factory=dict, description="``{NAME}`` fragments shared by class patterns.")
    groups: dict[str, ClaimGroup] = Field(default_factory=dict)
    synonyms: dict[str, str] = Field(default_factory=dict, description="Word -> regex of the ways a host says it.")
    predicates: dict[str, Predicate] = Field(default_factory=dict,
                                             description="Verbs forbidden sentences open a part with -> how hosts say them.")
    classes: tuple[ClaimClass, ...] = ()

    @property
    def ref(self) -> str:
        return f"{self.id}@{self.version}"


def available_lexicons() -> list[str]:
    """Shipped layers as ``id@version`` (e.g. ``cn-ad-law@2026.1``, ``douyin@2024.1``)."""
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
    """One lexicon from ``layers``; a higher layer replaces a term, class, group or macro of the same name."""
    terms: dict[str, LexiconTerm] = {}
    classes: dict[str, ClaimClass] = {}
    exempt: dict[str, tuple[str, ...]] = {}
    families: dict[str, tuple[str, ...]] = {}
    for layer in layers:
        for term in layer.remove:
            terms.pop(_key(term), None)
        terms.update((_key(term.term), term) for term in layer.terms)
        classes.update((c.id, c) for c in layer.classes)
        for target, source in ((exempt, layer.exempt_categories), (families, layer.families)):
            for name, words in source.items():
                target[name] = tuple(dict.fromkeys(target.get(name, ()) + tuple(words)))
    return Lexicon(
        id="+".join(layer.id for layer in layers),
        version="+".join(layer.ref for layer in layers),
        scope="merged",
        terms=tuple(terms.values()),
        patterns=tuple(p for layer in layers for p in layer.patterns),
        allow=tuple(dict.fromkeys(a for layer in layers for a in layer.allow)),
        allow_patterns=tuple(dict.fromkeys(a for layer in layers for a in layer.allow_patterns)),
        exempt_categories=exempt,
        families=families,
        macros={k: v for layer in layers for k, v in layer.macros.items()},
        groups={k: v for layer in layers for k, v in layer.groups.items()},
        synonyms={k: v for layer in layers for k, v in layer.synonyms.items()},
        predicates={k: v for layer in layers for k, v in layer.predicates.items()},
        classes=tuple(classes.values()),
    )


@lru_cache(maxsize=65536)
def _key(text: str) -> str:
    """A lexicon word as the checker sees it (folded, no pinyin)."""
    return fold(text).text


def _automaton(words: Iterable[str]) -> ahocorasick.Automaton | None:
    auto = ahocorasick.Automaton()
    for word in words:
        key = _key(word)
        if key:
            auto.add_word(key, key)
    if not len(auto):
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


def _pinyin_map(lexicon: Lexicon) -> dict[str, str]:
    """Pinyin syllable -> the banned-word characters it may spell (zui -> 最), from the lexicon's own words.

    Candidates are ordered: characters that start an absolute term or pattern first (the most frequent
    first), then the other characters of absolute terms (绝dui, 顶ji), then those of regulated-claim cues (美bai,
    mian疫力). ``fold`` takes the first candidate that forms a lexicon bigram with a neighbour (美bai -> 美白,
    though 百 leads bai), else the first; ordinary pinyin next to no lexicon character stays as written.
    """
    counts: dict[str, int] = {}
    leads = [t.term[0] for t in lexicon.terms if t.category == "absolute"]
    leads += [p.regex[0] for p in lexicon.patterns if "\u4e00" <= p.regex[0] <= "\u9fff"] * 10
    for ch in leads:
        if "\u4e00" <= ch <= "\u9fff":
            counts[ch] = counts.get(ch, 0) + 1
    ordered = sorted(counts, key=lambda c: -counts[c])
    ordered += [ch for t in lexicon.terms if t.category == "absolute" for ch in t.term[1:]]
    ordered += [ch for c in lexicon.classes for cue in c.cues for ch in cue]
    out: dict[str, str] = {}
    for ch in dict.fromkeys(ch for ch in ordered if "\u4e00" <= ch <= "\u9fff"):
        syllable = lazy_pinyin(ch, style=Style.NORMAL)[0]
        out[syllable] = out.get(syllable, "") + ch
    return out


def _lexicon_bigrams(lexicon: Lexicon) -> frozenset[str]:
    """Adjacent character pairs of absolute terms and claim cues: what a pinyin syllable's neighbour may complete."""
    words = [t.term for t in lexicon.terms if t.category == "absolute"] + [cue for c in lexicon.classes for cue in c.cues]
    return frozenset(w[i:i + 2] for w in words for i in range(len(w) - 1))


# 不是说它排第一, 入围不是冠军, 不是百分之百, 不是我说它最好吃, 不跟你们吹最好, 我不说它是最快的: an absolute term the host
# disclaims, said to deny the ranking, not to claim it.
_DISCLAIMED = re.compile(r"(?:不是|并非|不代表|不等于|谈不上|称不上|不敢说|不能说|算不上|别说|[我咱]?(?:不|没|不会)(?:说|讲)|(?:不|没)(?:跟|给|和|对)?"
                         r"[\u4e00-\u9fff]{0,3}?(?:吹|夸|忽悠))[^，。！？!?,\n]{0,4}$")
_Hit = tuple[int, int, str, str, str | None, str, str]  # start, end, category, reason, rewrite, rule, cite
_SENTENCE_END = re.compile(r"[。！？!?\n]")
# A health or superstition claim counts only when asserted (不能治病, 我们不讲风水 are none).
_ASSERTED = frozenset({"medical", "superstition"})


class ComplianceChecker:
    """A lexicon compiled once; ``check`` is safe to call from many threads."""

    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon
        self._terms = {_key(t.term): t for t in lexicon.terms}
        self._auto = _automaton(self._terms)
        self._allow = _automaton(lexicon.allow)
        self._allow_patterns = [re.compile(p) for p in lexicon.allow_patterns]
        self._patterns = [(re.compile(p.regex), p) for p in lexicon.patterns]
        self._pinyin = _pinyin_map(lexicon)
        self._bigrams = _lexicon_bigrams(lexicon)
        self._classes = {c.id: (c, compile_class(c, lexicon.macros)) for c in lexicon.classes}
        self._rules: dict[tuple[str, ...], tuple[ForbiddenRule, ...]] = {}
        self._backed: dict[tuple[str, ...], frozenset[str]] = {}

    def fold(self, text: str) -> Folded:
        return fold(text, self._pinyin, self._bigrams)

    def classes(self) -> list[tuple[ClaimClass, re.Pattern[str]]]:
        """The lexicon's claim classes with their compiled patterns (over folded text)."""
        return list(self._classes.values())

    def check(self, text: str, *, category: str = "", protected: Sequence[str] = (),
              scarcity_backed: bool = False) -> list[Finding]:
        """Findings (kind ``banned_term``) with original-text spans, category, cited reason and a rewrite."""
        folded = self.fold(text)
        low = folded.text
        hits: list[_Hit] = []
        for start, end, key in _occurrences(self._auto, low):
            t = self._terms[key]
            hits.append((start, end, t.category, _CATEGORY_REASON.get(t.category, t.category), t.rewrite, t.term, t.cite))
        for regex, p in self._patterns:
            for m in regex.finditer(low):
                end = min(m.end() + p.span_after, len(low))
                hits.append((m.start(), end, p.category, _CATEGORY_REASON.get(p.category, p.category), p.rewrite,
                             p.regex, p.cite))
        hits += self._class_hits(low, category, protected)
        disguised = disguised_absolutes(text)  # on the text as said: folding undoes the disguise
        if not hits and not disguised:
            return []
        shield = [(s, e) for s, e, _ in _occurrences(self._allow, low)]
        shield += [m.span() for regex in self._allow_patterns for m in regex.finditer(low)]
        shield += [(s, e) for s, e, _ in _occurrences(_protected_automaton(tuple(protected)), low)]
        shield += _named_marks(low, protected)
        shield += refused_reports(low)  # 有人让我说能矫正驼背，这个不能说: asked for, refused
        shield += _own_prices_ranked(low)
        shield += _label_shares(low, protected)
        exempt = {cat for cat, cats in self.lexicon.exempt_categories.items()
                  if category and any(c in category for c in cats)}
        if scarcity_backed:
            exempt.add("scarcity")
        shielded = Spans(shield)
        kept = [h for h in hits if h[2] not in exempt and not shielded.cover(h[0], h[1])
                and not (h[2] in ("absolute", "guarantee") and _DISCLAIMED.search(low, max(0, h[0] - 8), h[0]))
                and not (h[2] in _ASSERTED and not asserted(low, h[0], h[1]))
                and not disclaimed(low, h[1])]
        kept.sort(key=lambda h: (h[0], -(h[1] - h[0])))
        merged: list[_Hit] = []
        for hit in kept:
            if merged and hit[0] < merged[-1][1]:
                continue  # inside a longer hit already reported
            if merged and hit[2] == merged[-1][2] == "absolute" and not _SENTENCE_END.search(low, merged[-1][1], hit[0]):
                merged[-1] = (merged[-1][0], hit[1], *merged[-1][2:])  # 最高的…，没有之一: one absolute claim, one finding
                continue
            merged.append(hit)
        findings: list[Finding] = []
        for start, end, cat, reason, rewrite, rule, cite in merged:
            o_start, o_end = folded.span(start, end)
            findings.append(Finding(
                kind="banned_term", start=o_start, end=o_end, text=text[o_start:o_end],
                reason=f"{reason}（{cite + '；' if cite else ''}{self.lexicon.version}）",
                category=cat, suggestion=rewrite, rule=f"{self.lexicon.id}:{rule}",
            ))
        said = [(f.start, f.end) for f in findings]
        findings += [Finding(kind="banned_term", start=start, end=end, text=text[start:end],
                             reason=f"{_CATEGORY_REASON['absolute']}，以变形写法规避（{_DISGUISE_CITE}；{self.lexicon.version}）",
                             category="absolute", suggestion="删去绝对化用语", rule=f"{self.lexicon.id}:disguised")
                     for start, end in disguised if not any(a < end and start < b for a, b in said)]
        return sorted(findings, key=lambda f: f.start)

    def _class_hits(self, low: str, category: str, protected: Sequence[str]) -> list[_Hit]:
        """Disease and health-function claims the product's family may not make (unless its KB states them)."""
        families = families_of(category, self.lexicon.families)
        backed = self._kb_backed(tuple(protected))
        out: list[_Hit] = []
        for cls, regex in self._classes.values():
            group = self.lexicon.groups.get(cls.group)
            if group is None or group.category == "forbidden" or families & set(group.exempt) or cls.id in backed:
                continue
            out += [(s, e, group.category, group.reason, cls.rewrite, cls.id, cls.cite)
                    for s, e in _claimed(low, class_hits(low, regex), cls.plain_for(families))]
        return out

    def _kb_backed(self, protected: tuple[str, ...]) -> frozenset[str]:
        """Classes the KB itself states (a supplement's registered 保健功能), cached per SKU's KB strings."""
        backed = self._backed.get(protected)
        if backed is None:
            kb_text = "\n".join(protected)
            if len(self._backed) > 4096:
                self._backed.clear()
            backed = self._backed[protected] = frozenset(
                cls.id for cls, regex in self._classes.values()
                if cls.group in self.lexicon.groups and self.lexicon.groups[cls.group].kb_backed and regex.search(kb_text))
        return backed

    def forbidden(self, text: str, sku: Sku, ruled_out: list[tuple[int, int, int]] | None = None) -> list[Finding]:
        """``forbidden_claim`` findings: the SKU's own forbidden sentences said in any words; ``ruled_out``, when given,
        gets ``(sentence position, start, end)`` where a sentence's words are said and the rules rule the claim out."""
        rules = self._compiled_rules(sku.forbidden_claims, f"{sku.title} {sku.category}")
        if not rules:
            return []
        norm = normalize(text)  # spoken numerals as digits, so a forbidden figure is matched in any numerals
        folded = self.fold(norm.text)
        families = families_of(sku.category, self.lexicon.families)
        hits = {cid: _claimed(folded.text, class_hits(folded.text, regex), cls.plain_for(families))
                for cid, (cls, regex) in self._classes.items()}
        # The KB's own wording (保健功能：辅助降血脂) quoted as the KB has it is the registered fact, not the forbidden claim.
        quoted = [(s, s + len(t)) for t in protected_terms(sku) if len(t) >= 3 for s in _find_all(folded.text, t)]
        kb = kb_text(sku)
        # the attributes as written (folding would join 切削+手工 into one run); an FAQ may name a sibling's values
        own = unicodedata.normalize("NFKC", "\n".join(f"{a.key}：{a.value}" for a in sku.attributes)).lower()
        title = self.fold(normalize(sku.title).text).text
        findings = []
        for rule in rules:
            out: list[tuple[int, int]] | None = None if ruled_out is None else []
            sentence = self.fold(rule.sentence).text
            kept_off = [(s, e) for s, e in hazards_kept_off(folded.text, sentence) if asserted(folded.text, s, e)]
            for start, end in [*match_forbidden(folded.text, rule, hits, kb, out), *kept_off]:
                if any(a <= start and end <= b for a, b in quoted) or _names_model(folded.text, start, end, kb) \
                        or refused(folded.text, start, end) or _kb_says(folded.text[start:end], own):
                    continue
                said = folded.text[start:end] if end - start >= 2 else folded.text[start:end + 1]
                if len(said) >= 2 and said in title and said not in sentence:
                    continue  # 防脱 of 防脱洗发水 under 不得宣称生发, 牛 of 牛排 under 和牛: the product's own name
                o_start, o_end = norm.span(*folded.span(start, end))
                if _IN_A_WORD.search(text[max(0, o_start - 1) : o_start + 1]) or " " in text[o_start:o_end].strip() \
                        and text[o_start:o_end].isascii() and _IN_A_WORD.search(text[o_end - 1 : o_end + 1]):
                    continue  # seco|nd ba|ll, net ba|g read as NBA: Latin words begun or cut inside a word
                findings.append(Finding(
                    kind="forbidden_claim", start=o_start, end=o_end, text=text[o_start:o_end],
                    reason=f"商家禁止的宣传：“{rule.sentence}”", fact_ref=f"{sku.sku_id}#forbidden:{rule.position}",
                    rule=f"forbidden:{rule.position}",
                ))
            if ruled_out is not None:
                ruled_out += [(rule.position, *norm.span(*folded.span(s, e))) for s, e in out or ()]
        for n, start, end in english_forbidden(text, [rule.sentence for rule in rules]):
            if not any(f.start < end and start < f.end for f in findings):  # one finding a clause
                findings.append(Finding(
                    kind="forbidden_claim", start=start, end=end, text=text[start:end],
                    reason=f"商家禁止的宣传（英文说法）：“{rules[n].sentence}”",
                    fact_ref=f"{sku.sku_id}#forbidden:{rules[n].position}", rule=f"forbidden:{rules[n].position}",
                ))
        return _outermost(findings)

    def _compiled_rules(self, sentences: tuple[str, ...], product: str = "") -> tuple[ForbiddenRule, ...]:
        """Forbidden sentences compiled once per SKU list and product (cached here, so KB import needs no hook)."""
        rules = self._rules.get((*sentences, product))
        if rules is None:
            classes = [c for c, _ in self._classes.values()]
            regexes = {cid: regex for cid, (_, regex) in self._classes.items()}
            rules = self._rules[(*sentences, product)] = tuple(
                compile_forbidden(s, n, classes, self.lexicon.synonyms, self.lexicon.predicates, regexes,
                                  self.lexicon.macros, product) for n, s in enumerate(sentences) if s.strip())
        return rules


def _claimed(text: str, hits: list[tuple[int, int]], plain: re.Pattern[str] | None) -> list[tuple[int, int]]:
    """``hits`` less those that only name the product's kind (益智 of a building-block set)."""
    return hits if plain is None else [(s, e) for s, e in hits if not plain.fullmatch(text, s, e)]


# 不说零农药, 别听别人说无籽, 别当成无糖的, 不得跟你们乱说无糖: the host refuses to say what follows; 另外涂防晒: another
# product does it; 孕妇…不建议用, 台风天可别拿出来, 黑眼圈这支不承诺:
# 机洗烘干都不行, machine washing is a no-no: the case named, then ruled out later in its sentence.
_REFUSED_BEFORE = re.compile(r"(?:(?:不|别|没有?|不能|不会|不得|不敢|从不|绝不)(?:跟|给|和)?(?:你们?|大家)?(?:乱|瞎)?(?:说|讲|提|承诺|宣传|吹)(?:什么|过)?|"
                             r"(?:另外|单独|额外)再?(?:涂|擦|抹|用|买|配|加)(?:一?层|一?点|个)?|"
                             r"别(?:听|信)(?:别人|谁|人家)?(?:瞎|乱)?说|"
                             r"(?:别|不要)(?:把[它这那]个?)?(?:当成|当作|以为|看成|听成|想成)(?:是)?)[^，。！？,.!?;；\n]{0,2}$")
_REFUSING = re.compile(r"[也还都]?(?:不|别|没)(?:说|讲|提|承诺|宣传)")  # a match that opens with the refusal (不说零农药, 也不说…)
_RULED_OUT_AFTER = re.compile(r"[^。！？!?\n]{0,14}?(?:不承诺|不保证|不建议|别指望|一口都别|可?别(?:拿出来|喝|吃|用)|(?:那|就)是骗人|是两回事|"
                              r"(?<!得)(?:都|也|可|是)?不行(?![了吗么啊])|不可以(?![吗么])|"  # 机洗烘干都不行 (not 暖和得不行)
                              r"\bskip\s+(?:this|it)\b|\ba\s+no-no\b|\bnot\s+allowed\b)", re.IGNORECASE)


# 一个下午三个价，最便宜的就是现在; 周末那个最低; 度数最高的是杨梅那瓶，十五度: the product's own prices or values
# listed and ranked in one sentence. Not 最低价 or 最高品质 said as a label, nor against the market (全网最低, 史上最便宜).
_RANKED = re.compile(r"最(?:低|便宜|划算|实惠|高|贵)(?=的|是|就|那|[^\u4e00-\u9fff]|$)(?!的?一[次回])")  # not 最便宜的一次: ever
_MARKET = re.compile(r"全网|全国|全年|全平台|史上|历史|市面|同行|别家|网上|行业|同类|同价位|所有")
# an amount said as a price or a value (九十九, 15度), not a shopping day, a date or a count of people (双12, 十二号, 前100名)
_AMOUNT = re.compile(r"(?<![双\d.])(?:\d+(?:\.\d+)?|[零一二两三四五六七八九十百千]{1,8})"
                     r"(?=\s*(?:块|元|度|克|斤|公分|厘米|毫米|毫升|升|瓦|分钟|小时|岁)|[，。！？,.!?、；;\s最]|$)")
_SENTENCE = re.compile(r"[^。！？!?\n]+")


# 百分之百棉, 百分百的纯棉, 涤纶百分之百: a material's share as the label gives it (棉100%)
_SHARE_OF = re.compile(r"(?:100%|百分百)(?:的)?(?:纯)?([\u4e00-\u9fff]{1,3})")
_SHARE_AFTER = re.compile(r"([\u4e00-\u9fff]{1,3})(?:是)?(?:100%|百分百)")


def _label_shares(low: str, protected: Sequence[str]) -> list[tuple[int, int]]:
    """Spans of 100% said of a material the KB labels 100% (棉100%, 100%桑蚕丝): the label's figure, not an absolute."""
    labels = "\n".join(protected)
    said = [(m.span(), [m.group(1)[:k] for k in range(len(m.group(1)), 0, -1)]) for m in _SHARE_OF.finditer(low)]
    said += [(m.span(), [m.group(1)[-k:] for k in range(len(m.group(1)), 0, -1)]) for m in _SHARE_AFTER.finditer(low)]
    return [span for span, materials in said
            if any(f"{material}100%" in labels or f"100%{material}" in labels for material in materials)]


def _own_prices_ranked(low: str) -> list[tuple[int, int]]:
    """Spans of 最低 / 最便宜 / 最高 … in a sentence that lists two or more of the product's own amounts and names no market."""
    spans = []
    for sentence in _SENTENCE.finditer(low):
        text = sentence.group()
        if not _RANKED.search(text) or _MARKET.search(text):
            continue
        amounts = {m.group() for m in _AMOUNT.finditer(text)
                   if m.group() not in {"一", "两"} or text.startswith(("块", "元"), m.end())}
        if len(amounts) >= 2:
            spans += [(sentence.start() + m.start(), sentence.start() + m.end()) for m in _RANKED.finditer(text)]
    return spans


_ANOTHER_MODEL = re.compile(r"隔壁|别的|另外|另一|其他|其它|那个|那款|看看?|换|选|推荐")  # 要下水的看隔壁防水款


def _names_model(text: str, start: int, end: int, kb: str) -> bool:
    """The words at ``start:end`` name a model, not a claim about this one: one the KB sells, or another the host points
    to (看隔壁防水款); a model name said of this product (故宫联名款) is the claim itself."""
    m = _MODEL_NAME.match(text, end)
    return m is not None and (text[start : m.end()] in kb or bool(_ANOTHER_MODEL.search(text, max(0, start - 4), start)))


def _kb_says(said: str, kb: str) -> bool:
    """Whether the SKU's own attributes say ``said`` as a word of their own (工艺：机器切削+手工打磨 -> 手工打磨; not 不是纯手工,
    镀18K金 or 辅助降血脂): the host repeats a fact of the SKU, which no forbidden sentence of its own can forbid."""
    return len(said) >= 3 and any(s == 0 or not _WORD_CHAR.match(kb, s - 1) for s in _find_all(kb, said))


_WORD_CHAR = re.compile(r"[\u4e00-\u9fffa-z0-9]")


def refused(text: str, start: int, end: int) -> bool:
    """Whether the host refuses the claim at ``text[start:end]``: a speech verb denied just before it, or a ruling-out
    later in its sentence."""
    return bool(_REFUSED_BEFORE.search(text, max(0, start - 12), start) or _REFUSING.match(text, start)
                or _RULED_OUT_AFTER.match(text, end))


# Two Latin letters side by side across a match's edge: the match begins or ends inside a word.
_IN_A_WORD = re.compile(r"^[A-Za-z]{2}$")
# 静音款, 加厚版: the forbidden word as a model's name (often a sibling's), not said of this product.
_MODEL_NAME = re.compile(r"款|版(?!本)|型号|系列")


def _find_all(text: str, word: str) -> list[int]:
    """Every start of ``word`` in ``text``."""
    out, at = [], text.find(word)
    while at >= 0:
        out.append(at)
        at = text.find(word, at + 1)
    return out


def _outermost(findings: list[Finding]) -> list[Finding]:
    """One finding per stretch of text: a span inside an earlier, longer one is dropped."""
    out: list[Finding] = []
    for f in sorted(findings, key=lambda f: (f.start, -f.end)):
        if not out or f.start >= out[-1].end:
            out.append(f)
    return out


_DISGUISE_CITE = "广告法第九条第（三）项；市场监管总局《广告绝对化用语执法指南》（2023年第6号）"
_CATEGORY_REASON = {
    "absolute": "广告法第九条禁止的绝对化用语",
    "medical": "普通商品不得宣传疾病治疗或医疗功效",
    "scarcity": "无法核实的稀缺或涨价压力（虚假宣传风险）",
    "guarantee": "无法兑现的保证性承诺",
    "disparagement": "贬低竞品（商业诋毁风险）",
    "off_platform": "平台禁止的站外引流",
    "inducement": "平台禁止的诱导互动",
}
_MARKED = re.compile(r"[“\"「『]([^”\"」』]{1,12})[”\"」』]|([\u4e00-\u9fffA-Za-z]{1,12})[®™]")


_AWARD_NAME = re.compile(r"(?:最|第一|首)[^\s，,、。（）()]{1,12}?(?:奖|称号|荣誉)")
# A quoted name the KB says was awarded or shortlisted (荣获…“最显白口红”奖, 入围“最受欢迎少儿科普书”评选).
_QUOTED_AWARD = re.compile(r"[“\"「『](?:([^”\"」』]{1,16}(?:奖|榜))|([^”\"」』]{1,16})(?=[”\"」』]\s*(?:[\u4e00-\u9fff]{0,3}奖|评选|榜|称号|荣誉)))"
                           r"[”\"」』]")
# A quoted name right after the year it was given (2031“最受月子中心欢迎伴手礼”): the title as the KB has it.
_QUOTED_TITLE = re.compile(r"(?:\d{4}\s*年?度?\s*(?:[春夏秋冬]{1,2}季|上半年|下半年)?)\s*[“\"「『]([^”\"」』]{2,20})[”\"」』]")
# An annual selection named without quotes beside the verb that says the product was in it (入围2030年度最佳烘焙入门工具,
# 2031年度最佳租房洗衣好物入围).
_NAMED_SELECTION = re.compile(r"(?:入围|入选|荣获|获得|获评|评为|当选)了?\s*((?:\d{4}\s*年?度?|年度)[^\s，,、。；;（）()“”\"]{2,16})|"
                              r"((?:\d{4}\s*年?度?|年度)[^\s，,、。；;（）()“”\"]{2,16}?)(?:入围|入选|提名)")  # …好物入围
_AS_MARK = re.compile(r"商标|注册|品牌|牌子|名字|系列|trademark|brand")
_CLAUSE_END = re.compile(r"[，,。！？!?；;\n]")


def _named_marks(low: str, protected: Sequence[str]) -> list[tuple[int, int]]:
    """Bare KB marks (``protected_terms`` lists each as ``mark®``) in a clause that names them as a mark
    (第一缕是我们的注册商标, 第一缕系列): SAMR's guideline exempts a registered mark used as one."""
    spans = []
    for mark in (p[:-1] for p in protected if p.endswith("®") and len(p) > 2):
        start = low.find(mark)
        while start >= 0:
            end = start + len(mark)
            before = _CLAUSE_END.split(low[max(0, start - 12):start])[-1]
            after = _CLAUSE_END.split(low[end:end + 12])[0]
            if _AS_MARK.search(before + after):
                spans.append((start, end))
            start = low.find(mark, end)
    return spans


_YEAR = re.compile(r"(?<!\d)\d{4}(?=\s*年)")  # a title's year, which hosts say digit by digit


_WHOLLY = re.compile(r"([\u4e00-\u9fff]{2,8})100%")


def protected_terms(sku: Sku) -> list[str]:
    """KB strings exempt from the lexicon: names, marks, certificates, parameter names and values.

    SAMR's guideline exempts registered names, official titles and standard grading terms; a
    parameter called 最大输出功率 or a label value 100%桑蚕丝 is such a term when the KB says so. A mark
    (quoted or ®/™ in the title or a certificate, such as “最鲜”) is protected only where the script marks
    it the same way, so the same word said as praise (全国最鲜) is still a claim.
    """
    out = [sku.title, sku.brand, *sku.certifications]
    for a in sku.attributes:
        out += [a.key, a.text, f"{a.key}{a.text}"]
        for part in _WHOLLY.findall(a.text):  # 聚酯纤维100% said as 百分之百聚酯纤维: the composition, no guarantee
            out += [f"百分之百{part}", f"100%{part}", f"百分百{part}"]
    for source in (sku.title, *sku.certifications):
        for quoted, marked in _MARKED.findall(source):
            mark = quoted or marked
            out += [f"“{mark}”", f'"{mark}"', f"「{mark}」", f"『{mark}』", f"{mark}®", f"{mark}™"]
            out += [f"{sku.brand}{mark}"] if sku.brand else []  # 木森第一缕: the brand's mark, not praise
    for cert in sku.certifications:  # 最佳装帧奖 said on its own: the award's name, which the guideline exempts
        out += [m.group() for m in _AWARD_NAME.finditer(cert)]
    for point in (*sku.selling_points, *sku.certifications):  # 入围“最佳家用投影”评选: an award's or a selection's name
        names = [m.group(1) or m.group(2) for m in _QUOTED_AWARD.finditer(point)]
        names += [m.group(1) for m in _QUOTED_TITLE.finditer(point)]  # 2031“最受月子中心欢迎伴手礼”: a title, quoted
        if _QUOTED_TITLE.search(point):  # the whole title with its year, said without the quotes: still the title
            out.append(re.sub(r"[“”\"「」『』]", "", point))
        out += [f"{q}{name}{e}" for name in names for q, e in ("“”", '""', "「」", "『』")]
        out += [m.group(1) or m.group(2) for m in _NAMED_SELECTION.finditer(point)]
    out += [_YEAR.sub(lambda m: "".join(digits[int(d)] for d in m.group()), t)  # 二零三一年度最佳…: the year said digit by digit
            for t in out if _YEAR.search(t) for digits in ("零一二三四五六七八九", "〇一二三四五六七八九")]
    return [_key(t) for t in out if t]


def scarcity_backed(sku: Sku, at: datetime) -> bool:
    """Whether urgency lines (手慢无) are backed by a real limited offer running at ``at``.

    Pressure is false advertising when stock or the offer is invented (反不正当竞争法第八条;
    《规范促销行为暂行规定》第六条); with an active offer that has a real stock limit it is not, and the
    count the host names is checked against that limit by the verifier.
    """
    return any(p.stock_limit is not None for p in sku.active_promotions(at))


_CHECKERS: dict[str, ComplianceChecker] = {}
_LAST: list[tuple[Lexicon, ComplianceChecker]] = []


def checker_for(lexicon: Lexicon) -> ComplianceChecker:
    """The compiled checker for ``lexicon`` (cached by content, so an edited layer recompiles)."""
    if _LAST and _LAST[0][0] is lexicon:
        return _LAST[0][1]  # the same object as last time: skip serialising it
    key = lexicon.model_dump_json()
    checker = _CHECKERS.get(key)
    if checker is None:
        if len(_CHECKERS) > 32:
            _CHECKERS.clear()
        checker = _CHECKERS[key] = ComplianceChecker(lexicon)
    _LAST[:] = [(lexicon, checker)]
    return checker


@lru_cache(maxsize=1)
def _default_checker() -> ComplianceChecker:
    return checker_for(load_lexicon())


def default_checker() -> ComplianceChecker:
    """The checker of the shipped base lexicon (compiled once)."""
    return _default_checker()


def check_compliance(
    text: str, lexicon: Lexicon | None = None, *, category: str = "", protected: Sequence[str] = (),
    scarcity_backed: bool = False,
) -> list[Finding]:
    """Banned-term findings in ``text`` (run it on the final spoken text)."""
    return (checker_for(lexicon) if lexicon else _default_checker()).check(
        text, category=category, protected=tuple(_key(p) for p in protected), scarcity_backed=scarcity_backed)


def forbidden_claims(text: str, sku: Sku, lexicon: Lexicon | None = None) -> list[Finding]:
    """``forbidden_claim`` findings for the SKU's own ``forbidden_claims`` said in ``text`` in any words."""
    return (checker_for(lexicon) if lexicon else _default_checker()).forbidden(text, sku)


def forbidden_ruled_out(text: str, sku: Sku, lexicon: Lexicon | None = None) -> list[tuple[int, int, int]]:
    """``(forbidden sentence position, start, end)`` where ``text`` says a forbidden sentence's words and the rules rule
    the claim out (denied, said within its bound, without its purity): a verdict a learned second look must keep."""
    out: list[tuple[int, int, int]] = []
    (checker_for(lexicon) if lexicon else _default_checker()).forbidden(text, sku, out)
    return out
