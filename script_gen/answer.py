"""Answer a viewer's question on air from the KB (the live room's interrupt path).

Retrieval picks the SKU's best-matching fact; the answer is that fact's own words in a spoken frame,
checked like any script sentence. No match means the host says so instead of guessing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from core.errors import InputError
from script_gen.compliance import Lexicon
from script_gen.facts import Fact
from script_gen.generate import check_script_text
from script_gen.plan import slots_for
from script_gen.retrieve import FactIndex
from script_gen.verify import Verifier

_PRICE_QUESTION = re.compile(r"多少钱|价格|价钱|什么价|几块|多少米|优惠|到手价|便宜")
_NO_ANSWER = "这个问题我先记下来，稍后让客服给您准确答复。"


@dataclass(frozen=True)
class Answer:
    text: str
    fact: Fact | None
    score: float


def answer_question(index: FactIndex, verifier: Verifier, sku_id: str, question: str, at: datetime,
                    lexicon: Lexicon | None = None, min_score: float = 1.0) -> Answer:
    """A grounded spoken answer to ``question`` about ``sku_id``, or a safe holding line."""
    if not question.strip():
        raise InputError("the viewer question is empty")
    slots, _ = slots_for(verifier.sku(sku_id), at)
    if _PRICE_QUESTION.search(question):  # prices come from slots, never from retrieved text
        text = f"这款日常价{slots['日常价']}" + (f"，今天到手价{slots['到手价']}。" if "到手价" in slots else "。")
        return Answer(text, Fact(f"{sku_id}#price", sku_id, "price", text, "price"), 1.0)
    for fact, score in index.search(question, sku_id=sku_id, k=5,
                                    kinds=("faq", "attribute", "selling_point", "usage", "certification")):
        if score < min_score:
            break
        if fact.kind == "faq":
            text = f"有朋友问{fact.key}{fact.text[len(fact.key):]}"
        else:
            text = f"跟大家说一下，{fact.text.rstrip('。')}。"
        if not check_script_text(text, sku_id, verifier, at, lexicon):
            return Answer(text, fact, score)
    return Answer(_NO_ANSWER, None, 0.0)
