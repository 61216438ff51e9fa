"""A learned second look at the merchant's forbidden claims: (host clause, forbidden sentence) -> violates?

The compiled frames in :mod:`script_gen.forbidden_frames` match the shapes their authors saw; a host who
words the claim another way (保护视力 for 护眼, 浮潜深潜 for 潜水) slips past them. This model reads what
the rules left: every clause without a banned finding, paired with each of the SKU's ``forbidden_claims``.
Its features say how much of the forbidden sentence the clause repeats (characters, bigrams, the longest
shared run, per 或-part), how close it comes in meaning (:mod:`script_gen.meaning`: to the sentence, and to what the
SKU says of itself, which a clause may repeat freely), and in what voice (denial, absolute, permission, redirection,
quoting the KB). No feature names a word of any one KB, so a model trained on some merchants' SKUs reads another's.

The pair also carries the product of the clause's and the sentence's meaning vectors, one number per dimension: a
cosine spread out, so the model learns which directions of meaning a claim and its paraphrase share (保护视力 and 护眼)
and which they only seem to (a product's plain feature named in both). A small network (one hidden layer) reads the
named features and that product; its weights are a NumPy archive written by ``eval/scripts/train_forbidden.py`` from
the labelled sets, loaded here without any download.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import numpy as np

from core.settings import ScriptSettings
from script_gen import meaning
from script_gen.claim_classes import DISCLAIMER, LIST_SLASH, disclaimed
from script_gen.fitting import adam_step, sigmoid
from script_gen.records import Finding, Sku
from script_gen.retractions import refused_reports

WEIGHTS = Path(__file__).with_name("models") / "forbidden_pairs.npz"

_CLAUSE = re.compile(r"[^，。！？,.!?;；：:\n～~…]+")
_FRAME = re.compile(r"^(?:不得|不能|不可|禁止|严禁|切勿|请勿)(?:宣称|宣传|声称|说|称|暗示|表述|承诺|使用)?|"
                    r"^(?:must\s+not|do\s+not|don't|never|may\s+not|cannot|should\s+not)\s+"
                    r"(?:claim|say|state|imply|suggest|promise|describe)\w*(?:\s+(?:that|it|as))?\s+")
_PART = re.compile(rf"或者|或|、|以及|及|和|{LIST_SLASH}")
# What the overlap is counted in: a Chinese character, an English word, a number (English shares letters with any
# clause, so a letter would make every English clause repeat every English sentence). English function words,
# like Chinese particles, carry no claim.
_UNIT = re.compile(r"[a-z]+(?:'[a-z]+)?|\d+(?:\.\d+)?|[^\W\d_a-z]|%")
_FUNCTION = frozenset("a an the is are was be been it its it's this that these those to of for in on at and or with "
                      "as by so just really very you your we our they their".split())
_NEGATION = meaning.NEGATION
_ABSOLUTE = re.compile(r"100\s*%|百分之?百|完全|绝对|彻底|根本|压根|丝毫|一点(?:点|儿)?[都也]|全都|永远|"
                       r"\b(?:completely|totally|absolutely|fully|100\s*percent)\b")
_PERMISSIVE = re.compile(r"可以|能|照样|照常|没事|没问题|都行|也行|随便|放心|直接|就行|不怕|稳稳|轻松|\b(?:can|fine|safe|ok)\b")
_REDIRECT = re.compile(r"如果|要是|想要|需要|建议|另一款|那款|选|去拍|拍那|别|千万|不要|不能|不建议|\b(?:if|instead)\b")
# 不是手工包, 治不了便秘, 这个不能治鼻炎, 并不防水: the host rules the claim out.
_DENIAL = re.compile(r"不是|不能|不了|并不|并没|不算|不会|别指望|谈不上|做不到|\bnot\b|n't")
_DENIAL_BEFORE = re.compile(r"(?:不|没|别|未|无法|不是|不能|不了|不会)[^不没]{0,1}$")
# 淋雨可不行, 戴着游泳是不行的, 泡水就不好了: the host names the case to rule it out.
# 游泳洗澡要摘下来, 未成年人不卖, 近视得另外配: the case named to take the product off, refuse the sale, or send the
# buyer to another product.
_DENIAL_AFTER = re.compile(r"^[^，。！？,.!?]{0,3}?(?:可?不行|不可以|不能|不了|不得|不好|不建议|不适合|不支持|"
                           r"要?(?:摘|取|脱|拿)(?:下来?|掉)|不(?:卖|售|销售)|另外?(?:配|买|选|备)|得另)")
_CORE_ABSOLUTE = re.compile(r"^(?:100\s*%|百分之?百|完全|绝对|彻底|全部|零|绝不|永不|从不)")
_CORE_CAPABLE = re.compile(r"^(?:可以|可在|能够|能在|可|能|适合|适用)")
_CORE_TREAT = re.compile(r"治|疗|防|矫正|保护|抗|祛|消除|改善|修复|预防|缓解|降")
_DIGIT = re.compile(r"\d+(?:\.\d+)?")
_CN_DIGIT = re.compile(r"[零一二两三四五六七八九十百千万]")

FEATURES = (
    "bias", "char_cover", "bigram_cover", "run_cover", "run_len", "part_char_cover", "part_bigram_cover",
    "part_run_cover", "shared_number", "core_has_number", "clause_numeric", "negation", "absolute",
    "permissive", "redirect", "core_absolute", "core_capable", "core_treat", "kb_quote", "clause_len",
    "cover_x_permissive", "cover_x_absolute", "cover_x_negation", "cover_x_redirect", "cover_x_kb_quote",
    "run_x_treat", "extra_negation", "denial", "cover_x_extra_negation", "cover_x_denial", "denied_match",
    "meaning_core", "meaning_part", "meaning_x_permissive", "meaning_high", "meaning_kb", "meaning_over_kb",
    "meaning_above_kb", "meaning_squared",
)


_DENIED = FEATURES.index("denied_match")
_NEAR_CORE, _NEAR_PART = FEATURES.index("meaning_core"), FEATURES.index("meaning_part")
_NEGATED = FEATURES.index("extra_negation"), FEATURES.index("denial")


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def _units(text: str) -> list[str]:
    return [u for u in _UNIT.findall(text) if u not in _FUNCTION]


def _chars(text: str) -> set[str]:
    return set(_units(text))


def _bigrams(text: str) -> set[str]:
    units = _units(text)
    return {units[i] + units[i + 1] for i in range(len(units) - 1)}


def _run_in(a: str, b: str) -> tuple[int, int]:
    """The longest run of ``a`` that ``b`` also holds (in characters, or words where English): its length and
    where it starts in ``b``."""
    if _LATIN.search(a) or _LATIN.search(b):
        return _unit_run(_units(a), b)
    best, start, prev = 0, 0, [0] * (len(b) + 1)
    for ca in a:
        cur = [0] * (len(b) + 1)
        for j, cb in enumerate(b):
            if ca == cb:
                cur[j + 1] = prev[j] + 1
                if cur[j + 1] > best:
                    best, start = cur[j + 1], j + 1 - cur[j + 1]
        prev = cur
    return best, start


_LATIN = re.compile(r"[a-z]{2}")


def _unit_run(a: list[str], b: str) -> tuple[int, int]:
    """``_run_in`` over words: the run's length in words and its start as a character offset in ``b``."""
    spans = [(m.group(), m.start()) for m in _UNIT.finditer(b) if m.group() not in _FUNCTION]
    units = [u for u, _ in spans]
    best, start, prev = 0, 0, [0] * (len(units) + 1)
    for ua in a:
        cur = [0] * (len(units) + 1)
        for j, ub in enumerate(units):
            if ua == ub:
                cur[j + 1] = prev[j] + 1
                if cur[j + 1] > best:
                    best, start = cur[j + 1], spans[j + 1 - cur[j + 1]][1]
        prev = cur
    return best, start


