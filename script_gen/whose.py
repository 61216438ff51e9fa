"""Whose fact is it: which SKU each clause of a text talks about.

Brands sell siblings that differ in one spec (S5 / S5 Max, 12L / 20L, 1段 / 2段), and their KB texts
compare them ("S5 Max is IPX7"). A value is evidence only for the product its clause is about: a
sibling's (same brand, same category) value said about this SKU is wrong even when this SKU's FAQ mentions it, and the host
naming the sibling ("Max才是IPX7") is checked against the sibling. A sibling is named by the words its
title has and this SKU's title lacks (its marks); a clause naming a sibling is about it, and so are
the clauses after it in the same sentence until another product or "这款" comes up. A clause that names
the sibling as a yardstick (跟S5比, 比Max便宜) stays about this SKU.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from difflib import SequenceMatcher

import cn2an

from script_gen.records import KnowledgeBase, Sku
from script_gen.segment import jieba_module
from script_gen.units import UnitTable

_SENTENCE = re.compile(r"(?:[^。！？!?\n；;.]|\.(?=\S))+")  # 1.5 stays inside, "; " and ". " end
_CLAUSE = re.compile(r"[^，,：:（）()]+")
_OWN = re.compile(r"这款|这个|这台|这[一1]|这条|这瓶|这罐|这本|这套|这双|这件|这盒|本款|本品|它|\bthis\b|\bit\b")  # 这一 is 这1 once normalised
_YARDSTICK = re.compile(r"(?:跟|和|与|比|对比|相比|较|同)$")
_DISTAL = re.compile(r"\s*(?:那个|那款|那只|那把|那台|那套|那种|那支|那瓶|那盒|\bthat\s+one\b|\bthe\s+other\s+one\b)")
_NAMING = re.compile(r"^(?:款|的|装|版|型|号|[这那][款个台瓶罐条种本套盒只把支]|大瓶|小瓶|大容量)")
_BARE_NAMING = re.compile(r"^(?:的|款|那款)")
_WORD = re.compile(r"[a-z0-9.+]+|[\u4e00-\u9fff]+")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def fold(text: str) -> str:
    """Half-width lower case, one character for one (so offsets into the fold are offsets into ``text``)."""
    return "".join(f if len(f := unicodedata.normalize("NFKC", ch).lower()) == 1 else ch.lower() for ch in text)


@dataclass(frozen=True)
class Mark:
    """A spelling that names a product; ``numeric`` ones (20l, 50ml) double as values, so they name
    the product only where a name stands: at a clause's start, or before 款/的/那款."""

    text: str
    numeric: bool
    bare: bool = False
    """A size said without its unit (二十的 for the 20cm pot): names the product only before 的 or 款."""
    code: bool = False
    """The number of the product's id (221 of ADP-221, said 二二一 or two-two-one): names it where a name stands or
    after a verb of choosing (拍221, take the 221)."""


def _spellings(word: str, units: UnitTable) -> set[str]:
    """``20l`` -> {20l, 20升, 20公升, 二十l, 二十升, ...}: how a host may say a title word."""
    spoken = re.fullmatch(r"(第?)([一二两三四五六七八九十百]+)(.+)", word)
    if spoken:  # 三人 is said, and normalised, as 3人
        try:
            word = f"{spoken.group(1)}{cn2an.cn2an(spoken.group(2), 'smart')}{spoken.group(3)}"
        except (ValueError, KeyError, IndexError):  # cn2an fails on runs like 五四十九 in more ways than one
            return {word}
    m = re.fullmatch(r"(第?)(\d+(?:\.\d+)?)(.*)", word)
    if not m:
        return {word}
    prefix, number, unit = m.groups()
    info = units.lookup(unit) if unit else None
    aliases = {unit} | {a for a, readings in units.units if info is not None and info in readings}
    numbers = {number, cn2an.an2cn(number)} | ({"两"} if number == "2" and not prefix else set())
    return {f"{prefix}{n}{a}" for n in numbers for a in aliases}


def _cjk_words(run: str) -> list[str]:
    """A long changed stretch (特级头道酱油) as the words a host says alone: jieba words, with runs of
    single characters it leaves (头, 道) joined back."""
    if len(run) <= 4:
        return [run]
    out, single = [], ""
    for word in jieba_module().lcut(run, HMM=False):
        if len(word) == 1:
            single += word
            continue
        out += [single, word] if single else [word]
        single = ""
    return out + [single]


