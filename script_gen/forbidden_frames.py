"""The frame a merchant's forbidden part is said in, and what a host's sentence must then also say.

A forbidden sentence rarely bans words; it bans a claim of a certain shape (不得宣称…):

- a **capability** (可以游泳, 可在零下30度使用, 帐篷内可用, 适合糖尿病人): broken only by a clause that says the
  case is fine (照样, 也能, 没事, 都行), never by one that names the case to rule it out (戴着游泳不行, 帐篷里千万别用)
  or to send the buyer elsewhere (要游泳选另一款);
- an **absolute** (100%防水, 完全无尘, 绝不侧漏, 绝对安全): broken only when the host says it absolutely
  (百分之百不透水, 一点粉尘都没有, 怎么翻身都不会侧漏), so the product's own plain fact (防水等级IPX4) stays sayable;
- a **figure** (抑菌率99%, 省电90%, 保温24小时, 零下30度): broken by the same value said in any numerals and
  unit spelling (百分之九十九, 九成, 二十四个小时) with a word of what it measures, or with its unit;
- a **treatment of a named condition** (治疗泪痕, 矫正扁平足, 治甲状腺): the object is a condition for this
  product even when no general lexicon lists it, so the disease classes' wording (泪痕都淡了, 甲状腺不好的多吃点,
  用它就好了) is matched with it in the disease's place.

Legal ground: the merchant's own list (广告法第二十八条, false or misleading claims) and, for conditions,
广告法第十七条 and 食品安全法第七十三条. The word lists below are grammar (modal verbs, degree words), not any
SKU's words; case words are widened through ``constraint_words.CONCEPTS`` (游泳 -> 泳池, 浮潜).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Literal

from script_gen import constraint_words as words
from script_gen.normalize import normalize
from script_gen.segment import jieba_module
from script_gen.units import builtin_units

Need = Literal["permissive", "absolute", "pure"] | None

# 100%防水, 完全无尘, 绝对安全, 绝不侧漏 (the 不 stays: the part is then a denial), 彻底去除
_ABSOLUTE_LEAD = re.compile(r"^(?:100\s*%|百分之?百|完全|绝对|彻底|全部|(?:绝|从)(?=不))")
# 可以游泳, 可在零下30度使用, 能在帐篷里用; a trailing 可用/能用/使用 or a 正常 (零下30度正常出火)
# 兼容PS5, 适配其他品牌手柄: fitting a named other product is a capability too (PS5插上就能玩)
_CAPABLE_LEAD = re.compile(r"^(?:可以|可在|能够|能在|可供|可|能|兼容|适配|匹配)(?!以上|能性)(?:在|于)?")
# 幼犬可以吃, 孕妇能喝, 三岁以下可以玩: a use verb after the modal (eat, drink, wear, play, sit) is the same frame.
# 孕妇可随意饮用: an adverb of freedom between; 孕妇使用无影响, 对婴儿无任何影响: no effect on them says they may.
_CAPABLE_TAIL = re.compile(r"(?:内|里|中|下)?(?:(?:可以?|能)(?:随意|随便|放心|大量)?(?:使?用|食用|饮用|吃|喝|穿|戴|玩|坐|睡)|"
                           r"可食用|可佩戴|使用|(?:使用|食用|饮用)?(?:无|没有|不受)任?何?(?:不良)?影响|无害)$")
_TOWARDS = re.compile(r"^(?:对|对于|给)")
_CAPABLE_MID = re.compile(r"正常")
_SUIT_LEAD = re.compile(r"^(?:适合于?|适用于?|可用于)")
# Said by a host as "the case is fine": the constraint module's permissive words plus sufficiency (一件就够).
_FINE = re.compile(rf"{words.PERMISSIVE.pattern}|照样|照常|正常|够了|就够|也行|都行|正好|刚好|正合适|稳稳|轻松|扛得住|顺便|顺手|随手|hold\s+up|"
                   r"兼容|适配|通用|"
                   r"(?<!不)[\u4e00-\u9fff]得(?:上来|起来|上去|动|住)|"  # 拉得上来, 撑得住: a potential complement says it can
                   # English says a capability by stating it (it'll plug a puncture too, take it swimming)
                   r"\b(?:will|too|also|even)\b|'ll\b|^\s*(?:take|wear|use|bring|jump|go)\b")
_EN_IMPERATIVE = re.compile(r"^\s*(?:take|wear|use|bring)\b", re.IGNORECASE)
# 要游泳的话/想潜水的: the host addresses a need (and, in the same breath, sends it elsewhere), not a claim.
_PURPOSE = re.compile(r"(?:要|想|如果|若|假如|需要)[^，。！？,.!?;；\n]{0,2}$|\b(?:if|for)\s+(?:you\s+)?(?:want|need)")
# 在帐篷里煮火锅: a place said as where one does it.
_LOCATIVE = re.compile(r"(?:在|到|进)$")
# 楼道里插着充, 玻璃桌面上用: the case as the place where the host does it.
_THERE = re.compile(r"(?:里|上|中|内)(?:面|头)?(?:插|充|放|用|装|戴|骑|穿|泡|刷|煮|烧|晒|洗|搁)")
# 两岁就拿着玩, 一岁半天天在用: the case said as already done, by an adverb of time right after it.
_DONE = re.compile(r"\s*(?:就|已经|天天|每天|整天)(?:在|开始)?(?:拿着?|抱着?|用|玩|吃|喝|戴|穿|睡|骑|坐)")
# 一晚上就烘干, 都能带: an adverb or modal right before the case states it as done.
_RESULT = re.compile(r"(?:就|都|也|能|可)$")
# Said as an absolute: degree words and the 怎么…都 / 再…也 frames.
_ABSOLUTE_SAID = re.compile(
    r"100\s*%|百分之?百|完全|绝对|彻底|一点(?:点|儿)?(?:都|也)?(?=不|没)|一点(?:点|儿)?(?:都|也)|丝毫|根本|压根|毫无|全都|一丁点|从来|永远|绝不|从不|"
    r"怎么[^，。！？,.!?;；\n]{0,6}?(?:都|也)|再[^，。！？,.!?;；\n]{0,6}?(?:都|也)|[都也](?:不|没)|"
    r"\b(?:100\s*percent|completely|totally|absolutely|fully|never|zero|nobody|no\s+one|nothing\s+can)\b")
# What a condition-word ends with that the host leaves off (糖尿病人 -> 糖尿病, 帐篷内 -> 帐篷).
_PERSON_TAIL = re.compile(r"(?:患者|人群|人士|病人|的人|者|人|内|里|中)$")
_GENERIC_TAIL = re.compile(r"(?:使用|食用|佩戴|饮用|用)$")


@dataclass(frozen=True)
class Frame:
    """A forbidden part with its frame taken off: what is left to match, and what the host must add."""

    core: str
    need: Need


def frame_of(part: str, inherited: Need = None) -> Frame:
    """``part`` split into its frame and the rest (可以游泳 -> permissive, 游泳; 100%无尘 -> absolute, 无尘)."""
    frame = _frame_of(part, inherited)
    return Frame(condition_word(frame.core), frame.need) if frame.need == "permissive" else frame


def _frame_of(part: str, inherited: Need) -> Frame:
    if m := _ABSOLUTE_LEAD.match(part):
        return Frame(part[m.end():].strip(), "absolute")
    for lead in (_CAPABLE_LEAD, _SUIT_LEAD):
        if (m := lead.match(part)) and len(part) > m.end() + 1:
            return Frame(_GENERIC_TAIL.sub("", part[m.end():]).strip(), "permissive")
    if (m := _CAPABLE_TAIL.search(part)) and m.start() >= 2:
        return Frame(_TOWARDS.sub("", part[: m.start()]).strip(), "permissive")
    if _CAPABLE_MID.search(part) and len(part) > 4:
        return Frame(_CAPABLE_MID.sub("", part).strip(), "permissive")
    if inherited:  # 可以游泳或潜水使用: the modal carries over to the next part
        return Frame(_GENERIC_TAIL.sub("", part).strip() or part, inherited)
    return Frame(part, None)


def case_part(part: str, frame: Frame) -> str:
    """What of ``part`` a host must name: an absolute's rest; a capability's case when it is one word (潜水使用 ->
    潜水); 适合 with its audience as hosts name it (适合糖尿病人 -> 适合糖尿病, the lexicon's predicate keeps 适合);
    otherwise the part as written (儿童可以单独使用)."""
    if frame.need == "absolute":
        return frame.core or part
    if frame.need != "permissive":
        return part
    if m := _SUIT_LEAD.match(part):
        return part[: m.end()] + frame.core
    one_word = len(frame.core) >= 2 and len(jieba_module().lcut(frame.core, HMM=False)) == 1
    return frame.core if one_word else part


def condition_word(word: str) -> str:
    """A case word as the host names it (糖尿病人 -> 糖尿病, 帐篷内 -> 帐篷)."""
    stripped = _PERSON_TAIL.sub("", word)
    return stripped if len(stripped) >= 2 else word


# The things, places and acts merchants name in forbidden sentences, as a host names them in either language:
# (the merchant's words, the host's). General vocabulary of commerce (vehicles, places, storage, materials, the
# body, acts of use), not any one SKU's: a host says 电驴 for 电动车, 搁 for 保存, CDs for 光盘, 脑袋 for 头部.
_B = r"(?<![a-z])"
TERMS: tuple[tuple[str, str], ...] = (
    # vehicles and transport
    (r"电动车|电瓶车|电动自行车|电单车", rf"电动车|电瓶车|电驴|电摩|电单车|{_B}e-?bikes?\b|{_B}electric\s+(?:bikes?|scooters?)\b|{_B}scooters?\b"),
    (r"摩托车?|机车", rf"摩托|机车|{_B}motor(?:bike|cycle)s?\b"),
    (r"地铁|轻轨", rf"地铁|轻轨|{_B}subways?\b|{_B}metro\b|{_B}underground\b"),
    (r"高铁|动车|火车", rf"高铁|动车|火车|{_B}(?:bullet\s+)?trains?\b"),
    (r"飞机|航班", rf"飞机|航班|{_B}planes?\b|{_B}flights?\b|{_B}airports?\b"),
    # places
    (r"楼道|走廊|楼梯间|过道", rf"楼道|走廊|楼梯间|过道|{_B}hallways?\b|{_B}corridors?\b|{_B}stairwells?\b"),
    (r"室内|屋里|屋内", rf"室内|屋里|屋内|家里|客厅|卧室|{_B}indoors?\b|{_B}living\s+room\b|{_B}bedroom\b"),
    (r"过夜|整夜|通宵", rf"过夜|一晚上?|一整晚|一夜|整夜|整晚|通宵|{_B}overnight\b|{_B}all\s+night\b"),
    # storage
    (r"常温|室温", rf"常温|室温|(?:放|搁|摆)(?:在)?外面|不(?:放|进|用)冰箱|不(?:用)?冷藏|{_B}room[- ]temperature\b|"
                 rf"{_B}on\s+the\s+(?:counter|table|shelf|worktop)\b|{_B}out\s+of\s+the\s+fridge\b|{_B}unrefrigerated\b"),
    (r"保存|存放|储存|储藏", rf"保存|存放|储存|储藏|存|放|搁|{_B}(?:keep|store|leave|last)s?\b"),
    # materials and media
    (r"光盘|光碟|碟片", rf"光盘|光碟|碟片|{_B}cds?\b|{_B}dvds?\b|{_B}discs?\b"),
    (r"彩色|彩打|彩印", rf"彩色|彩打|彩印|彩照|{_B}colou?r"),
    (r"玻璃", rf"玻璃|{_B}glass\b"),
    (r"照片|相片", rf"照片|相片|照相|{_B}photos?\b|{_B}pictures?\b"),
    (r"视频|录像", rf"视频|录像|{_B}videos?\b"),
    (r"冲印|冲洗|洗照片", rf"冲印|冲洗|洗照片|照相馆|影楼|{_B}photo\s+(?:lab|studio|shop)s?\b|{_B}prints?\b"),
    (r"带上|带去|带着|携带", rf"带上|带着?|拎上|拿上|{_B}(?:take|bring|carry)(?:s|ing)?\b"),
    (r"防盗", rf"防盗|偷不走|撬不开|{_B}burglar\w*|{_B}thie(?:f|ves)\b|{_B}break(?:s|ing)?[- ]in\b"),
    (r"防撬", rf"防撬|撬不开|撬不动|撬不了|{_B}pick(?:s|ed)?\s+(?:this|the|that|our|a)?\s*locks?\b|{_B}pry\b|{_B}crowbar\b"),
    (r"门|房门|门板", rf"门|{_B}doors?\b"),
    (r"相机|机身", rf"相机|机身|单反|微单|{_B}cameras?\b"),
    (r"镜头", rf"镜头|大炮|长焦|{_B}lens(?:es)?\b"),
    # the body
    (r"头部|脑袋|头", rf"头部|脑袋|脑壳|脑门|头|{_B}heads?\b"),
    (r"眼睛|视力|明目", rf"视力|眼睛|眼神|度数|明目|看得(?:更)?清|{_B}eye-?sight\b|{_B}vision\b|{_B}eyes\b"),
    (r"蚊|蚊子|蚊虫", rf"蚊|{_B}mosquito(?:e?s)?\b|{_B}bugs\b|{_B}insects\b"),
    # acts of use
    (r"打印", rf"打印|打出|能打|印|{_B}print"),
    (r"啃咬|啃|咬|磨牙", rf"啃|咬|嚼|磨牙|{_B}chew\w*|{_B}bit(?:e|es|ing)\b|{_B}teeth\w*"),
    (r"撞击|碰撞|冲击|摔", rf"撞|摔|磕|碰|跌|{_B}crash\w*|{_B}falls?\b|{_B}impacts?\b|{_B}drops?\b"),
    (r"保护", rf"保护|护住|保住|没事|不受伤|{_B}protect\w*|{_B}safe\b"),
    (r"承重|承载|负重", rf"承重|承载|负重|扛|撑|托|架得住|{_B}holds?\b|{_B}supports?\b|{_B}bears?\b"),
    (r"刷开|打开|解锁", rf"刷开|打开|解锁|就开|能开|{_B}unlock\w*|{_B}opens?\b"),
    (r"连续|持续|不停", rf"连续|持续|一直|连着|不停|不带停|不歇|{_B}non-?stop\b|{_B}continuous\w*|{_B}all\s+day\b"),
    (r"不停机|不停|不关机", rf"不停|不带停|不歇|不用停|不关|一直开|{_B}non-?stop\b|{_B}without\s+(?:a\s+)?(?:stop|break)\w*"),
    (r"不胖|不长胖|不发胖", rf"不胖|长不胖|不长胖|不发胖|不长肉|{_B}won't\s+(?:get|make\s+you)\s+fat\b|{_B}no\s+weight\s+gain\b"),
    (r"随意|随便|大量", rf"随意|随便|想[\u4e00-\u9fff]{{1,2}}多少|几杯|几碗|多少|尽管|放开|{_B}as\s+much\s+as\b|{_B}any\s+amount\b"),
    (r"无影响|没有影响|无任何影响|无害", rf"无影响|没影响|不影响|没事|照样|无害|{_B}no\s+effect\b|{_B}harmless\b|{_B}safe\b"),
)
_TERMS = tuple((re.compile(merchant), host) for merchant, host in TERMS)


def concept_regex(word: str) -> str | None:
    """The shared concept a case word names (游泳 -> 游泳|泳池|…, 潜水 -> 潜水|深潜|浮潜|…, 电动车 -> 电驴|e-bike|…),
    or None."""
    for pattern in words.CONCEPTS.values():
        if re.fullmatch(pattern, word):
            return pattern
    return next((host for merchant, host in _TERMS if merchant.fullmatch(word)), None)


# 吹不动, 刮不倒, 冲不垮: a force said unable to move the product, i.e. it withstands it (not a negation of the case).
# 搁一天也不会坏, 怎么摔都不会碎: the product said to come to no harm, i.e. the case is fine.
_RESISTS = re.compile(r"[都也][\u4e00-\u9fff]不(?:动|倒|垮|塌|翻|跑)|[都也]不会?(?:坏|变质|馊|碎|裂|断|化)")


def said_fine(clause: str, span: tuple[int, int]) -> tuple[int, int] | None:
    """Where ``clause`` says the case at ``span`` is fine (a permissive word, or doing it: 在帐篷里煮), with no
    negator, caution, switch to another product, or purpose (要游泳的话) in the clause; None when it does not."""
    # the case's words are masked; a permissive word between them (光盘也能碎) is not
    inside = "".join(ch if ch in "也都还就能可以照样" else " " for ch in clause[span[0]:span[1]])
    rest = clause[: span[0]] + inside + clause[span[1]:]
    masked = _RESISTS.sub(lambda m: " " * len(m.group()), words.IDIOM.sub(lambda m: " " * len(m.group()), rest))
    if resist := _RESISTS.search(rest):  # 十二级台风都吹不动: a force that cannot move it says the case is fine
        if not (words.NEGATOR.search(masked) or words.CAUTION.search(rest) or words.SWITCH.search(clause)):
            return resist.span()
    if (words.NEGATOR.search(masked) or words.CAUTION.search(rest) or words.SWITCH.search(clause)
            or _PURPOSE.search(clause[: span[0]])):
        return None
    if m := _FINE.search(rest) or _EN_IMPERATIVE.match(clause):  # Take it on the ferry: the case said as what to do
        return m.span()
    before = clause[: span[0]]
    doing = words.DOING.search(before) or _LOCATIVE.search(before) or _RESULT.search(before)
    return span if doing or _THERE.match(clause, span[1]) or _DONE.match(clause, span[1]) else None


def said_absolutely(clause: str) -> tuple[int, int] | None:
    m = _ABSOLUTE_SAID.search(clause)
    return None if m is None else m.span()


# 纯羊毛 is said as 纯羊毛, 全是/都是/全部羊毛, 百分之百羊毛 (百分之七十羊毛 and 羊毛护理刷 are no purity claim).
_PURE_SAID = re.compile(r"纯(?=[\u4e00-\u9fff])|(?:全|都|全部|全都)是|全部(?=[\u4e00-\u9fff])|清一色|100\s*%|百分之?百|完全|一个一个|"
                        r"\b(?:pure|100\s*percent|all)\b")


def said_purely(clause: str) -> tuple[int, int] | None:
    m = _PURE_SAID.search(clause)
    return None if m is None else m.span()


# ------------------------------------------------------------------ figures
# a number inside a model's name (PS5, iPhone 16 Pro) is the name, not a figure
_FIGURE = re.compile(r"(?<![a-z\d.])(?<![a-z]\s)(?P<n>-?\d+(?:\.\d+)?)"
                     r"\s*(?P<u>%|小时|分钟|公里|千米|千克|公斤|个月|毫升|毫米|厘米|公分|毫安时?|[a-z]+|[\u4e00-\u9fff])?", re.IGNORECASE)
# Unit spellings hosts use for the units forbidden figures carry (a KB unit table would not know 成 or 一整天).
_UNIT_SAID = {
    "%": r"\s*(?:%|percent)", "度": r"\s*(?:度|℃|°c?|degrees?)", "小时": r"\s*(?:个?小时|个?钟头?|hours?|hrs?|h\b)",
    "天": r"\s*(?:天|个?(?:晚上?|夜|宿)|days?|nights?)", "年": r"\s*(?:年|years?)", "级": r"\s*(?:级|级别)", "倍": r"\s*(?:倍|times)",
    "米": r"\s*(?:米|m\b|meters?|metres?)", "周": r"\s*(?:个?(?:周|星期|礼拜)|weeks?)", "分钟": r"\s*(?:分钟|minutes?|mins?)",
    "kg": r"\s*(?:kg|公斤|千克|斤|kilos?|kilograms?)", "岁": r"\s*(?:周?岁|-?\s*years?[- ]olds?\b)",
    "km": r"\s*(?:km\b|公里|千米|kilomet(?:er|re)s?)", "个月": r"\s*(?:个多?月|-?\s*months?)",
    "毫升": r"\s*(?:毫升|ml\b|millilit(?:er|re)s?|mils?\b)", "毫米": r"\s*(?:毫米|mm\b|millimet(?:er|re)s?)",
    "厘米": r"\s*(?:厘米|公分|cm\b|centimet(?:er|re)s?)", "毫安": r"\s*(?:毫安时?|mah\b|milliamp)",
    "升": r"\s*(?:升|l\b|lit(?:er|re)s?)",
}
_UNIT_SAID["公里"] = _UNIT_SAID["千米"] = _UNIT_SAID["km"]
_UNIT_SAID["公斤"] = _UNIT_SAID["千克"] = _UNIT_SAID["kg"]
# 容量500毫升 and 500ml name one unit: the figure is read in the unit, not in its first character (毫)
_UNIT_SAID["ml"], _UNIT_SAID["mm"], _UNIT_SAID["mah"] = _UNIT_SAID["毫升"], _UNIT_SAID["毫米"], _UNIT_SAID["毫安"]
_UNIT_SAID["公分"] = _UNIT_SAID["cm"] = _UNIT_SAID["厘米"]
_SPEED_SAID = r"\s*(?:km\s*/\s*h|(?:公里|千米)(?:每|/|一)个?小时|kilomet(?:er|re)s?\s+(?:an|per)\s+hour|km\s+(?:an|per)\s+hour)"
# A bound the part sets (承重超过30kg, 续航超过20小时, 低于5分钟): any value past it breaks the part, the bound itself
# does not (承重三十公斤 is the KB's own figure); a spelling of the unit that is not the unit (斤) is scaled to it.
_ABOVE = re.compile(r"(?:超过|超出|高于|大于|多于|长于|超)\s*$|^\s*(?:以上|多)")
_BELOW = re.compile(r"(?:低于|少于|小于|短于|不到|不足)\s*$|^\s*(?:以下|以内)")
# 3岁以下, 200公斤以上: the bound itself is inside (以上 and 以下 take it in), so 三岁就能玩 breaks 适合3岁以下 unless
# the KB states that value as the product's own (适用年龄3岁以上 next to 不得宣称3岁以下可用).
_INCLUSIVE = re.compile(r"^\s*(?:以上|以下|以内)")
AGE_UNITS = ("岁", "个月")
_AGE_BEFORE_VALUE = re.compile(r"(?:小|大|差|早|晚)\s*$")
_MONTHS_OF_AGE = re.compile(r"month-?olds?|months?\s+old|月龄|宝宝|婴儿|宝贝|孩子|\bbab(?:y|ies)\b|\binfants?\b")
# for 3 and up, from age two: English puts an age's word before its number
_AGE_BEFORE = r"|\bage[sd]?\s+(?:of\s+)?(?P<aged>\d+)(?![\d.])"
_SCALE = {"斤": 0.5}
_BASIS = re.compile(r"1\s*(?:次|回|趟|遍)")
# what a count is said in: a measure word, or in English the plural noun (with a word before it) that is counted
COUNT_WORDS = frozenset("个件片支瓶包袋盒只双套罐条粒颗份张台枚卷箱本册页辆杯把顶款种层格孔根朵对组副")
_COUNTED_AFTER = re.compile(rf"\s*(?:来|多|几)?\s*([{''.join(sorted(COUNT_WORDS))}])")  # 十来本, 两袋: how many of what
_THINGS_AFTER = re.compile(r"\s+([a-z-]+)(?:\s+([a-z-]+))?", re.IGNORECASE)  # (not after a unit: six centimetres across)
_NOT_THINGS = frozenset("across always is has was does goes its this thus plus yes less unless towards".split())
_GENERIC_TOPIC = frozenset("最高低超过以上下内可能用的是为时度大小长多少量")
# 淋1天都不透, 出门1个月都不用管: the figure is the circumstance of an outcome said after it (都/也 + a denial), so the
# outcome is the claim: the host's clause must say it absolutely too (一天, 一个月 said on their own claim nothing).
_CONDITION_OF = re.compile(r"[\u4e00-\u9fff]{0,2}?[都也](?:不|没|无)")
_CN_TENS = "零一二三四五六七八九"
_AGE_HOLDERS = ("孩子", "小孩", "宝宝", "小朋友", "娃", "宝贝", "弟弟", "妹妹", "婴儿", "幼儿", "儿子", "女儿", "老人", "kid",
                "child", "baby", "toddler", "year-old", "year old", "years old")


@dataclass(frozen=True)
class Figure:
    """A value (and unit) a forbidden part names, and the bigrams of what it measures."""

    value: float
    unit: str
    regex: re.Pattern[str]
    topic: tuple[str, ...]
    bound: Literal["above", "below"] | None = None
    """The part forbids values past ``value`` (超过20小时), not the value itself."""
    condition: bool = False
    """The value is the circumstance of an outcome said after it (淋1天都不透), which the host must say too."""
    inclusive: bool = False
    """The bound takes its own value in (3岁以下, not 低于3岁)."""
    per: str = ""
    """The measure word of the one thing the value is claimed for (一片能用半年: 片), if any."""


def figure_of(core: str) -> Figure | None:
    """The figure in a normalised forbidden part (抑菌率99% -> 99, %, 抑菌/菌率), or None."""
    figures = list(_FIGURE.finditer(core))
    # 一次六个, 染一次保持一周: a count of times before another figure is its basis; the other figure is the claim
    figures = [f for f in figures if not _BASIS.fullmatch(f.group(0))] or figures
    # 三个USB口同时65W, 一支能用一个月: a count beside a measured figure names what the measure is of
    measured = [f for f in figures if (f.group("u") or "") not in COUNT_WORDS]
    per = next((f.group("u") for f in figures if f not in measured and f.group("n") == "1"), "") if measured else ""
    figures = measured or figures
    # 800流明可用5小时以上: of several numbers, the one the bound is set on
    m = next((f for f in figures if _ABOVE.search(core[: f.start()]) and not _FIGURE.search(core, f.end(), len(core))
              or re.match(r"\s*(?:以上|以下|以内)", core[f.end():])), figures[0] if figures else None)
    if m is None:
        return None
    value = float(m.group("n"))
    unit = next((u for u in _UNIT_SAID if (m.group("u") or "").startswith(u)), m.group("u") or "")
    unit = "kg" if unit in ("公斤", "千克") else unit  # (斤 said of it is scaled to kilograms)
    said = _UNIT_SAID.get(unit, re.escape(unit)) if unit else "(?!)"
    if unit in ("km", "公里") and re.match(r"\s*(?:/\s*h\b|每小时)", core[m.end():]):  # 时速25km/h: a speed, not a distance
        said = _SPEED_SAID
    after = core[m.end():]
    bound = ("above" if _ABOVE.search(core[: m.start()]) or _ABOVE.search(after) else
             "below" if _BELOW.search(core[: m.start()]) or _BELOW.search(after) else None)
    if bound and unit:  # any value with the unit; figure_said judges it against the bound
        # 十几斤, 10多斤: a value said as past a round number is past it
        alternatives = [rf"(?:(?<![\d.])(?P<said>\d+(?:\.\d+)?)(?![\d.])(?P<more>多|来|几)?|(?P<teens>十几))(?P<unit>{said})"
                        rf"(?P<beyond>\s*(?:以上|以外|开外|往上|多|plus\b|or\s+more\b))?"
                        + (_AGE_BEFORE if unit == "岁" else "")]  # 十公里以外: past the bound itself
    else:
        bound = None
        number = re.escape(m.group("n")).replace("\\-", "(?:-|负|零下)")
        alternatives = [rf"(?<![\d.]){number}(?![\d.])(?P<unit>{said})?"]
    if unit == "小时" and not bound and value >= 24 and value % 24 == 0:  # 24小时 is said 一整天, 48小时 两天两夜
        days = int(value) // 24
        whole = "一整|整整一|一" if days == 1 else ""
        alternatives.append(rf"(?<![\d.])(?:{days}|{whole or '(?!)'})\s*整?天")
    if unit == "%" and value.is_integer() and value % 10 == 0 and 0 < value < 100:
        tens = int(value) // 10
        alternatives.append(rf"(?<![\d.一二三四五六七八九十])(?:{_CN_TENS[tens]}|{tens})(?P<tenths>成)")
    rest = core[: m.start()] + " " + core[m.end():]
    cjk = re.sub(r"[^\u4e00-\u9fff]", " ", re.sub(r"零下|不|可|能|在|是|为|的|达到?|高达|至少", " ", rest))
    topic = tuple(dict.fromkeys(cjk[i:i + 2] for i in range(len(cjk) - 1) if " " not in cjk[i:i + 2]))
    if head := re.search(r"([\u4e00-\u9fff])[^\u4e00-\u9fff]*$", re.sub(r"^\s*(?:以上|以下|以内)", "", core[m.end():])):
        topic += (head.group(1),)  # 十斤以上大鱼: the head noun after the figure (十几斤的大青鱼)
    if unit == "岁":  # an age is said of whoever has it (两岁的宝宝, 两岁半的弟弟), not only of the part's own noun
        topic += _AGE_HOLDERS
    return Figure(value, unit, re.compile("|".join(alternatives)), topic, bound,
                  bool(_CONDITION_OF.match(core[m.end():])), bool(bound and _INCLUSIVE.match(after)), per)


def figure_said(figure: Figure, sentence: str, match: re.Match[str], kb: str = "") -> bool:
    """Whether a match of ``figure.regex`` in ``sentence`` says the figure: with its unit (a unit other than a
    percentage names what is measured), or next to a word of what it measures (抗菌能做到99 for 抗菌率99%); for a
    bound (超过20小时), a value past it in the figure's unit (三十个小时, 一百斤 for 超过30kg) with what it measures,
    or the bound's own value where the bound takes it in and ``kb`` (the SKU's own text) does not state it."""
    if figure.bound is not None:
        said = _bound_value(figure, match)
        past = said > figure.value if figure.bound == "above" else said < figure.value
        if said == figure.value and figure.inclusive:
            past = not any(float(own.group("said") or own.groupdict().get("aged") or "nan") == said
                           for own in figure.regex.finditer(kb))
        if figure.unit in AGE_UNITS and _AGE_BEFORE_VALUE.search(match.string, max(0, match.start() - 3),
                                                                  match.start()):
            return False  # 小一岁, 大两个月: a difference between ages, not an age
        if figure.unit == "岁" or figure.unit == "个月" and _MONTHS_OF_AGE.search(sentence):
            return past  # 五岁自己玩, 四个月的宝宝: an age said with its unit names what it measures
        # 通话距离10公里以上 said 十公里以外都能说话: one character of what is measured, not a generic one, will do
        chars = set("".join(figure.topic)) - _GENERIC_TOPIC
        return past and (not figure.topic or any(t in sentence for t in figure.topic) or any(c in sentence for c in chars))
    with_unit = figure.unit in _UNIT_SAID and figure.unit != "%" and match.group("unit")
    if figure.per and (before := re.findall(rf"(?<![\d.])(\d+(?:\.\d+)?)\s*{figure.per}",
                                            match.string[max(0, match.start() - 12):match.start()])) and before[-1] != "1":
        return False  # 六片够半年 for 一片能用半年: the value said of many, not of one
    if figure.value == 1 and figure.unit and not match.group("unit"):
        return False  # 一 alone is an article (染一次保持一周 is said 一个礼拜, not by any 一)
    if match.start() and match.string[match.start() - 1].isascii() and match.string[match.start() - 1].isalpha():
        return False  # the 3 of M3: a model's name
    counted = _COUNTED_AFTER.match(match.string, match.end())
    if figure.unit and not match.group("unit") and counted and counted.group(1) not in figure.unit:
        return False  # 那两袋 under 保质期两年, 放十来本 under 每层十公斤: a count of other things, not the figure
    return bool(with_unit or any(t in sentence for t in figure.topic) or _counted(figure, match, kb))


def _counted(figure: Figure, match: re.Match[str], kb: str) -> bool:
    """A count the part forbids (一百格, 一次六个, 五十种图案; not one, which is an article) said as that many things
    (一百格, 六个, "50 designs"), where the SKU's own text counts nothing in that number (50张 is its fact, whatever the
    sentence forbids of 50)."""
    value = re.escape(format(figure.value, "g"))
    if figure.unit not in COUNT_WORDS or figure.value == 1 or re.search(rf"(?<![\d.]){value}\s*[{''.join(COUNT_WORDS)}]",
                                                                    _digits(kb)):
        return False
    if match.group("unit"):
        return True
    things = _THINGS_AFTER.match(match.string, match.end())
    return things is not None and not builtin_units().lookup(things.group(1)) and any(
        noun and noun.endswith("s") and noun not in _NOT_THINGS for noun in things.groups())


@functools.lru_cache(maxsize=256)
def _digits(text: str) -> str:
    return normalize(text).text


def _bound_value(figure: Figure, match: re.Match[str]) -> float:
    """The value a match of a bound figure's regex says, in the figure's unit (十几斤 -> 7.5 kg, 十公里以外 -> 10.5)."""
    if aged := match.groupdict().get("aged"):
        return float(aged)
    value = float(match.group("said")) + (0.5 if match.group("more") or match.group("beyond") else 0) \
        if match.group("said") else 15.0
    return value * (_SCALE.get(match.group("unit").strip()[:1], 1.0) if figure.unit == "kg" else 1.0)


# ------------------------------------------------------------------ named conditions
# Verbs that make their object a condition (治疗泪痕, 矫正扁平足, 防胀气); longest first so 治疗 is not read as 治.
_TREAT_VERB = ("治疗|治愈|治好|根治|医治|矫正|纠正|缓解|调理|消除|祛除|去除|淡化|预防|防止|改善|治|防|祛")
TREATED = re.compile(rf"(?:{_TREAT_VERB})(?P<obj>[\u4e00-\u9fff]{{2,6}}?)(?=(?:{_TREAT_VERB})|[^\u4e00-\u9fff]|$)")
# Recommending the product to people with the condition (甲状腺不好的多吃点, 红屁屁的宝宝换上它): an indication.
INDICATION = (r"(?:{DISEASE})(?:不好|严重|反复|厉害|不舒服|有问题)?的[\u4e00-\u9fff]{{0,4}}?"
              r"(?:多?吃|多?喝|多?用|喂|穿|戴|睡|试试|换上|来)")


# ------------------------------------------------------------------ English wordings of forbidden concepts
# A merchant writes its forbidden sentences in Chinese, a host may speak English (and the other way round): the
# concepts merchants forbid, as an English host says them. Keys are the words ``compile_forbidden`` keeps of a part
# (its case, object or denial), values what the host says in English; the frames (permissive, absolute, denial)
# and the voice checks (not waterproof, don't take it swimming) stay the rules' own. Claim concepts, not products.
_W = r"(?:[a-z']+\s+){0,2}?"  # up to two words between (plug a puncture, boosts your kid's immunity)
ENGLISH: dict[str, str] = {
    # water, weather, cold
    "防水": r"\bwater-?proof\b|\bwater-?tight\b|\bkeeps?\s+" + _W + r"(?:water|rain)\s+out\b",
    "游泳": r"\bswim(?:s|ming)?\b|\b(?:swimming\s+)?pools?\b",
    "潜水": r"\bdiv(?:e|es|ing)\b|\bsnorkel(?:l?ing)?\b|\bscuba\b|\bunderwater\b",
    "深潜": r"\bdeep[- ]?div(?:e|es|ing)\b|\bdiv(?:e|es|ing)\s+deep\b|\bscuba\b",
    "水洗": r"\b(?:machine[- ])?wash(?:able|es|ed|ing)?\b|\bwash\s+it\b",
    "泡在水里": r"\bsoak(?:s|ed|ing)?\b|\bsubmerg\w*|\bunder\s*water\b|\bin\s+the\s+water\b",
    "暴雨": r"\b(?:heavy|pouring|driving)\s+rain\b|\brain\s*storms?\b|\bdownpours?\b",
    "台风": r"\btyphoons?\b|\bhurricanes?\b|\bgales?\b",
    "大风": r"\b(?:strong|high|heavy)\s+winds?\b|\bgales?\b",
    "暴风雪": r"\bblizzards?\b|\bsnow\s*storms?\b",
    "四季": r"\b(?:all|four)[- ]seasons?\b|\ball\s+year(?:\s+round)?\b|\byear[- ]round\b",
    "雪地": r"\bsnow\w*",
    "露营": r"\bcamp(?:s|ing)?\b",
    "烘干": r"\btumble[- ]?dr(?:y|ier|yer)\b|\bdryers?\b|\bdr(?:y|ies)\s+(?:your\s+|the\s+)?(?:clothes|laundry)\b",
    # health: organs, senses, conditions (the disease classes carry cure/prevent/relieve)
    "视力": r"\beye-?sight\b|\bvision\b",
    "护眼": r"\b(?:protects?|saves?|good\s+for|easy\s+on)\s+" + _W + r"eyes?\b|\beye[- ]?(?:care|protection)\b",
    "听力": r"\bhearing\b",
    "血管": r"\barter(?:y|ies)\b|\bblood\s+vessels?\b|\bveins?\b",
    "养胃": r"\b(?:settles?|soothes?|nourish(?:es)?|protects?|heals?|calms?|good\s+for|easy\s+on)\s+" + _W + r"stomachs?\b",
    "睡眠": r"\bsleep(?:s|ing)?\b",
    "免疫力": r"\bimmun\w*",
    "长高": r"\btaller\b|\bheight\b|\bgrow(?:s|ing)?\s+tall\b",
    "美白": r"\bwhit(?:en\w*|er)\b|\bbrighten\w*",
    "抗衰老": r"\banti-?ag(?:e|ing)\b|\byounger\b",
    "减肥": r"\b(?:lose|losing|lost|drop|shed)\s+" + _W + r"(?:weight|pounds|kilos|kg|fat)\b|\bslim(?:s|ming)?\b|\bweight\s+loss\b",
    "燃脂": r"\bburns?\s+" + _W + r"fat\b|\bfat[- ]burn\w*",
    "瘦身": r"\bslim(?:s|ming)?\s+down\b|\bslimmer\b|\blose\s+" + _W + r"weight\b",
    "毛孔": r"\bpores?\b",
    "过敏": r"\ballerg\w*",
    "刺激": r"\birritat\w*",
    # hygiene
    "杀菌": r"\b(?:kills?|killing|wipes?\s+out)\s+" + _W + r"(?:germs|bacteria|viruses)\b|\bsteril\w*|\bdisinfect\w*|\bantibacterial\b|\banti-?bacterial\b",
    "除菌": r"\b(?:kills?|removes?|wipes?\s+out)\s+" + _W + r"(?:germs|bacteria)\b|\bsteril\w*|\bgerm-?free\b",
    "抑菌": r"\bantibacterial\b|\banti-?bacterial\b|\bantimicrobial\b|\bbacteria\b",
    "抗菌": r"\bantibacterial\b|\banti-?bacterial\b|\bantimicrobial\b",
    "消毒": r"\bdisinfect\w*|\bsteril\w*|\bsanitiz\w*|\bsanitis\w*",
    "病毒": r"\bvirus(?:es)?\b",
    "螨": r"\b(?:dust\s+)?mites?\b",
    "臭": r"\bsmells?\b|\bodou?rs?\b",
    # durability and absolutes
    "摔不碎": r"\bunbreakable\b|\bshatter-?proof\b|\bwon't\s+(?:break|shatter)\b|\bnever\s+(?:breaks?|shatters?)\b",
    "摔不坏": r"\bunbreakable\b|\bindestructible\b|\bdrop-?proof\b|\bwon't\s+break\b|\bnever\s+breaks?\b",
    "生锈": r"\brust\w*",
    "发霉": r"\bmou?ld\w*|\bmildew\w*",
    "起球": r"\bpill(?:s|ing)?\b|\bbobbl\w*",
    "静电": r"\bstatic\b",
    "变形": r"\bwarp\w*|\bdeform\w*|\blose\s+(?:its\s+)?shape\b",
    "掉色": r"\bfad(?:e|es|ing)\b|\bcolou?r\s+(?:run|bleed)\w*",
    "漏": r"\bleak\w*|\bdrip\w*|\bspill\w*",
    "漏水": r"\bleak\w*|\bdrip\w*",
    "不透": r"\b(?:nothing|never|doesn't|does\s+not|won't|will\s+not|no|not\s+even)\s+" + _W + r"bleeds?\s+through\b|\bbleed-?proof\b"
            r"|\bno\s+bleed-?through\b",
    "粘锅": r"\bstick(?:s|ing)?\b",
    "终身": r"\blifetime\b|\bfor\s+life\b|\bforever\b",
    "永久": r"\bpermanent(?:ly)?\b|\bforever\b|\blifetime\b",
    "安全": r"\bsafe\b|\bsafety\b",
    "伤害": r"\bharm\w*|\binjur\w*|\bhurt\w*",
    "受伤": r"\binjur\w*|\bhurt\w*",
    # purity and origin
    "有机": r"\borganic\b",
    "天然": r"\bnatural\b",
    "农药": r"\bpesticides?\b|\bchemical\s+sprays?\b",
    "化学": r"\bchemicals?\b",
    "添加剂": r"\badditives?\b|\bpreservatives?\b",
    "甲醛": r"\bformaldehyde\b",
    "辐射": r"\bradiation\b",
    "糖": r"\bsugar\b",
    "热量": r"\bcalories?\b",
    "粉尘": r"\bdust\b",
    "尘": r"\bdust\b",
    "母乳": r"\bbreast\s*(?:milk|feeding)\b|\bbreastmilk\b",
    "手工": r"\bhand-?made\b|\bby\s+hand\b|\bhand-?(?:made|crafted|rolled|wrapped|picked|roasted)\b",
    "进口": r"\bimport(?:s|ed)?\b",
    "原装": r"\boriginal\s+(?:bottle|package|packaging|box|pack)\b|\b(?:bottled|packed)\s+(?:in|at)\s+(?:the\s+)?source\b",
    "推荐": r"\brecommend\w*|\bendors\w*",
    "指定": r"\bdesignated\b|\bofficial(?:ly)?\b|\bappointed\b",
    "教育部": r"\bministry\s+of\s+education\b|\beducation\s+(?:ministry|department|bureau)\b",
    "补胎": r"\b(?:plug|patch|fix|repair|seal|mend)(?:s|es|ed|ing)?\s+" + _W + r"(?:punctures?|flats?|tyres?|tires?)\b",
    "充电": r"\bcharg\w*",
    "登机": r"\bcarry-?on\b|\bon\s+board\b|\bboard(?:ing)?\b",
    "保修": r"\bwarrant(?:y|ies)\b|\bguarantee\b",
}
_ENGLISH = {word: re.compile(regex) for word, regex in ENGLISH.items()}


def english_of(word: str) -> str | None:
    """How an English-speaking host says a forbidden sentence's ``word`` (防水 -> waterproof, 游泳 -> swimming), or
    None: the word itself or, failing that, the longest concept inside it (无农药残留's 农药 -> pesticide)."""
    if word in ENGLISH:
        return ENGLISH[word]
    inner = sorted((w for w in ENGLISH if len(w) >= 2 and w in word), key=len, reverse=True)
    return ENGLISH[inner[0]] if inner else None


def english_denial(english: str) -> str:
    """A concept said denied in English (no pesticide, not a trace of dust, dust-free, free of additives)."""
    return (r"(?:\bno|\bzero|(?<![\d.])0\s*%?|\bnot\s+(?:a|one|any)\s+(?:single\s+)?(?:trace|speck|bit|drop|grain|hint|particle)?\s*(?:of\s+)?|"
            r"free\s+(?:of|from)|without(?:\s+any)?)\s*" + _W + f"(?:{english})(?![- ]free\\b)|(?:{english})[- ]free\\b")


# "Must not claim the shoes are waterproof", "Do not say it can be taken swimming": a merchant's sentence in English.
_EN_PROHIBITION = re.compile(
    r"^\s*(?:(?:the\s+)?(?:host|seller|merchant|shop|we|you)\s+)?(?:(?:must|may|should|shall|can)\s*(?:not|n't)|do\s+not|"
    r"don't|never|no)\s+(?:claim|say|state|suggest|imply|promise|advertise|describe|call|present|market)\w*\s+(?:that\s+)?",
    re.IGNORECASE)
_EN_CAPABLE = re.compile(r"\b(?:can|could|may|suitable|safe|fine|ok(?:ay)?|usable|good)\b")
_EN_ABSOLUTE = re.compile(r"\b(?:100\s*%|100\s+percent|completely|totally|fully|absolutely|entirely)")


def chinese_of(sentence: str) -> str | None:
    """An English forbidden sentence as the Chinese one it forbids, by the concepts it names ("Must not claim the shoes
    are waterproof" -> 不得宣称防水, "must not claim it can be taken swimming or diving" -> 不得宣称可以游泳或可以潜水),
    so it is read by the same classes and frames and broken in either language; None when it names none."""
    if re.search(r"[\u4e00-\u9fff]", sentence) or not (m := _EN_PROHIBITION.match(sentence)):
        return None
    core = sentence[m.end():].lower()
    spans: dict[tuple[int, int], str] = {}
    for word, regex in _ENGLISH.items():
        for hit in regex.finditer(core):
            if len(word) > len(spans.get(hit.span(), "")):
                spans[hit.span()] = word
    words = [w for (s, e), w in sorted(spans.items()) if not any(a <= s and e <= b and (a, b) != (s, e) for a, b in spans)]
    if not words:
        return None
    frame = "可以" if _EN_CAPABLE.search(core) else "100%" if _EN_ABSOLUTE.search(core) else ""
    return "不得宣称" + "或".join(dict.fromkeys(frame + w for w in words))


# ------------------------------------------------------------------ hazards kept off
# 防蚊, 驱虫, 抗台风, 防雷击, 防滑防摔, 防近视: a part that keeps a hazard off. Water is left to the capability frames
# (水洗不掉色 says nothing of 防水), and 防腐, 防止, 防护 name no hazard.
_WARD = re.compile(r"(?:防|驱|抗|阻)(?![水止护范御腐])([\u4e00-\u9fff]{1,2}?)(?=[^\u4e00-\u9fff]|$|[防驱抗阻护、或和及])")
_EFFECT = "击咬伤斑抓刮"  # 防雷击, 防蛇咬: the hazard is the first character (不怕雷, 蛇咬不透)
# 蚊子都不敢过来, 台风天都吹不倒, 着火了也烧不坏, 细菌都待不住: the hazard, then an emphatic denial of what it does
_KEPT_OFF = r"[^，。！？,.!?；;\n]{0,6}?(?:都|也|就|再也)(?:不敢|不会|不能|不来|不咬|不叮|不进|不靠近|不过来|待不住|活不了|不[\u4e00-\u9fff]?住|[吹烧抓咬叮淹撕挠扯]不)"


def wards(sentence: str) -> list[tuple[str, ...]]:
    """The hazards a forbidden ``sentence`` forbids warding off, each as the words that name it (防雷击: 雷击, 雷), less
    a ward only forbidden absolutely (百分之百防晒)."""
    out = []
    for m in _WARD.finditer(sentence):
        if re.search(r"(?:100\s*%|百分之?百|完全|绝对|彻底)$", sentence[: m.start()]):
            continue  # 百分之百防晒: the plain 防晒 is allowed, only the absolute is forbidden
        hazard = m.group(1)
        out.append((hazard, hazard[0]) if len(hazard) == 2 and hazard[1] in _EFFECT else (hazard,))
    return out


def hazards_kept_off(text: str, sentence: str) -> list[tuple[int, int]]:
    """Spans of ``text`` (folded) that say a hazard the ``sentence`` forbids warding off is kept off, in the host's
    words: 不怕雷, 蚊子都不敢过来, 抓不破, 再也不会摔, 不中暑. The caller judges whether each is asserted."""
    spans: list[tuple[int, int]] = []
    for names in wards(sentence):
        hazard = names[0]
        said = "|".join(map(re.escape, names))
        forms = [rf"不怕[^，。！？,.!?]{{0,2}}?(?:{said})", rf"(?:{said}){_KEPT_OFF}",
                 rf"(?:{said})不(?:破|坏|透|烂|动)", rf"(?:不会|不再|再也不会?|就不会)(?:被|再)?(?:{said})"]
        if len(hazard) >= 2:
            forms.append(rf"(?<![是还])不(?:{re.escape(hazard)})")  # 不中暑, 不晒伤, 不近视
        spans += [x.span() for x in re.finditer("|".join(forms), text)]
    return spans
