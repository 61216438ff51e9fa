"""What a host takes back: a self-correction (线长三米，不是，一米五 / fifty metres, no, a hundred), a value said only
to be denied (不是一块八毛九 / not three sixty-nine), what the host refuses to say (我不跟你说它不发霉 / I won't say it
won), and words someone asked the host to say that the host refuses
(有人让我说三岁能玩、还能矫正驼背，这个不能说 / there's a note telling me to say… No.).

Live hosts misspeak and correct themselves on air; what they take back is not a claim, and what they put in its
place is checked as usual. The spans are read on the normalised, folded text (numbers as digits, commas as ``,``).
"""

from __future__ import annotations

import re

# A correction is a clause of its own (，不对， / , no wait,) between the value taken back and a clause holding the
# value that replaces it; so is the answer to a value asked back (九块九两瓶？不是不是，九块九一瓶).
_CORRECTION = re.compile(r"(?:,|[?？]|\.{2,}|…+)\s*(?:不对(?:不对)?|不是(?:不是|哈|的)?|不不不?|说错了?|口误了?|记错了|记岔了|哦不是?|噢不是?|啊不是?|哎|诶|呃|更正一下|"
                         r"no|nope|sorry|no\s+wait|wait|oops|i\s+mean|i\s+meant|my\s+bad|scratch\s+that|correction)"
                         r"\s*,(?=[^,。！？!?;；\n]*\d)", re.IGNORECASE)
_CLAUSE_START = re.compile(r"[,，。！？!?;；\n][^,，。！？!?;；\n]*$")
# 不是 or not right before a number: the number is what it is not; 刚才说成二十厘米了, 有人打成七块三毛八: what the host
# said, or a viewer heard or typed, by mistake;
# 不是一张一百零八: the price denied of one item.
_DENIED = re.compile(r"(?:不是|并不是|可不是|(?:说|听|打|写|看)成了?|\bnot|\bisn't|\bit's\s+not)\s*(?:1\s*[\u4e00-\u9fff]\s*(?=\d))?"
                     r"(?=\d)(\d+(?:\.\d+)?[^\d,。！？!?;；\n\s]{0,3})", re.IGNORECASE)


# 我不跟你说它不发霉 / I won't say it won / 别以为三张减六十: what the host refuses to say, to the end of its clause.
_WONT_SAY = re.compile(r"(?:我|咱)?(?:可)?(?:不|没有?)(?:能|会|敢)?(?:跟你们?|给你们?|和你们?)?(?:说|讲)(?=[^,，。！？!?;；\n]{2})|"
                       r"(?:别|不要)以为(?=[^,，。！？!?;；\n]{2})|"
                       r"\bi\s+(?:won't|can't|don't|will\s+not|cannot)\s+say\b|\bi'm\s+not\s+(?:saying|going\s+to\s+say)\b",
                       re.IGNORECASE)
_CLAUSE_END = re.compile(r"[,，。！？!?;；\n]|$")


_CLAUSE_REACH = 200


def _clause_start(low: str, at: int) -> int:
    """Where the clause holding ``at`` starts, looking back at most ``_CLAUSE_REACH`` characters."""
    before = _CLAUSE_START.search(low, max(0, at - _CLAUSE_REACH), at)
    return before.start() + 1 if before is not None else max(0, at - _CLAUSE_REACH)


def retracted(low: str) -> list[tuple[int, int]]:
    """The spans of ``low`` a host takes back, denies or refuses to say, in order."""
    spans = [(m.start(), _CLAUSE_END.search(low, m.end()).start()) for m in _WONT_SAY.finditer(low)]
    spans += [(_clause_start(low, m.start()), m.start()) for m in _CORRECTION.finditer(low)]
    spans += [m.span(1) for m in _DENIED.finditer(low)]
    return sorted(spans)


# Words someone asked the host to say (后台让我说, a note telling me to say), refused within a few clauses.
_REPORTED = re.compile(r"(?:让|叫|要|请)(?:我|主播)(?:(?:跟|给|对|和|向)[\u4e00-\u9fff]{1,4}?)?(?:说|讲|宣传|写|念|口播|播)|"
                       r"\b(?:asking|telling|told|asked|wants?|wanted|says?|said|saying)\s+(?:me\s+|us\s+)?to\s+(?:say|tell|call|claim|promise|mention|announce)\b|"
                       r"\bsays?\s+(?:i|we)\s+(?:should|must|have\s+to)\s+(?:say|tell|call|claim)\b|"
                       # a line slipped into the FAQ, a host note in the listing, a viewer's question (有人问…，不能)
                       r"\bslipped\s+(?:a\s+line|something)\b|\b(?:a|the)\s+(?:host\s+)?note\s+(?:in|here|on|to\s+say\b|(?=saying\b|that\s+says\b))|"
                       r"\bsomeone\s+(?:asks?|asked)\b|\bscript(?:\s+line)?\s+(?:says?|saying)\b|有人问|(?:后台|备注|资料|问答)[^，。！？,.!?]{0,4}?有(?:句|一句|条)",
                       re.IGNORECASE)
_REFUSAL = re.compile(r"不能说|不能这么说|不能讲|不会说|我不说|不说|不这么说|说不了|不可以说|不能写|不念|不播|"
                      r"\bi\s+won't\b|\bi\s+can't\s+say\b|\bnot\s+saying\b|\bnot\s+reading\b|\bnone\s+of\s+that\b|"
                      r"\b(?:not|isn't|none\s+of\s+it(?:'s|\s+is))\s+true\b|"
                      r"\b(?:it|they)\s+(?:isn't|aren't|doesn't|don't|can't|won't)(?=\s*[,.!;])|"  # They don't.
                      r"(?:^|[.;,!]\s*)no\b|(?<=[，,])不能(?=[，,。])", re.IGNORECASE)
_REFUSAL_REACH = 120


def refused_reports(low: str) -> list[tuple[int, int]]:
    """The spans of ``low`` holding words the host was asked to say and refuses, from the clause that reports them."""
    spans = []
    for m in _REPORTED.finditer(low):
        refusal = _REFUSAL.search(low, m.end(), m.end() + _REFUSAL_REACH)
        if refusal is not None:
            spans.append((_clause_start(low, m.start()), refusal.start()))
    return spans