def _diff_words(own: str, other: str) -> list[str]:
    """Stretches of ``other``'s title that ``own``'s lacks, widened to whole words (4 -> 400iu, 低 -> 低脂)."""
    words = []
    for tag, _, _, j1, j2 in SequenceMatcher(None, own, other, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        for w in _WORD.finditer(other):
            if not (w.start() < j2 and j1 < w.end()):
                continue
            if w.group(0)[0].isascii():
                words.append(w.group(0))
                continue
            a, b = max(j1, w.start()), min(j2, w.end())  # a CJK run: the changed characters ...
            if b - a == 1 and b == w.end() and a - 2 >= w.start():
                # ... a changed head noun (卸妆油 -> 卸妆膏, 茶砖, 咖啡豆): with one or two characters before it, or with 子 (豆子)
                words += [other[a - 1:b], other[a - 2:b], other[a] + "子"]
                continue
            if b - a == 1:  # ... plus one neighbour when alone (低 -> 低脂)
                a, b = (a, b + 1) if b < w.end() else (a - 1, b) if a > w.start() else (a, b)
            run = _cjk_words(other[a:b])
            if len(run[-1]) == 1 and b < w.end():  # 无铅水晶红 before 酒杯: the last character with the one after it (红酒)
                run.append(other[b - 1:b + 1])
            words += run
    digits = re.compile(r"(第?\d+(?:\.\d+)?)([\u4e00-\u9fff])")  # 2段, 第3版: keep the counter word
    out = []
    for w in words:
        out.append(w)
        for m in digits.finditer(other):
            if w in m.group(1) or m.group(1).endswith(w):
                out.append(m.group(0))
    return [w for w in dict.fromkeys(out) if len(w) >= 2 and not w.isdigit()]


class Subjects:
    """The clauses of a text, each with the SKU it is about; ``at`` finds a position's in O(log n).

    ``carried`` marks the clauses whose sibling subject no word of their own names: it was carried on from an
    earlier clause of the sentence, a guess that a host's turn back to this SKU (Q1是一百二十寸，声音三十二分贝)
    can prove wrong."""

    def __init__(self, clauses: list[tuple[int, int, str]], default: str, carried: frozenset[int] = frozenset()):
        self.clauses, self.default, self._carried = clauses, default, carried
        self._starts = [s for s, _, _ in clauses]

    def at(self, pos: int) -> str:
        i = bisect_right(self._starts, pos) - 1
        return self.clauses[i][2] if i >= 0 else self.default

    def carried(self, pos: int) -> bool:
        """Is the subject at ``pos`` a sibling only carried on to its clause?"""
        return bisect_right(self._starts, pos) - 1 in self._carried


@dataclass(frozen=True)
class Siblings:
    """For each SKU, its siblings (same brand and category: one product line's models) and the marks
    that name each of them (and itself, as against them)."""

    marks: dict[str, dict[str, tuple[Mark, ...]]]

    @classmethod
    def of(cls, kb: KnowledgeBase, units: UnitTable) -> "Siblings":
        marks: dict[str, dict[str, tuple[Mark, ...]]] = {}
        lines: dict[tuple[str, str], list[Sku]] = {}
        for sku in kb.skus:
            if sku.brand:
                lines.setdefault((sku.brand, sku.category), []).append(sku)
        _join_compared(kb, lines)
        for family in lines.values():
            for sku in family:
                own = fold(sku.title)
                others = [o for o in family if o is not sku]
                if not others:
                    continue
                # a word of the sibling's title that names one of this SKU's own parameters (甲醛数显版 against 甲醛CADR)
                # or is one of its own values (超纤皮 of 超纤皮+麂皮绒拼接) or a word of its own category (冰箱 of 冰箱除味盒
                # against a gel jar of 家居日用/冰箱除味: where both are used) does not name the sibling
                keys = fold(" ".join([sku.category, *(f"{a.key} {a.value}" for a in sku.attributes
                                                      if not _ABSENT.match(a.value))]))
                marks[sku.sku_id] = {o.sku_id: tuple(m for m in _marks(own, fold(o.title), units, fallback=True)
                                                     if m.numeric or m.text not in keys) + _id_mark(o, family)
                                     for o in others}
                marks[sku.sku_id][sku.sku_id] = tuple(dict.fromkeys(
                    m for o in others for m in _marks(fold(o.title), own, units, fallback=False)))
        return cls(marks)

    def siblings(self, sku_id: str) -> set[str]:
        return set(self.marks.get(sku_id, {})) - {sku_id}

    def subjects(self, text: str, sku_id: str, *, first_named: bool = False) -> Subjects:
        """The SKU every clause of ``text`` (already :func:`fold`-ed) is about. With ``first_named`` (a KB's own
        comparisons: slz-302是3分钟的儿童刷牙沙漏) a clause is about the product named first in it."""
        family = self.marks.get(sku_id)
        if not family:
            return Subjects([(0, len(text), sku_id)], sku_id)
        out, carried = [], set()
        for sentence in _SENTENCE.finditer(text):
            carry, yardstick = sku_id, None
            for clause in _CLAUSE.finditer(sentence.group(0)):
                s, e = sentence.start() + clause.start(), sentence.start() + clause.end()
                first = _first_sibling(text[s:e], sku_id, family)
                if yardstick is not None and _DISTAL.match(text, s, e) and not _OWN.search(text, s, e):
                    named = yardstick  # 跟儿童刷牙那个比，那个三分钟: "that one" is the yardstick just named
                else:
                    named = self._clause_subject(text[s:e], sku_id, family, first, first_named)
                if first is not None and _YARDSTICK.search(text[s:s + first[0]]):
                    yardstick = first[1]
                if named is None and carry != sku_id:
                    carried.add(len(out))
                carry = named or carry
                out.append((s, e, carry))
        return Subjects(out, sku_id, frozenset(carried))

    @staticmethod
    def _clause_subject(clause: str, sku_id: str, family: dict[str, tuple[Mark, ...]],
                        first: tuple[int, str] | None, first_named: bool = False) -> str | None:
        """The product ``clause`` is about, given the first sibling it names (``first``), or None."""
        if _OWN.search(clause):
            return sku_id
        own = _named(clause, family.get(sku_id, ()))
        if own is not None and not (first_named and first is not None and first[0] < own):
            return sku_id
        if first is None:
            return None
        return sku_id if _YARDSTICK.search(clause[: first[0]]) else first[1]

    def named_sibling(self, text: str, sku_id: str) -> str | None:
        """The sibling ``text`` (folded) names, if any (比Max便宜 -> the Max)."""
        family = self.marks.get(sku_id, {})
        subject = self._clause_subject(text, sku_id, family, _first_sibling(text, sku_id, family)) if family else None
        return subject if subject != sku_id else None

    def own_text(self, text: str, sku_id: str, *, every: bool = False) -> str:
        """``text`` without the clauses about a sibling: what grounds claims about ``sku_id`` itself. With ``every``,
        the clauses are all kept (an attribute is the SKU's own whatever words it shares with a sibling's title),
        split the same way."""
        if sku_id not in self.marks:
            return text
        folded, family = fold(text), self.marks[sku_id]
        keep = [text[s:e] for s, e, who in self.subjects(folded, sku_id, first_named=True).clauses
                if every or who == sku_id and _first_sibling(folded[s:e], sku_id, family) is None]
        return "，".join(keep)


def as_yardstick(before: str) -> bool:
    """Does ``before`` (the text up to a product's name) name it as a yardstick (跟S5比, 明前和雨前)?"""
    return _YARDSTICK.search(before.rstrip()) is not None


# 另外两款一个羊皮一个油纸, 其他两个是PP塑料的: what follows is said of the merchant's other products
_OTHER_ONES = re.compile(r"(?:另外|另|其他|其余|别的|剩下)的?(?:两|俩|几|一|\d)?(?:款|个|套|种|只|件|把|盒|组|本|条|双|对|支|瓶|样)")


def of_the_others(sentence_before: str, after: str) -> bool:
    """A sibling's value said of the other products (另外两款一个羊皮一个油纸) or naming one (油纸那款便宜二十): the value
    is theirs, said as theirs. ``sentence_before`` is the sentence up to the value."""
    return _OTHER_ONES.search(sentence_before[-40:]) is not None or _DISTAL.match(after) is not None


def _join_compared(kb: KnowledgeBase, lines: dict[tuple[str, str], list[Sku]]) -> None:
    """One brand's lines in one top-level category (小家电/电水壶, 小家电/养生壶) or of one kind of product
    (防护用品/口罩, 医疗器械/口罩) are one family when an FAQ of one asks about the other by its title's words
    (和养生壶比？, 和医用外科那款比？): the KB compares them, so hosts do too."""
    by_kind: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for brand, category in lines:
        parts = category.split("/")
        by_kind.setdefault((brand, parts[0]), []).append((brand, category))
        if len(parts) > 1:
            by_kind.setdefault((brand, "/" + parts[-1]), []).append((brand, category))
    for keys in by_kind.values():
        keys = [k for k in keys if k in lines]  # (a line already joined to another is kept under that one)
        if len(keys) < 2:
            continue
        skus = [sku for key in keys for sku in lines[key]]
        asked = any(_asks_about(a, b) for a in skus for b in skus if a is not b)
        if asked:
            for key in keys[1:]:
                lines[keys[0]] += lines.pop(key)


def _asks_about(sku: Sku, other: Sku) -> bool:
    """An FAQ question of ``sku`` names ``other`` by three characters of its title that ``sku``'s title lacks."""
    own, title = fold(sku.title), fold(other.title).replace(fold(other.brand), "")
    grams = {title[i:i + 3] for i in range(len(title) - 2)} - {own[i:i + 3] for i in range(len(own) - 2)}
    grams = {g for g in grams if re.fullmatch(r"[\u4e00-\u9fff]{3}", g)}
    return any(g in fold(f.question) for f in sku.faq for g in grams)


def _first_sibling(clause: str, sku_id: str, family: dict[str, tuple[Mark, ...]]) -> tuple[int, str] | None:
    """The first sibling ``clause`` names, with where."""
    best: tuple[int, str] | None = None
    for other, marks in family.items():
        pos = _named(clause, marks) if other != sku_id else None
        if pos is not None and (best is None or pos < best[0]):
            best = (pos, other)
    return best


_ABSENT = re.compile(r"\s*(?:无|没有|否|不支持|不带|不含|×|none|no)\b", re.IGNORECASE)  # 可视窗：无 is what the sibling has


def _marks(own: str, other: str, units: UnitTable, *, fallback: bool) -> tuple[Mark, ...]:
    """Spellings naming ``other`` as against ``own``."""
    words = _diff_words(own, other)
    if not words and fallback:  # other's title is inside own's (S5 within S5 Max): its model words name it
        words = [w for w in _WORD.findall(other) if w[0].isascii() and len(w) >= 2]
    out = []
    for w in words:
        for spelling in _spellings(w, units):
            out.append(Mark(spelling, numeric=spelling[0].isdigit() or spelling[0] in "一二两三四五六七八九十"))
        if (m := re.fullmatch(r"(\d{2,})[a-z\u4e00-\u9fff]+", w)) and units.lookup(w[len(m.group(1)):]) is not None:
            out.append(Mark(m.group(1), numeric=True, bare=True))
    return tuple(dict.fromkeys(out))


_ID = re.compile(r"(\d{3,})$")  # 221, not 22: two digits are any number's
_CHOSEN = re.compile(r"(?:拍|选|看|买|拿|去|换|要|\bthe|\btake|\bget|\bgrab|\buse|\bpick)\s*$")


def _id_mark(other: Sku, family: list[Sku]) -> tuple[Mark, ...]:
    """``other``'s id number as a mark, when its product line's ids differ in it (ADP-221, ADP-222, ADP-223)."""
    numbers = [m.group(1) if (m := _ID.search(s.sku_id)) else None for s in family]
    own = _ID.search(other.sku_id)
    if own is None or None in numbers or len(set(numbers)) < len(numbers):
        return ()
    return (Mark(own.group(1), numeric=True, code=True),)


def _named(clause: str, marks: tuple[Mark, ...]) -> int | None:
    """Where in ``clause`` a mark names its product, or None."""
    for mark in marks:
        start = clause.find(mark.text)
        while start >= 0:
            end = start + len(mark.text)
            if not _inside_word(clause, start, end) and (_BARE_NAMING.match(clause[end:]) if mark.bare else (
                    not mark.numeric or start == 0 and not mark.code or _NAMING.match(clause[end:])
                    or mark.code and _CHOSEN.search(clause[:start]))):
                return start
            start = clause.find(mark.text, start + 1)
    return None


def _inside_word(clause: str, start: int, end: int) -> bool:
    """``s5`` inside ``s50``, ``20l`` inside ``120l``: a mark must not run on into letters or digits of
    its own kind (``400iu90粒`` is two words)."""
    def same(a: str, b: str) -> bool:
        return a.isascii() and b.isascii() and (a.isdigit() and b.isdigit() or a.isalpha() and b.isalpha())

    return (start > 0 and same(clause[start - 1], clause[start])) or (end < len(clause) and same(clause[end - 1], clause[end]))