def _denied(run: tuple[int, int], clause: str) -> float:
    """Whether the clause says the core's words (its longest shared ``run``: length, start) with a denial next to
    them (不防水, 治不了便秘, 淋雨可不行)."""
    size, start = run
    return float(size >= 2 and bool(_DENIAL_BEFORE.search(clause[max(start - 4, 0):start])
                                    or _DENIAL_AFTER.search(clause[start + size:])))


def _cover(core: str, run: int, clause_chars: set[str], clause_bigrams: set[str]) -> tuple[float, float, float]:
    chars, bigrams = _chars(core), _bigrams(core)
    return (len(chars & clause_chars) / max(len(chars), 1),
            len(bigrams & clause_bigrams) / max(len(bigrams), 1),
            run / max(len(_units(core)) if _LATIN.search(core) else len(core), 1))


# 要电磁炉的拿四升那口 / 写中楷拿兼毫的 / 要纯藕粉的拍二二一: the buyer with that need is sent to another product.
_SENT_ELSEWHERE = re.compile(r"(?:^|[，,\s])(?:要|想要?|需要|写|做|给)[^，,。！？!?；;]{1,12}?的?\s*(?:就|请|可以)?(?:去)?(?:拿|看|选|拍|买|找|挑)"
                             r"[^，,。！？!?；;]{0,12}?(?:那支|那款|那个|那口|那把|那套|那盒|那瓶|那双|那件|那台|的)"
                             r"|要[^，,。！？!?；;]{1,10}的(?:是|拍|看)[一二三四五六七八九零\d]{3}"
                             r"|去(?:拿|看|选|拍|买|找)[^，,。！？!?；;]{0,10}?那(?:支|款|个|口|把|套|盒|瓶|双|件|台)")


