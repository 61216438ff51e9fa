"""Benchmark: how well the verifier and the compliance checker catch planted errors.

Builds a labelled set from the shipped sample KB (36 SKUs): template scripts in every style,
paraphrased clean controls (Chinese numerals, allowed contexts such as 最近/第一次/最好在), and
copies with planted errors whose spans are known: wrong numbers, unit swaps, wrong prices, expired
offers, invented certifications, another SKU's attribute, fake scarcity, and banned terms. Ground
truth comes from the KB directly, not from the verifier. Run: ``python bench/scripts.py``.

claim_* counts verifier findings against planted claim spans (a claim finding inside a planted
banned phrase such as 100%满意 is neither credited nor penalised); banned_* counts compliance
findings against planted banned terms (likewise neutral inside a planted claim such as another
SKU's 100%纯棉). dev_* are the same figures on ``eval/scripts``, hand-written passages over another
merchant's KB that this code did not generate (see ``eval/scripts/score.py``). faithful_rate_embedded is the share of template scripts
with no finding at all; scripts_per_s is template generation including both checks, one process.
check_4x_text_time_ratio and runon_4x_time_ratio say how the check's time grows with its text (about 4 is linear);
runon_20k_s is the hostile worst case, 20,000 characters of spoken prices with no break; numerals_20k_s 20,000 numerals
alone (一一一…), which once cost hours.
"""

from __future__ import annotations

import random
import re
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import cn2an

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from script_gen.compliance import check_compliance, load_lexicon, protected_terms, scarcity_backed  # noqa: E402
from script_gen.facts import grounding_text  # noqa: E402
from script_gen.generate import check_script_text, generate_script  # noqa: E402
from script_gen.injection import quarantine  # noqa: E402
from script_gen.kb_import import import_kb  # noqa: E402
from script_gen.records import KnowledgeBase, Sku  # noqa: E402
from script_gen.verify import Verifier  # noqa: E402

sys.path.insert(0, str(ROOT / "eval" / "scripts"))
from score import default_forbidden, default_second_look, embedded_checker, load_passages, overlaps, score  # noqa: E402

AT = datetime(2026, 12, 5, 20, 0)
STYLES = [("live", 60), ("live", 120), ("short_video", 30), ("outbound_call", 30)]
_UNIT_SWAP = {"L": "ml", "ml": "L", "g": "kg", "kg": "g", "W": "kW", "cm": "mm", "mm": "cm", "升": "毫升",
              "毫升": "升", "克": "千克", "小时": "分钟", "分钟": "小时", "天": "小时"}
_NUM_UNIT = re.compile(r"(?<![\d.A-Za-z])(\d+(?:\.\d+)?)(L|ml|kg|g|W|cm|mm|mAh|dB|Pa|升|毫升|克|千克|小时|分钟|天|转|分贝|℃|%|英寸|片|抽|袋|层)")
_CERT_POOL = ["CE认证", "FDA认证", "ISO9001认证", "欧盟有机认证", "德国TÜV认证", "国家发明专利", "母婴A类认证",
              "SGS检测报告", "绿色食品认证", "美国UL认证"]
# [brackets] mark the banned term inside each phrase
_BANNED = ["[全网最低价]", "[销量第一]的爆款", "[顶级]品质", "行业[唯一]的配方", "[绝对]好用", "[国家级]工艺",
           "[史无前例]的力度", "[最好]用的一款", "口碑[NO.1]", "用了[百分百]满意", "[万能]好帮手", "可以[治疗失眠]",
           "[根治]各种烦恼", "[无副作用]", "[零风险]", "[手慢无]", "[马上涨价]", "[吊打]同价位", "闭眼入的[首选]",
           "[极致]体验", "[最强]性能", "[第一品牌]", "[世界领先]的技术", "[最便宜]的一次", "[独家]配方", "[100%]满意",
           "[最高级]的享受", "[王牌]单品", "[最受欢迎]的款式", "[抗衰老]效果", "[增强免疫力]", "[TOP1]单品"]
