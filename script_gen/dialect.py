"""Dialect words read as the Mandarin they stand for, so the checks written for Mandarin read a host from Sichuan or
Guangdong or Shanghai the same way: 莫说得奖 is 别说得奖, 我冇讲有机棉 is 我没有讲有机棉, 廿五蚊九 is 二十五块九, 阿拉勿讲防水 is
我们不讲防水."""

from __future__ import annotations

import re

from script_gen.remap import Index, replace

# 莫慌, 莫得XXL, 没得满减, 莫说得奖: south-western Mandarin's 莫 is 别 (don't) and its 莫得 and 没得 are 没有, said by
# hosts from Sichuan to Guizhou; not 约莫 (about), nor the 莫 of a name (莫代尔, 莫兰迪, 莫斯科) or a set phrase (莫名, 莫非).
_MO = re.compile(r"(?<!约)莫(?!代尔|兰迪|斯科|扎特|桑比克|奈|名|非|过于|大|言|须有|测|逆|干山|高窟|尔|西)(得)?|没(得)")
# 嘞个, 嘞支: the same speech's 这 (this) before a measure word
_LEI = re.compile(r"嘞(?=[个支款种场瓶盒件条套本块张片袋罐双把台])")
# 冇讲, 唔系, 真系, 咁平, 呢啲, 廿五蚊九, 一个钟 (an hour): Cantonese words a Guangdong host mixes into Mandarin, read as the
# Mandarin they stand for, so refusals (我冇讲有机棉), denials (唔系九十五) and prices (廿五蚊九) read as they would.
# 系 only where it is the copula (唔系, 真系, 系咪), not 系列 or 联系; 呢 only before a measure word, not the particle.
_YUE_WORDS = {"冇得": "没有", "冇": "没有", "唔系": "不是", "唔好": "不要", "唔使": "不用", "唔": "不", "系咪": "是不是",
              "系": "是", "咁样": "这样", "咁": "那么", "嘅": "的", "咗": "了", "啲": "些", "呢": "这", "睇": "看",
              "揾": "找", "佢哋": "他们", "佢": "他", "嚟": "来", "喺": "在", "乜嘢": "什么", "嘢": "东西", "点解": "为什么",
              "几多": "多少", "边个": "哪个", "亦": "也", "廿": "二十", "蚊": "块", "钟": "小时"}
_YUE = re.compile(
    r"冇得|冇|唔系|唔好|唔使|唔|系咪|(?<=[不真都就亦也仲先只即])系(?!列|统|数|带|扣|紧|上|住)|咁样|咁|嘅|咗|啲"
    r"|呢(?=[啲个款种件本盒支套条张次度几位只台对包瓶袋罐箱])|睇|揾|佢哋|佢|嚟|喺|乜嘢|嘢|点解|几多|边个"
    r"|(?<=[不就都])亦|亦(?=[不是都冇唔系])|廿(?=[一二三四五六七八九蚊块]|$)|(?<=[零〇一二三四五六七八九十百两廿\d])蚊|(?<=个)钟(?!点|表|头)")

# 阿拉勿讲防水, 勿是真额, 迭个, 今朝夜里, 六块九角五, 一塌刮子: Shanghainese words a Shanghai host mixes into Mandarin.
# 额 is the particle 的 only outside the Mandarin words it ends or starts (金额, 名额, 额外, 额度); 伊 is 它 outside names
# (伊利, 伊朗); 阿拉 is 我们 outside place names and arabica; 角 is 毛 only inside a price (六块九角五) or before 钱.
# 勿 is 不 after a word (阿拉勿讲) or before the words it negates in speech (，勿是真额), not the written 请勿 / 切勿 or a
# KB's clause-initial 勿 (，勿机洗), which stays the prohibition the KB readers look for.
_WU_WORDS = {"勿": "不", "覅": "不要", "侬": "你", "阿拉": "我们", "今朝": "今天", "明朝": "明天", "额": "的", "伊": "它",
             "迭": "这", "一塌刮子": "一共", "一塌括子": "一共", "角": "毛", "交关": "很", "辰光": "时候", "哪能": "怎么",
             "物事": "东西", "伐": "吗", "困觉": "睡觉"}
_WU = re.compile(
    r"(?<![请切])(?:(?<=[\u4e00-\u9fff])勿|勿(?=是|要|好|讲|算|会|一样|晓得|对|错|念|灵|够|用|来|能|可以|含))(?!忘)"
    r"|覅|侬|阿拉(?!伯|斯加|丁|善|比卡|木图)|今朝|明朝|(?<![金名限余份差总定数配超面满巨税])额(?![外度头定满])"
    r"|伊(?!利|朗|拉克|斯|犁|人|丽|甸|万|藤|势|始|尔|比|春|宁|蒂|芙|顿|莎|拉|娃)|迭(?=[个种款只位趟件双本盒条套张])"
    r"|一塌[刮括]子|(?<=块[一二三四五六七八九])角|(?<=[一二三四五六七八九两])角(?=钱)|交关|辰光|哪能|物事"
    r"|(?<=[好对是要可])伐(?=[？?，。！!]|$)|困觉")


def mandarin(text: str, index: Index) -> tuple[str, Index]:
    """``text`` with its south-western, Cantonese and Shanghainese words in Mandarin, ``index`` remapped alike."""
    text, index = replace(text, index, _MO, lambda m: "没有" if m.group(1) or m.group(2) else "别")
    text, index = replace(text, index, _LEI, lambda m: "这")
    text, index = replace(text, index, _YUE, lambda m: _YUE_WORDS[m.group(0)])
    return replace(text, index, _WU, lambda m: _WU_WORDS[m.group(0)])