@dataclass(frozen=True)
class Forbidden:
    """One forbidden sentence, its frame taken off, and its 或-parts."""

    position: int
    sentence: str
    core: str
    parts: tuple[str, ...]

    @classmethod
    def of(cls, position: int, sentence: str) -> Forbidden:
        core = _FRAME.sub("", _fold(sentence).strip("。. "))
        parts = tuple(p for p in _PART.split(core) if len(p) >= 2) or (core,)
        return cls(position, sentence, core, parts)


def kb_text(sku: Sku) -> str:
    """What the SKU says of itself, a field a line (a clause that repeats it is quoting the KB, not claiming)."""
    fields = [sku.title, sku.usage, *sku.selling_points, *sku.certifications,
              *(f"{a.key}{a.value}{a.unit or ''}" for a in sku.attributes),
              *(f.answer for f in sku.faq)]
    return _fold("\n".join(fields))


@dataclass(frozen=True)
class SkuForbidden:
    """A SKU's forbidden sentences and what pairing a clause with them reads of the SKU, made once per SKU."""

    rules: tuple[Forbidden, ...]
    kb_bigrams: frozenset[str]
    kb_lines: tuple[str, ...]

    @classmethod
    def of(cls, sku: Sku) -> SkuForbidden:
        kb = kb_text(sku)
        return cls(tuple(Forbidden.of(i, s) for i, s in enumerate(sku.forbidden_claims)), frozenset(_bigrams(kb)),
                   tuple(line for line in kb.split("\n") if line.strip()))

    def features(self, clauses: Sequence[str]) -> np.ndarray:
        """Per clause, per forbidden sentence (in order): the pair's vector, :data:`FEATURES` then the product of the
        two meanings; shape (clauses, sentences, :data:`PAIR_SIZE`). The clauses are encoded together: callers pass
        a bounded batch (:data:`BATCH`), as a hostile text may hold thousands of clauses."""
        out = np.zeros((len(clauses), len(self.rules), PAIR_SIZE), dtype=np.float32)
        if not clauses or not self.rules:
            return out
        said = meaning.vectors([_fold(c) for c in clauses])
        cores = meaning.known(tuple(r.core for r in self.rules))
        core = said @ cores.T
        part = [(said @ meaning.known(r.parts).T).max(axis=1) for r in self.rules]
        own = meaning.known(self.kb_lines)
        kb = (said @ own.T).max(axis=1) if len(own) else np.zeros(len(clauses))
        out[:, :, len(FEATURES):] = said[:, None, :] * cores[None, :, :]
        for i, c in enumerate(clauses):
            for j, r in enumerate(self.rules):
                close = Closeness(float(core[i, j]), float(part[j][i]), float(kb[i]))
                out[i, j, :len(FEATURES)] = pair_features(c, r, self.kb_bigrams, close)
        return out


class Closeness(NamedTuple):
    """Cosines of a clause's meaning: to the forbidden sentence, to its closest 或-part, to the SKU's closest own line."""

    core: float
    part: float
    kb: float


