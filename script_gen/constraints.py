"""Contradictions a KB states in words: negations, limits and categorical facts, compiled per SKU.

The numbers check cannot see "花生过敏也能吃" against 过敏原：含花生, or "能带去游泳" against IPX4; no
number is wrong. But the KB says these things in so many words (不能浸水, 请勿食用, 无观察窗, 入围, 适用
6-36个月), so each SKU's text is compiled once into rules of a few generic kinds:

- a predicate the KB negates (不能/不可/请勿/避免/无 + 游泳, 烘干, 观察窗) that a script clause asserts;
- a predicate the KB affirms or asks for (会起球, 建议二次清洁, 先试用再上脸) that a script clause denies;
- an audience the KB excludes or cautions (花生过敏者, 婴幼儿, allergens, ages) said to be fine;
- scales whose meaning a standard fixes (IPX water ratings, nutrition content claims), award status
  (入围 is not 获奖, 银奖 is not 金奖), ordinal attributes (中辣 is not 特辣), gifts for the first N buyers.

A script clause is checked only when it speaks about this SKU (not a sibling the FAQ compares it
with), is not a question, and is not itself negated or cautionary: "不能游泳哦" agrees with the KB.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal

from script_gen import constraint_words as words
from script_gen.facts import sku_facts
from script_gen.normalize import Normalized, normalize
from script_gen.records import Finding, KnowledgeBase, Sku
from script_gen.segment import jieba_module, posseg_module
from script_gen.spoken_numbers import cn_value
from script_gen.units import builtin_units

Span = tuple[int, int]
Need = Literal["mention", "permissive", "strong", "presence", "deny"]


@dataclass(frozen=True)
class Rule:
    """One thing the KB rules out: ``find`` locates the offending predicate in a clause.

    ``need`` is what else the clause must say to assert it: nothing (``mention``), that it is
    fine (``permissive``), that it is fine without care (``strong``), that it is there (``presence``);
    ``deny`` rules match only a denial of what the KB affirms.
    """

    find: Callable[[str], Span | None]
    need: Need
    reason: str
    fact_ref: str | None = None
    rule: str | None = None
    name: frozenset[str] = frozenset()
    """The words that name the fact itself (an award's title): a clause that says two of them is about this SKU
    unless it names a sibling by other words (首届岭南腊味节 holds 腊味, a mark of the 腊味礼盒; 全脂款拿了… names one)."""
    kind: Literal["contradiction", "forbidden_claim"] = "contradiction"
    """What the finding is: a contradiction of the KB, or a claim the merchant's ``forbidden_claims`` name."""


@dataclass(frozen=True)
class _Clause:
    start: int
    end: int
    text: str
    sentence_end: bool


@dataclass(frozen=True)
class _KbClause:
    text: str
    fact_ref: str
    sentence: str


def _search(pattern: str) -> Callable[[str], Span | None]:
    compiled = re.compile(pattern)

    def find(clause: str) -> Span | None:
        m = compiled.search(clause)
        return None if m is None else m.span()

    return find


def _search_plain(pattern: str) -> Callable[[str], Span | None]:
    """Like :func:`_search` for a pattern that spans words, so a negator inside the match (别马上烧) unsays it."""
    compiled = re.compile(pattern)

    def find(clause: str) -> Span | None:
        m = compiled.search(clause)
        return None if m is None or words.NEGATOR.search(_masked(m.group())) else m.span()

    return find


def _clauses(text: str) -> Iterator[_Clause]:
    for m in words.CLAUSE.finditer(text):
        if m.group().strip():
            after = text[m.end() : m.end() + 1]
            yield _Clause(m.start(), m.end(), m.group(), after in words.SENTENCE_END or not after)


def _masked(text: str) -> str:
    """``text`` with idioms that look negative but assert (不怕, 没问题) blanked out."""
    return words.IDIOM.sub(lambda m: " " * len(m.group()), text)


def _blank(text: str, span: Span) -> str:
    return text[: span[0]] + " " * (span[1] - span[0]) + text[span[1] :]


def _violates(rule: Rule, clause: str, span: Span) -> bool:
    """Whether the clause asserts what ``rule`` found: not negated or hedged, and saying what ``need`` asks."""
    if rule.need == "deny":
        return True  # ``find`` only matched the predicate right after a denial
    rest = _blank(clause, span)
    if words.NEGATOR.search(_masked(rest)) or words.CAUTION.search(rest) or words.SWITCH.search(clause):
        return False
    if rule.need == "permissive":
        return bool(words.PERMISSIVE.search(rest) or words.DOING.search(clause[: span[0]]) or words.PUT_DONE.match(clause, span[0])
                    or words.DONE.search(clause[span[0] : span[1]]) or words.DONE_AFTER.match(clause, span[1]))
    if rule.need == "strong":
        return bool(words.STRONG.search(rest))
    if rule.need == "presence":
        if re.match(rf"\s*{words.ALLERGY_WORD}", clause[span[1]:]):
            return False  # 乳胶过敏的: people allergic to it, not it being there
        return bool(words.PRESENCE.search(clause[max(0, span[0] - 16) : span[0]]) or words.PERMISSIVE.search(rest))
    return True


def _canon(text: str) -> str:
    return text.lower().translate(words.CN_DIGIT)


def bigrams(text: str) -> set[str]:
    """The pairs of Chinese characters in ``text`` but the commonest usage words (the words a clause names a thing by)."""
    cjk = re.sub(r"[^\u4e00-\u9fff]", " ", text)
    return {cjk[i : i + 2] for i in range(len(cjk) - 1) if " " not in cjk[i : i + 2]} - words.STOP_BIGRAMS


def _months(n: str, unit: str, half: str | None = None) -> float:
    value = 0.5 if n == "半" else float(n)
    return (value + (0.5 if half else 0)) * (1 if "月" in unit else 12)


def _ages(clause: str) -> Iterator[tuple[Span, float, float, bool]]:
    """(span, low, high months, precise) for each age of a person or audience the clause names."""
    for m in words.AGE.finditer(clause):
        then = m.group("then") is not None and not words.DURATION_BEFORE.search(clause[: m.start()])
        if m.group("u") == "个月" and not (m.group("pre") or m.group("big") or m.group("dir") or m.group("who") or then):
            continue  # 保质期9个月, 用三个月就见效: a duration, not anyone's age
        months = _months(m.group("n"), m.group("u"), m.group("half"))
        direction = m.group("dir") or ""
        low, high = (months, float("inf")) if direction in {"以上", "以后", "之后", "起"} else (
            (0.0, months) if direction else (months, months))
        yield m.span(), low, high, True
    for m in words.AGE_EN.finditer(clause):  # aged 3 and up, a 6-month-old, from 4 months
        if m.group("f"):
            yield m.span(), float(m.group("f")) * (1 if m.group("fu").startswith("month") else 12), float("inf"), True
            continue
        if years := m.group("k") or m.group("k2"):
            yield m.span(), float(years) * 12, float("inf"), True
            continue
        months = float(m.group("a") or m.group("n")) * (1 if (m.group("u") or "").startswith("month") else 12)
        yield m.span(), months, float("inf") if m.group("aup") or m.group("up") else months, True
    for pattern, low, high, precise in words.GROUP_MONTHS:
        for m in re.finditer(pattern, clause):
            yield m.span(), low, high, precise


# ------------------------------------------------------------------ a SKU's rules
class SkuConstraints:
    """The contradiction rules one SKU's text implies, and the names that tell it from its siblings."""

    def __init__(self, sku: Sku, kb: KnowledgeBase):
        self.sku_id = sku.sku_id
        others, self.own = _referents(sku, kb)
        # a sibling's feature (尾灯, 茶轴, 弹簧) names it only as a name (尾灯款, 茶轴那款): said bare, it is a feature claimed
        theirs = _attribute_text(_siblings(sku, kb))
        self.features = tuple(r for r in others if _is_feature(r, theirs))
        # what a name holds besides a feature names it alone (虾仁三鲜 less 虾仁 is 三鲜)
        rest = {re.sub("|".join(map(re.escape, self.features)), "", r) for r in others} if self.features else set()
        self.others = tuple(sorted({r for r in others if r not in self.features}
                                   | {r for r in rest if len(r) >= 2 and re.search(r"[\u4e00-\u9fff]", r)} - set(self.own)))
        # its own attribute keys are no sibling's name: 可视窗 holds 可视 of the 可视款
        keys = {_canon(a.key) for a in sku.attributes}
        self.keys = re.compile("|".join(sorted({re.escape(k) for k in keys if any(r in k and r != k for r in others)},
                                               key=len, reverse=True)) or "(?!)")
        kb_clauses = list(self._kb_clauses(sku))
        self.rules: list[Rule] = [
            *_negation_rules(kb_clauses),
            *_faq_rules(sku),
            *_cap_rules(sku),
            *_requirement_rules(kb_clauses),
            *_feature_rules(kb_clauses),
            *_exclusive_rules(kb_clauses),
            *_water_rules(sku),
            *_ingredient_rules(kb_clauses),
            *_age_rules(kb_clauses),
            *_forbidden_age_rules(sku, kb_clauses),
            *_award_rules(sku),
            *_nutrition_rules(sku),
            *_scale_rules(sku),
            *_material_rules(sku),
            *_origin_rules(sku),
            *_count_rules(sku),
            *_gift_rules(sku),
            *_total_rules(kb_clauses),
            *_boiling_rules(sku),
            *_only_rules(sku),
            *_voltage_rules(sku),
            *_amount_rules(sku),
            *_temperature_rules(kb_clauses),
            *_deadline_rules(kb_clauses),
            *_cold_rules(kb_clauses),
            *_handling_rules(sku),
            *_colour_rules(sku),
            *_shade_rules(sku),
            *_opposite_value_rules(sku),
            *_frequency_rules(sku),
            *_welcome_rules(kb_clauses),
            *_cold_weather_rules(sku),
            *_routine_rules(kb_clauses),
            *_size_rules(sku),
            *_wait_rules(kb_clauses),
            *_unneeded_rules(kb_clauses),
            *_sibling_feature_rules(sku, kb, kb_clauses),
            *_sibling_value_rules(sku, kb, kb_clauses),
        ]

    def _kb_clauses(self, sku: Sku) -> Iterator[_KbClause]:
        """Clauses of this SKU's own text, leaving out those about a sibling it is compared with."""
        for fact in sku_facts(sku):
            if fact.kind in {"title", "brand", "category", "price", "promotion", "forbidden"}:
                continue
            text = fact.text[len(fact.key):] if fact.kind == "faq" else fact.text
            if fact.kind == "attribute":  # an attribute is this SKU's own
                clauses = _clauses(normalize(text).text)
            else:
                clauses = self.own_clauses(normalize(text).text, kb=True)
            yield from (_KbClause(c.text.lower(), fact.fact_id, text) for c in clauses)

    def _named_own(self, rule: Rule, clause: _Clause, text: str, named: dict[frozenset[str], set[int]]) -> bool:
        """``clause`` names ``rule``'s own fact and no sibling once that fact's words are left out (``named`` keeps
        each name's own clauses, read once a text)."""
        if sum(w in clause.text for w in rule.name) < 2:
            return False
        if rule.name not in named:
            blanked = re.sub("|".join(map(re.escape, rule.name)), lambda m: " " * len(m.group()), text)
            named[rule.name] = {c.start for c in self.own_clauses(blanked)}
        return clause.start in named[rule.name]

    def own_clauses(self, text: str, kb: bool = False) -> Iterator[_Clause]:
        """Clauses about this SKU: in a sentence that names a sibling, only those that name this SKU. In the KB's
        comparisons a sibling's feature marks its clause (三鲜含虾仁); in a script it is a feature claimed."""
        sentence: list[_Clause] = []
        for clause in _clauses(text):
            sentence.append(clause)
            if clause.sentence_end:
                yield from self._own(sentence, kb)
                sentence = []
        yield from self._own(sentence, kb)

    def _own(self, sentence: list[_Clause], kb: bool) -> Iterator[_Clause]:
        features = self.others + self.features if kb else self.others
        names = [(any(_names(self.keys.sub(" ", _canon(c.text)), r) for r in features)
                  or any(_names_by_feature(_canon(c.text), r) for r in self.features),
                  bool(words.SELF.search(c.text)) or any(_names(_canon(c.text), r) for r in self.own)) for c in sentence]
        compared = any(other for other, _ in names)
        for clause, (other, own) in zip(sentence, names):
            if not other and (own or not compared):
                yield clause

    def check(self, text: str, norm: Normalized) -> list[Finding]:
        """Findings for ``text`` (``norm`` is its normalised form), at most one of each kind per clause."""
        if not self.rules:
            return []
        low = norm.text.lower()
        low = low if len(low) == len(norm.text) else norm.text
        findings: list[Finding] = []
        own = {clause.start for clause in self.own_clauses(low)}
        named: dict[frozenset[str], set[int]] = {}  # per fact name, the clauses own once its words are left out
        for clause in _clauses(low):
            if words.QUESTION.search(clause.text) or low[clause.end : clause.end + 1] in {"？", "?"}:
                continue
            found: set[str] = set()
            for rule in self.rules:
                if rule.kind in found or clause.start not in own and not self._named_own(rule, clause, low, named):
                    continue
                span = rule.find(clause.text)
                if span is not None and _violates(rule, clause.text, span):
                    lead = len(clause.text) - len(clause.text.lstrip())
                    s, e = norm.span(clause.start + lead, clause.end)
                    findings.append(Finding(kind=rule.kind, start=s, end=e, text=text[s:e], reason=rule.reason,
                                            fact_ref=rule.fact_ref, rule=rule.rule))
                    found.add(rule.kind)
        return findings


def compile_constraints(kb: KnowledgeBase, skus: list[Sku]) -> dict[str, SkuConstraints]:
    """Rules for each of ``skus`` (as checked: quarantined text removed), built once per KB version."""
    return {sku.sku_id: SkuConstraints(sku, kb) for sku in skus}


def _names(canon: str, referent: str) -> bool:
    """Whether ``canon`` names the referent; a title word after a modal or negator (不能加热, 能登机) is what is done."""
    if referent.isascii():
        return re.search(rf"(?<![a-z0-9]){re.escape(referent)}(?![a-z0-9])", canon) is not None
    return referent in canon and re.search(rf"(?<!{words.MODAL_BEFORE}){re.escape(referent)}", canon) is not None


def _siblings(sku: Sku, kb: KnowledgeBase) -> list[Sku]:
    """The same brand's other SKUs in the same category: one product line's models."""
    return [o for o in kb.skus if o.sku_id != sku.sku_id and sku.brand and (o.brand, o.category) == (sku.brand, sku.category)]


def _attribute_text(skus: list[Sku]) -> str:
    """The attribute keys and values of ``skus``: the words their features go by."""
    return " ".join(_canon(f"{a.key} {a.value}") for o in skus for a in o.attributes)


def _is_feature(referent: str, theirs: str) -> bool:
    """Whether a sibling's title word is a feature it has (尾灯, 带尾灯, 茶轴), not a name: a CJK word of its attributes."""
    core = re.sub(r"^[带有含]", "", referent)
    return bool(re.fullmatch(r"[\u4e00-\u9fff]{2,}", core)) and core in theirs


def _names_by_feature(canon: str, feature: str) -> bool:
    """A feature names the sibling that has it only as a name: 尾灯款, 茶轴的那款, 选尾灯那个."""
    return re.search(rf"{re.escape(feature)}{words.FEATURE_NAMING}|{words.FEATURE_CHOSEN}{re.escape(feature)}", canon) is not None


def _referents(sku: Sku, kb: KnowledgeBase) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(sibling names, own names): what tells this SKU's title from its siblings', and back.

    Siblings are the same brand's other SKUs in the same category; the FAQ's ``X款/X版/X段`` not in this title count too, so
    "6寸款…不防水" in a comparison is not read as this SKU's fact.
    """
    own_title = _canon(sku.title)
    others: set[str] = set()
    own: set[str] = set()
    for other in kb.skus:
        if other.sku_id != sku.sku_id and sku.brand and (other.brand, other.category) == (sku.brand, sku.category):
            title = _canon(other.title)
            others |= _title_diff(own_title, title)
            own |= _title_diff(title, own_title)
    for faq in sku.faq:
        # 和养生壶比？: a product the question compares this SKU with is another, whatever its brand or category
        for m in words.COMPARED.finditer(_canon(normalize(faq.question).text)):
            chunks = re.findall(r"[a-z0-9.]+|[\u4e00-\u9fff]+", re.sub(r"(?:款|版|型|段|的)$", "", m.group("x")))
            if not all(chunk in own_title for chunk in chunks):  # 加热款和静音款, 和4L基础款: the 静音/4L基础 one is itself
                others.add(m.group("x"))
        # 有线还是无线？有线款: the answer to an either-or question names this SKU's own kind, not a sibling
        asked = faq.question if words.EITHER_OR.search(faq.question) else faq.question + faq.answer
        for m in re.finditer(r"(\d+(?:\.\d+)?[a-z\u4e00-\u9fff]?|[a-z][a-z0-9]*|[\u4e00-\u9fff]{2,3})(?:款|版|段)"
                             + words.EDITION_OF,  # 人教版教材: an edition of what it reads, not a sibling
                             _canon(asked)):
            stem = m.group(1)
            name = m.group(0) if stem[-1].isdigit() else stem if stem[0].isdigit() or stem.isascii() else next(
                (stem[-k:] for k in (2, 3) if len(stem) >= k and stem[-k:] not in own_title), "")
            if name and name not in own_title:
                others.add(name)
    return tuple(sorted(others - own)), tuple(sorted(own))


def _title_diff(own: str, other: str) -> set[str]:
    """Chunks of ``other`` that ``own`` lacks; a bare number takes its unit (6 → 6寸)."""
    out = set()
    for tag, _, _, j1, j2 in difflib.SequenceMatcher(None, own, other, autojunk=False).get_opcodes():
        if tag not in {"replace", "insert"}:
            continue
        while 0 < j1 < len(other) and other[j1].isascii() and other[j1].isalnum() and other[j1 - 1].isascii() and other[j1 - 1].isalnum():
            j1 -= 1  # a model name changed inside: s5 → s6, not s → 6
        while j2 < len(other) and other[j2 - 1].isascii() and other[j2 - 1].isalnum() and other[j2].isascii() and (other[j2].isalnum() or other[j2] == "."):
            j2 += 1
        chunk = other[j1:j2].strip()
        if j1 >= 2 and re.fullmatch(r"[\u4e00-\u9fff]{3}", other[j1 - 2:j1 + 1]) and not re.match(
                r"[\u4e00-\u9fff]", other[j1 + 1:j1 + 2]):
            out.add(other[j1 - 2:j1 + 1])  # a changed head noun is named with its compound: 卸妆油 -> 卸妆膏
            out.add(other[j1] + "子")  # or alone, as it is said: 咖啡豆 -> 豆子
        if (chunk.replace(".", "").isdigit() or len(chunk) == 1) and j2 < len(other):
            chunk += other[j2]  # 6 → 6寸, 全 → 全脂
        if len(chunk) >= 2 and chunk not in own:
            out.add(chunk)
            if len(chunk) > 3 and all("\u4e00" <= ch <= "\u9fff" for ch in chunk[:2]):
                out.add(chunk[:2])  # 薄盐生抽 is also called 薄盐
            out |= {w for w in jieba_module().lcut(chunk, HMM=False)  # 第一座城堡®星光城堡 is also called 城堡
                    if len(w) >= 2 and re.fullmatch(r"[\u4e00-\u9fff]+", w) and w not in own}
    return out


# ------------------------------------------------------------------ rule kinds
def _cite(sentence: str) -> str:
    return sentence if len(sentence) <= 40 else sentence[:39] + "…"


def _contradicts(c: _KbClause) -> str:
    return f"与知识库矛盾：“{_cite(c.sentence)}”"


def _word_at(text: str, pos: int) -> str:
    """The jieba word covering ``text[pos]`` (compile time only)."""
    start = 0
    for word in jieba_module().lcut(text, HMM=False):
        if start <= pos < start + len(word):
            return word
        start += len(word)
    return ""


def _predicates(scope: str) -> list[str]:
    """The literal predicates a negation covers: 不能浸水或游泳 → 浸水, 游泳."""
    out = []
    for part in re.split(r"或|和|及|与|、|/", scope):
        core = words.CUT.split(words.LEAD.sub("", part.strip()))[0]
        core = re.sub(r"[^\u4e00-\u9fffa-z0-9]", "", core)
        made = words.MADE_INTO.match(core)  # 拆成独脚架: what it is made into is ruled out too (就是个独脚架)
        for literal in (core[:4], made.group("x")[:4] if made else ""):
            if len(literal) >= 2 and literal not in words.GENERIC_VERBS and literal[0] not in "不没无未":
                out.append(literal)
    return out


def _loose(literal: str) -> str:
    """The pattern of a predicate by its head (钢丝球刷 -> 钢丝球), split as Mandarin splits a verb and its object (插电 ->
    插上电) and with its object put in by another verb of putting (加精油 -> 滴几滴精油)."""
    head = literal[:3]
    if m := re.fullmatch(r"(\d+(?:\.\d+)?[a-z\u4e00-\u9fff]?)([\u4e00-\u9fff]{1,2}).*", literal):
        return rf"{re.escape(m.group(1))}的?{re.escape(m.group(2))}"  # 1.5米床 is also 1.5米的床
    if not re.fullmatch(r"[\u4e00-\u9fff]{2,4}", literal):
        return re.escape(head)
    pattern = re.escape(head) if len(literal) > 2 else rf"{re.escape(literal[0])}{words.SPLIT_VERB}{re.escape(literal[1])}"
    if literal[0] in words.PUT_VERBS and len(literal) >= 3:
        pattern += rf"|{words.PUT_IN}{re.escape(literal[1:])}"
    elif len(literal) == 3 and [len(w) for w in jieba_module().lcut(literal, HMM=False)] == [1, 2]:
        pattern += rf"|{re.escape(literal[0])}[^，,。]{{1,3}}?{re.escape(literal[1:])}"  # 做面包 is also 做吐司面包
    return pattern


def _common(a: str, b: str) -> str:
    """The longest run of characters ``a`` and ``b`` share (compile time only)."""
    m = difflib.SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return a[m.a : m.a + m.size]


def _audience(text: str) -> str:
    """``花生过敏者`` → ``花生过敏``: the group as a host would name it."""
    return re.sub(r"^(?:本品|本款|该产品|请|的)+|(?:者|人群|人士|的人|朋友)?(?:请|应当?|须|需|要)?$", "", text.strip())


def _is_audience(text: str) -> bool:
    """Whether ``text`` names who may use it: a group of two characters or more, or a lone animal (猫, 犬)."""
    end = words.AUDIENCE_END.search(text)
    return end is not None and (len(text) >= 2 or end.start() == 0)


def _audience_rule(group: str, need: Need, c: _KbClause) -> Rule:
    word = "需谨慎" if need == "strong" else "不宜"
    english = [en for cn, en in words.AUDIENCE_EN.items() if cn in group]
    chinese = [zh for cn, zh in words.AUDIENCE_ZH.items() if cn in group]
    pattern = "|".join([re.escape(group), *english, *chinese]) if len(english) == 1 else re.escape(group)  # 孕妇 is pregnant women
    if re.search(words.ALLERGY_WORD, group):  # 甲壳类过敏者: allergic to any member of the group (虾蟹过敏的)
        stem = re.split(words.ALLERGY_WORD, group)[0]
        for allergen in (p for p in words.ALLERGENS.values() if re.search(p, stem)):
            pattern += rf"|(?:{allergen})[^，,。]{{0,4}}{words.ALLERGY_WORD}"
    return Rule(_search(pattern), need, f"知识库说明{group}{word}：“{_cite(c.sentence)}”", c.fact_ref)


def _affirms(text: str, pattern: str, presence: bool = False) -> bool:
    """Whether ``text`` states the predicate with no negator before it in its clause (with ``presence``: as there)."""
    for m in re.finditer(pattern, text):
        before = _masked(re.split(r"[，,。；;]", text[: m.start()])[-1])
        if not words.NEGATOR.search(before) and not (presence and words.PRESENCE.search(before) is None):
            return True
    return False


def _negation_rules(clauses: list[_KbClause]) -> list[Rule]:
    """Predicates and audiences the KB rules out; a predicate it also states plainly is dropped."""
    negated: dict[str, tuple[Need, _KbClause]] = {}
    audiences: list[Rule] = []
    for c in clauses:
        key, _, value = c.text.rpartition(":")  # normalised: the full-width colon is ASCII now
        if any(m.group() != "无" or _word_at(key, m.start()) == "无" for m in words.KB_NEGATOR.finditer(key)):
            # 不适宜人群：婴幼儿、孕妇 (not 无线充电：不支持, whose 无 is part of a word)
            audiences += [_audience_rule(g, "permissive", c) for g in re.split(r"[、，,/]", value) if len(g.strip()) >= 2]
            continue
        if key.strip() and words.NO_VALUE.match(value):  # 可水洗：否 rules out washing it in any words for it
            act = words.KEY_MODAL.sub("", key.strip())  # 夜灯：无 says it lacks one (带小夜灯 contradicts), 可水洗：否 that it may not
            lacks = words.KB_NEGATOR.fullmatch(value.strip())
            split = _loose(act) if re.fullmatch(r"[\u4e00-\u9fff]{2}", act) else re.escape(act)  # 拆洗 -> 拆下来洗
            need = "presence" if lacks and lacks.group("presence") else "permissive"
            negated.setdefault(split, (need, c))
            for pattern in (p for p in words.CONCEPTS.values() if re.search(p, act)):
                negated.setdefault(pattern, (need, c))  # 灯光：无 is no light in any words for it
            continue
        for m in words.KB_NEGATOR.finditer(_masked(c.text)):
            if m.group() == "无" and _word_at(c.text, m.start()) != "无":
                continue  # 无视, 无花果, 无线: a word, not a negation
            before, scope = c.text[: m.start()], c.text[m.end():]
            head = words.CUT.split(scope)[0]
            if words.CONDITION_END.search(before):  # 皮肤有破损时不适合使用
                for pattern in (p for p in words.CONCEPTS.values() if re.search(p, before)):
                    negated.setdefault(pattern, ("permissive", c))
            if words.AUDIENCE_END.search(before) and len(_audience(before)) >= 2:  # 花生过敏者请勿食用
                audiences.append(_audience_rule(_audience(before), "permissive", c))
            elif _is_audience(head) and m.group("presence") is None:  # 不适合猫
                audiences.append(_audience_rule(head, "permissive", c))
            elif words.GENERIC_TAIL.search(head) and m.group("presence") is None:  # 不适宜婴幼儿食用
                group = _audience(words.GENERIC_TAIL.sub("", head))
                if len(group) >= 2:
                    audiences.append(_audience_rule(group, "permissive", c))
            elif not scope.strip() and key:  # 冷暖光：不支持
                negated.setdefault(re.escape(key.strip()), ("presence", c))
            elif not scope.strip() and re.fullmatch(r"[\u4e00-\u9fff]{2,4}", before.strip()):  # 平板不支持
                negated.setdefault(re.escape(before.strip()), ("permissive", c))
            else:
                need: Need = "presence" if m.group("presence") else "permissive"
                for literal in _predicates(scope):
                    negated.setdefault(_loose(literal), (need, c))  # its head: 钢丝球刷 is also 钢丝球随便刷
                if need == "presence":  # 不含虾: a one-character ingredient, by its group's words (虾仁, shrimp)
                    for name, group in (*words.SUBSTANCES.items(), *words.ADDITIVES.items(), *words.ALLERGENS.items()):
                        if head.startswith(name) or re.match(group, head):
                            negated.setdefault(group, (need, c))
                for name, pattern in words.CONCEPTS.items():
                    if re.search(pattern, scope):
                        negated.setdefault(pattern, ("mention" if name == "waterproof" else "permissive", c))
        for m in words.UNTESTED.finditer(c.text):  # 未做防水测试: not waterproof
            for name, pattern in words.CONCEPTS.items():
                if re.search(pattern, m.group("scope")):
                    negated.setdefault(pattern, ("mention" if name == "waterproof" else "permissive", c))
        for m in words.KB_CAUTION.finditer(c.text):
            group = _audience(c.text[: m.start()])
            if len(group) >= 2 and words.AUDIENCE_END.search(c.text[: m.start()].rstrip("请建议需应")):
                audiences.append(_audience_rule(group, "strong", c))
        for m in words.NOT_A.finditer(c.text):  # 不是植物黄油: it is not one, said in any way
            if not words.NEGATOR.search(_masked(m.group("x"))):
                negated.setdefault(re.escape(m.group("x")), ("mention", c))
    for pattern, (need, c) in list(negated.items()):  # 人脸识别：无 rules out 刷个脸就开: using it is saying it is there
        for feature, act in words.FEATURE_ACTS.items():
            if need == "presence" and re.search(feature, pattern):
                negated.setdefault(act, ("mention", c))
    for pattern, (need, c) in list(negated.items()):  # 酒精：不含 is no alcohol in English either; no fragrance, no scent
        if need == "presence":
            literal = re.sub(r"\\(.)", r"\1", pattern.replace(words.SPLIT_VERB, ""))
            for group in (*words.SUBSTANCES.values(), *words.ADDITIVES.values(), *words.ALLERGENS.values()):
                if re.search(group, literal):
                    negated.setdefault(group, (need, c))
            if re.search(words.ADDITIVES["香精香料"], literal):
                negated.setdefault(words.SCENT, ("mention", c))  # the pattern has its own 有/闻着
        literal = re.sub(r"\\(.)", r"\1", pattern.replace(words.SPLIT_VERB, ""))
        for feature, english in words.FEATURE_EN.items():
            if re.fullmatch(r"[\u4e00-\u9fffa-z0-9]+", literal) and re.search(feature, literal):
                negated.setdefault(english, (need, c))  # 可视窗：无 is no viewing window
    return [Rule(_search(pattern), need, _contradicts(c), c.fact_ref) for pattern, (need, c) in negated.items()
            if not any(_affirms(other.text.rpartition(":")[2], pattern, need == "presence") for other in clauses
                       if other is not c)] + audiences  # 平板不支持 names its subject before the negator


def _faq_rules(sku: Sku) -> list[Rule]:
    """A yes/no FAQ (能进洗碗机吗？不建议 / 会起球吗？会有轻微起球 / 是海水珍珠吗？不是) fixes the answer for that predicate.

    The question's verb says what a script must do to assert it: 能/可以 say it is fine, 是 name it, 有/含 say it is there.
    """
    rules: list[Rule] = []
    for n, faq in enumerate(sku.faq):
        question = normalize(faq.question).text.lower()
        q = words.QA.match(question)
        answer = normalize(faq.answer).text.lower()
        first = re.split(r"[，,。；;]", answer)[0]
        if q is None and (bare := words.BARE_QUESTION.match(question)) and not re.search(r"[不没无]", bare.group("pred")):
            if words.NO_ANSWER.match(first) or words.KB_NEGATOR.search(_masked(first)):  # 双电压吗？不是: it is not one
                c = _KbClause(bare.group("pred"), f"{sku.sku_id}#faq:{n}", f"{faq.question}{faq.answer}")
                rules.append(Rule(_search(re.escape(bare.group("pred"))), "mention", _contradicts(c), c.fact_ref))
            continue
        if q is None or re.search(r"[不没无]", q.group("subj")) or words.OPEN_QUESTION.search(q.group("pred")):
            continue  # 真的没有糖吗, 和E3有什么区别: not a yes/no question about a predicate
        c = _KbClause(q.group("pred"), f"{sku.sku_id}#faq:{n}", f"{faq.question}{faq.answer}")
        subj = _audience(q.group("subj"))
        if _is_audience(subj):  # 孕妇能用吗？请咨询医生, 猫能吃吗？不建议
            caution = words.KB_CAUTION.search(answer)
            named = any(subj in part and (words.KB_NEGATOR.search(_masked(part)) or words.ELSEWHERE.search(part))
                        for part in re.split(r"[，,。；;]", answer))  # 近视需配镜另购: served by another product
            if (caution or named or words.KB_NEGATOR.search(_masked(first)) or words.NO_ANSWER.match(first)
                    or (not words.AFFIRM.match(first) and _for_another(subj, answer))):
                rules.append(_audience_rule(subj, "strong" if caution else "permissive", c))
            continue
        full = words.LEAD.sub("", q.group("pred"))
        pred = words.GENERIC_TAIL.sub("", full)
        if len(pred) < 2:  # 手洗能用吗 asks about 手洗; 能平躺吗 about 平躺, not a bare 平
            pred = full if full and not words.GENERIC_TAIL.fullmatch(full) else words.LEAD.sub("", subj)
        if len(pred) < 2:
            continue
        pattern = re.escape(pred)
        said = re.search(pattern, answer)
        keys = bigrams(pred) | ({pred} if re.search(r"\d", pred) else set())
        refusals = [part for part in re.split(r"[，,。；;]", answer) if sum(k in part for k in keys) and words.REFUSED.search(part)]
        refused = bool(refusals)
        if (words.KB_NEGATOR.search(_masked(first)) or words.NO_ANSWER.match(first) or re.search(f"防止?{pattern}", answer)
                or (said and not _affirms(answer, pattern)) or refused  # 大部分笔记本不行, 1.5米床会大一圈
                or (words.ONLY_ANSWER.match(first) and not said)):  # 能进洗碗机吗？只能手洗
            if q.group("verb") in {"是", "是不是"}:
                rules.append(Rule(_search(pattern), "mention", _contradicts(c), c.fact_ref))
            elif q.group("verb") in {"有", "有没有", "含", "带", "支持"}:
                rules.append(Rule(_search(pattern), "presence", _contradicts(c), c.fact_ref))
            else:
                # 能潜水吗？不能，适合游泳和浅水: a concept the answer itself allows is not ruled out
                concepts = [p for p in words.CONCEPTS.values() if re.search(p, pred) and not _affirms(answer, p)]
                own = [] if re.search(rf"{words.ASKED_FIRST}{pattern}", answer) else [_loose(pred)]  # 需先卸妆: another step
                named = [re.escape(_common(pred, part)) for part in refusals if len(_common(pred, part)) >= 2]  # 大部分平板不行
                rules += [Rule(_search(p), "permissive", _contradicts(c), c.fact_ref) for p in [*own, *concepts, *named[:1]]]
                rules += _condition_rules(subj, pred, c)
        elif q.group("verb") in {"要", "需要"} and words.NOT_NEEDED_ANSWER.match(first):  # 要接水管吗？不用接
            rules.append(Rule(_search(words.REQUIRE.format(act=_loose(pred))), "mention", _contradicts(c), c.fact_ref))
        elif said or words.AFFIRM.match(first) and not _names_another(q.group("verb"), first, pred):
            rules.append(_denial_rule(pred, c))
    return rules


def _names_another(verb: str, first: str, pred: str) -> bool:
    """是棉的吗？是尼龙的: the answer to a 是 question names another thing, so it does not say yes."""
    return verb in {"是", "是不是"} and pred not in first and re.fullmatch(r"是(?:的|啊|呀|哒)?|对的?|没错", first) is None


def _condition_rules(subj: str, pred: str, c: _KbClause) -> list[Rule]:
    """A use refused under a condition (戴口罩能刷脸吗？不能): a clause naming the condition and doing the use's verb
    (戴着口罩也是一秒刷开) says it works then."""
    keys = bigrams(words.LEAD.sub("", subj)) | bigrams(subj)
    if not keys or not re.match(r"[\u4e00-\u9fff]", pred):
        return []
    condition = "|".join(map(re.escape, sorted(keys)))
    return [Rule(_search_plain(rf"(?:{condition})[^，,。]{{0,8}}?{re.escape(pred[0])}"), "mention", _contradicts(c), c.fact_ref)]


def _for_another(subj: str, answer: str) -> bool:
    """Whether ``answer`` says who the product is for, and that is another kind than ``subj`` (狗能吃吗？建议猫咪食用)."""
    kind = next((k for k, p in words.AUDIENCE_KINDS.items() if re.search(p, subj)), None)
    if kind is None or re.search(words.AUDIENCE_KINDS[kind], answer):
        return False
    return any(re.search(rf"(?:{words.FOR_WHOM})[^，,。；;]{{0,6}}?(?:{p})|(?:{p})[^，,。；;]{{0,4}}?(?:专用|配方|食用|使用)", answer)
               for k, p in words.AUDIENCE_KINDS.items() if k != kind)


def _cap_rules(sku: Sku) -> list[Rule]:
    """A limit an FAQ sets for one case (苹果手机能快充吗？iPhone最高7.5W) exceeded for that case in a script."""
    units = builtin_units()
    cap = re.compile(words.CAP.format(units=units.pattern))
    number = re.compile(rf"(\d+(?:\.\d+)?)\s*({units.pattern})")
    rules: list[Rule] = []
    for n, faq in enumerate(sku.faq):
        q = words.QA.match(normalize(faq.question).text.lower())
        answer = normalize(faq.answer).text.lower()
        for m in cap.finditer(answer):
            limit = units.lookup(m.group("u"))
            sentence = re.split(r"[。；;]", answer[: m.start()])[-1]
            names = {q.group("subj")} if q and len(q.group("subj")) >= 2 else set()
            names |= set(re.findall(r"[a-z]{3,}", sentence))
            if limit is None or not names:
                continue
            most = float(m.group("n")) * limit[1]

            def find(clause: str, names: set[str] = names, dim: str = limit[0], most: float = most) -> Span | None:
                if not any(name in clause for name in names):
                    return None
                for said in number.finditer(clause):
                    reading = units.lookup(said.group(2))
                    if reading and reading[0] == dim and float(said.group(1)) * reading[1] > most:
                        return said.span()
                return None

            rules.append(Rule(find, "mention", f"知识库说明此情形有上限：“{_cite(faq.question + faq.answer)}”",
                              f"{sku.sku_id}#faq:{n}"))
    return rules


def _requirement_rules(clauses: list[_KbClause]) -> list[Rule]:
    """What the KB asks for (建议二次清洁, 开封后请冷藏, 先试用再上脸): a script saying it is not needed contradicts."""
    rules: list[Rule] = []
    sequences: set[str] = set()
    for c in clauses:
        for m in words.KB_RECOMMEND.finditer(c.text):
            action = words.LEAD.sub("", words.CUT.split(c.text[m.end():])[0])
            if len(action) >= 2 and not re.search(r"或|还是", action) and not words.SPEECH.match(action):  # 请强调: what to say
                # 建议另配防雨罩: what the buyer must add is denied only as a need (不用另配), 没有防雨罩 agrees
                lack = _LACKS.match(action)
                rules.append(_denial_rule(lack.group() if lack else action, c))
        seq = words.SEQUENCE.search(normalize(c.sentence).text)
        if seq and c.sentence not in sequences:
            sequences.add(c.sentence)
            rules.append(Rule(_search("直接" + re.escape(seq.group("b"))), "mention",
                              f"知识库要求先做前一步：“{_cite(c.sentence)}”", c.fact_ref))
    return rules


def _feature_rules(clauses: list[_KbClause]) -> list[Rule]:
    """Features the KB says the SKU has (压力感应：有) said to be missing, and parts it says can be adjusted,
    replaced or removed (3D可调头枕, 笔芯：可替换) said to be fixed."""
    rules: list[Rule] = []
    for c in clauses:
        key, _, value = c.text.rpartition(":")
        key = key.strip()
        stated = words.HAS_VALUE.match(value) or words.AMOUNT_VALUE.match(value) or (
            key in value and not words.NEGATOR.search(value))  # 注音：全注音, 香精：微量; not 防水：不防水
        if len(key) >= 2 and stated and not _LACKS.search(value):  # 心率：需另配心率带 says it has none of its own
            rules.append(_denial_rule(key, c))
        for cn, cn_antonym, en, en_antonym in words.CAPABILITIES:
            m = re.search(rf"(?<![不无])可(?:以)?(?:{cn})", value)
            if m is None:
                continue
            parts = {p for p in (key, re.match(r"[\u4e00-\u9fff]*", value[m.end():]).group()[:4],
                                 re.search(r"[\u4e00-\u9fff]*$", value[: m.start()]).group()[-4:]) if len(p) >= 2}
            verb = rf"(?:{cn})"
            denied = rf"(?:不能|不可以?|没法|无法|不支持|不让)\s*{verb}|{verb}不[了动下开掉]|{cn_antonym}"
            part = "|".join(map(re.escape, sorted(parts))) or "(?!)"
            pattern = rf"(?:{part})[^，,。]{{0,6}}(?:{denied})|(?:n't|not|cannot|can't|non-?)\s*(?:be )?(?:{en})|{en_antonym}"
            rules.append(Rule(_search(pattern), "mention", f"知识库说明可以{m.group()[1:]}：“{_cite(c.sentence)}”", c.fact_ref))
    return rules


def _exclusive_rules(clauses: list[_KbClause]) -> list[Rule]:
    """A value of a closed set the KB states (烘烤 of how it is cooked, 茶轴 of which switch, 仅夜间 of when to use
    it) said as another member of the set; a set the KB names two members of (a comparison, or both hold) is left alone."""
    rules: list[Rule] = []
    for members, exclusive in words.EXCLUSIVE_VALUES:
        stated: dict[str, _KbClause] = {}
        for c in clauses:
            for name, pattern in members.items():
                for m in re.finditer(pattern, c.text):
                    before = _masked(re.split(r"[，,。；;]", c.text[: m.start()])[-1])
                    if (not words.NEGATOR.search(before) and not words.FOR_SOME.search(c.sentence)  # 油皮建议薄涂，只在晚上用
                            and (not exclusive or words.EXCLUSIVE_MARK.search(c.text[: m.start()]))):
                        stated.setdefault(name, c)
        if len(stated) != 1:
            continue
        name, c = next(iter(stated.items()))
        others = [p for n, p in members.items() if n != name and (exclusive or not any(_affirms(o.text, p) for o in clauses))]
        if not others:
            continue
        said = re.compile("|".join(f"(?:{p})" for p in others))

        def find(clause: str, said: re.Pattern[str] = said) -> Span | None:
            m = said.search(clause)
            return None if m is None or words.CHANGED_TO.search(clause[: m.start()]) else m.span()

        rules.append(Rule(find, "permissive" if exclusive else "mention", _contradicts(c), c.fact_ref))
    return rules


# What the KB says the buyer adds or the product is not (另配, 自备, 外接, 非重锤): the product itself has none of it
_LACKS = re.compile(r"(?:需|要)?(?:另[配购买]|自[配备购]|外接)|（?非(?=[\u4e00-\u9fff])")


def _denial_rule(action: str, c: _KbClause) -> Rule:
    keys = bigrams(action) | bigrams(words.COMPLEMENT.sub("", action))
    need = min(2, len(bigrams(action)))

    def find(clause: str) -> Span | None:
        for m in words.EMPHATIC_DENIAL.finditer(clause):  # 一点香精都没有: the thing between 一点 and 都没有
            if need and sum(k in m.group("thing") for k in keys) >= min(need, 1):
                return m.span()
        for m in words.DENIAL.finditer(clause):
            if any(clause.startswith(k, m.start()) for k in keys):
                continue  # 无线充电: the 无 is the feature's own first character, not a denial of it
            if (words.DOUBLE_NEGATION.search(clause[: m.start()]) or words.NEGATED_DENIAL.match(clause, m.start())
                    or words.SPEECH.match(clause, m.end())):  # 我们不说摔不碎: not saying it is no denial of it
                continue  # 不是没有粉尘: denying the denial agrees
            window, rest = clause[m.end() : m.end() + 5], _masked(clause[m.end() + 5 :])
            if need and sum(k in window for k in keys) >= need and not (words.NEGATOR.search(rest) or "的话" in clause[m.end():]):
                return m.start(), min(len(clause), m.end() + 5)  # 不拉窗帘就看不清 is a condition, not a denial
        return None

    return Rule(find, "deny", f"与知识库说法相反：“{_cite(c.sentence)}”", c.fact_ref)


def _water_level(sku: Sku) -> tuple[int, str, str] | None:
    """The SKU's own water rating (IP second digit; 不防水 = 0; 防泼水 = 4), as stated, and its fact."""
    sources = [(f.fact_id, normalize(f.text).text.lower()) for f in sku_facts(sku)
               if f.kind in {"attribute", "selling_point", "title", "usage"}]
    for pattern, level in ((words.IP_CODE, None), (re.compile(r"不防水|not waterproof"), 0), (words.SPLASH_ONLY, 4)):
        for fact_id, text in sources:
            m = pattern.search(text)
            if m:
                return (int(m.group(1)) if level is None else level), m.group().upper(), fact_id
    for fact_id, text in sources:
        if m := words.ATM_CODE.search(text):
            if m.group(2) and int(m.group(2)) < words.WATCH_MARK_M:  # 裸机10米防水: a depth it is used at, not a watch mark
                return 8, m.group().upper(), fact_id
            atm = int(m.group(1)) if m.group(1) else int(m.group(2)) // 10
            return (4 if atm < 5 else 8 if atm < 20 else 10), m.group().upper(), fact_id
    return None


def _water_rules(sku: Sku) -> list[Rule]:
    found = _water_level(sku)
    if found is None:
        return []
    level, stated, ref = found
    return [Rule(_search(words.CONCEPTS[concept]), "mention" if concept == "waterproof" else "permissive",
                 f"本品防水等级为{stated}，达不到这种用水场景（需{'20ATM以上的潜水级' if need > 8 else f'IPX{need}'}）", ref, words.WATER_RULE)
            for concept, need in words.WATER_NEED.items() if need > level]


def _origin_rules(sku: Sku) -> list[Rule]:
    """Another place said as where the product comes from (云南的椴树蜜, 是哥伦比亚的, 产自…) than its 产地: a province or
    country of the gazetteer said anywhere as the origin, or any place name said right after an origin word (产地杭州)."""
    origin = next((a for a in sku.attributes if words.ORIGIN_KEY.search(a.key)), None)
    if origin is None:
        return []
    reason, ref = f"产地与知识库不符：“{origin.key}：{origin.value}”", f"{sku.sku_id}#attr:{origin.key}"
    chinese = re.search(r"[\u4e00-\u9fff]", origin.value)
    rules = [Rule(_origin_named(origin.value, sku.title), "mention", reason, ref)] if chinese else []
    own = _canon(" ".join([origin.value, sku.title, *sku.selling_points, *sku.certifications]))
    places = "|".join(p for p in words.PLACES if p not in own and not any(p in q or q in p for q in words.PLACES if q in own))
    if not places:
        return rules
    nouns = "|".join(re.escape(w[-2:]) for w in re.findall(r"[\u4e00-\u9fff]{2,}", sku.title))
    said = rf"(?:产自|来自|原产于?|产地是?|出自)\s*(?:{places})|是(?:{places})(?:产)?的(?=$|[，,。！!？?\s])"
    if nouns:
        said += rf"|(?:{places})(?:产)?的?[\u4e00-\u9fff]{{0,3}}?(?:{nouns})"
    return [Rule(_search(said), "mention", reason, ref), *rules]


# 产地杭州, 产自新疆阿克苏: where the host says the product comes from, with the place after it
_ORIGIN_SAID = re.compile(r"(?:原?产地|产区|产自|产于|原产)(?:是|为|在|就是|都是)?\s*(?P<run>[\u4e00-\u9fff]{2,10})")


def _origin_named(value: str, title: str) -> Callable[[str], Span | None]:
    """Any place name (jieba's ``ns``, not only the gazetteer's) said right after an origin word that the KB's origin and
    title do not hold: 新疆 of 新疆若羌 is held, 阿克苏 is not."""
    own = _canon(f"{value} {title}")

    def find(clause: str) -> Span | None:
        m = _ORIGIN_SAID.search(_canon(clause))
        if m is None:
            return None
        at = m.start("run")
        for word, tag in posseg_module().cut(m.group("run")):
            if tag == "ns" and word not in own:
                return at, at + len(word)
            at += len(word)
        return None

    return find


def _ingredient_rules(clauses: list[_KbClause]) -> list[Rule]:
    """What the SKU contains (过敏原, 配料, 含X) said to be absent, and its allergens said to be fine for the allergic.

    An ingredient counts as the KB lists it (鸡肉, 蛋黄粉) and by its class (蛋, 甜味剂 for 赤藓糖醇).
    """
    contained: dict[str, tuple[str, bool, _KbClause]] = {}
    for c in clauses:
        key, _, value = c.text.rpartition(":")
        listed = words.INGREDIENT_KEY.search(key) is not None
        if listed and words.ABSENT_LIST.match(value):
            continue  # 过敏原：不含牛奶、大豆 lists what it is free of
        amount = words.AMOUNT_VALUE.match(value) is not None  # 香精：微量 names what it contains by its key
        for allergen, table in ((True, words.ALLERGENS), (False, words.ADDITIVES)):
            for name, pattern in table.items():
                said = re.search(rf"{words.CONTAINS}[^。]{{0,20}}?(?:{pattern})", value)
                if ((listed and re.search(pattern, value)) or (amount and re.search(pattern, key))
                        or (said and not words.NEGATOR.search(_masked(value[: said.end()])))):  # not 不额外添加蔗糖
                    contained.setdefault(name, (pattern, allergen, c))
        if listed:
            for item in re.split(r"[、，,/和及与]", re.sub(r"^\s*(?:含有?|contains)", "", value)):
                item = re.sub(r"[（(].*|[类粉]$", "", item.strip())
                allergen = "过敏" in key or "allergen" in key
                if len(item) >= (3 if item.isascii() else 2):
                    pattern, was, _ = contained.get(item, (re.escape(item), False, c))
                    contained[item] = (pattern, was or allergen, c)  # a lexicon group keeps its other names
    rules: list[Rule] = []
    allergens: list[Rule] = []
    for name, (pattern, allergen, c) in contained.items():
        reason = f"本品含{name}{'类过敏原' if allergen else ''}：“{_cite(c.sentence)}”"
        free = (rf"(?:无|不含|零|没有|没|0|未|不) ?(?:添?加|放|含)?(?:{pattern})|(?:{pattern})[- ]free|"
                rf"(?<![a-z])(?:no|without|zero|free of) (?:{pattern})|(?:{pattern})(?:[^，,。]{{0,6}}?都)?(?:没有?|不|未)(?:添?加|放)|"
                rf"一(?:点点?|丁点|丝|滴)儿?(?:{pattern})(?:都|也)(?:没有?|不含|没加|不加)")  # 甜味剂一点都没加, 一点香精都没有
        rules.append(Rule(_search(free), "mention", reason, c.fact_ref))
        # anyone allergic to what it contains (鸡肉过敏的猫, not only the major allergens) is told it is fine
        said = rf"(?:{pattern})[^，,。]{{0,4}}{words.ALLERGY_WORD}|{words.ALLERGY_WORD}[a-z ]{{0,8}}(?:to )?(?:{pattern})"
        rules.append(Rule(_search(said), "permissive", reason, c.fact_ref))
        allergens += [rules[-1]] if allergen else []
    if allergens:
        rules.append(Rule(_search(words.ANY_ALLERGY), "permissive", f"本品含过敏原，过敏人群不宜放心食用（{allergens[0].reason}）",
                          allergens[0].fact_ref))
    return rules


def _age_rules(clauses: list[_KbClause]) -> list[Rule]:
    """The allowed age range (适用6-36个月) and excluded groups (不适宜人群：婴幼儿) as month intervals."""
    rules = []
    for c in clauses:
        if re.search(r"不适宜|不适合|禁用|禁止|严禁|请勿|不宜|不能|不可以?|不建议|不要|切勿", c.text):
            ages = list(_ages(c.text))
            numbered = [a for a in ages if any(ch.isdigit() for ch in c.text[a[0][0] : a[0][1]])]
            for _, low, high, _ in numbered or ages:  # 3岁以下儿童: the number, not all children
                rules.append(_age_rule(low, high, False, c))
        else:
            rules += [_age_rule(low, high, True, c) for low, high in _allowed_ages(c)]
    return rules


def _allowed_ages(c: _KbClause) -> list[tuple[float, float]]:
    """The age ranges a KB clause says it is for (适用6-36个月, 3岁以上), in months."""
    return _ages_named(c.text) if re.search(r"适用|适合|适读|适宜|年龄|月龄|建议", c.text) else []


def _ages_named(text: str) -> list[tuple[float, float]]:
    """Every age range and open age a KB clause names (S码：3-6岁 as much as 适用年龄3岁以上), in months."""
    ranges = [(_months(m.group("a"), m.group("ua") or m.group("ub")), _months(m.group("b"), m.group("ub")))
              for m in words.AGE_RANGE.finditer(text)]
    return ranges + [(_months(m.group("n"), m.group("u")), float("inf")) for m in words.OPEN_AGE.finditer(text)]


def _forbidden_age_rules(sku: Sku, clauses: list[_KbClause]) -> list[Rule]:
    """A forbidden sentence that bounds the age (不得宣称3岁以下可用, 不得宣称适合婴儿) as the ages a host may not call
    fine, in any words (一岁半就戴着了, 十个月宝宝就能滑, safe for toddlers, fine for babies under one). Only an age or an
    infant group: 不得宣称孩子可以自己用 forbids a child alone, not being a child. The bound is inside (3岁以下 takes
    3 in) unless the KB allows the product from that age (适用年龄3岁以上)."""
    own_from = {low for c in clauses if not words.NEGATOR.search(c.text) for low, _ in _ages_named(c.text)}
    rules = []
    for n, sentence in enumerate(sku.forbidden_claims):
        said = normalize(sentence).text.lower()
        for span, low, high, precise in _ages(said):
            age = said[span[0] : span[1]]
            if not _INFANT.search(age) or high == float("inf") or not _USE.search(said):
                continue
            if precise:  # 3岁以下 or 三岁孩子: every age up to it
                low = 0.0
            find = _forbidden_age(low, high, high not in own_from, own_from)
            rules.append(Rule(find, "permissive", f"商家禁止的宣传：“{sentence}”", f"{sku.sku_id}#forbidden:{n}",
                              kind="forbidden_claim"))
            break
    return rules


# The ages a forbidden sentence may bound: a number of years or months, or an infant group (not 孩子, 儿童, 未成年),
# said of using it (不得宣称A类婴幼儿标准 names a standard, not an age).
_INFANT = re.compile(r"\d|婴|新生儿|幼儿|满月|刚出生")
_USE = re.compile(r"适合|适用|可|能|用|玩|吃|喝|戴|穿|食|咬|睡")
# 小一岁, 大两个月: a difference between ages; 宝宝 alone is any child (and the viewers: 宝宝们).
_AGE_DIFFERENCE = re.compile(r"[小大差早晚]$")


def _forbidden_age(low: float, high: float, bound_inside: bool, own_from: set[float]) -> Callable[[str], Span | None]:
    def find(clause: str) -> Span | None:
        for span, a, b, precise in _ages(clause):
            if a < low or a in own_from or _AGE_DIFFERENCE.search(clause[: span[0]]) or clause[span[0] : span[1]] == "宝宝":
                continue
            if precise and (a < high or a == high and bound_inside and b != float("inf")) or not precise and b <= high:
                return span
        for m in words.AGE_RANGE.finditer(clause):  # 适合零到六岁 against 1岁以下: a range that starts below the bound
            if _months(m.group("a"), m.group("ua") or m.group("ub")) < high:
                return m.span()
        return None

    return find


def _age_rule(low: float, high: float, allowed: bool, c: _KbClause) -> Rule:
    def find(clause: str) -> Span | None:
        for span, a, b, precise in _ages(clause):
            if allowed:
                wrong = precise and not low <= a <= high
            else:  # an age from which on it is said to be fine, or a whole group inside the excluded one
                wrong = low <= a < high if precise else low <= a and b <= high
            if wrong:
                return span
        return None

    what = "适用年龄" if allowed else "不适宜人群"
    return Rule(find, "permissive", f"{what}与知识库不符：“{_cite(c.sentence)}”", c.fact_ref)


def _edition(text: str) -> float | None:
    m = words.EDITION.search(text)
    if m is None:
        return None
    return 1.0 if m.group(1) is None else cn_value(m.group(1))


def _tier(text: str) -> int:
    return next((tier for tier, pattern in words.TIERS if re.search(pattern, text)), 0)


_WON_EN = re.compile(r"\bwon\b(?!['’]t)|\bwin(?:s|ner)?\b|\bawarded\b", re.IGNORECASE)  # not "it won't break"
_IS_THE = re.compile(r"(?:它|这|这款|这个)?(?:就)?是(?!不是|个|一[个款支瓶件])")  # not 它就是个修饰暗沉的妆前乳: what it is
# 入围了就是拿了年度最佳, 入围就等于拿奖了, 入选名录那个是金奖, 入围那个评选我们已经拿奖了: shortlisted said, then won all the same
_WON_ANYWAY = re.compile(r"(?:入围|入选)[^，。,；;]{0,8}?(?:就是|就等于|等于|相当于|已经|那个是|是金|是银|是铜|是一等|是特等)"
                         r"[^，。,；;]{0,4}?(?:拿|获|得|金奖|银奖|铜奖|一等|二等|三等|特等)")
_IS_A_LISTING = re.compile(r"是[^，。,；;]{0,12}?(?:名录|目录|名单)(?![^，。,；;]{0,3}奖)")  # 是推荐名录，不是奖: said as the listing


def _award_rules(sku: Sku) -> list[Rule]:
    """Each award the SKU lists, with its status: 入围 is not 获奖, 银奖 is not 金奖, 第十届 is not 第九届; a
    certification that names a shortlisting (入围2031年度最佳夏日厨房小物) or a title (2031“最受采茶人欢迎斗笠”) is one
    too, and no grade of it was won."""
    awards = [f for f in sku_facts(sku) if f.kind in {"certification", "selling_point"} and words.AWARD_WORD.search(f.text)
              or f.kind == "certification" and (words.SHORTLIST.search(f.text) or words.HONOUR.search(f.text))]
    strip = re.compile(rf"{words.SHORTLIST.pattern}|{'|'.join(p for _, p in words.TIERS)}|（.*?）|\(.*?\)|\d{{4}}|{words.EDITION.pattern}")
    said = [normalize(f.text).text.lower() for f in awards]
    # 荣获“首届街球装备大赛”铜奖 and its 首届街球装备大赛铜奖证书 are one award: the SKU has one when every name is inside another's
    names = [bigrams(strip.sub(" ", text).replace("证书", " ")) for text in said]
    alone = len(awards) == 1 or bool(names) and all(a <= b or b <= a for a in names for b in names)
    title = bigrams(normalize(sku.title).text.lower())
    return [_award_rule(text, strip, alone, f.text, f.fact_id, title) for text, f in zip(said, awards, strict=True)]


def _award_rule(award: str, strip: re.Pattern[str], alone: bool, original: str, fact_ref: str,
                title: set[str]) -> Rule:
    shortlisted, tier, edition = bool(words.SHORTLIST.search(award)), _tier(award), _edition(award)
    keys = bigrams(strip.sub(" ", award))
    marks = keys - title or keys  # 最顺手写字板榜 of a 写字板: the product's own name does not name the award
    year = re.search(r"(?<!\d)20\d\d(?!\d)", award)

    def find(clause: str) -> Span | None:
        # an English clause names the SKU's only award by winning it (it already won Best Flavour)
        named = sum(k in clause for k in marks) >= 2 or bool(year and clause.isascii() and year.group() in clause) \
            or alone and clause.isascii() and bool(_WON_EN.search(clause))
        word = words.AWARD_WORD.search(clause)
        if word is None and (shortlisted or tier) and named:
            # 拿下了2026最佳入门乐器, won Best … 2026, 它是2027年度最佳陈年黄酒: the award by its name, won
            word = words.WON.search(clause) or _IS_THE.search(clause)
        if word is None or not (named or alone):
            return None
        said_tier, said_edition = _tier(clause), _edition(clause)
        wrong = (shortlisted and (said_tier or words.WON.search(clause) or _IS_THE.search(clause))
                 and (not words.SHORTLIST.search(clause) or _WON_ANYWAY.search(clause)) and not _IS_A_LISTING.search(clause)) or (
            tier and said_tier and said_tier != tier) or (
            not tier and not shortlisted and said_tier and (named or alone)) or (  # “最佳传统风味奖” said as 金奖: a grade it lacks
            named and None not in (edition, said_edition) and said_edition != edition)
        return word.span() if wrong else None

    status = "入围（未获奖）" if shortlisted else {4: "特等奖", 3: "金奖", 2: "银奖", 1: "铜奖"}.get(
        tier, "此奖项" if words.AWARD_WORD.search(award) else "称号，不是奖项")
    return Rule(find, "mention", f"奖项与知识库不符，知识库为{status}：“{_cite(original)}”", fact_ref, name=frozenset(keys))


def _nutrition_rules(sku: Sku) -> list[Rule]:
    """Content claims (零卡, 低脂, 高蛋白) that the SKU's own per-100 g/mL values do not meet."""
    values: dict[str, tuple[float, bool, str, str]] = {}
    for a in sku.attributes:
        m = words.PER_100.search(normalize(a.text).text.lower())
        nutrient = next((n for n, p in words.NUTRIENT_KEYS.items() if re.search(p, a.key)), None)
        if m is None or nutrient is None:
            continue
        value, unit = float(m.group(1)), m.group(2)
        value *= 4.184 if unit in {"kcal", "大卡", "千卡"} else 1000 if nutrient in {"钠", "钙"} and unit in {"g", "克"} else 1
        values[nutrient] = (value, m.group(3) in {"ml", "毫升"}, f"{a.key}{a.text}", f"{sku.sku_id}#attr:{a.key}")
    rules = []
    for pattern, nutrient, bound, solid, liquid in words.NUTRITION:
        if nutrient not in values:
            continue
        value, is_liquid, stated, ref = values[nutrient]
        limit = liquid if is_liquid else solid
        if (value > limit) if bound == "max" else (value < limit):
            condition = f"{'≤' if bound == 'max' else '≥'}{limit:g}/100{'mL' if is_liquid else 'g'}"
            rules.append(Rule(_search(pattern), "mention", f"知识库{stated}，达不到该声称的条件（{condition}）",
                              ref, words.NUTRITION_RULE))
    return rules


def _materials(text: str) -> Iterator[tuple[Span, int]]:
    """(span, index into ``MATERIALS``) of each material ``text`` names."""
    for m in words.MATERIAL.finditer(text):
        yield m.span(), int(m.lastgroup[1:])


def _compatible(said: int, kb: set[int]) -> bool:
    """Whether a material said is one the KB states, or a family name true of it (ABS is 塑料)."""
    name, _, family = words.MATERIALS[said]
    return any(said == k or words.MATERIALS[k][2] == family and family in {name, words.MATERIALS[k][0]} for k in kb)


_LACKS_BEFORE = re.compile(r"(?:不含|无|非|没有|不是|不用)\s*$")


def _material_rules(sku: Sku) -> list[Rule]:
    """A part's material (壶身材质：高硼硅玻璃, 椅脚：铝合金五星脚) excludes other materials said of that part."""
    rules = []
    values = {a: normalize(a.text).text.lower() for a in sku.attributes}
    stated = {a: list(_materials(value)) for a, value in values.items()}
    # the product as a whole is made of each material an attribute states (not of one it says it lacks: 不含PVC)
    every = {i for a, found in stated.items() for (start, _), i in found if not _LACKS_BEFORE.search(values[a], 0, start)}
    for a, found in stated.items():
        if not found:
            continue
        value, key = values[a], normalize(a.key).text.lower()
        tail = re.match(r"[\u4e00-\u9fff]*", value[found[-1][0][1]:]).group()  # 铝合金五星脚 is the 五星脚
        parts = [p for p in (words.MATERIAL_KEY.sub("", key), tail) if len(p) >= 2]
        anchor = re.compile("|".join(map(re.escape, parts)) or words.WHOLE_PRODUCT)  # 材质：ABS is the whole product's

        def find(clause: str, anchor: re.Pattern[str] = anchor,
                 kb: set[int] = {i for _, i in found} if parts else every) -> Span | None:
            said = list(_materials(clause))
            for m in anchor.finditer(clause):
                after = [x for x in said if m.end() <= x[0][0] <= m.end() + 12]
                before = [x for x in said if 0 <= m.start() - x[0][1] <= 2]  # 尼龙五星脚, PP材质
                for span, i in (after or before)[:1]:
                    if not _compatible(i, kb):
                        return span
            return None

        rules.append(Rule(find, "mention", f"知识库{a.key}为“{a.text}”", f"{sku.sku_id}#attr:{a.key}"))
    return rules


def _count_rules(sku: Sku) -> list[Rule]:
    """A part the KB counts with 单/双 (双门双前厅) said in another number (只有一个门)."""
    rules = []
    sources = [(f"{a.key}：{a.text}", f"{sku.sku_id}#attr:{a.key}", a.text) for a in sku.attributes]
    sources += [(t, f"{sku.sku_id}#sp:{n}", t) for n, t in enumerate(sku.selling_points)]
    for stated, ref, text in sources:
        for m in words.COUNTED.finditer(normalize(text).text.lower()):
            said = rf"{words.COUNT_SAID[m.group('n')]}{re.escape(m.group('noun'))}{words.NOUN_END}"
            rules.append(Rule(_search(said), "mention", f"数量与知识库不符：“{_cite(stated)}”", ref))
    return rules


def _scale_rules(sku: Sku) -> list[Rule]:
    """An ordinal attribute value (中辣) excludes the scale's other values (特辣)."""
    rules = []
    for a in sku.attributes:
        for keys, scale in words.SCALES:
            present = [v for v in scale if v in a.value]
            if len(present) == 1 and re.search(keys, a.key.lower()):
                others = f"(?:{'|'.join(v for v in scale if v != present[0])})(?!党|的人|的家人|爱好者|星人|能效)"
                rules.append(Rule(_search(others), "mention", f"知识库{a.key}为“{present[0]}”", f"{sku.sku_id}#attr:{a.key}"))
    return rules


def _gift_rules(sku: Sku) -> list[Rule]:
    """A gift only the first N buyers get (前1000套附…) said as everyone's."""
    rules = []
    for n, promo in enumerate(sku.promotions):
        m = words.LIMITED_GIFT.search(normalize(promo.description).text.lower())
        if m is None:
            continue
        gift = re.sub(r"[^\u4e00-\u9fff]", "", m.group("gift"))
        keys, head = bigrams(gift), gift[-2:]

        def find(clause: str, keys: set[str] = keys, head: str = head) -> Span | None:
            every = words.UNIVERSAL.search(clause)
            named = head in clause or sum(k in clause for k in keys) >= 2  # the gift, by its head noun or its words
            return every.span() if every and named else None

        rules.append(Rule(find, "mention", f"赠品限量，并非人人都有：“{promo.name}：{promo.description}”",
                          f"{sku.sku_id}#promo:{n}"))
    return rules


def _total_rules(clauses: list[_KbClause]) -> list[Rule]:
    """A total the KB says is shared (三口同时用总功率65W) said of each part (每个口都是65瓦)."""
    rules = []
    for c in clauses:
        for m in words.TOTAL.finditer(c.text):
            total = float(m.group("n"))

            def find(clause: str, total: float = total) -> Span | None:
                each = next((e for e in words.EACH.finditer(clause) if float(e.group("n")) == total), None)
                return None if each is None else each.span()

            rules.append(Rule(find, "mention", f"知识库中这是合计值，不是每一个的：“{_cite(c.sentence)}”", c.fact_ref))
    return rules


def _boiling_rules(sku: Sku) -> list[Rule]:
    """A water temperature the KB caps below the boil (冲调水温：≤40℃) against water said to be boiling (开水一冲)."""
    for fact in sku_facts(sku):
        if fact.kind not in {"attribute", "usage", "faq"}:
            continue
        m = words.WATER_CAP.search(normalize(fact.text).text.lower())
        if m and float(m.group("a") or m.group("b")) < words.BOIL_C - words.BOIL_MARGIN_C:

            def find(clause: str) -> Span | None:
                boiling = words.BOILING.search(clause)
                return None if boiling is None or words.COOLED.search(clause) else boiling.span()

            return [Rule(find, "mention", f"知识库限定水温：“{_cite(fact.text)}”，开水约{words.BOIL_C}℃", fact.fact_id)]
    return []


def _only_rules(sku: Sku) -> list[Rule]:
    """A list the KB says it suits (适用体型：小、中、大型犬) said as one member only (只适合小型犬)."""
    rules = []
    for a in sku.attributes:
        items = [i.strip() for i in words.LIST_SPLIT.split(normalize(a.value).text.lower()) if i.strip()]
        if len(items) < 2 or not re.search(r"适|用|for", a.key.lower()):
            continue
        last = items[-1]  # 小、中、大型犬: the short members share the last one's tail
        items = [i + last[len(i):] if len(i) < len(last) and i[-1] != last[-1] else i for i in items]
        members = "|".join(map(re.escape, items))

        def find(clause: str, members: str = members) -> Span | None:
            said = re.search(rf"{words.ONLY}[^，,。]{{0,4}}?(?:{members})", clause)
            return None if said is None or len(set(re.findall(members, clause))) > 1 else said.span()

        rules.append(Rule(find, "mention", f"知识库{a.key}为“{a.value}”，不只其中一种", f"{sku.sku_id}#attr:{a.key}"))
    return rules


def _wait_rules(clauses: list[_KbClause]) -> list[Rule]:
    """A wait the KB asks for before use (放置48小时完全回弹再使用) skipped in a script (拆开马上就能睡)."""
    wait = next((c for c in clauses if words.WAIT.search(c.text)), None)
    if wait is None:
        return []
    return [Rule(_search(words.AT_ONCE.pattern), "mention", f"知识库要求使用前先等待：“{_cite(wait.sentence)}”", wait.fact_ref)]


def _unneeded_rules(clauses: list[_KbClause]) -> list[Rule]:
    """What the KB says is not needed (常温保存即可，无需冷藏) said to be required (记得放冰箱冷藏)."""
    rules = []
    for c in clauses:
        for m in words.UNNEEDED.finditer(c.text):
            acts = "|".join(re.escape(p[:3]) for p in _predicates(m.group("scope")))
            if acts:
                rules.append(Rule(_search(words.REQUIRE.format(act=acts)), "mention", f"知识库说明不需要：“{_cite(c.sentence)}”",
                                  c.fact_ref))
    return rules


def _voltage_rules(sku: Sku) -> list[Rule]:
    """Mains voltage the KB limits to 220 V (仅220V, 不能在110V国家使用) said to work on 110 V or everywhere."""
    for fact in sku_facts(sku):
        if fact.kind not in {"title", "brand", "category", "price", "promotion"} and words.SINGLE_VOLTAGE.search(
                normalize(fact.text).text.lower()):
            reason = f"知识库说明仅支持220V：“{_cite(fact.text)}”"
            return [Rule(_search(words.DUAL_VOLTAGE), "mention", reason, fact.fact_id, words.VOLTAGE_RULE),
                    Rule(_search(words.LOW_VOLTAGE_PLACES), "permissive", reason, fact.fact_id, words.VOLTAGE_RULE)]
    return []


def _amount_rules(sku: Sku) -> list[Rule]:
    """A use the KB allows only in small amounts (少量可冲马桶, 一次不超过3个结团) said with the whole lot (整盆倒马桶)."""
    rules = []
    for fact in sku_facts(sku):
        text = normalize(fact.text).text.lower()
        if fact.kind in {"title", "price", "promotion"} or not words.SMALL_AMOUNT.search(text):
            continue
        for pattern in (p for p in words.CONCEPTS.values() if re.search(p, text)):

            def find(clause: str, pattern: str = pattern) -> Span | None:
                whole = words.WHOLE_AMOUNT.search(clause)
                return whole.span() if whole and re.search(pattern, clause) else None

            rules.append(Rule(find, "mention", f"知识库只允许少量：“{_cite(fact.text)}”", fact.fact_id))
    return rules


def _temperature_rules(clauses: list[_KbClause]) -> list[Rule]:
    """An act the KB does at low temperature (低温烘干, 30℃以下温水手洗) said done hot (高温烘干, 热水洗)."""
    rules = []
    for c in clauses:
        for m in words.LOW_TEMP.finditer(c.text):
            act = re.sub(r"[手机水干后的]", "", m.group("act")) or m.group("act")[:1]  # 手洗 -> 洗, 烘干 -> 烘
            if words.NEGATOR.search(_masked(c.text[: m.start()])):
                continue
            rules.append(Rule(_search_plain(words.HIGH_TEMP.format(act=re.escape(act))), "mention",
                              f"知识库要求低温：“{_cite(c.sentence)}”", c.fact_ref))
    return rules


def _hours(m: re.Match[str]) -> float:
    return float(m.group("n")) * words.DEADLINE_HOURS[m.group("u")]


def _deadline_rules(clauses: list[_KbClause]) -> list[Rule]:
    """A time limit on an act (48小时内赔付, 3天内喝完) said longer for the same act (7天内都能赔)."""
    rules = []
    for c in clauses:
        sentence = normalize(c.sentence).text.lower()
        at = sentence.find(c.text)
        for m in words.DEADLINE.finditer(c.text):  # 24小时内拍照，按个数补发: the act may be a clause on
            tail = sentence[at + m.end():] if at >= 0 else c.text[m.end():]
            acts = set(words.DEADLINE_ACT.findall(re.split(r"[。；;]", tail)[0][:12]))
            if not acts:
                continue
            act = re.compile("|".join([*map(re.escape, sorted(acts)), *(words.DEADLINE_ACT_EN[a] for a in sorted(acts))]))

            def find(clause: str, limit: float = _hours(m), act: re.Pattern[str] = act) -> Span | None:
                if act.search(clause) is None:
                    return None
                said = [(d.span(), _hours(d)) for d in words.DEADLINE.finditer(clause)] + [
                    (d.span(), float(d.group("n")) * words.DEADLINE_EN_HOURS[d.group("u").rstrip("s")])
                    for d in words.DEADLINE_EN.finditer(clause)]  # within 7 days
                return next((span for span, hours in said if hours > limit), None)

            rules.append(Rule(find, "mention", f"知识库时限：“{_cite(c.sentence)}”", c.fact_ref))
    return rules


def _cold_rules(clauses: list[_KbClause]) -> list[Rule]:
    """Kept cold (开瓶后冷藏, 冷冻保存) said kept at room temperature; a KB that allows room temperature too is left alone."""
    cold = next((c for c in clauses if (m := words.KEPT_COLD.search(c.text)) and words.KEPT_COLD_HOW.search(c.text)
                 and not words.TASTE.search(c.text)
                 and not words.NEGATOR.search(_masked(re.split(r"[，,。；;]", c.text[: m.start()])[-1]))), None)
    if cold is None or any(_affirms(c.text, words.ROOM_TEMP) and not re.search(r"不用|无需|不需要|不必", c.text) for c in clauses):
        return []

    def find(clause: str) -> Span | None:
        m = re.search(words.ROOM_TEMP, clause)
        return None if m is None or words.THAW.search(clause) else m.span()

    return [Rule(find, "mention", f"知识库要求冷藏/冷冻：“{_cite(cold.sentence)}”", cold.fact_ref)]


def _handling_rules(sku: Sku) -> list[Rule]:
    """How the KB says to handle it: no sudden heat after the fridge (不可骤冷骤热), parts off before a use (奶嘴需取下),
    a weight that leaves something out (净重不含冰衣), a thing that comes with it (附答案册)."""
    rules: list[Rule] = []
    for fact in sku_facts(sku):
        if fact.kind in {"title", "brand", "category", "price", "promotion"}:
            continue
        text = normalize(fact.text).text.lower()
        if words.THERMAL_SHOCK.search(text):
            rules.append(Rule(_search_plain(words.SHOCK_SAID), "mention", f"知识库说明不可骤冷骤热：“{_cite(fact.text)}”", fact.fact_id))
        for m in words.REMOVE_FIRST.finditer(text):
            parts = [p for p in re.split(r"[、和及与]", m.group("parts")) if len(p) >= 2]
            uses = [p for p in words.CONCEPTS.values() if re.search(p, text)]
            if parts and uses:
                along = re.compile(words.ALONG.format(parts="|".join(map(re.escape, parts))))
                use = re.compile("|".join(f"(?:{p})" for p in uses))

                def find(clause: str, along: re.Pattern[str] = along, use: re.Pattern[str] = use) -> Span | None:
                    m = along.search(clause)
                    return m.span() if m and use.search(clause) else None

                rules.append(Rule(find, "mention", f"知识库要求先取下部件：“{_cite(fact.text)}”", fact.fact_id))
        for m in words.NET_EXCLUDES.finditer(text):
            left_out = (m.group("x") or m.group("y"))[:1]
            rules.append(Rule(_search_plain(words.WITH_THING.format(w=words.WEIGHT_SAID, x=re.escape(left_out))), "mention",
                              f"知识库重量不含此项：“{_cite(fact.text)}”", fact.fact_id))
        if fact.kind in {"attribute", "selling_point"}:
            for m in words.INCLUDED.finditer(text):
                thing = "|".join(sorted(bigrams(m.group("x")))) or "(?!)"  # 详解答案册 is also 答案册
                rules.append(Rule(_search_plain(words.BOUGHT_APART.format(x=thing)), "mention",
                                  f"知识库说明随附：“{_cite(fact.text)}”", fact.fact_id))
    return rules


def _colour_rules(sku: Sku) -> list[Rule]:
    """A listing in one colour only (本链接只有黑色, 颜色：黑) said to come in another (就有红色)."""
    for fact in sku_facts(sku):
        text = normalize(fact.text).text.lower()
        key, _, value = text.rpartition("：" if "：" in text else ":")
        single = fact.kind == "attribute" and words.COLOUR_KEY.match(key.strip()) and re.fullmatch(
            rf"\s*({'|'.join(words.COLOURS)})色?\s*", value)
        only = words.ONLY_COLOUR.search(text) if fact.kind in {"faq", "attribute", "selling_point"} else None
        colour = (single or only).group(1) if single or only else None
        if colour:
            others = "|".join(c for c in words.COLOURS if c != colour)
            english = "|".join(e for c, e in words.COLOURS_EN.items() if c != colour)
            return [Rule(_search(words.COLOUR_EN_SAID.format(others=english)), "mention",
                         f"知识库说明只有{colour}色：“{_cite(fact.text)}”", fact.fact_id),
                    Rule(_search(rf"(?:{others})色(?:的|款|版)?(?![\u4e00-\u9fff])|(?:{others})色(?=的|款|版|也|还|都|和|、|跟|或)"), "presence", f"知识库说明只有{colour}色：“{_cite(fact.text)}”", fact.fact_id)]
    return []


def _shade_rules(sku: Sku) -> list[Rule]:
    """A colour attribute naming a shade (颜色：象牙白, 色号：#27雾霾蓝) said as another named shade (颜色是纯白, 这瓶奶茶色)."""
    rules = []
    for a in sku.attributes:
        value = normalize(a.value).text.lower()
        own = [s for s in words.SHADES if s in value]
        if not words.COLOUR_KEY.match(a.key.strip().lower()) or not own:
            continue
        others = "|".join(s for s in sorted(words.SHADES, key=len, reverse=True) if not any(s in o or o in s for o in own))
        said = re.compile(words.SHADE_SAID.format(shades=others))

        def find(clause: str, said: re.Pattern[str] = said) -> Span | None:
            m = said.search(clause)
            return None if m is None else m.span()

        rules.append(Rule(find, "mention", f"知识库{a.key}为“{a.value}”", f"{sku.sku_id}#attr:{a.key}"))
    return rules


def _sibling_feature_rules(sku: Sku, kb: KnowledgeBase, clauses: list[_KbClause]) -> list[Rule]:
    """What a sibling's attributes say it has or can do (可水洗：是, 内置电池：有) and this SKU's own text never mentions,
    in its words or its concept's: said of this SKU, it is the sibling's fact."""
    own = " ".join([*(c.text for c in clauses), *(_canon(a.key) for a in sku.attributes)])
    rules = []
    for other in _siblings(sku, kb):
        for a in other.attributes:
            key, value = _canon(a.key).strip(), _canon(a.value)
            act = words.KEY_MODAL.sub("", key)
            if not (words.HAS_VALUE.match(value) or words.YES_VALUE.match(value)) or not re.fullmatch(r"[\u4e00-\u9fff]{2,4}", act):
                continue
            patterns = [_loose(act), *(p for p in words.CONCEPTS.values() if re.search(p, act))]
            if any(re.search(p, own) for p in patterns):
                continue  # this SKU's KB speaks of it: the other rules read what it says
            need: Need = "permissive" if act != key else "presence"  # 可水洗 is a use, 尾灯 a part
            reason = f"{a.key}是{other.sku_id}（{other.title}）的，知识库没有说本品有"
            rules += [Rule(_search(p), need, reason, f"{other.sku_id}#attr:{a.key}") for p in patterns]
    return rules


def _value_words(value: str) -> set[str]:
    """The words a value is said by (8节5号aa干电池 -> 8节, 5号, aa, 干电池): counted units, latin words, CJK words."""
    out = set(re.findall(r"\d+(?:\.\d+)?[\u4e00-\u9fff]", value))
    out |= {w for w in jieba_module().lcut(value, HMM=False)
            if len(w) >= 2 and (re.fullmatch(r"[\u4e00-\u9fff]+", w) or re.fullmatch(r"[a-z]+", w))}
    return out


_COMPARED_WITH = re.compile(r"(?:跟|和|与|比|像|同|看)$")
_POINTED_AT = re.compile(r"[\u4e00-\u9fff]{0,2}?(?:那|的那)[个款支瓶盒件条套只台把]")


def _sibling_value_rules(sku: Sku, kb: KnowledgeBase, clauses: list[_KbClause]) -> list[Rule]:
    """A sibling's value of an attribute both state (电池：8节5号AA干电池 against 5000mAh锂电池), said with the attribute of
    this SKU: its words this SKU's own text never uses name the sibling's value."""
    own_text = _canon(" ".join([sku.title, *(c.text for c in clauses)]))
    mine = {_canon(a.key).strip(): a for a in sku.attributes}
    rules = []
    for other in _siblings(sku, kb):
        for a in other.attributes:
            key = _canon(a.key).strip()
            if key not in mine or _canon(mine[key].text) == _canon(a.text) or not re.fullmatch(r"[\u4e00-\u9fff]{2,4}", key):
                continue
            theirs = sorted(w for w in _value_words(_canon(a.text)) if w not in own_text and w not in key)
            if not theirs:
                continue
            named = {key, jieba_module().lcut(key, HMM=False)[0]} - set(words.GENERIC_VERBS)
            said = re.compile("|".join(map(re.escape, sorted(theirs, key=len, reverse=True))))

            def find(clause: str, named: set[str] = named, said: re.Pattern[str] = said) -> Span | None:
                canon = _canon(clause)
                if not any(n in canon for n in named):
                    return None
                for m in said.finditer(canon):  # 比绿色调那支多十毫升, 跟绿色调一样: the sibling by its value, compared
                    if not (_COMPARED_WITH.search(canon, 0, m.start()) or _POINTED_AT.match(canon, m.end())):
                        return m.span()
                return None

            reason = f"“{a.key}：{a.text}”是{other.sku_id}（{other.title}）的，本品为“{mine[key].text}”"
            rules.append(Rule(find, "mention", reason, f"{other.sku_id}#attr:{a.key}"))
    return rules


def _opposite_value_rules(sku: Sku) -> list[Rule]:
    """An attribute whose value is one of a pair of opposites (双面打印：手动) said with the other beside the attribute's
    name (自动双面, 双面是自动的)."""
    rules = []
    for a in sku.attributes:
        key, value = _canon(a.key), _canon(a.value)
        for pair in words.OPPOSITE_VALUES:
            held = [v for v in pair if v in value]
            names = "|".join(sorted(k for k in bigrams(key) if not any(v in k or k in v for v in pair)))
            if len(held) != 1 or not names:
                continue
            other = re.escape(next(v for v in pair if v != held[0]))
            said = rf"{other}[^，,。]{{0,2}}?(?:{names})|(?:{names})[^，,。]{{0,3}}?{other}"
            rules.append(Rule(_search_plain(said), "mention", f"知识库{a.key}为“{a.text}”", f"{sku.sku_id}#attr:{a.key}"))
    return rules


def _frequency_rules(sku: Sku) -> list[Rule]:
    """How often and how long a use may be (每周2-3次，每次15-20分钟) said more often (天天敷) or longer (一次敷一个小时)."""
    rules = []
    for fact in sku_facts(sku):
        if fact.kind not in {"faq", "usage", "attribute"}:
            continue
        text = normalize(fact.text).text.lower()
        verbs = sorted(set(words.USE_VERBS.findall(text)))
        if not verbs:
            continue
        verb = re.compile("|".join(verbs))
        week = words.PER_WEEK.search(text)
        if week and int(week.group("b") or week.group("a")) < 7:

            def daily(clause: str, verb: re.Pattern[str] = verb) -> Span | None:
                m = re.search(words.DAILY, clause)
                return m.span() if m and verb.search(clause) else None

            rules.append(Rule(daily, "mention", f"知识库限定使用频率：“{_cite(fact.text)}”", fact.fact_id))
        minutes = words.MINUTES.search(text)
        if minutes:
            most = float(minutes.group("b") or minutes.group("a"))

            def longer(clause: str, verb: re.Pattern[str] = verb, most: float = most) -> Span | None:
                if not verb.search(clause):
                    return None
                for m in words.SAID_MINUTES.finditer(clause):
                    n = 0.5 if m.group("n") == "半" else float(m.group("n"))
                    if n * (1 if m.group("u") == "分钟" else 60) > most:
                        return m.span()
                return None

            rules.append(Rule(longer, "mention", f"知识库限定每次时长：“{_cite(fact.text)}”", fact.fact_id))
    return rules


def _size_rules(sku: Sku) -> list[Rule]:
    """A listing in one size only (只有1.5m×2m一个尺寸) said to come in another (1.8米的也有)."""
    for fact in sku_facts(sku):
        m = words.ONE_SIZE.search(normalize(fact.text).text.lower())
        if m is None:
            continue
        own = {float(n) for n in re.findall(r"\d+(?:\.\d+)?", m.group("x"))}

        def find(clause: str, own: set[float] = own, named: str = m.group("x")) -> Span | None:
            also = words.ALSO_HAS.search(clause)
            if also is None:
                return None
            said = {float(a or b) for a, b in words.SIZE_NUMBER.findall(clause)}  # 1.8米, 70×45: sizes, not 全4册
            sizes = {w for w in words.SIZE_WORDS.findall(clause) if w not in named}  # 大号的也有
            return also.span() if (said and not said <= own) or sizes else None

        return [Rule(find, "mention", f"知识库说明只有一个尺寸：“{_cite(fact.text)}”", fact.fact_id)]
    return []


def _welcome_rules(clauses: list[_KbClause]) -> list[Rule]:
    """An audience the KB says may use it (乳胶过敏也能用) told to stay away (乳胶过敏的就别买了)."""
    rules = []
    for c in clauses:
        for m in words.WELCOME.finditer(c.text):
            group = _audience(m.group("group"))
            if len(group) < 2 or not words.AUDIENCE_END.search(group) or words.NEGATOR.search(_masked(group)):
                continue

            def find(clause: str, group: str = group) -> Span | None:
                at = clause.find(group)
                if at < 0:
                    return None
                denied = words.KB_NEGATOR.search(_masked(clause[at + len(group):]))
                return (at, denied.end()) if denied else None

            rules.append(Rule(find, "deny", f"知识库说明{group}也可以用：“{_cite(c.sentence)}”", c.fact_ref))
    return rules


def _cold_weather_rules(sku: Sku) -> list[Rule]:
    """A comfort range that stops above freezing (适宜温度：0~15℃, 三季) said to hold in hard cold (东北冬天, 零下, 雪山)."""
    for a in sku.attributes:
        if not words.COMFORT_KEY.search(a.key):
            continue
        value = normalize(a.text).text.lower()
        low = re.match(r"\s*(-?\d+(?:\.\d+)?)", value)
        if (low and float(low.group(1)) >= 0) or re.search(r"三季|春夏秋", value):
            return [Rule(_search(words.HARD_COLD.pattern), "permissive", f"知识库{a.key}为“{a.text}”",
                         f"{sku.sku_id}#attr:{a.key}")]
    return []


def _routine_rules(clauses: list[_KbClause]) -> list[Rule]:
    """An accessory the KB says must be bought (需另购降压线) and a step asked every time (每次使用前都要做过敏测试),
    said unneeded (不用接任何线, 不用买别的) or needed once only (做过一次以后就不用再做了)."""
    rules = []
    for c in clauses:
        for m in words.NEEDS_BOUGHT.finditer(c.text):
            heads = [w[-1] for w in re.findall(r"[\u4e00-\u9fff]{2,}", m.group("x"))]  # 降压线 -> 线
            extra = "".join(f"|{re.escape(h)}" for h in heads[:2])
            rules.append(Rule(_search(words.NOTHING_ELSE.format(x=extra)), "deny", f"知识库说明需另购：“{_cite(c.sentence)}”",
                              c.fact_ref))
        for m in words.EVERY_TIME.finditer(c.text):
            keys = bigrams(m.group("act"))
            if not keys:
                continue

            def find(clause: str, keys: set[str] = keys) -> Span | None:
                once = re.search(words.ONCE_ONLY, clause)
                return once.span() if once and any(k in clause for k in keys) else None

            rules.append(Rule(find, "deny", f"知识库要求每次都做：“{_cite(c.sentence)}”", c.fact_ref))
    return rules