_CONTROLS = ["最近很多朋友在问这一款。", "第一次来直播间的朋友可以点个关注。", "拍之前最好先看看详情页。",
             "大家最后再看一眼细节。", "第一时间给大家安排发货。", "最多可以问几个问题？都可以打在公屏上。",
             "这个问题我们最终还是要看个人需求。", "第一步先把包装拆开给大家看看。",
             "家人们，这款真的太好用了！", "喜欢的扣1，想要的扣2。", "这是我们今天的1号链接。",
             "早上7点起床就能用上。", "一个人也能轻松搞定。", "我们直播间每天晚上8点准时开播。"]


@dataclass
class Case:
    sku: Sku
    sentences: list[str]
    planted: list[tuple[int, int, int, str]] = field(default_factory=list)  # sentence, start, end, kind

    def text_and_spans(self) -> tuple[str, list[tuple[int, int, str]]]:
        offsets, pos = [], 0
        for s in self.sentences:
            offsets.append(pos)
            pos += len(s) + 1
        return "\n".join(self.sentences), [(offsets[i] + s, offsets[i] + e, k) for i, s, e, k in self.planted]


def _fmt(v: float) -> str:
    return f"{v:.2f}".rstrip("0").rstrip(".")


def _supported_money(sku: Sku) -> set[float]:
    ok = {float(sku.price)}
    for p in sku.active_promotions(AT):
        if p.price is not None:
            ok |= {float(p.price), float(sku.price - p.price)}
        ok |= {float(x) for x in re.findall(r"\d+(?:\.\d+)?", p.description)}
    return ok


