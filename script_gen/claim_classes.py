"""Regulated claims as classes of meaning, and a merchant's forbidden sentences compiled to them.

A class (治疗疾病, 增强免疫力, 长高, 孕妇可用 ...) is a set of patterns for the ways a host says it, in
Chinese and English, with the rule it comes from. A hit only counts when the clause asserts it: the
same words after a negation (不能代替药物治疗, 不是医用的) or in a question are not a claim.

A KB ``forbidden_claims`` entry is a sentence (不得宣称治疗或预防佝偻病、骨质疏松). ``compile_forbidden``
strips the prohibition frame, splits the coordinated parts, and maps each part to the classes its
words name; a modifier class (几天见效, 保证, 永不, 所有) must then co-occur in the same clause with the
part's object class, so 增肌减脂速效 matches 肌肉一周就长 but not 配合训练帮助增肌.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field

from script_gen.normalize import normalize
from script_gen.segment import is_noun, jieba_module
from script_gen.forbidden_frames import (
    AGE_UNITS,
    INDICATION,
    TREATED,
    case_part,
    chinese_of,
    Figure,
    Need,
    concept_regex,
    english_denial,
    english_of,
    figure_of,
    figure_said,
    frame_of,
    said_absolutely,
    said_fine,
    said_purely,
)

_CLAUSE_REACH = 120
_CLAUSE_BREAK = re.compile(r"[。！？!?；;，,\n]|\.(?=\s|$)|—")
# A forbidden claim's parts are often said a clause apart (暴雨下一整夜，里面照样干爽): they must share a sentence.
SENTENCE_BREAK = re.compile(r"[。！？!?；;\n]|\.(?=\s|$)")
# 我不跟你们吹纯羊毛: a claim the host says they will not make.
_NEGATED_ZH = re.compile(r"不能|不可|不会|不是|并非|并不|无法|不得|禁止|严禁|切勿|请勿|不要|没有|代替|替代|取代|而非|不等于|"
                         r"不具|谨防|不建议|不宜|没法|做不到|不(?:跟|给|和|对)?[\u4e00-\u9fff]{0,3}?(?:吹|夸|忽悠)|"
                         r"(?:别|不要)(?:当成|当作|以为|看成|想成)")  # 别当成不长胖的东西: what it is not to be taken for
# 这个不矫正散光: 不 before the verb of the object said (不锈钢, 不管, 不仅 are no denial); 淡化不了: a verb said unable
_NOT_VERB = re.compile(r"不(?![锈管论仅但光只止过少久同然断停错是用需必])[\u4e00-\u9fff]{1,2}$")
_CANNOT_AFTER = re.compile(r"\s*不(?:了|到|动|住)(?![\u4e00-\u9fff]{0,1}(?:吗|么))")
_NEGATED_EN = re.compile(r"\b(?:not|no|never|cannot|can't|won't|doesn't|don't|isn't|aren't|without)\b")
_QUESTION_END = re.compile(r"(?:吗|么|嘛)\s*$")
_PROHIBITION = re.compile(
    r"^(?:商家|本品|产品|请)?(?:不得|不能|不可|不要|禁止|严禁|请勿|切勿|勿|避免|禁用|不准)"
    r"(?:宣称|宣传|声称|说|讲|提|表述|暗示|承诺|使用|称|出现|夸大)?(?:为|是|成|其|本品|产品)?"
)
# 和/与 inside a comparison (亮度和电影院一样) joins the two sides of one claim, not two claims.
_SAME_AS = r"[^、，,/；;]{0,10}?(?:一样|相同|相当|差不多|无异|一个水平)"
# A slash lists alternatives (防水/防摔) but not inside a unit (2000MB/s, g/100mL, km/h).
LIST_SLASH = r"(?<![0-9A-Za-z])/|/(?![0-9A-Za-z])"
_CONJUNCTION = re.compile(rf"[、，,；;]|{LIST_SLASH}|或者|以及|或|及|(?:和|与|跟)(?!{_SAME_AS})|并且")
_ETC = re.compile(r"(?<=[\u4e00-\u9fff])等(?=[\u4e00-\u9fff]{2})")
_COMPARED_WITH = re.compile(rf"(?:和|与|跟)(?={_SAME_AS})")
_FILLER_WORDS = re.compile(r"都|也|可以|可|能|会|的|了|是|为|就")


class ClaimGroup(BaseModel):
    """How a family of classes is judged: which product families may say it, and whether the KB can back it."""

    model_config = ConfigDict(frozen=True)
    category: str
    reason: str
    exempt: tuple[str, ...] = ()
    kb_backed: bool = False


class ClaimClass(BaseModel):
    """One regulated claim said in any words; ``cues`` are the words that name it in a forbidden sentence."""

    model_config = ConfigDict(frozen=True)
    id: str
    group: str
    cite: str
    cues: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    rewrite: str | None = None
    negates: bool = Field(False, description="A frame whose object is said negated (永不X: 多少年都不会X).")
    whole: bool = Field(False, description=(
        "Named only by a part said of the whole product (可以水洗); a part that names a component (底座可以水洗, "
        "荞麦壳可以水洗) keeps its words, as a component said washable (外套拆下来能洗) is no such claim."))
    plain: dict[str, str] = Field(default_factory=dict, description=(
        "Product family -> the class's words that only name the product's kind there (益智 of a toy: educational)."))

    def plain_for(self, families: set[str]) -> re.Pattern[str] | None:
        """What of this class is no claim for a product of ``families`` (None when all of it is)."""
        said = [self.plain[f] for f in sorted(families) if f in self.plain]
        return re.compile("|".join(said)) if said else None


class Predicate(BaseModel):
    """A verb a forbidden sentence opens a part with (防/测量/替代/改善/适合) and the ways a host says it.

    ``verbs`` is how a merchant writes it (防脱发: 防); ``says`` how a host says it before or after
    the object (脱发都少了, 不用再涂防晒霜, 随时能看血压), so the part is matched by its object plus
    any wording of its predicate instead of its literal words.
    """

    model_config = ConfigDict(frozen=True)
    verbs: str
    says: str


@dataclass(frozen=True)
class Alternative:
    """One way a forbidden sentence is broken: any object class (or literal word) plus every modifier class.

    ``predicate`` names a lexicon predicate the sentence must also say; ``denies`` marks a part that
    is itself a denial (不伤发, 无毒): the host breaks it by denying the same thing in any words.
    """

    objects: tuple[str, ...]
    words: tuple[str, ...]
    modifiers: tuple[str, ...]
    negated_words: bool = False
    predicate: str | None = None
    denies: bool = False
    regexes: tuple[re.Pattern[str], ...] = ()
    """``words`` compiled as the host may say them (first the anchor), then the predicate's wordings."""
    need: Need = None
    """What the anchor's clause must also say (``forbidden_frames``): that the case is fine, or an absolute."""
    figure: Figure | None = None
    """A value the part names (抑菌率99%): matched in any numerals instead of ``words``."""
    widen: tuple[re.Pattern[str], ...] = ()
    """Generic words of the part (使用) a host may leave unsaid: not required, but a finding spans them when said."""