def pair_features(clause: str, forbidden: Forbidden, kb_bigrams: set[str] | frozenset[str],
                  close: Closeness) -> list[float]:
    """The feature vector, in :data:`FEATURES` order, of one (clause, forbidden sentence) pair."""
    clause = _fold(clause)
    c_chars, c_bigrams = _chars(clause), _bigrams(clause)
    runs = {p: _run_in(p, clause) for p in (forbidden.core, *forbidden.parts)}  # the costly step: once each
    core_run = runs[forbidden.core][0]
    char_cover, bigram_cover, run_cover = _cover(forbidden.core, core_run, c_chars, c_bigrams)
    part = max((_cover(p, runs[p][0], c_chars, c_bigrams) for p in forbidden.parts), key=lambda t: t[1] + t[2])
    numbers = set(_DIGIT.findall(forbidden.core))
    kb_quote = len(c_bigrams & kb_bigrams) / max(len(c_bigrams), 1)
    flags = [bool(p.search(clause)) for p in (_NEGATION, _ABSOLUTE, _PERMISSIVE, _REDIRECT)]
    cover = max(bigram_cover, part[1])
    treat = bool(_CORE_TREAT.search(forbidden.core))
    extra_negation = float(len(_NEGATION.findall(clause)) > len(_NEGATION.findall(forbidden.core)))
    denial = float(bool(_DENIAL.search(clause)) and not _DENIAL.search(forbidden.core))
    return [
        1.0, char_cover, bigram_cover, run_cover, min(core_run, 6) / 6, *part,
        float(bool(numbers & set(_DIGIT.findall(clause)))), float(bool(numbers)),
        float(bool(_DIGIT.search(clause) or _CN_DIGIT.search(clause))), *map(float, flags),
        float(bool(_CORE_ABSOLUTE.search(forbidden.core))), float(bool(_CORE_CAPABLE.search(forbidden.core))),
        float(treat), kb_quote, min(len(clause), 40) / 40,
        cover * flags[2], cover * flags[1], cover * flags[0], cover * flags[3], cover * kb_quote,
        part[2] * treat, extra_negation, denial, cover * extra_negation, cover * denial,
        max(_denied(run, clause) for run in runs.values()),
        *_meaning(close, flags[2]),
    ]


_MEANING_HIGH = 0.5


def _meaning(close: Closeness, permissive: bool) -> list[float]:
    near = max(close.core, close.part)
    return [close.core, close.part, near * permissive, float(near > _MEANING_HIGH), close.kb, near - close.kb,
            float(near > close.kb), near * near]


PAIR_SIZE = len(FEATURES) + meaning.DIMENSIONS
BATCH = 256  # clauses featured at once: 256 x 5 sentences x PAIR_SIZE float32 is under 3 MB


class Network(NamedTuple):
    """One hidden layer of ReLU units over a pair's vector, and one logit out."""

    hidden: np.ndarray
    hidden_bias: np.ndarray
    out: np.ndarray
    out_bias: np.ndarray

    def logits(self, x: np.ndarray) -> np.ndarray:
        return np.maximum(np.asarray(x, dtype=np.float32) @ self.hidden + self.hidden_bias, 0) @ self.out \
            + self.out_bias[0]


def fit(x: np.ndarray, y: np.ndarray, hidden: int = 128, steps: int = 3000, batch: int = 2048,
        lr: float = 2e-3, decay: float = 1e-4, seed: int = 0) -> Network:
    """A class-balanced one-hidden-layer network by minibatch AdamW: a fixed seed and step count, so the same pairs
    give the same weights."""
    rng = np.random.default_rng(seed)
    x, y = np.asarray(x, dtype=np.float32), np.asarray(y, dtype=np.float32)
    params = [(rng.standard_normal((x.shape[1], hidden)) * np.sqrt(2 / x.shape[1])).astype(np.float32),
              np.zeros(hidden, np.float32), (rng.standard_normal(hidden) * np.sqrt(1 / hidden)).astype(np.float32),
              np.zeros(1, np.float32)]
    moments = [(np.zeros_like(p), np.zeros_like(p)) for p in params]
    weight = np.where(y > 0, 0.5 / max(y.mean(), 1e-9), 0.5 / max(1 - y.mean(), 1e-9)).astype(np.float32)
    order = rng.permutation(len(y))
    for step in range(1, steps + 1):
        start = (step - 1) * batch % len(y)
        if start < batch and step > 1:
            order = rng.permutation(len(y))
        b = order[start:start + batch]
        h = np.maximum(x[b] @ params[0] + params[1], 0)
        err = weight[b] * (sigmoid(h @ params[2] + params[3]) - y[b]) / len(b)
        back = np.outer(err, params[2]) * (h > 0)
        grads = [x[b].T @ back, back.sum(axis=0), h.T @ err, np.array([err.sum()], np.float32)]
        adam_step(params, grads, moments, step, lr, decay)
    return Network(*params)