class Planter:
    def __init__(self, kb: KnowledgeBase, rng: random.Random):
        self.kb, self.rng = kb, rng
        self.ground = {s.sku_id: grounding_text(quarantine(s)[0]) for s in kb.skus}

    def insert(self, case: Case, sentence: str, span: tuple[int, int], kind: str) -> None:
        at = self.rng.randrange(1, len(case.sentences) + 1)
        case.sentences.insert(at, sentence)
        case.planted = [(i + (i >= at), s, e, k) for i, s, e, k in case.planted]
        case.planted.append((at, span[0], span[1], kind))

    def _editable(self, case: Case, pattern: re.Pattern[str]) -> list[tuple[int, re.Match[str]]]:
        taken = {i for i, *_ in case.planted}
        return [(i, m) for i, s in enumerate(case.sentences) if i not in taken and case.sku.title not in s
                for m in pattern.finditer(s)]

    def wrong_number(self, case: Case) -> bool:
        ground = self.ground[case.sku.sku_id]
        spots = [(i, m) for i, m in self._editable(case, _NUM_UNIT)
                 if "元" not in case.sentences[i][m.end():m.end() + 1]]
        if not spots:
            return False
        i, m = self.rng.choice(spots)
        old = float(m.group(1))
        for _ in range(10):
            new = _fmt(old * self.rng.choice([1.5, 2, 3, 0.5]) + self.rng.choice([0, 1, 2]))
            if new != m.group(1) and f"{new}{m.group(2)}" not in ground and not re.search(rf"(?<![\d.]){re.escape(new)}(?![\d.])", ground):
                break
        else:
            return False
        if "." not in new and self.rng.random() < 0.3:
            new = cn2an.an2cn(new)  # the host says it in words
        s = case.sentences[i]
        case.sentences[i] = s[: m.start(1)] + new + s[m.end(1):]
        case.planted.append((i, m.start(1), m.start(1) + len(new) + len(m.group(2)), "wrong_number"))
        return True

    def unit_swap(self, case: Case) -> bool:
        spots = [(i, m) for i, m in self._editable(case, _NUM_UNIT) if m.group(2) in _UNIT_SWAP]
        if not spots:
            return False
        i, m = self.rng.choice(spots)
        s, unit = case.sentences[i], _UNIT_SWAP[m.group(2)]
        case.sentences[i] = s[: m.start(2)] + unit + s[m.end(2):]
        case.planted.append((i, m.start(1), m.start(2) + len(unit), "unit_mismatch"))
        return True

    def wrong_price(self, case: Case) -> bool:
        ok = _supported_money(case.sku)
        spots = self._editable(case, re.compile(r"(\d+(?:\.\d+)?)元"))
        if not spots:
            return False
        i, m = self.rng.choice(spots)
        old = float(m.group(1))
        for _ in range(10):
            new = round(old * self.rng.choice([0.5, 0.8, 0.9, 1.2]) + self.rng.choice([-1, 0, 1]))
            if new > 0 and all(abs(new - v) > 0.01 for v in ok):
                break
        else:
            return False
        spoken = cn2an.an2cn(str(new)) if self.rng.random() < 0.3 else str(new)
        s = case.sentences[i]
        case.sentences[i] = s[: m.start(1)] + spoken + s[m.end(1):]
        case.planted.append((i, m.start(1), m.start(1) + len(spoken) + 1, "wrong_price"))
        return True

    def expired_offer(self, case: Case) -> bool:
        ok = _supported_money(case.sku)
        old = [p for p in case.sku.promotions if not p.active(AT) and p.price is not None
               and all(abs(float(p.price) - v) > 0.01 for v in ok)]
        if not old:
            return False
        p = self.rng.choice(old)
        prefix = self.rng.choice(["现在下单还是", "今天还能按", "跟大家说，到手价"])
        price = f"{_fmt(float(p.price))}元"
        self.insert(case, f"{prefix}{price}。", (len(prefix), len(prefix) + len(price)), "expired_offer")
        return True

    def invented_cert(self, case: Case) -> bool:
        mine = "".join(case.sku.certifications) + self.ground[case.sku.sku_id]
        others = [c for s in self.kb.skus for c in s.certifications if s.sku_id != case.sku.sku_id]
        pool = [c for c in _CERT_POOL + others if c not in mine and c[:2] not in mine]
        if not pool:
            return False
        cert = self.rng.choice(pool)
        prefix = self.rng.choice(["这款还通过了", "而且拿到了", "这款产品有"])
        self.insert(case, f"{prefix}{cert}，大家放心。", (len(prefix), len(prefix) + len(cert)), "invented_certification")
        return True

    def other_attribute(self, case: Case) -> bool:
        ground = self.ground[case.sku.sku_id]
        cands = [(s, a) for s in self.kb.skus if s.sku_id != case.sku.sku_id for a in s.attributes
                 if a.text not in ground and not (a.unit and re.search(rf"(?<![\d.]){re.escape(a.value)}(?![\d.])", ground))
                 and len(a.text) >= 2 and a.value not in {"支持", "是"}]
        if not cands:
            return False
        _, a = self.rng.choice(cands)
        lead = self.rng.choice(["它的", "", "这款的"])
        claim = f"{a.key}{self.rng.choice(['是', '用的是'])}{a.text}"
        self.insert(case, f"{lead}{claim}。", (len(lead), len(lead) + len(claim)), "other_sku")
        return True

    def fake_scarcity(self, case: Case) -> bool:
        stocks = {p.stock_limit for p in case.sku.active_promotions(AT)}
        n = self.rng.choice([3, 5, 8, 10, 20, 30])
        if n in stocks:
            return False
        if self.rng.random() < 0.5 or any(p.ends_at.date() == AT.date() for p in case.sku.active_promotions(AT)):
            prefix = self.rng.choice(["现在", "后台", "库存"])
            claim = f"仅剩{n}件"
            self.insert(case, f"{prefix}{claim}了，抓紧。", (len(prefix), len(prefix) + len(claim)), "fake_scarcity")
        else:
            claim = "今晚12点截止"
            self.insert(case, f"活动{claim}，别错过。", (2, 2 + len(claim)), "fake_scarcity")
        return True

    def banned(self, case: Case) -> bool:
        phrase = self.rng.choice(_BANNED)
        start = phrase.index("[")
        term_len = phrase.index("]") - start - 1
        plain = phrase.replace("[", "").replace("]", "")
        taken = {i for i, *_ in case.planted}
        free = [i for i in range(len(case.sentences)) if i not in taken]
        if not free or self.rng.random() < 0.5:
            self.insert(case, f"{plain}，真的值得入手。", (start, start + term_len), "banned")
        else:
            i = self.rng.choice(free)
            case.sentences[i] = f"{plain}，{case.sentences[i]}"
            case.planted.append((i, start, start + term_len, "banned"))
        return True

    def paraphrase(self, case: Case) -> None:
        """Clean rewrites: Chinese numerals for KB numbers and allowed 最/第一 contexts."""
        for i, s in enumerate(case.sentences):
            m = _NUM_UNIT.search(s)
            if m and "." not in m.group(1) and int(m.group(1)) < 100000 and self.rng.random() < 0.3 \
                    and case.sku.title not in s and not any(j == i for j, *_ in case.planted):
                case.sentences[i] = s[: m.start(1)] + cn2an.an2cn(m.group(1)) + s[m.end(1):]
        for _ in range(self.rng.choice([1, 2])):
            self.insert_clean(case, self.rng.choice(_CONTROLS))

    def insert_clean(self, case: Case, sentence: str) -> None:
        at = self.rng.randrange(1, len(case.sentences) + 1)
        case.sentences.insert(at, sentence)
        case.planted = [(i + (i >= at), s, e, k) for i, s, e, k in case.planted]


