"""Gifts and extras a host promises (再送一个保护套, 还带一个小夜灯): each must be in the SKU's facts or a
running offer. Hosts add freebies to close a sale; an invented one is a false offer (虚假宣传)."""

from __future__ import annotations

import re

_GIFT = re.compile(
    # 买二送一嘛, 买一送一的均价: 送 after 买N is the rule's own, not a gift; 跟白送一样 and 不送东西 promise none
    r"(?:(?:再|还|另外|额外|加|免费|都|会|就|也)?(?<!买[一二两三四五六七八九十\d])(?<![白不没])(?:送|赠送?|附赠|加赠)|(?:还|也|都|自)带(?:了|有)?)"
    r"(?!到|货|达|完|给|人|礼|出|去|回|来|你|大家|家人|的|得|不|上|走|着|娃|专业|修|洗|检)"  # 送专业干洗, 送修: sent out
    # 送长辈, 送爸妈送领导都行, 送谁谁喜欢, 送满月礼: a present for someone, not a freebie; 买二送一算下来: the rule, then a sum
    r"(?![一两二三几\d]?[家个位]?(?:长辈|爸|妈|父母|老人|领导|朋友|亲戚|亲友|客户|老师|女朋友|男朋友|老婆|老公|孩子|闺蜜|同事|对象|婆婆"
    r"|岳父|岳母|自己|谁|满月|百天|周岁|生日|年礼|节礼))"
    r"(?![一二两三四五\d]?(?:算|相当于|等于|就是|下来|也就))(?P<item>[^,，。！？!?\n；;:：]{1,16})"
)
# 送糖尿病老人正好, 送保健品实在, 就送这个: what is fit to give as a present, said as an opinion, is no freebie
_PRESENT_SAID = re.compile(r"正好|合适|实在|体面|有面子|拿得出手|都行|挺好|最好|^(?:这个|那个|这款|这套)")
_COUNT = re.compile(r"^(?:\d+(?:\.\d+)?|[一两二三四五六七八九十几]+)[\u4e00-\u9fff]?")
_TAIL = re.compile(r"(?:给|让|哦|哈|啊|呢|吧|了|呀|啦|噢|，).*$")


def gift_items(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, head)`` of every promised gift or extra in normalised ``text``; ``head`` is the
    thing itself (保护套 of 一个原装保护套), at least two characters, for looking up in the KB."""
    out = []
    for m in _GIFT.finditer(text):
        if _PRESENT_SAID.search(m.group("item")):
            continue
        item = _TAIL.sub("", m.group("item"))
        end = m.start("item") + len(item)
        while (count := _COUNT.match(item)) and count.end() < len(item):
            if count.end() == len(item) - 1 and re.fullmatch(r"[\u4e00-\u9fff]", item[-1]):
                item = item[count.end() - 1:]  # 两罐气: a one-character thing keeps its measure word (罐气)
                break
            item = item[count.end():]
        head = item.rsplit("的", 1)[-1]
        if len(head) >= 2 and re.search(r"[\u4e00-\u9fff]{2}$", head):
            out.append((m.start(), end, head))
    return out


# we'll throw in a free comb, a free teething ring goes in every box, matching socks come free: a freebie in English
_NOUN_EN = r"[a-z][a-z-]*(?:\s+(?:of\s+)?(?!(?:goes|go|comes?|with|in|for|and|if|when|to|on|every|each|is|are|too|as)\b)[a-z][a-z-]*){0,3}"
_GIFT_EN = re.compile(rf"\b(?:we|i)(?:'ll|\s+will|'re\s+going\s+to)?\s+(?:also\s+|still\s+|even\s+)?(?:throw|chuck|toss|bung|pop)\s+in\s+"
                      rf"(?:an?|one|1|some)\s+(?:free\s+|extra\s+|bonus\s+)?(?P<a>{_NOUN_EN})"
                      rf"|\b(?:an?|one|1)\s+free\s+(?P<b>{_NOUN_EN})|\b(?P<c>[a-z][a-z-]*)\s+(?:comes?|goes|go)\s+(?:in\s+)?free\b"
                      rf"|\bfree\s+(?P<d>gifts?)\b")
# the third comes free, a free one, throw in a second bag: the free item of a multi-buy rule, not a gift; free
# shipping is no thing in the box
_RULE_ITEM_EN = re.compile(r"(?:one|1|second|third|fourth|2nd|3rd|4th|another|extra|more|nothing|shipping|delivery|postage|"
                           r"returns?)\b")
_ORDINAL_BEFORE_EN = re.compile(r"\b(?:second|third|fourth|2nd|3rd|4th|another|extra)\s+$")
_DENIED_EN = re.compile(r"\b(?:no|not|never|without|don't|doesn't|isn't|aren't|won't|nothing|any)\b[^.;!?]{0,24}$")


def english_gifts(text: str) -> list[tuple[int, int]]:
    """Spans of the freebies an English host promises in lower-case ``text`` (not a multi-buy's free item, not denied)."""
    out = []
    for m in _GIFT_EN.finditer(text):
        item = next(g for g in m.groups() if g is not None)
        if _RULE_ITEM_EN.match(item) or _ORDINAL_BEFORE_EN.search(text, 0, m.start()) \
                or _DENIED_EN.search(text, max(0, m.start() - 40), m.start()):
            continue
        out.append(m.span())
    return out


# what a KB says when it gives anything with the product (赠, 附, 免费, 送; not 送人有面子: a present to give)
_GIFT_WORDS = re.compile(r"赠|附|免费|送(?![人礼给货到])|\b(?:free|bonus)\b")


def gives_gifts(kb_text: str) -> bool:
    """Whether a SKU's KB or offers give anything at all: an English freebie, which names no KB word, is checked only
    against a KB that gives none."""
    return bool(_GIFT_WORDS.search(kb_text))


_DENIED_BEFORE = re.compile(r"(?:没有|没|无|不含|不带|不送)[，,：:\s]?$")  # 不送，气罐需另购
_DENIED_AFTER = re.compile(r"[,，:：\s]*(?:无|没有|不含|否)(?![\u4e00-\u9fff])")


# Mandarin nominal suffixes: 枕头 is the 枕 of 记忆棉枕, 垫子 the 垫 of 防潮垫. A stem said alone must not be a
# measure word after a number (30袋), so a digit before it does not name the thing.
_NOUN_SUFFIX = re.compile(r"(?<=[\u4e00-\u9fff])[头子儿]$")


def grounded(head: str, text: str, comes_with: bool = False) -> bool:
    """The gift's last two characters (保护套 -> 护套), or the stem of a suffixed noun (枕头 -> 枕), are named in
    ``text`` at least once where the KB does not deny them: ``灯组,无`` and ``没有灯组`` name the thing only to
    say the SKU lacks it. With ``comes_with`` (the product's standing facts, not an offer), the KB must say it comes
    in the box (附擦银布, 包装清单：主机、电池): 电池 in 电池：4节5号 names what the product takes, not a battery given."""
    keys = [re.escape(head[-2:])]
    if _NOUN_SUFFIX.search(head):
        keys.append(rf"(?<![\d一二两三四五六七八九十几]){re.escape(head[-2])}(?!{re.escape(head[-1])})")
    return any(not _DENIED_BEFORE.search(text[max(0, m.start() - 3):m.start()]) and not _DENIED_AFTER.match(text, m.end())
               and (not comes_with or _COMES_WITH.search(text, max(0, m.start() - 12), m.start()))
               for key in keys for m in re.finditer(key, text))


_COMES_WITH = re.compile(r"含|附|赠|送|配|带|包括|包含|随|清单|套装|一套|\+|加|礼")