def clause_spans(text: str) -> list[tuple[int, int]]:
    """Clauses of a spoken text, split at punctuation, as ``[start, end)`` spans."""
    return [m.span() for m in _CLAUSE.finditer(text) if m.group().strip()]


# A clause that only names who the claim is for (胆固醇高的, 脸坏掉的姐妹): the promise follows it in the same sentence.
_AUDIENCE_END = re.compile(r"的(?:人|朋友|姐妹|宝宝|家人|孩子|小朋友|老人|宝妈|兄弟)?们?\s*$")
_NEXT_CLAUSE = re.compile(r"[，,、]\s*([^，。！？,.!?;；\n]+)")


def _statement_end(text: str, end: int) -> int:
    """Where the statement a flagged clause opens ends: the next clause of the sentence when the clause only names
    the audience or condition (so the finding spans who it is for and what is promised), else the clause's end."""
    if not _AUDIENCE_END.search(text[max(0, end - 8):end]):
        return end
    m = _NEXT_CLAUSE.match(text, end)
    return m.end(1) if m else end


_MIN_RUN = 2
_MIN_PART_COVER = 0.75


# The cosine at which a clause says the sentence in other words (leave-one-set-out over the labelled sets: 0.45 and 0.5
# found the same, 0.6 less).
_MEANING_EVIDENCE = 0.5


def _negated(clause: str, features: list[float]) -> bool:
    """A negation or denial the sentence does not hold (幼犬别吃, it's not pure silver), unless it promises the effect."""
    return any(features[i] for i in _NEGATED) and not meaning.PROMISED.search(_fold(clause))


def _evidence(clause: str, rule: Forbidden, features: list[float]) -> bool:
    """Whether ``clause`` says enough of the sentence to be read as saying it: a run of two units (视力 of 保护视力),
    three quarters of a part's units (胃…养 of 养胃), or a part's head, its last unit (菌 of 抗菌: 自带抑菌), with any
    negation the part holds; one other character (碎 of 摔不碎 in 摔了会碎, 前 of 明前茶) is not. Or, in other
    words, a meaning near the sentence's."""
    low = _fold(clause)
    if max(features[_NEAR_CORE], features[_NEAR_PART]) >= _MEANING_EVIDENCE:
        return True
    units = _chars(low)
    for part in (rule.core, *rule.parts):
        own, seq = _chars(part), _units(part)
        if _run_in(part, low)[0] >= _MIN_RUN or (len(own) >= 2 and len(own & units) >= _MIN_PART_COVER * len(own)):
            return True
        if seq and seq[-1] in units and not (set(_NEGATION.findall(part)) - set(_NEGATION.findall(low))):
            return True
    return False