def _best_time(verifier: Verifier, lexicon, sku_id: str, text: str) -> float:
    """Seconds to check ``text``, best of three."""
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        check_script_text(text, sku_id, verifier, AT, lexicon)
        times.append(time.perf_counter() - t0)
    return min(times)


def _linearity(verifier: Verifier, lexicon, sku_id: str) -> tuple[float, float, float, float]:
    """How the check's time grows with the text, side by side (a ratio of about 4 is linear): 4x a well-formed
    script over 1x, and the hostile case, a run-on of spoken prices with no break at the library's length limit
    (20,000 characters) over a quarter of it; then that run-on's seconds, and those of 20,000 numerals alone (一一一…)."""
    lines = [f"家人们，这款{n % 9 + 2}升的锅今天只要{199 + n}元，{n % 12 + 1}月{n % 28 + 1}日前下单，"
             f"限量{50 + n}台，功率{800 + n}瓦，加热{n % 30 + 5}分钟" for n in range(80)]
    short = "\n".join(lines)
    _best_time(verifier, lexicon, sku_id, short)  # warm the caches
    scripts = _best_time(verifier, lexicon, sku_id, "\n".join(lines * 4)) / _best_time(verifier, lexicon, sku_id, short)
    runon = ("一百二十三块五毛" * 2500)[:20_000]
    runon_s = _best_time(verifier, lexicon, sku_id, runon)
    numerals_s = _best_time(verifier, lexicon, sku_id, "一" * 20_000)
    return scripts, runon_s / _best_time(verifier, lexicon, sku_id, runon[:5_000]), runon_s, numerals_s


