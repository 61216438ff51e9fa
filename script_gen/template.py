"""The embedded template generator: works offline with no model.

A content planner picks which KB facts fill each section (merchant order for selling points, then
attributes, usage and FAQ for longer loops) and a surface realiser phrases them with varied,
hand-written spoken templates chosen by the seed, so two variants of one SKU read differently.
Every template is free of numbers, comparisons and absolute terms of its own: all claims come from
KB text or slots, so the output is faithful and compliant by construction (and checked anyway).
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from typing import Any

from script_gen.backend import DraftRequest
from script_gen.compliance import check_compliance, protected_terms
from script_gen.plan import SECTION_EMOTION

_HOOK = [
    "欢迎刚进直播间的朋友，今天给大家带来{title}。",
    "新进来的朋友先别走，{brand}的{short}给大家安排上了。",
    "各位朋友大家好，接下来这款是{title}。",
    "来，大家看过来，这款{title}今天有福利。",
    "刚点进来的朋友看一下，今天要讲的是{title}。",
]
_HOOK_CALL = ["您好，打扰您一下，这里是{brand}，想跟您简单介绍一下{title}。",
              "您好，我是{brand}的客服，给您介绍一款{short}。"]
_PAIN = ["很多朋友都问过我：{q}", "选{short}的时候，大家是不是也纠结过：{q}", "不少朋友关心这个问题：{q}"]
_PAIN_FALLBACK = ["家里选{short}，大家在意的无非是好不好用、省不省心。",
                  "买{short}之前，很多朋友都怕买回去不好用。"]
_SP = ["{s}。", "大家注意看，{s}。", "这一点很实在，{s}。", "跟大家说一下，{s}。", "重点来了，{s}。"]
_SP_ORDINAL = ["首先，{s}。", "其次，{s}。", "还有，{s}。", "另外，{s}。", "再说一点，{s}。"]
_ATTR = ["给大家报一下参数，{key}是{value}。", "它的{key}是{value}。", "{key}方面，是{value}。"]
_USAGE = ["用法也简单：{u}", "说一下怎么用：{u}"]
_TRUST_CERT = ["这款产品有{cert}，大家可以放心。", "{brand}这款有{cert}，详情页都可以查看。"]
_TRUST_BRAND = ["这是{brand}家的{short}，参数信息详情页都写得清清楚楚。"]
_OFFER = {
    "save": ["日常价{日常价}，今天{活动名}到手价{到手价}，直接省{立省}。",
             "{活动名}，日常卖{日常价}，今天到手只要{到手价}。"],
    "price": ["今天直播间到手价{到手价}。", "{活动名}，到手价{到手价}。"],
    "none": ["这款日常价{日常价}，大家按需下单。"],
}
_OFFER_NOTE = ["另外，{活动说明}。", "还有一个福利：{活动说明}。"]
_PUSH_STOCK = ["这次活动限量{限量}，想要的朋友抓紧下单。", "活动名额限量{限量}，先到先得。"]
_PUSH_DEADLINE = ["活动{截止}结束，需要的朋友抓紧时间。", "提醒一下，活动到{截止}结束。"]
_PUSH_PLAIN = ["想要的朋友现在点下方购物车就可以下单。"]
_INTERACT = ["想要的朋友在评论区扣1。", "有问题可以打在公屏上，我一个个回答。",
             "用过{short}的朋友也可以在评论区说说感受。"]
_INTERACT_FAQ = ["有朋友问{q}{a}", "刚才有人问{q}{a}"]
_INTERACT_CALL = ["您看需要我把链接发给您吗？", "您这边方便的话，我把活动详情发给您看看？"]
_INTERACT_SHORT = ["喜欢的话点击下方链接就能下单。"]
_TRANSITION = ["好，{title}就先说到这里，下一款马上来。", "这款先介绍到这，想要的抓紧拍，接下来看下一款。"]
_LOOP = ["刚进来的朋友不要急，这款{short}我们再讲一遍。", "新来的朋友没听到的，我再给大家过一遍这款{short}。"]


PHRASINGS: dict[str, tuple[str, list[str]]] = {
    "hook": ("hook", _HOOK), "hook_call": ("hook", _HOOK_CALL), "pain": ("pain_point", _PAIN),
    "pain_fallback": ("pain_point", _PAIN_FALLBACK), "sp": ("selling_point", _SP),
    "sp_ordinal": ("selling_point", _SP_ORDINAL), "attr": ("selling_point", _ATTR),
    "usage": ("selling_point", _USAGE), "trust_cert": ("trust", _TRUST_CERT), "trust_brand": ("trust", _TRUST_BRAND),
    "offer_save": ("offer", _OFFER["save"]), "offer_price": ("offer", _OFFER["price"]),
    "offer_none": ("offer", _OFFER["none"]), "offer_note": ("offer", _OFFER_NOTE), "push_stock": ("push", _PUSH_STOCK),
    "push_deadline": ("push", _PUSH_DEADLINE), "push_plain": ("push", _PUSH_PLAIN), "interact": ("interaction", _INTERACT),
    "interact_faq": ("interaction", _INTERACT_FAQ), "interact_call": ("interaction", _INTERACT_CALL),
    "interact_short": ("interaction", _INTERACT_SHORT), "transition": ("transition", _TRANSITION),
    "loop": ("transition", _LOOP),
}
"""Pool name -> (the section it writes, its phrasings): what learned weights (``phrasing_weights``) refer to.
``sp_ordinal`` is listed so that ordinal sentences are recognised as such; it is positional, never drawn."""


def _short(category: str, title: str) -> str:
    return category.split("/")[-1] if category else title


class TemplateBackend:
    """Deterministic per (sku, seed, attempt); ``name`` is ``template``.

    ``phrasing_weights`` (pool name -> one weight per phrasing of :data:`PHRASINGS`, learned from what
    sold on air) makes the phrasings that converted more likely; a pool without weights is drawn
    uniformly, exactly as without learning. Every phrasing stays possible, and all are faithful and
    compliant by construction, so learning changes which words air, never what they claim.
    """

    name = "template"

    def __init__(self, phrasing_weights: Mapping[str, Sequence[float]] | None = None) -> None:
        self.weights = {k: list(w) for k, w in (phrasing_weights or {}).items()
                        if k in PHRASINGS and len(w) == len(PHRASINGS[k][1]) and sum(w) > 0
                        and min(w) >= 0}

    def draft(self, request: DraftRequest) -> list[dict[str, Any]]:
        sku = request.sku
        rng = random.Random(f"{sku.sku_id}:{request.seed}:{request.attempt}")
        weights = self.weights

        def pick(pool: str) -> str:
            options = PHRASINGS[pool][1]
            return rng.choices(options, weights[pool])[0] if pool in weights else rng.choice(options)
        protected = protected_terms(sku)
        forbidden = [f for f in sku.forbidden_claims if f]

        def safe(text: str) -> bool:
            return bool(text) and not any(f in text for f in forbidden) and not check_compliance(
                text, request.lexicon, category=sku.category, protected=protected)

        facts = request.facts
        sps = [f for f in facts if f.kind == "selling_point" and safe(f.text)]
        attrs = [a for a in sku.attributes if a.value not in {"支持", "不支持", "是", "否"}
                 and safe(f"{a.key}是{a.text}")]
        faqs = [f for f in sku.faq if safe(f.question + f.answer)]
        certs = [c for c in sku.certifications if safe(c)]
        usage = sku.usage if safe(sku.usage) else ""
        ctx = {"title": sku.title, "brand": sku.brand or sku.title, "short": _short(sku.category, sku.title)}
        slots = request.plan.slots
        style = request.plan.style
        # Content units cycle, so a long loop re-covers the facts in new words instead of stopping.
        content: list[tuple[str, str]] = [(f.text.rstrip("。！!"), f.fact_id) for f in sps]
        content += [(f"{a.key}|{a.text}", f"{sku.sku_id}#attr:{a.key}") for a in attrs]
        if usage:
            content.append((usage, f"{sku.sku_id}#usage"))
        cursor = {"content": 0, "faq": 0}

        def take(kind: str, items: list, n: int) -> list:
            if not items:
                return []
            out = [items[(cursor[kind] + k) % len(items)] for k in range(min(n, len(items)))]
            cursor[kind] += len(out)
            return out

        def realise(unit: tuple[str, str], n: int, ordinal: bool) -> str:
            text, ref = unit
            if ref.endswith("#usage"):
                return pick("usage").format(u=text)
            if "#attr:" in ref:
                key, value = text.split("|", 1)
                return pick("attr").format(key=key, value=value)
            return (_SP_ORDINAL[min(n, len(_SP_ORDINAL) - 1)] if ordinal else pick("sp")).format(s=text)

        hook_pool = "hook_call" if style == "outbound_call" else "hook"
        hooks = list(PHRASINGS[hook_pool][1])
        if hook_pool in weights:  # the likeliest winners first, each at most once, in a weighted random order
            keys = [rng.random() ** (1.0 / w) if w > 0 else 0.0 for w in weights[hook_pool]]
            hooks = [h for _, h in sorted(zip(keys, hooks), key=lambda kv: -kv[0])]
        else:
            rng.shuffle(hooks)
        sections = []
        for plan in request.plan.sections:
            lines: list[tuple[str, list[str]]] = []
            want = plan.sentences
            sec = plan.section
            if sec == "hook":
                for _ in range(want):
                    lines.append((hooks[len(sections) % len(hooks)].format(**ctx), [f"{sku.sku_id}#title"]))
            elif sec == "pain_point":
                if faqs:
                    f = take("faq", faqs, 1)[0]
                    lines.append((pick("pain").format(q=f.question, **ctx), []))
                else:
                    lines.append((pick("pain_fallback").format(**ctx), []))
            elif sec == "selling_point":
                ordinal = rng.random() < 0.5
                for n, unit in enumerate(take("content", content, want)):
                    lines.append((realise(unit, n, ordinal), [unit[1]]))
            elif sec == "trust":
                for cert in rng.sample(certs, min(want, len(certs))):
                    lines.append((pick("trust_cert").format(cert=cert, **ctx), [f"{sku.sku_id}#cert:{sku.certifications.index(cert)}"]))
                if not lines and sku.brand:
                    lines.append((pick("trust_brand").format(**ctx), [f"{sku.sku_id}#brand"]))
            elif sec == "offer":
                kind = "save" if "立省" in slots else "price" if "到手价" in slots else "none"
                lines.append((pick(f"offer_{kind}"), [f"{sku.sku_id}#price"]))
                if "活动说明" in slots and want > 1 and safe(slots["活动说明"]):
                    lines.append((pick("offer_note"), [f"{sku.sku_id}#price"]))
            elif sec == "push":
                if "限量" in slots:
                    lines.append((pick("push_stock"), [f"{sku.sku_id}#price"]))
                if "截止" in slots and len(lines) < want:
                    lines.append((pick("push_deadline"), [f"{sku.sku_id}#price"]))
                if not lines:
                    lines.append((pick("push_plain"), []))
            elif sec == "interaction":
                if style == "outbound_call":
                    lines.append((pick("interact_call"), []))
                elif style == "short_video":
                    lines.append((pick("interact_short"), []))
                else:
                    lines.append((pick("interact").format(**ctx), []))
                    for f in take("faq", faqs, want - 1):
                        lines.append((pick("interact_faq").format(q=f.question, a=f.answer), [f"{sku.sku_id}#faq:{sku.faq.index(f)}"]))
            elif sec == "transition":
                last = plan is request.plan.sections[-1]
                lines.append((pick("transition" if last else "loop").format(**ctx), []))
            if not lines:
                continue
            sections.append({
                "section": sec,
                "variant_id": f"tpl-{sec}-{rng.randrange(10**6):06d}",
                "sentences": [{"text": t, "emotion": SECTION_EMOTION[sec], "fact_refs": refs} for t, refs in lines],
            })
        return sections