@dataclass(frozen=True)
class ForbiddenModel:
    """The network and the probability above which a pair is a finding."""

    network: Network
    threshold: float

    @classmethod
    def load(cls, path: Path = WEIGHTS) -> ForbiddenModel:
        with np.load(path, allow_pickle=False) as data:
            if tuple(data["features"]) != FEATURES or data["hidden"].shape[0] != PAIR_SIZE:
                raise ValueError(f"{path}: trained on other features; rerun eval/scripts/train_forbidden.py")
            return cls(Network(*(data[k] for k in Network._fields)), float(data["threshold"]))

    def save(self, path: Path, trained_on: Sequence[str]) -> None:
        np.savez_compressed(path, features=np.array(FEATURES), threshold=np.float32(self.threshold),
                            trained_on=np.array(trained_on), **self.network._asdict())

    def probabilities(self, pairs: Sequence[Sequence[float]]) -> np.ndarray:
        """P(violates) of each pair vector (rows from :meth:`SkuForbidden.features`)."""
        return sigmoid(self.network.logits(np.asarray(pairs, dtype=np.float32).reshape(-1, PAIR_SIZE)))

    def probability(self, features: Sequence[float]) -> float:
        return float(self.probabilities([features])[0])

    def review(self, text: str, sku: Sku, findings: list[Finding],
               ruled_out: Sequence[tuple[int, int, int]] = ()) -> list[Finding]:
        """Forbidden-claim findings on clauses the rules left without a banned finding, each citing its sentence;
        a sentence the rules ruled out in a clause (``compliance.forbidden_ruled_out``: 不是没有粉尘, 百分之七十羊毛
        for 纯羊毛) is not read there."""
        return [f for p, f in self.scored(text, sku, findings, ruled_out) if p >= self.threshold]

    def scored(self, text: str, sku: Sku, findings: list[Finding],
               ruled_out: Sequence[tuple[int, int, int]] = ()) -> list[tuple[float, Finding]]:
        """Every clause :meth:`review` reads that says its likeliest sentence the same way round, with some of its
        words or meaning: the finding it would be and its probability (training picks a threshold from these)."""
        if not sku.forbidden_claims:
            return []
        pairing = SkuForbidden.of(sku)
        flagged = [(f.start, f.end) for f in findings if f.kind in ("banned_term", "forbidden_claim")]
        open_ = []  # (start, end, the sentences still open in the clause)
        refused = refused_reports(text)
        for start, end in clause_spans(text):
            if any(a < end and start < b for a, b in flagged):
                continue
            if DISCLAIMER.search(text[start:end]) or disclaimed(text, end) or any(a <= start < b for a, b in refused) \
                    or _SENT_ELSEWHERE.search(text[start:end]):
                continue  # 防胀气这种话我们不说 / 后台让我说…，不能说 / 要电磁炉的拿四升那口: disclaimed, refused, sent elsewhere
            kept = [j for j, r in enumerate(pairing.rules)
                    if not any(n == r.position and a < end and start < b for n, a, b in ruled_out)]
            if kept:
                open_.append((start, end, kept))
        sentence_starts = meaning.sentence_starts(text)
        out = []
        for (start, end, kept), row in _featured(pairing, text, open_):
            clause = text[start:end]
            probabilities = self.probabilities(row[kept])
            p, j = float(probabilities.max()), kept[int(probabilities.argmax())]
            rule, x = pairing.rules[j], row[j]
            # a denial, or a negation the sentence does not hold, rules the claim out however close the words or the
            # meaning (a sentence vector hears "not waterproof" as close to "waterproof"); so does sharing only
            # scattered characters with nothing of the sentence's meaning
            said = text[meaning.sentence_start(sentence_starts, start):end]  # the host's sentence so far
            if (not x[_DENIED] and not _negated(clause, x)
                    and meaning.same_way_round(_fold(clause), _fold(said), rule.core) and _evidence(clause, rule, x)):
                lead = len(clause) - len(clause.lstrip())
                s, e = start + lead, _statement_end(text, start + len(clause.rstrip()))
                out.append((p, Finding(
                    kind="forbidden_claim", start=s, end=e, text=text[s:e],
                    reason=f"商家禁止的宣传：“{rule.sentence}”（模型判定，置信度{p:.2f}）",
                    fact_ref=f"{sku.sku_id}#forbidden:{rule.position}", rule=f"forbidden-model:{rule.position}")))
        return out


def _featured(pairing: SkuForbidden, text: str, open_: list[tuple[int, int, list[int]]]
              ) -> Iterator[tuple[tuple[int, int, list[int]], np.ndarray]]:
    """Each open clause with its pair vectors, made :data:`BATCH` clauses at a time (bounded memory on any text)."""
    for first in range(0, len(open_), BATCH):
        batch = open_[first:first + BATCH]
        yield from zip(batch, pairing.features([text[start:end] for start, end, _ in batch]), strict=True)


@functools.cache
def _shipped() -> ForbiddenModel:
    return ForbiddenModel.load()


def forbidden_model_for(settings: ScriptSettings) -> ForbiddenModel | None:
    """The shipped model (loaded once per process) when ``settings.forbidden_model`` is on, else None."""
    return _shipped() if settings.forbidden_model else None