def main() -> None:
    kb = import_kb(ROOT / "assets" / "kb" / "sample_kb.json").kb
    lexicon = load_lexicon()
    verifier = Verifier(kb)
    rng = random.Random(20261205)
    generate_script(kb, kb.skus[0].sku_id, at=AT, verifier=verifier, lexicon=lexicon)  # warm caches

    t0 = time.perf_counter()
    base: list[tuple[Sku, str]] = []
    for sku in kb.skus:
        for style, seconds in STYLES:
            for seed in range(2):
                result = generate_script(kb, sku.sku_id, style=style, seconds=seconds, at=AT, seed=seed,
                                         verifier=verifier, lexicon=lexicon)
                base.append((sku, result.script.text))
    elapsed = time.perf_counter() - t0
    scripts_per_s = len(base) / elapsed
    faithful = sum(1 for sku, text in base if not check_script_text(text, sku.sku_id, verifier, AT, lexicon))

    planter = Planter(kb, rng)
    claim_plants = [planter.wrong_number, planter.unit_swap, planter.wrong_price, planter.expired_offer,
                    planter.invented_cert, planter.other_attribute, planter.fake_scarcity]
    cases: list[Case] = []
    for sku, text in base:
        control = Case(sku, text.split("\n"))
        planter.paraphrase(control)
        cases.append(control)
        for _ in range(3):
            case = Case(sku, text.split("\n"))
            for plant in rng.sample(claim_plants, rng.choice([1, 2, 3])):
                plant(case)
            for _ in range(rng.choice([0, 1, 2])):
                planter.banned(case)
            planter.paraphrase(case)
            if case.planted:
                cases.append(case)

    tp_c = fp_c = fn_c = tp_b = fp_b = fn_b = 0
    by_kind: dict[str, list[int]] = {}
    for case in cases:
        text, spans = case.text_and_spans()
        sku = verifier.sku(case.sku.sku_id)
        claims = [f for f in verifier.verify(text, sku.sku_id, AT)]
        banned = check_compliance(text, lexicon, category=sku.category, protected=protected_terms(sku),
                                  scarcity_backed=scarcity_backed(sku, AT))
        claim_spans = [(s, e) for s, e, k in spans if k != "banned"]
        banned_spans = [(s, e) for s, e, k in spans if k == "banned"]
        for s, e, k in spans:
            found = any(overlaps((s, e), (f.start, f.end)) for f in (banned if k == "banned" else claims))
            by_kind.setdefault(k, [0, 0])[0 if found else 1] += 1
            if k == "banned":
                tp_b += found
                fn_b += not found
            else:
                tp_c += found
                fn_c += not found
        for f in claims:
            if not any(overlaps((f.start, f.end), sp) for sp in claim_spans + banned_spans):
                fp_c += 1
                if "-v" in sys.argv:
                    print("FP claim", case.sku.sku_id, f.kind, repr(f.text), f.reason,
                          repr(text[max(0, f.start - 15):f.end + 15]), file=sys.stderr)
        for f in banned:
            if not any(overlaps((f.start, f.end), sp) for sp in banned_spans + claim_spans):
                fp_b += 1
                if "-v" in sys.argv:
                    print("FP banned", case.sku.sku_id, repr(f.text), repr(text[max(0, f.start - 15):f.end + 15]), file=sys.stderr)
        if "-v" in sys.argv:
            for s, e, k in spans:
                if not any(overlaps((s, e), (f.start, f.end)) for f in (banned if k == "banned" else claims)):
                    print("MISS", case.sku.sku_id, k, repr(text[s:e]), repr(text[max(0, s - 12):e + 12]), file=sys.stderr)

    linear, runon_ratio, runon_s, numerals_s = _linearity(verifier, lexicon, kb.skus[0].sku_id)
    dev = score(embedded_checker(forbidden=default_forbidden(), second_look=default_second_look()), load_passages())
    for key, value in dev.items():
        if "." in key:
            print(f"  dev {key:36s} {value:.3f}")

    n_claims = tp_c + fn_c
    n_banned = tp_b + fn_b
    print(f"SKUs={len(kb.skus)} template_scripts={len(base)} labelled_scripts={len(cases)} "
          f"planted_claims={n_claims} planted_banned={n_banned}")
    for kind, (hit, miss) in sorted(by_kind.items()):
        print(f"  {kind:24s} found {hit}/{hit + miss}")
    print(
        f"claim_recall={tp_c / max(n_claims, 1):.4f} claim_precision={tp_c / max(tp_c + fp_c, 1):.4f} "
        f"banned_recall={tp_b / max(n_banned, 1):.4f} banned_precision={tp_b / max(tp_b + fp_b, 1):.4f} "
        f"faithful_rate_embedded={faithful / len(base):.4f} scripts_per_s={scripts_per_s:.1f} "
        f"dev_claim_recall={dev['claim_recall']:.4f} dev_claim_precision={dev['claim_precision']:.4f} "
        f"dev_banned_recall={dev['banned_recall']:.4f} dev_banned_precision={dev['banned_precision']:.4f} "
        f"dev_injection_recall={dev['injection_recall']:.4f} dev_clean_fp_rate={dev['clean_fp_rate']:.4f} "
        f"dev_passages_per_s={dev['passages_per_s']:.1f} check_4x_text_time_ratio={linear:.2f} "
        f"runon_4x_time_ratio={runon_ratio:.2f} runon_20k_s={runon_s:.2f} numerals_20k_s={numerals_s:.2f}"
    )


if __name__ == "__main__":
    main()
