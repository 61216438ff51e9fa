"""The world's countries in English and Chinese: where a host may say a product is made (woven in Latvia, 从克罗地亚运过来的).

A closed list of a few dozen let any country outside it pass as unsaid; a wrong origin is as wrong in Tallinn as in Tokyo.
Chinese names that are also common words or Chinese places (加纳 of 添加纳米, 海地 of 沿海地区, 巴林 of 巴林左旗, 汤加 of
煲汤加盐, 加蓬 of 增加蓬松, 黑山, 马里, 多哥, 也门, 阿曼) are left out of the Chinese side; their English names stay, as
English needs a verb of origin.
"""

from __future__ import annotations

# (English names, Chinese name or "" where the Chinese name is too common a string to search for)
WORLD: tuple[tuple[tuple[str, ...], str], ...] = (
    # Asia
    (("japan",), "日本"), (("korea", "south korea"), "韩国"), (("north korea",), "朝鲜"), (("mongolia",), "蒙古"),
    (("vietnam", "viet nam"), "越南"), (("thailand",), "泰国"), (("laos",), "老挝"), (("cambodia",), "柬埔寨"),
    (("myanmar", "burma"), "缅甸"), (("malaysia",), "马来西亚"), (("singapore",), "新加坡"),
    (("indonesia",), "印度尼西亚"), (("philippines",), "菲律宾"), (("brunei",), "文莱"), (("east timor", "timor-leste"), "东帝汶"),
    (("india",), "印度"), (("pakistan",), "巴基斯坦"), (("bangladesh",), "孟加拉国"), (("sri lanka",), "斯里兰卡"),
    (("nepal",), "尼泊尔"), (("bhutan",), "不丹"), (("maldives",), "马尔代夫"), (("afghanistan",), "阿富汗"),
    (("kazakhstan",), "哈萨克斯坦"), (("uzbekistan",), "乌兹别克斯坦"), (("kyrgyzstan",), "吉尔吉斯斯坦"),
    (("tajikistan",), "塔吉克斯坦"), (("turkmenistan",), "土库曼斯坦"), (("iran",), "伊朗"), (("iraq",), "伊拉克"),
    (("syria",), "叙利亚"), (("lebanon",), "黎巴嫩"), (("jordan",), "约旦"), (("israel",), "以色列"),
    (("saudi arabia", "saudi"), "沙特阿拉伯"), (("united arab emirates", "uae"), "阿联酋"), (("qatar",), "卡塔尔"),
    (("kuwait",), "科威特"), (("bahrain",), ""), (("oman",), ""), (("yemen",), ""), (("turkey", "turkiye"), "土耳其"),
    (("georgia",), "格鲁吉亚"), (("armenia",), "亚美尼亚"), (("azerbaijan",), "阿塞拜疆"), (("cyprus",), "塞浦路斯"),
    # Europe
    (("britain", "great britain", "england", "scotland", "wales", "uk", "united kingdom"), "英国"),
    (("ireland",), "爱尔兰"), (("france",), "法国"), (("germany",), "德国"), (("italy",), "意大利"), (("spain",), "西班牙"),
    (("portugal",), "葡萄牙"), (("netherlands", "holland"), "荷兰"), (("belgium",), "比利时"), (("luxembourg",), "卢森堡"),
    (("switzerland", "swiss"), "瑞士"), (("austria",), "奥地利"), (("liechtenstein",), "列支敦士登"), (("monaco",), "摩纳哥"),
    (("denmark",), "丹麦"), (("norway",), "挪威"), (("sweden",), "瑞典"), (("finland",), "芬兰"), (("iceland",), "冰岛"),
    (("estonia",), "爱沙尼亚"), (("latvia",), "拉脱维亚"), (("lithuania",), "立陶宛"), (("poland",), "波兰"),
    (("czech republic", "czechia", "czech"), "捷克"), (("slovakia",), "斯洛伐克"), (("hungary",), "匈牙利"),
    (("slovenia",), "斯洛文尼亚"), (("croatia",), "克罗地亚"), (("bosnia",), "波黑"), (("serbia",), "塞尔维亚"),
    (("montenegro",), ""), (("north macedonia", "macedonia"), "北马其顿"), (("albania",), "阿尔巴尼亚"), (("greece",), "希腊"),
    (("bulgaria",), "保加利亚"), (("romania",), "罗马尼亚"), (("moldova",), "摩尔多瓦"), (("ukraine",), "乌克兰"),
    (("belarus",), "白俄罗斯"), (("russia",), "俄罗斯"), (("malta",), "马耳他"), (("andorra",), "安道尔"),
    (("san marino",), "圣马力诺"),
    # Africa
    (("egypt",), "埃及"), (("libya",), "利比亚"), (("tunisia",), "突尼斯"), (("algeria",), "阿尔及利亚"), (("morocco",), "摩洛哥"),
    (("sudan",), "苏丹"), (("ethiopia",), "埃塞俄比亚"), (("eritrea",), "厄立特里亚"), (("djibouti",), "吉布提"),
    (("somalia",), "索马里"), (("kenya",), "肯尼亚"), (("uganda",), "乌干达"), (("tanzania",), "坦桑尼亚"), (("rwanda",), "卢旺达"),
    (("burundi",), "布隆迪"), (("congo",), "刚果"), (("gabon",), ""), (("cameroon",), "喀麦隆"), (("nigeria",), "尼日利亚"),
    (("niger",), "尼日尔"), (("chad",), "乍得"), (("ghana",), ""), (("ivory coast", "cote d'ivoire"), "科特迪瓦"),
    (("senegal",), "塞内加尔"), (("mali",), ""), (("togo",), ""), (("benin",), "贝宁"), (("guinea",), "几内亚"),
    (("liberia",), "利比里亚"), (("sierra leone",), "塞拉利昂"), (("mauritania",), "毛里塔尼亚"), (("mauritius",), "毛里求斯"),
    (("madagascar",), "马达加斯加"), (("mozambique",), "莫桑比克"), (("zambia",), "赞比亚"), (("zimbabwe",), "津巴布韦"),
    (("malawi",), "马拉维"), (("angola",), "安哥拉"), (("namibia",), "纳米比亚"), (("botswana",), "博茨瓦纳"),
    (("south africa",), "南非"), (("lesotho",), "莱索托"), (("eswatini", "swaziland"), "斯威士兰"), (("seychelles",), "塞舌尔"),
    # the Americas
    (("usa", "america", "united states", "the us", "the states"), "美国"), (("canada",), "加拿大"), (("mexico",), "墨西哥"),
    (("guatemala",), "危地马拉"), (("honduras",), "洪都拉斯"), (("el salvador",), "萨尔瓦多"), (("nicaragua",), "尼加拉瓜"),
    (("costa rica",), "哥斯达黎加"), (("panama",), "巴拿马"), (("cuba",), "古巴"), (("jamaica",), "牙买加"), (("haiti",), ""),
    (("dominican republic",), "多米尼加"), (("colombia",), "哥伦比亚"), (("venezuela",), "委内瑞拉"), (("guyana",), "圭亚那"),
    (("ecuador",), "厄瓜多尔"), (("peru",), "秘鲁"), (("bolivia",), "玻利维亚"), (("brazil",), "巴西"), (("paraguay",), "巴拉圭"),
    (("uruguay",), "乌拉圭"), (("argentina",), "阿根廷"), (("chile",), "智利"),
    # Oceania
    (("australia",), "澳大利亚"), (("new zealand",), "新西兰"), (("fiji",), "斐济"), (("papua new guinea",), "巴布亚新几内亚"),
    (("samoa",), "萨摩亚"), (("tonga",), ""),
)
# other Chinese spellings a host uses
ALIASES_ZH: dict[str, str] = {"印尼": "印度尼西亚", "澳洲": "澳大利亚", "沙特": "沙特阿拉伯", "孟加拉": "孟加拉国"}

COUNTRIES_EN: dict[str, str] = {en: zh or en for names, zh in WORLD for en in names}
# the Chinese names as searched: 蒙古 not of 内蒙古, 朝鲜 not of 朝鲜族, 苏丹 not of 苏丹红, 南非 not of 云南非常
_GUARDED = {"蒙古": "(?<!内)蒙古", "朝鲜": "朝鲜(?!族)", "苏丹": "(?<!南)苏丹(?!红)", "南非": "(?<![云湖河海济淮])南非"}
COUNTRY_PATTERN_ZH = "|".join(_GUARDED.get(zh, zh) for zh in sorted({zh for _, zh in WORLD if zh} | set(ALIASES_ZH),
                                                                     key=len, reverse=True))