@dataclass(frozen=True)
class ForbiddenRule:
    sentence: str
    position: int
    alternatives: tuple[Alternative, ...]


def expand(pattern: str, macros: Mapping[str, str]) -> str:
    """``pattern`` with each ``{NAME}`` replaced by the lexicon's macro of that name."""
    for name, value in macros.items():
        pattern = pattern.replace("{" + name + "}", value)
    return pattern


def compile_class(cls: ClaimClass, macros: Mapping[str, str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{expand(p, macros)})" for p in cls.patterns))


def families_of(category: str, families: Mapping[str, Sequence[str]]) -> set[str]:
    """Product families (food, supplement, cosmetic, baby, medical) whose keywords the KB category holds."""
    return {family for family, words in families.items() if any(w in category for w in words)}


def clause_bounds(text: str, start: int, end: int, breaks: re.Pattern[str] = _CLAUSE_BREAK) -> tuple[int, int]:
    """The clause (or, with ``SENTENCE_BREAK``, the sentence) around ``[start, end)``, looked for at most
    ``_CLAUSE_REACH`` characters away (linear in the text)."""
    lo = max(0, start - _CLAUSE_REACH)
    before = [m.end() for m in breaks.finditer(text, lo, start)]
    after = breaks.search(text, end, end + _CLAUSE_REACH)
    return (before[-1] if before else lo), (after.start() if after else min(len(text), end + _CLAUSE_REACH))


# 长个子、治骨质疏松这种话我们不讲, 防胀气这种说法也不说, 抗菌防螨我们不提: the host names a claim to disclaim it.
DISCLAIMER = re.compile(
    r"(?:(?:这种|这类|这样的?|这些|之类的?|那种|那些|这一?类)(?:话|说法|宣传|词儿?|字眼|表述|概念|承诺)"
    r"[^。！？!?；;\n，,]{0,6}?|(?:我们|咱们?|我|主播|我这边|本店)[^。！？!?；;\n，,]{0,3}?)"
    r"(?:不|没|别|不能|不敢|不会|从不|绝不|坚决不)(?:跟你们|给你们|和你们|对你们)?(?:讲|说|提|宣传|承诺|吹|乱说|保证|夸|爱听|爱说)(?!假|谎|虚|大话|瞎话)"
    r"|\b(?:we|i)\s+(?:don't|do\s+not|won't|will\s+not|never|can't|cannot)\s+(?:say|claim|promise|tell\s+you)\b"
    r"|(?:那|这)(?:是|都是|纯属|就是)(?:瞎说|胡说|乱说|忽悠|迷信|夸张)"  # …能招财，那是瞎说
    r"|(?:那些|这些)[^。！？!?；;\n，,]{0,3}?(?:它|我们)?(?:都)?(?:做不到|没有|不行)",  # 瘦身燃脂那些它做不到
    re.IGNORECASE)
# 我不跟你说它能招财, 我也不说什么刮油: the host says, earlier in the clause, they will not tell it.
_WONT_TELL = re.compile(r"[我咱]们?可?(?:不|没)(?:跟|给|和|对)(?:你们?|大家|您)?(?:说|讲|吹)|[我咱]们?也(?:不|不会|没)(?:说|讲)")
_DISCLAIMER_REACH = 24


def disclaimed(text: str, end: int) -> bool:
    """Whether the sentence goes on, after ``end``, to disclaim what it named (…这种话我们不讲, 防胀气我们不提)."""
    stop = SENTENCE_BREAK.search(text, end, end + _DISCLAIMER_REACH)
    return DISCLAIMER.search(text, end, stop.start() if stop else min(len(text), end + _DISCLAIMER_REACH)) is not None


def asserted(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is asserted: not negated just before it, not disclaimed after it (这种话我们不讲),
    not asked as a question."""
    c_start, c_end = clause_bounds(text, start, end)
    before = _WHO_CANNOT.sub(lambda m: "_" * len(m.group()), text[c_start:start])
    if _NEGATED_ZH.search(before[-6:]) or re.search(r"[不没别勿非未无]", before[-2:]) or _NOT_VERB.search(before[-5:]) \
            or _CANNOT_AFTER.match(text, end):
        return False
    if _NEGATED_EN.search(before[-30:]) or _WONT_TELL.search(before) or disclaimed(text, end):
        return False
    tail = text[c_end : c_end + 1]
    return tail not in {"？", "?"} and not _QUESTION_END.search(text[end:c_end])


# 看不清的夜盲症, 坐不住的孩子: who cannot do something, named by it (a relative clause), negates no claim after it
_WHO_CANNOT = re.compile(r"[\u4e00-\u9fff]不[\u4e00-\u9fff]{1,2}的")


# 治不了, 防不住, 好不了: a verb with a negative potential complement denies what it names.
# 补不了胎, 修不了: any verb with 不了 says it cannot (少不了, 免不了, 错不了 are not inabilities).
_CANNOT = re.compile(r"(?:治|防|医|修|祛|去|消|好|降)不(?:了|好|住|掉|下来)|没(?:法|办法)(?:治|防|根治|补|修)|"
                     r"(?:(?![少免错忘跑])[\u4e00-\u9fff])不了")


def class_hits(text: str, regex: re.Pattern[str]) -> list[tuple[int, int]]:
    """Asserted matches of one class in folded ``text`` (not negated before, not said as unable)."""
    return [(m.start(), m.end()) for m in regex.finditer(text)
            if m.end() > m.start() and asserted(text, m.start(), m.end()) and not _CANNOT.search(m.group())]


def compile_forbidden(sentence: str, position: int, classes: Sequence[ClaimClass],
                      synonyms: Mapping[str, str] | None = None, predicates: Mapping[str, Predicate] | None = None,
                      regexes: Mapping[str, re.Pattern[str]] | None = None,
                      macros: Mapping[str, str] | None = None, product: str = "") -> ForbiddenRule:
    """A KB sentence such as ``不得宣称降血压、治疗心脑血管疾病`` as alternatives of classes to match.

    With ``predicates`` (a lexicon that has them) a part names a class only when the class's own
    patterns read the part (防晒霜 holds the cue 防 but is no disease claim, 测量血压 is no lowering), and
    a part no class names is split into a predicate and its object (防螨 -> remove + 螨, 不伤发 -> a denial
    of 伤发), so the host's wording of the predicate, not the merchant's verb, is what must be said.
    ``product`` (the SKU's title and category) names what every host sentence is about: a part's word for the
    product itself (电动车头盔's 头盔) is left for the host to leave unsaid.
    """
    said = (chinese_of(sentence) if macros else None) or sentence  # an English sentence by the concepts it names
    # 不得宣称适合新生儿（6个月以上使用）: a note in brackets says why or what is true, not what is forbidden
    core = _PROHIBITION.sub("", _NOTE.sub("", said).strip().rstrip("。！!.， "))
    if macros:  # read as the host's text is read: spoken numerals as digits (零下二十度 -> -20度), lower case
        core = normalize(core).text.lower()
    parts = [p.strip() for p in _CONJUNCTION.split(core) if p.strip()]
    if len(parts) > 1:  # 泳池、鱼池等长期泡水部位: a list closed by 等 and the kind its items are examples of
        parts = [q.strip() for p in parts for q in _ETC.split(p) if q.strip()]
    alternatives: list[Alternative] = [a for p in parts for a in _conditions(p, classes, macros)] if macros else []
    inherited: tuple[str, ...] = ()
    inherited_mods: tuple[str, ...] = ()
    inherited_need: Need = None
    listed = _listed_before_permission(parts, classes, regexes or {}) if macros else [None] * len(parts)
    if _IDENTITY.match(said.strip()):
        listed[0] = None  # 不得宣称是商用咖啡机、适合开店: what the product is said to be is a claim of its own
    for part, before in zip(parts, listed, strict=True):
        frame = frame_of(part, inherited_need or before) if macros else None
        if frame is not None:
            need = frame.need
            # 孕期可用 stays for its class to read; an absolute's rest (100%防撬 -> 防撬) is the part whatever it holds
            if need == "absolute" or not any(cue in part for c in classes for cue in c.cues):
                part = case_part(part, frame)
            inherited_need = need if need == "permissive" else None
            figure = None if any(cue in part for c in classes for cue in c.cues) else figure_of(part)
            if figure is not None:  # 抑菌率99%, 零下30度: the value in any numerals (三天见效 stays quick_effect's)
                alternatives.append(Alternative((), (), (), figure=figure,
                                                need="absolute" if figure.condition else need))
                continue
        else:
            need = None
        cued = _NOT_A_CUE.sub(" ", part)
        named = [c for c in classes if any(cue in cued for cue in c.cues) and not (c.whole and _names_a_component(part, classes))]
        if predicates and "replace" in predicates and re.match(predicates["replace"].verbs, _MODAL.sub("", part, count=1)):
            named = [c for c in named if c.group == "frame"]  # 可代替防水层: the claim is the replacing, not 防水
        if any(c.group == "frame" for c in named):
            need = inherited_need = None  # 可抵御暴雨或台风: the frame class (扛得住, 照样干爽) says how the host claims it
        if predicates and regexes:  # a one-character cue (防, 治) names its class only where the class reads the part
            named = [c for c in named if c.group == "frame" or regexes[c.id].search(part) or not _without_cues(part, (c,))
                     or all(len(cue) > 1 for cue in c.cues if cue in part)]
        # 可抵御暴雨或台风: a part that names no class keeps the frame of the part before it
        modifiers = tuple(c.id for c in named if c.group == "frame") if named else inherited_mods
        groups = {c.group for c in named if c.group != "frame"}
        # A disease part (治疗心脑血管疾病) is broken by any disease claim on it (预防中风, 降血压).
        objects = tuple(c.id for c in classes if c in named and c.group != "frame"
                        or c.group in groups and c.group == "disease")
        negates = any(c.negates for c in named)
        consequence = _consequence(part, named)
        if consequence:
            objects = ()  # 防水可游泳: the claim is the swimming; 防水 alone (防水到IPX5) is the KB's own fact
        if not named and inherited:
            objects = inherited  # 治疗或预防佝偻病、骨质疏松: the verb carries over to the next object
        if objects:
            alternatives.append(Alternative(objects, (), modifiers, negates, need=need if need == "absolute" else None))
        rest = consequence or part
        for cue in (cue for c in named if c.group == "frame" or not objects for cue in c.cues):
            rest = rest.replace(cue, " ")
        predicate, denies = None, False
        if predicates:
            predicate, denies, rest, pure = _predicate(rest, predicates)
            if need == "absolute" and predicate:  # 绝对防盗: the absolute of one word (防盗门 is no claim), not 防 + 盗
                predicate, rest = None, _FILLER_WORDS.sub("", consequence or part).strip()
            need = "pure" if pure and need is None else None if predicate else need  # 可以代替洗牙: the predicate's wordings (不用去洗牙) carry the claim
            if predicate == "improve" and _RESULT_DENIED.search(rest):
                predicate = None  # 保护膝盖不受伤: the denied result (膝盖就不会受伤) is the claim with or without 保护
        read = bool(regexes) and any(regexes[c.id].search(part) for c in named if c.group != "frame")
        if not objects or not read:
            # 测量血压 also names 血压's class; said as a measurement it is broken by its predicate and object
            leftover = _FILLER_WORDS.sub("", rest).strip()
            widen: tuple[re.Pattern[str], ...] = ()
            if denies and leftover in (synonyms or {}):
                words = (leftover,)  # 不会爆炸: the host denies it in any of its words (不可能炸)
            elif denies:
                words, optional = _denied_words(leftover, product, synonyms or {})
                widen = tuple(re.compile(_word_regex(w, synonyms or {}, bool(predicates))) for w in optional)
            else:
                said = _content_words(rest)
                words = (_heads(_essential(said, product, bool(modifiers) or need == "absolute"), rest)
                         or ((leftover,) if leftover else ()))  # 永久保色: 保色 stays required
                widen = tuple(re.compile(_word_regex(w, synonyms or {}, bool(predicates)))
                              for w in said if _GENERIC_WORD.fullmatch(w) and w not in words)
            # 永不开裂变形: each failure the permanence denies is a claim of its own (永远不开裂 breaks it alone)
            each = [(w,) for w in words] if negates and len(words) > 1 and not predicate and not denies \
                and part.endswith("不" + "".join(words)) else [words]
            alternatives += [Alternative((), ws, modifiers, negates, predicate, denies,
                                         _word_regexes(ws, synonyms or {}, predicates or {}, predicate, denies, negates),
                                         need=need, widen=widen) for ws in each]
            if predicate == "remove" and words:  # 防止膝盖受伤: 膝盖再也不受伤, with no verb of preventing
                alternatives.append(_prevented(words, modifiers, negates, need, synonyms or {}))
            if _ALL in modifiers and (quantified := _quantified(part, words)):  # 所有车牌: 车牌号码都拍得清
                alternatives.append(_said_of_all(quantified, words, modifiers, negates, predicate, need, synonyms or {},
                                                 predicates or {}))
                alternatives.append(_said_of_any(quantified, modifiers, negates, need, synonyms or {}, predicates or {}))
            if denies and predicates and (english := english_of(leftover)):
                # 无农药残留, 100%无尘: an English host denies the concept (not a trace of pesticide, dust-free); the
                # voice check (it's not dust-free) applies, as the denial is inside the match
                alternatives.append(Alternative((), (leftover,), modifiers, False, None, False,
                                                (re.compile(english_denial(english)),), need=need))
        inherited = objects or inherited
        inherited_mods = modifiers
    return ForbiddenRule(sentence, position, tuple(alternatives))


_NOTE = re.compile(r"（[^（）]*）|\([^()]*\)")
# 手工现包, 面包, 书包: words whose 包 is no promise (包过, 包活), so they name no guarantee frame
_NOT_A_CUE = re.compile(r"(?:现|面|钱|红|书|背|打|手|皮|纸|茶|小|肉|菜)包")
_RESULT_DENIED = re.compile(r"(?<=[\u4e00-\u9fff]{2})不(?=[\u4e00-\u9fff]{2})")
_MODAL = re.compile(r"^\s*(?:可以|能够|能|可|会|有助于|有助|帮助|具有|具备)?\s*")
_DENIAL = re.compile(r"不|无|零|没有|没|免")
_INTENSIFIER = re.compile(r"^(?:纯|全|真)(?=[\u4e00-\u9fff]{2})")
# Words that only frame an object (乳糖不耐受人群, 游泳时佩戴) and a denial's causative verb (不致痘: the host says 不会长痘).
_FRAME_WORDS = re.compile(r"的时候|时候|时|期间|人群|人士|群体")
_CAUSATIVE = re.compile(r"^(?:导致|引起|引发|造成|产生|致)")


# 就不会畸形, 再也不会出事故, 一冬天都不起静电: the outcome said not to happen any more, after an adverb of result.
_WONT = "(?:就|都|也|再也|从此|以后|永远|再)(?:不会|不再|不|没)(?:再|会)?(?:得|出|有|生|长|犯|起|发生)?"
# 什么伤都不会有: the outcome said first, its not happening after.
_WONT_AFTER = "[^，。！？,.!?;；\\n]{0,4}?(?:都|也|就|再也)(?:不会|不再|没)(?:有|发生|出现)"


def _prevented(words: tuple[str, ...], modifiers: tuple[str, ...], negates: bool, need: Need,
               synonyms: Mapping[str, str]) -> Alternative:
    """A part that prevents or removes something (防止膝盖受伤, 避免交通事故) said as that thing no longer happening:
    its last word (the outcome; a long one by its head: 交通事故 -> 事故) after 就不会/再也不/都不, the others anywhere."""
    outcome = _head_word(words[-1])
    said = _word_regex(outcome, synonyms, True)
    anchor = re.compile(f"{_WONT}(?:{said})|(?:{said}){_WONT_AFTER}")
    others = tuple(re.compile(_word_regex(w, synonyms, True)) for w in words[:-1])
    return Alternative((), (outcome, *words[:-1]), modifiers, negates, regexes=(anchor, *others), need=need)


_ALL = "universal"
_ALL_CUE = re.compile(r"所有|全部|任何|一切")


def _quantified(part: str, words: tuple[str, ...]) -> str | None:
    """The word a part's 所有/任何 quantifies (适合所有敏感肌 -> 敏感肌), or None."""
    cue = _ALL_CUE.search(part)
    after = [w for w in words if cue and part.find(w) >= cue.end()]
    return min(after, key=part.find) if after else None


def _said_of_all(quantified: str, words: tuple[str, ...], modifiers: tuple[str, ...], negates: bool,
                 predicate: str | None, need: Need, synonyms: Mapping[str, str],
                 predicates: Mapping[str, Predicate]) -> Alternative:
    """A part about all of something (适合所有敏感肌, 拍清所有车牌) said as the thing followed by 都 (敏感肌都能用,
    车牌号码都拍得一清二楚), the Chinese way of saying "every": the quantified word is then the anchor."""
    ordered = (quantified, *(w for w in words if w != quantified))
    regexes = list(_word_regexes(ordered, synonyms, predicates, predicate, False))
    # 孕妈、敏感肌都放心: after an item of a list 都 counts the list's items, not every one of the thing
    regexes[0] = re.compile(f"(?<![、和与跟及])(?:{regexes[0].pattern})[^，。！？,.!?;；\\n]{{0,4}}?都(?![不没])")
    return Alternative((), ordered, tuple(m for m in modifiers if m != _ALL), negates, predicate,
                       regexes=tuple(regexes), need=need)


# 什么牌子的架子都能塞, 啥车都能装, 多大的猫都能用, 大狗小狗都行: "any X" said by a question word (or 大X小X) before the
# thing and 都 + a verb of use after it, with no word of the merchant's verb (适配, 通用): the universal carries the claim.
_ANY = r"(?:什么|啥|哪个|哪款|哪种|哪家|哪|任何|所有|全部|各种|各个|随便|不管|无论|不论|多大的?|多重的?|多粗的?|多厚的?)"
_ANY_USE = (r"都(?:能|可以|可|照样|一样)?(?:用|装|塞|插|吸|穿|戴|放|认|充|配|适|合适|行|没问题|通用|兼容|套|扣|挂|贴|接|放心|能|可以)")
# a thing's one-character words that name no thing by themselves (车型's 型, 品牌's 品)
NOT_A_HEAD = frozenset("型类种款号式性质品材度量级")


def _said_of_any(quantified: str, modifiers: tuple[str, ...], negates: bool, need: Need,
                 synonyms: Mapping[str, str], predicates: Mapping[str, Predicate]) -> Alternative:
    """A part about all of something (适配所有品牌抓板架, 所有车型通用) said as "whatever X, it works" (什么牌子的架子都能塞,
    啥车都能装): the thing by its word or one of its characters (品牌: 牌子, 车型: 车), after a question word, then 都 and
    a verb of use in the same clause."""
    word = _word_regexes((quantified,), synonyms, predicates, None, False)[0].pattern
    heads = "|".join(re.escape(ch) for ch in dict.fromkeys(quantified) if ch not in NOT_A_HEAD and "\u4e00" <= ch <= "\u9fff")
    thing = f"(?:{word}{'|' + heads if heads and len(quantified) > 1 else ''})"
    gap = "[^，。！？,.!?;；\\n]"
    regex = re.compile(f"(?:{_ANY}{gap}{{0,4}}?{thing}|大{thing}小{thing}){gap}{{0,6}}?{_ANY_USE}")
    return Alternative((), (quantified,), tuple(m for m in modifiers if m != _ALL), negates, regexes=(regex,), need=need)


def _head_word(word: str) -> str:
    """The head of a long compound as hosts say it alone (交通事故 -> 事故), the word itself otherwise."""
    if len(word) < 4:
        return word
    tails = [w for w in jieba_module().cut_for_search(word, HMM=False) if 2 <= len(w) < len(word) and word.endswith(w)]
    return max(tails, key=len, default=word)


def _denied_words(leftover: str, product: str, synonyms: Mapping[str, str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A denial part's words as (required, optional), the first required one being what is denied: a denied noun is the
    claim by itself (无农药残留: 没打过一点农药; 残留 only widens the span), a denied one-character verb needs its object
    (不伤发质: 伤 + 发质, said 头发一点都不伤) unless that object is the product (不粘锅 of a pan: 一点都不粘); an object
    that is no word (不用灯也能干: 灯, 干) is required character by character."""
    jieba = jieba_module()
    body = "".join(ch for ch in leftover if not _DENIAL.fullmatch(ch))
    pieces = jieba.lcut(body, HMM=False)
    if len(pieces) == 1 and len(body) >= 4:  # 化学成分: its first sub-word is what is denied (一点化学的东西都没有)
        first = next((w for w in jieba.cut_for_search(body, HMM=False) if len(w) >= 2 and body.startswith(w)), body)
        pieces = [first, body[len(first):]] if first != body else pieces
    if not pieces:
        return (), ()
    if len(pieces[0]) > 1:
        return (pieces[0],), tuple(w for w in pieces[1:] if len(w) > 1)
    rest = "".join(pieces[1:])
    if not rest or rest in product:
        return (pieces[0],), ()
    whole = rest in synonyms or jieba.dt.FREQ.get(rest) or len(pieces) == 2
    return ((pieces[0], rest) if whole else tuple(dict.fromkeys(pieces))), ()


def _consequence(part: str, named: Sequence[ClaimClass]) -> str:
    """What a merchant-only class is said to make possible (防水可游泳 -> 游泳), or ''."""
    for cue in (cue for c in named if c.group == "kb_only" for cue in c.cues):
        if m := re.search(rf"{re.escape(cue)}(?:后|了)?(?:也|都|就)?(?:可以?|能够?|能)(?P<then>[\u4e00-\u9fff]{{2,}})", part):
            return m.group("then")
    return ""


def _without_cues(part: str, named: Sequence[ClaimClass]) -> str:
    """What is left of ``part`` once the classes' cues and filler words are taken out (治疗 -> '')."""
    for cue in (cue for c in named for cue in c.cues):
        part = part.replace(cue, " ")
    return _FILLER_WORDS.sub("", part).strip()


def _predicate(part: str, predicates: Mapping[str, Predicate]) -> tuple[str | None, bool, str, bool]:
    """``part`` split into (predicate name, is a denial, object, said pure): 可以测量血压 -> measure, 血压; 不伤发 ->
    denial, 伤发; 纯羊毛 -> 羊毛 said pure (the claim is the purity: 百分之七十羊毛 does not break it)."""
    body = _FRAME_WORDS.sub(" ", _MODAL.sub("", part, count=1))
    if (m := _DENIAL.match(body)) and len(body) > m.end():
        return None, True, _CAUSATIVE.sub("", body[m.end():]), False
    name, rest = next(((name, body[m.end():].strip()) for name, pred in predicates.items()
                       if (m := re.match(pred.verbs, body)) and len(body) > m.end()), (None, body.strip()))
    obj = _INTENSIFIER.sub("", rest)
    if name and (m := re.fullmatch(rf"(.+?)(?:{predicates[name].verbs})\1", obj)):
        obj = rest = m.group(1)  # 防螨除螨: one object under two verbs of the same predicate
    return name, False, obj, obj != rest


# Words that only say the part is used or has an effect (使用, 工作, 效果): a host leaves them unsaid (玻璃桌面上照样用).
# So do words that only qualify how long or how often (长期泡水).
_GENERIC_WORD = re.compile(r"使用|工作|效果|作用|表面|组合|需要|功能|部位|地方|长期|长时间|经常|材质|材料|面料|用料")


# One-character heads too general to name a product's kind (明前茶's 茶 names the tea; 的, 品 and 用 name nothing).
_GENERIC_TAILS = "的品用物类件型式款"


def _essential(words: tuple[str, ...], product: str, framed: bool) -> tuple[str, ...]:
    """``words`` a host must say: without generic ones and the product's own noun (电动车头盔使用 -> 电动车), when others
    remain; in a framed part (永不断竿), a verb whose object is the product (断竿 for a 钓竿) is said by the verb alone
    (怎么拽都不会断); a word ending in the product's kind (明前茶, 古树茶 of a tea; not 装开水 of a bottle) is said without it (明前采的)."""
    leaf = product.rsplit("/", 1)[-1]
    kept = tuple(w for w in words if not _GENERIC_WORD.fullmatch(w) and not (product and w in product)) or words
    return tuple(w[0] if framed and len(w) == 2 and w[1] in leaf and w not in leaf
                 else w[:-1] if len(w) >= 3 and w[-1] in leaf and w[-1] not in _GENERIC_TAILS and w[:-1] not in product
                 and jieba_module().lcut(w, HMM=False) in ([w], [w[:-1], w[-1]])
                 else w for w in kept)


# A preposition or a grade mark jieba leaves single (在玻璃表面, 照片级): glued to its neighbour it would be required.
_UNGLUED = "在于对给被让向从级"


def _content_words(text: str) -> tuple[str, ...]:
    """The predicate and object words of a forbidden part (儿童可以单独使用 -> 儿童, 单独, 使用; 零噪音 stays whole)."""
    out: list[str] = []
    glue = ""
    adjacent = False  # whether the last word touches what follows (no filler between)
    last = ""  # single characters jieba left between fillers after the topic (椰汁是现榨的: 现 + 榨)
    for word in jieba_module().lcut(_FILLER_WORDS.sub(" ", _COMPARED_WITH.sub(" ", text)), HMM=False):
        if not word.strip():
            last = glue if len(glue) >= 2 and out else last
            glue, adjacent = "", False  # a lone character between fillers (都能用) carries nothing
        elif len(word) == 1 and not glue and word in _UNGLUED:
            adjacent = False
        elif len(word) == 1 and not word.isdigit():
            glue += word  # 零 + 噪音: a one-character word keeps its meaning only with its neighbour
        else:
            out.append(glue + word)
            glue, adjacent, last = "", True, ""
    if len(glue) >= 2:
        out.append(glue)  # 代替 + 洗 + 牙: trailing characters jieba left single form their own word
    elif glue and adjacent:
        out[-1] += glue
    elif last:
        out.append(last)  # 现榨 ends the part: the predicate itself, not a qualifier of a word after it
    return tuple(dict.fromkeys(w for w in out if len(w) >= 2))


def _heads(words: tuple[str, ...], part: str) -> tuple[str, ...]:
    """``words`` with a noun that only qualifies the noun after it dropped (皮肤屏障 -> 屏障): the host names the
    thing by its head (屏障受损也能修回来) as often as in full."""
    nouns = {w for w in words if is_noun(w)}
    return tuple(w for n, w in enumerate(words) if not (
        n + 1 < len(words) and w in nouns and words[n + 1] in nouns and w + words[n + 1] in part
        and not _GENERIC_HEAD.fullmatch(words[n + 1])))


# Head characters that name a kind of skin or body mark (皱纹/法令纹, 色斑/雀斑, 泪痕/痘痕), not a thing in general.
_CONDITION_HEADS = "纹斑痕疤疹"


# what a part says besides its class's cue when it is said of the whole product (可以水洗, 能进洗碗机)
_OF_THE_WHOLE = re.compile(r"可以|可|能|直接|进|放|入|重复使用|反复使用|使用|用|的|\s")


def _names_a_component(part: str, classes: Sequence[ClaimClass]) -> bool:
    """``part`` says a whole-product class (可以水洗机洗) of a component or of the whole taken apart (底座可以水洗,
    整根可进洗碗机): what is left without the cues of every such class and the words of permission names the part."""
    for cue in sorted({cue for c in classes if c.whole for cue in c.cues}, key=len, reverse=True):
        part = part.replace(cue, "")
    return bool(_OF_THE_WHOLE.sub("", part))


def _conditions(core: str, classes: Sequence[ClaimClass], macros: Mapping[str, str]) -> list[Alternative]:
    """The objects of treating verbs (治疗泪痕, 矫正扁平足) matched as conditions by the disease classes' patterns."""
    out = []
    disease = [p for c in classes if c.group == "disease" for p in c.patterns if "{DISEASE}" in p]
    starts, at = {}, 0
    for word in jieba_module().lcut(core, HMM=False):
        starts[at], at = at + len(word), at + len(word)
    treated = [m for m in TREATED.finditer(core) if starts.get(m.start(), 0) <= m.start("obj")]  # 防晒霜 is one noun
    for m in treated[-1:]:  # 防胀气治肠绞痛: a chain's last object is the claim, the first a feature
        obj = m.group("obj")
        # 皱纹: its kinds are named by its head (抬头纹, 法令纹), as Chinese compounds put the head last
        kinds = f"|[\u4e00-\u9fff]{{1,2}}{re.escape(obj[-1])}" if (
            len(obj) == 2 and obj[-1] in _CONDITION_HEADS and not re.fullmatch(macros["DISEASE"], obj)) else ""
        own = {**macros, "DISEASE": re.escape(obj) + kinds}
        regex = re.compile("|".join(f"(?:{expand(p, own)})" for p in (*disease, INDICATION)))
        out.append(Alternative((), (m.group("obj"),), (), regexes=(regex,)))
    return out


def _listed_before_permission(parts: Sequence[str], classes: Sequence[ClaimClass],
                              regexes: Mapping[str, re.Pattern[str]]) -> list[Need]:
    """孕妇、未成年人可以饮用: the people or cases listed before a permission share it, so 孕妇 alone is the claim only
    when said to be fine (孕妇也能喝), not when named to rule it out (孕妇别喝). A part whose class reads it (治疗便秘)
    keeps its own frame."""
    out: list[Need] = [None] * len(parts)
    carry: Need = None
    for i in range(len(parts) - 1, -1, -1):
        need = frame_of(parts[i]).need
        claims = any(cue in parts[i] and (len(cue) > 1 or c.id not in regexes or regexes[c.id].search(parts[i]))
                     for c in classes for cue in c.cues)
        if need == "permissive":
            carry = "permissive"
        elif need is None and carry and len(parts[i]) <= _LISTED_MAX and not claims and not _STATES.match(parts[i]):
            out[i] = carry
        else:
            carry = None
    return out


_LISTED_MAX = 6
_IDENTITY = re.compile(r"^(?:商家|本品|产品|请)?(?:不得|不能|不可|不要|禁止|严禁|请勿|切勿|勿|避免|禁用|不准)"
                       r"(?:宣称|宣传|声称|说|讲|称)?(?:为|是|成)")
# 无糖、糖尿病人可以吃: a part that states something of its own (无糖, 是商用机, 吃了不长胖) is a claim, not a case listed
_STATES = re.compile(r"^(?:无|零|不|没|非|是|能|可|会|含|有|吃|喝|用|适合|\d)")


def _word_regex(word: str, synonyms: Mapping[str, str], loose: bool = False) -> str:
    """A word as the host may say it: its synonyms, the shared concept it names (游泳: 泳池), or (``loose``, a
    lexicon with predicates) the word itself or its two halves a few characters apart (机洗: 洗衣机里洗, 发质: 发的质);
    with ``loose``, also the concept's English wording (防水: waterproof), so an English host breaks a Chinese sentence."""
    chinese = _chinese_regex(word, synonyms, loose)
    english = english_of(word) if loose else None
    return f"{chinese}|{english}" if english else chinese


def _chinese_regex(word: str, synonyms: Mapping[str, str], loose: bool) -> str:
    if word in synonyms:
        return synonyms[word]
    if loose and (concept := concept_regex(word)):
        return concept
    if not loose or len(word) < 2:
        return re.escape(word)
    if re.fullmatch(r"[a-z]+\d+[a-z]*|\d+[a-z]+", word):  # B3, PS5, V8: a model's name, said as it is written
        return rf"(?<![a-z0-9]){re.escape(word)}(?![a-z0-9])"
    if m := _MORE.fullmatch(word):  # 更轻: 还轻, 轻得多 (比碳纤维的还轻)
        said = re.escape(m.group(1))
        return rf"(?:更加?|还要?|要|都){said}|{said}(?:得多|多了|很多|不少|一些)"
    if len(word) == 2 and word[1] in _GENERIC_SUFFIX and word[0] not in _NO_KIND:
        return re.escape(word[0])  # 药物: 吃药; 食品: 食 (not 出品: 出门 says nothing of who made it)
    if len(word) >= 3 and word[0] == "免":  # 免清洗: 不用清洗, 不需要再清洗 (免 is the host's 不用)
        return rf"{re.escape(word)}|(?:不用|不需要|无需|不必|用不着)再?{re.escape(word[1:])}"
    gap = "[^，。！？,.!?;；\\n]{0,4}?"
    out = [re.escape(word), re.escape(word[0]) + gap + re.escape(word[1:])]
    # 开发智力: 开发孩子智力, 找工作: 找个程序员的工作 (the object's own modifiers between the verb and its object)
    out += [re.escape(word[:b]) + _WIDE_GAP + re.escape(word[b:]) for b in _word_boundaries(word)]
    if len(word) >= 3:  # 多吃不上火: 多吃都不上火, 保证每个都甜: 保证每一个都甜 (adverbs a host puts between its characters)
        out.append(_FILLER_BETWEEN.join(map(re.escape, word)))
    if len(word) == 3:  # 明前茶: 明前采的茶; 碎光盘: 光盘也能碎 (the object said first)
        out += [re.escape(word[:2]) + gap + re.escape(word[2]), re.escape(word[1:]) + gap + re.escape(word[0])]
        if concept := concept_regex(word[1:]):  # 碎光盘: the object in any words (old CDs go in too)
            out.append(concept)
    if len(word) == 2 and re.fullmatch(r"[\u4e00-\u9fff]{2}", word):  # 养胃, 补胎 as 把胃养回来, 把胎补上: verb after its object
        out.append(f"[把将]{re.escape(word[1])}[^，。！？,.!?;；\\n]{{0,2}}?{re.escape(word[0])}")
    return "|".join(out)


_WIDE_GAP = "[^，。！？,.!?;；\\n]{0,6}?"
_FILLER_BETWEEN = "[都也就还会一的再]{0,2}"


def _word_boundaries(word: str) -> list[int]:
    """Where ``word`` joins two words of its own (开发|智力, 找|工作), as jieba reads it or its search-mode sub-words."""
    jieba = jieba_module()
    pieces = jieba.lcut(word, HMM=False)
    if len(pieces) > 1:  # 戴着游泳: 戴着去游泳
        return [sum(map(len, pieces[:n])) for n in range(1, len(pieces))]
    return [len(w) for w in jieba.cut_for_search(word, HMM=False)
            if len(w) >= 2 and len(word) - len(w) >= 2 and word.startswith(w)] if len(pieces) == 1 else []


_GENERIC_SUFFIX = "物品类剂"
_NO_KIND = "出作产商精新正赠样"  # 出品, 作品, 赠品: the 品 of a word that is not a kind of thing
_MORE = re.compile(r"更([\u4e00-\u9fff]{1,2})")
# (水晶材质, 纯铜材料: the material is what the host says, the 材质 after it is generic)
_GENERIC_HEAD = re.compile(r"效果|功能|作用|时间|问题|能力|程度|状态|方面|情况|质量|水平|性能|体验|材质|材料|面料|用料|专用|"
                           r"保修|出品|通用|同款|适用")  # 终身保修, 孕妇专用: the word before says which
# A negator, not the 不 of 不然/不过/不管 (otherwise, but, whatever), a few characters before what it denies;
# 没加蔗糖 denies adding, not containing (无糖), so the gap holds no verb of adding.
_DENIED = "(?:不(?!然|过|管|论|光|仅|但|少|同|错|如)|没有?|无|零|免|毫无)(?P<gap>(?:(?!加|添|放)[^，。！？,.!?;；\\n]){0,4}?)"
# 不等于无糖, 不是没有粉尘: a denial the host denies in turn; 没有粉尘 said right after 不是 or with a second negator.
_DENIED_AFTER = "(?=[^，。！？,.!?;；\\n]{0,2}?[都也](?:没有?|不见|不剩)(?!什么|啥|那么|这么))"
_DENIAL_DENIED = re.compile(r"(?:不是|不等于|并非|不代表|不算|谈不上)\s*$")
_DENIAL_DENIED_AHEAD = re.compile(r"(?:不是|不等于|并非|不代表|不算|谈不上)[^，。！？,.!?;；\n]{0,3}$")
_SECOND_NEGATOR = re.compile(r"不|没|无|零")  # 不是零糖: not sugar-free, so not a denial of sugar
# 含糖, 有糖: the verb of containing leads the word jieba reads (不含糖 denies sugar; 无蔗糖 only sucrose).
_CONTAINING = "含有带放加添是"


def _not_denied(text: str, m: re.Match[str], kb: str) -> bool:
    """Whether a denial match (无…糖) does not deny the part's object: the host denies the denial (不是没有粉尘,
    不等于无糖), denies a longer word the object begins (不用开油烟机 for 零油烟), or repeats the KB's denial of a narrower thing (KB 无蔗糖: 无蔗糖 is no 无糖, 蔗糖 being one noun
    whose head is the object; 没有粉尘 against a KB of 低粉尘 still denies dust)."""
    if m.group("gap") is None:  # 灰都没有: denied after the object; 不是一点灰都没有 denies the denial
        return _DENIAL_DENIED_AHEAD.search(text, max(0, m.start() - 8), m.start()) is not None
    if _SECOND_NEGATOR.search(m.group("gap")) or _DENIAL_DENIED.search(text, max(0, m.start() - 4), m.start()):
        return True
    if text.startswith("不是", m.start()) and re.match(_DENIED_AFTER, text[m.end():]):
        return True  # 不是一点灰都没有: the host denies the denial said after the object
    obj = text[m.end("gap"):m.end()]
    if len(obj) > 1 and len(jieba_module().lcut(text[m.end("gap"):m.end() + 2], HMM=False)[0]) > len(obj):
        return True  # 不用开油烟机: the object is the start of a longer word, another thing
    last = jieba_module().lcut(m.group("gap")[-2:] + obj, HMM=False)[-1]
    return (len(last) > len(obj) and last.endswith(obj) and last[0] not in _CONTAINING
            and re.search(f"{_DENIED.replace('?P<gap>', '')}{re.escape(last)}", kb) is not None)


# 永不开裂 said 都不会裂, 永不断弦 said 拉不断 / 断不了: what a permanence frame denies, by the one character that
# names the failure, right after a negator or before 不了; not a character that names no failure of its own.
_LIGHT_CHARS = frozenset("开发起出变成色毛水气电质顿胶弦脂肪漆")


def _failure_regex(word: str) -> str | None:
    chars = [re.escape(ch) for ch in word if ch not in _LIGHT_CHARS]
    if len(word) != 2 or not re.fullmatch(r"[\u4e00-\u9fff]{2}", word) or not chars:
        return None
    said = "|".join(chars)
    word = re.escape(word)  # (the whole word first: 都不会褪色 is said in full)
    return rf"(?<![会能])(?:不|没)(?:会|能|再)?(?:{word}|{said})|(?:{said})不(?:了|掉|坏|断|裂)"  # (not 会不会裂: a question)


def _word_regexes(words: Sequence[str], synonyms: Mapping[str, str], predicates: Mapping[str, Predicate],
                  predicate: str | None, denies: bool, negates: bool = False) -> tuple[re.Pattern[str], ...]:
    """The compiled matchers of a literal part: its words (a denial's first one after a negator; the failure a
    permanence frame denies, by its own character), then its predicate."""
    out = [_word_regex(w, synonyms, bool(predicates)) for w in words]
    if negates and not denies and predicates and out and (failure := _failure_regex(words[0])):
        out[0] = f"{out[0]}|{failure}"
    if denies and out:  # 无尘: 没有粉尘, and 一点灰都没有 (the denial after the object, with 都/也)
        out[0] = f"{_DENIED}(?:{out[0]})|(?:{out[0]}){_DENIED_AFTER}"
    if predicate is not None:
        out.append(predicates[predicate].says)
    return tuple(re.compile(r) for r in out)


def match_forbidden(text: str, rule: ForbiddenRule, hits: Mapping[str, list[tuple[int, int]]],
                    kb: str = "", ruled_out: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """Spans of ``text`` (folded) that break ``rule``, given every class's asserted hits and the SKU's own ``kb`` text.
    ``ruled_out``, when given, gets where the part's words are said and ruled out: denied (治不了痘, 不是没有粉尘,
    无蔗糖 for 无糖), or without the purity or absolute the part needs, or a bound's figure said within it.

    A literal part (no class names it) matches when all its words, or their synonyms (使用: 用), are
    asserted in one sentence, in any order and with other words between them; so do a part's modifiers,
    and the part's predicate in any of the ways the lexicon lists. A denial part (不伤发) is said as a
    denial of its first character with the rest anywhere in the sentence (头发也一点不伤).
    """
    spans: list[tuple[int, int]] = []
    for alt in rule.alternatives:
        if alt.figure is not None:
            spans += _figure_spans(text, alt, kb, ruled_out)
            continue
        anchors = [h for cid in alt.objects for h in hits.get(cid, ())]
        for m in alt.regexes[0].finditer(text) if alt.words else ():
            # (断不了 under 永不断裂 is the permanence itself, not an inability)
            if (alt.negated_words or not _CANNOT.search(m.group()) and (alt.denies or _anchor_asserted(text, alt, m))) \
                    and not (alt.denies and _not_denied(text, m, kb)):
                anchors.append(m.span())
            elif ruled_out is not None:
                ruled_out.append(m.span())
        if not alt.objects and not alt.words:
            anchors = [h for cid in alt.modifiers[:1] for h in hits.get(cid, ())]
        for start, end in anchors:
            c_start, c_end = clause_bounds(text, start, end, SENTENCE_BREAK)
            span = [start, end]
            needed = [[m.span() for m in r.finditer(text, c_start, c_end) if alt.denies or asserted(text, m.start(), m.end())]
                      for r in alt.regexes[1:]]  # 不能代替药: a predicate said negated breaks nothing
            needed += [[h for h in hits.get(mod, ()) if c_start <= h[0] and h[1] <= c_end] for mod in alt.modifiers]
            frame = _frame_said(text, alt.need, start, end)
            if frame is None and alt.need in ("pure", "absolute") and ruled_out is not None:
                ruled_out.append((start, end))
            # of three words or more a host may leave one out (比赛指定用杆: 斯诺克比赛指定杆), never the last (接收器不用插电)
            left_out = [n for n, found in enumerate(needed[: len(alt.words) - 1]) if not found]
            if (all(needed) or len(alt.words) >= 3 and len(left_out) == 1 and left_out[0] < len(alt.words) - 2
                    and all(needed[len(alt.words) - 1:])) and frame is not None:
                extra = [[m.span() for m in r.finditer(text, c_start, c_end)] for r in alt.widen]
                for found in [*needed, [frame] if alt.need == "absolute" else [], *extra]:
                    if not found:
                        continue
                    span = [min(span[0], found[0][0]), max(span[1], found[0][1])]
                spans.append((span[0], span[1]))
    return spans


def _anchor_asserted(text: str, alt: Alternative, m: re.Match[str]) -> bool:
    """Whether an anchor is asserted; a replace part's object right after its verb (米粉直接代替母乳) is judged from the
    verb, since 代替 before an object otherwise reads as a negation (不能代替药物治疗 keeps its 不能)."""
    if alt.predicate == "replace" and (verb := _REPLACE_BEFORE.search(text, max(0, m.start() - 4), m.start())):
        return asserted(text, verb.start(), m.end())
    if alt.predicate == "remove" and (verb := _KEPT_FROM_BEFORE.search(text, max(0, m.start() - 4), m.start())):
        return asserted(text, verb.start(), m.end())  # 完全不起静电: the object's denial is the removing (防静电)
    return asserted(text, m.start(), m.end())


_REPLACE_BEFORE = re.compile(r"(?:代替|替代|取代|顶替|替换)$")
_KEPT_FROM_BEFORE = re.compile(r"不(?:会再?|再)?(?:起|长|生|犯|冒)$")


def _frame_said(text: str, need: Need, start: int, end: int) -> tuple[int, int] | None:
    """Where the clause around ``[start, end)`` says what the part's frame needs (fine / absolutely), or None;
    ``(start, end)`` itself when the part has no frame."""
    if need is None:
        return start, end
    c_start, c_end = clause_bounds(text, start, end)
    clause = text[c_start:c_end]
    found = (said_fine(clause, (start - c_start, end - c_start)) if need == "permissive" else
             said_purely(clause) if need == "pure" else said_absolutely(clause))
    return None if found is None else (c_start + found[0], c_start + found[1])


def _figure_spans(text: str, alt: Alternative, kb: str, ruled_out: list[tuple[int, int]] | None) -> list[tuple[int, int]]:
    """Where the part's value is said (in any numerals, with its unit or next to what it measures), asserted; a
    bound's figure said within it (承重三十公斤 for 超过30kg) goes to ``ruled_out``. A value the SKU's own KB states
    (量程0.05-40m) is the fact itself: it breaks a sentence that adds to it (室外强光下40米照样准) only with a word of
    what it adds."""
    out = []
    figure = alt.figure
    added = tuple(t for t in figure.topic if len(t) >= 2 and t not in kb)
    stated = figure.bound is None and bool(added) and "unit" in figure.regex.groupindex and any(
        m.group("unit") for m in figure.regex.finditer(kb))
    for m in figure.regex.finditer(text):
        s_start, s_end = clause_bounds(text, m.start(), m.end(), SENTENCE_BREAK)
        if stated and not any(t in text[s_start:s_end] for t in added):
            continue
        frame = _frame_said(text, alt.need, m.start(), m.end())
        if frame is None and alt.need == "permissive" and m.groupdict().get("unit") and figure.unit not in AGE_UNITS:
            # 能保温24小时 said "stays hot for 24 hours": a value in its unit states the capability (an age does not:
            # 两岁的宝宝 may be ruled out or merely named)
            frame = m.span()
        if asserted(text, m.start(), m.end()) and figure_said(figure, text[s_start:s_end], m, kb) and frame is not None:
            # 一岁宝宝也能戴: the claim runs from the value to the word that says it is fine (or absolutely so)
            out.append((min(m.start(), frame[0]), max(m.end(), frame[1])) if alt.need else m.span())
        elif alt.figure.bound is not None and ruled_out is not None:
            ruled_out.append(m.span())
    if ruled_out is not None and not figure.bound and figure.unit and not out:
        # 一次订一百页 under 不得宣称一次订200页: the figure's unit said with another value, the part's figure ruled out
        for m in re.finditer(rf"(?P<minus>-|零下|负)?(?<![\d.])(?P<n>\d+(?:\.\d+)?)\s*{re.escape(figure.unit)}", text):
            if float(m.group("n")) * (-1 if m.group("minus") else 1) != figure.value:  # (零下三十度 is -30)
                ruled_out.append(m.span())
    return out
