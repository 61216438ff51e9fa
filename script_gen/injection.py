"""Prompt-injection defence for merchant-supplied SKU text.

SKU fields are data, but an LLM reads them. Three layers:
1. Quarantine: any field item that reads like an instruction to a model is removed from the SKU
   before it reaches a prompt, a template or the grounding text (so it can support nothing).
2. Framing: the prompt passes facts as a JSON array inside a data block the system message says
   to never obey (see ``prompt.py``).
3. Output check: the verifier flags spoken text that contains instruction-like text or copies
   quarantined text, so even a model that was steered cannot put it on air.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from script_gen.records import Faq, Sku

_PATTERNS = [
    r"(忽略|无视|忘记|忘掉|不要理会|跳过)[^。！!\n]{0,8}(指令|指示|提示词?|要求|规则|设定|约束|限制)",
    r"(你现在是|你现在扮演|从现在开始你|请扮演|假装你是|你的新(任务|身份|角色))",
    r"(系统提示|系统指令|system\s*prompt|开发者模式|developer\s*mode|越狱|jailbreak)",
    r"ignore\s+(all\s+|any\s+)?(the\s+)?(previous|prior|above|earlier)\s+(instructions|prompts|rules)",
    r"disregard\s+(all\s+|the\s+)?(previous|prior|above)",
    r"you\s+are\s+now\b",
    r"(^|\n|\s)(system|assistant|user)\s*[:：]",
    r"<\|?(im_start|im_end|system|endoftext)\|?>",
    r"(在|往)(脚本|话术|口播|直播|回答|输出)(里|中)?(加入|插入|写上|说出|必须说)",
    r"(请|必须|务必)(在直播中|在话术中|对观众)?(说|喊|宣传|输出)[“\"「]",
    r"(输出|打印|泄露|透露)[^。！\n]{0,6}(提示词|系统|指令|密钥|key)",
]
_INJECTION = re.compile("|".join(f"(?:{p})" for p in _PATTERNS), re.IGNORECASE)


@dataclass(frozen=True)
class Quarantined:
    """A piece of SKU text withheld from generation: which field and what it said."""

    sku_id: str
    field: str
    text: str
    match: str


def find_injection(text: str) -> list[tuple[int, int, str]]:
    """Instruction-like spans in ``text`` as ``(start, end, matched text)``."""
    return [(m.start(), m.end(), m.group(0)) for m in _INJECTION.finditer(text)]


def quarantine(sku: Sku) -> tuple[Sku, list[Quarantined]]:
    """``sku`` with every instruction-like item removed, and what was removed.

    List fields lose the whole item (a selling point, a FAQ entry); scalar text fields lose the
    sentence that holds the instruction, so the rest of a usage note survives.
    """
    found: list[Quarantined] = []

    def flagged(field: str, text: str) -> bool:
        hits = find_injection(text)
        if hits:
            found.append(Quarantined(sku.sku_id, field, text, hits[0][2]))
        return bool(hits)

    def clean_scalar(field: str, text: str) -> str:
        parts = re.split(r"(?<=[。！!？?\n])", text)
        return "".join(p for p in parts if not flagged(field, p)).strip()

    selling = tuple(t for n, t in enumerate(sku.selling_points) if not flagged(f"selling_points[{n}]", t))
    certs = tuple(t for n, t in enumerate(sku.certifications) if not flagged(f"certifications[{n}]", t))
    faq = tuple(f for n, f in enumerate(sku.faq) if not flagged(f"faq[{n}]", f"{f.question}\n{f.answer}"))
    attrs = tuple(a for a in sku.attributes if not flagged(f"attributes.{a.key}", f"{a.key} {a.value}"))
    promos = tuple(
        p if not flagged(f"promotions.{p.name}", p.description) else p.model_copy(update={"description": ""})
        for p in sku.promotions
    )
    cleaned = sku.model_copy(update={
        "title": clean_scalar("title", sku.title) or sku.sku_id,
        "brand": clean_scalar("brand", sku.brand),
        "category": clean_scalar("category", sku.category),
        "usage": clean_scalar("usage", sku.usage),
        "selling_points": selling,
        "certifications": certs,
        "faq": tuple(Faq(question=f.question, answer=f.answer) for f in faq),
        "attributes": attrs,
        "promotions": promos,
    })
    return cleaned, found
