"""Words and grammar the KB-constraint rules read: predicate synonyms, standard scales, negation and hedges.

Kept apart from ``constraints.py`` so the rules read as logic; every list here is generic (no SKU's
words), and the scales cite the standard that fixes their meaning.
"""

from __future__ import annotations

import re

# ------------------------------------------------------------------ lexicons
# ASCII words are bounded by lookarounds, not \b: in Python a CJK character is a word character too.
_A, _Z = r"(?<![a-z])", r"(?![a-z])"

# The same act in the words hosts use, English included because hosts switch language.
CONCEPTS: dict[str, str] = {
    "swimming": rf"游泳|泳池|冲浪|浮潜|{_A}swim|{_A}pool{_Z}|snorkel",  # snorkelling stays at the surface
    "diving": rf"潜水|深潜|下潜|水肺|气瓶|潜[个到了下]?\s*\d+\s*米|{_A}div(?:e|ing){_Z}|{_A}scuba|{_A}air tank",
    "immersion": r"浸水|泡水|浸泡|水下|下水(?!道)|入水|水中|泡在水里|[丢扔掉放泡]进?水里|submerg|underwater|under water|dunk",
    "water_jet": rf"淋浴|花洒|冲水|水冲|冲着水|淋水|淋到|直接淋|用水冲|水龙头下|shower|{_A}spray|rinse it|{_A}hose{_Z}",
    "bath": rf"泡澡|浴缸|浴室|洗(?:热水|冷水)?澡|{_A}bath",
    "splash": rf"溅水|雨天|下雨|淋雨|沾水|碰水|遇水|打湿|弄湿|splash|{_A}rain{_Z}|get (?:it )?wet",
    # rain past a splash rating: IEC 60529 tests IPX4 with splashes, heavy rain beats down like a jet
    "downpour": rf"暴雨|倾盆|瓢泼|{_A}downpour|heavy rain|torrential",
    "waterproof": r"(?<![泼溅])防水|waterproof|water-?resistant",
    "machine_wash": r"机洗|洗衣机|machine[- ]wash|washing machine",
    "tumble_dry": rf"烘干|tumble[- ]dr|{_A}dryer{_Z}",
    "dishwasher": r"洗碗机|dishwasher",
    "bleach": r"漂白|bleach",
    "hot_water": r"热水|开水|沸水|滚水|烫水|温泉|桑拿|汗蒸|hot water|boiling water|hot spring|sauna",
    "microwave": r"微波|microwave",
    # washing in water of any kind: a KB that rules out 水洗 rules out the washing machine too
    "water_wash": r"水洗|用水洗|清水洗|手洗|机洗|洗衣机|machine[- ]wash|washing machine|hand[- ]wash",
    # drinks with dissolved CO2 (GB/T 10792 碳酸饮料) by the names they are bought under
    "carbonated": rf"碳酸饮料|汽水|可乐|雪碧|气泡水|苏打水|啤酒|{_A}soda{_Z}|sparkling|fizzy|{_A}coke{_Z}|{_A}beer{_Z}",
    # bearing a person's weight (坐人, 站人) as hosts put it
    "sit_on": rf"坐人|坐上去|坐在上面|[一能可]坐|当(?:小?板?凳子?|椅子)|小板凳|站上去|踩上去|{_A}sit on|{_A}stand on",
    "open_flame": rf"明火|直火|燃气灶|煤气灶|灶上|火上|炉火|{_A}open flame|gas stove|{_A}stovetop",
    "hand_wash": r"手洗|hand[- ]wash(?!ing machine)",
    # calls and data without the phone (eSIM独立通话：不支持), as a wearable's buyer says it
    "standalone": rf"独立通话|独立打电话|单独打电话|单独通话|单独接打|脱离手机|{_A}e-?sim{_Z}|without (?:your |a |the )?phone",
    # pressing with an iron (不可熨烫 rules out 还能熨)
    "ironing": rf"熨烫|熨斗|挂烫|(?<![不])熨(?!平了)|{_A}iron(?:ing|ed)?{_Z}(?! (?:pan|pot|skillet|content|rich))",
    # the fridge and the freezer (请勿冷藏, 不可冷冻) in the words of the kitchen
    "fridge": rf"冷藏|放冰箱|冰箱里|冰一下|冰镇|{_A}fridge|refrigerat",
    "freezing": rf"冷冻|冻起来|冻上|冻成|冻一下|冰格|{_A}freez",
    # sterilising by heat (不可煮沸消毒) as parents do it
    "sterilize": rf"煮沸|沸水煮|开水煮|开水烫|高温消毒|蒸汽消毒|消毒锅|消毒柜|{_A}sterili[sz]|{_A}boil(?:ing|ed)? (?:it|them)",
    # skin that is broken, a condition a skin product rules out (皮肤有破损时不适合使用)
    "broken_skin": rf"破损|破皮|伤口|创口|破口|溃烂|擦伤|broken skin|open wounds?|{_A}cuts{_Z}",
    # what goes down the toilet (可冲马桶, 冲厕)
    "toilet": rf"马桶|冲厕|厕所|{_A}toilet|{_A}flush",
    # taking a bag into the cabin (可登机) in the words of the trip: on board, the overhead rack
    "boarding": rf"登机|[带拎提推拿]?上飞机|行李架|随身带上|carry[- ]on|overhead (?:bin|rack|compartment)|{_A}on the plane|{_A}on board",
    # a device heating what it holds (加热) said through the hot dish it makes
    "heating": rf"加热|热(?:豆浆|米糊|汤|粥|牛奶|饮)|打熟|煮|{_A}heat(?:s|ed|ing)?{_Z}|{_A}warm (?:it|them) up",
    # folding a thing in two to carry or store it
    "folding": rf"折叠|对折|折起来|折一下|折成|折好|{_A}fold(?:s|ed|ing|able)?{_Z}",
    # a device's own light (灯光：无, 不带灯) as a toy's or gadget's buyer says it
    "lights": rf"灯光|发光|亮灯|(?<![路台吊壁顶])灯(?![笼塔泡具罩])|{_A}lights?(?: up)?{_Z}|{_A}glow(?:s|ing)?{_Z}|{_A}led{_Z}",
    # unlocking by the face (人脸识别：无) in the words of a lock or a phone
    "face_unlock": rf"人脸识别|人脸解锁|面部识别|刷脸|人脸|{_A}face (?:unlock|id|recognition)|{_A}facial recognition",
    # fishing in the sea, which a freshwater rod is not made for
    "sea_fishing": rf"海钓|海边钓|钓海鱼|矶钓|{_A}sea fishing|saltwater fishing|ocean fishing|surf fishing|off the pier",
    "fax": rf"传真|{_A}fax(?:es|ing)?{_Z}",
}
# How a host says a feature is used (刷个脸就开, it lights up), keyed by the words of the feature the KB says it lacks:
# using it is saying it is there.
FEATURE_ACTS: dict[str, str] = {
    r"人脸|刷脸": rf"刷个?脸|{_A}face unlock|unlocks? with (?:your|a|the) face",
    r"灯": rf"(?<![不没])(?:一|会|就|能)亮(?!度|点|色|眼|晶)|{_A}lights? up",
    r"传真": rf"收发传真|发传真|收传真|{_A}send (?:a )?fax",
    r"电池": rf"不插电(?:也|就|还)?能|拔(?:了|掉)电(?:源)?(?:也|还)能|{_A}unplugged|without (?:a |the )?(?:plug|power cord|cable)",
    r"存储|内存": rf"存(?:歌|音乐|[^，,。]{{0,4}}里)|离线(?:听|播放)|{_A}stor(?:e|es|ing) (?:songs|music)|offline (?:music|playback)",
}
# An attribute answered no (可水洗：否, 加热：无): the key names what the SKU cannot do or does not have.
NO_VALUE = re.compile(r"^\s*(?:否|无|不可以?|不能|不支持|不带|没有|不可用|不能用|不适用|no|none|not supported)\s*$")
# What a key names once its modal is dropped (可水洗 -> 水洗, 是否防水 -> 防水).
KEY_MODAL = re.compile(r"^(?:是否|可否|能否|可以|可|能|支持)")
# Mains voltage: a device for 220 V only (仅220V, 不能在110V国家使用) is not one for 110 V or the whole world (IEC TR 60083
# lists 100-127 V mains in North America, Japan and Taiwan).
SINGLE_VOLTAGE = re.compile(r"(?:仅|只|仅支持|只支持|只能用|only)\s*220\s*v|220\s*v\s*only|(?:不能|无法|不可)在?\s*110\s*v|"
                            r"不支持\s*110\s*v|单电压|不是双电压|不支持双电压|非双电压")
DUAL_VOLTAGE = (rf"双电压|宽电压|全球(?:通用)?电压|110\s*v|100\s*-\s*240\s*v|全世界都能用|全球(?:都能用|通用)|"
                rf"dual[- ]voltage|{_A}worldwide{_Z}|anywhere in the world")
LOW_VOLTAGE_PLACES = (rf"(?:带去|带到|拿到|去|到|在)(?:美国|日本|加拿大|台湾|墨西哥)|"
                      rf"(?:to|in) (?:{_A}the us{_Z}|{_A}usa{_Z}|america|japan|canada|taiwan)")  # not 日本进口
VOLTAGE_RULE = "IEC TR 60083：北美、日本、台湾等地市电为100-127V，仅支持220V的电器不能直接使用"
# IEC 60529 / GB/T 4208-2017 second digit: the lowest rating each kind of water exposure needs.
WATER_NEED = {"waterproof": 1, "splash": 4, "bath": 4, "water_jet": 5, "downpour": 5, "immersion": 7, "swimming": 8, "diving": 10}
IP_CODE = re.compile(r"(?<![a-z0-9])ip[x\d](\d)(?!\d)")
# A watch's rating in atmospheres (ISO 22810): 3ATM takes rain and splashes, 5-10ATM swimming, diving needs 20ATM+.
# ISO 22810 marks start at 30 m (3 bar); a smaller N米防水 is the depth a device is used at (IEC 60529 IPX8).
WATCH_MARK_M = 30
ATM_CODE = re.compile(r"(?<![a-z0-9.])(\d+)\s*(?:atm|bar)(?![a-z])|(\d+)米防水")
SPLASH_ONLY = re.compile(r"防泼水|防溅水|生活防水|splash[- ]proof")
WATER_RULE = ("GB/T 4208-2017（IEC 60529）：IPX4防溅水，IPX5防喷水，IPX7可短时浸水，IPX8可持续浸水；"
              "ISO 22810：3ATM防泼溅，5ATM可游泳，潜水需20ATM以上或潜水表标准")

# What a part can be made to do (可调, 可替换), in the words hosts deny it with:
# (Chinese verbs, Chinese antonym said of the part, English stem, English antonym).
CAPABILITIES: list[tuple[str, str, str, str]] = [
    (r"调节|调整|调", r"固定(?:的|死|不动)", "adjust", r"(?:is|are|it's|they're) (?:totally |completely )?fixed"),
    (r"替换|更换|换", r"一次性的", r"replac|refill|swap", r"disposable"),
    (r"拆卸|拆洗|拆", r"一体(?:的|成型|式)", r"detach|remov", r"one-piece"),
    (r"折叠|折", r"(?!)", r"fold", r"(?!)"),
    (r"水洗|洗", r"(?!)", r"washab", r"(?!)"),
]
# Values that are each other's opposite for one attribute (双面打印：手动 is not 自动双面), said beside the attribute's name.
OPPOSITE_VALUES = (("手动", "自动"), ("单面", "双面"), ("单向", "双向"), ("定频", "变频"), ("机械", "电子"))
# An attribute answered yes (可水洗：是): the SKU can do what its key names.
YES_VALUE = re.compile(r"^\s*(?:是|可以|能|可)\s*$")
# A feature attribute whose value says the SKU has it (压力感应：有，…).
HAS_VALUE = re.compile(r"^\s*(?:有|支持|带|含|标配|配有|自带|yes|supported)(?![\u4e00-\u9fff]{3})")

# Materials as hosts name them: (name, pattern, family); a family's own name (塑料, 金属) is true of each member.
MATERIALS: list[tuple[str, str, str]] = [
    ("塑料", r"塑料|塑胶|plastic", "塑料"),
    ("ABS", rf"{_A}abs{_Z}", "塑料"),
    ("PP", rf"{_A}pp{_Z}", "塑料"),
    ("PVC", r"pvc", "塑料"),
    ("TPU", r"tpu|tpe", "塑料"),
    ("亚克力", r"亚克力|acrylic", "塑料"),
    ("尼龙", r"尼龙|锦纶|nylon", "塑料"),
    ("硅胶", r"硅胶|silicone", "硅胶"),
    ("橡胶", r"橡胶|rubber", "橡胶"),
    ("金属", r"金属|metal", "金属"),
    ("不锈钢", r"不锈钢|stainless", "金属"),
    ("铝", r"铝(?:镁)?(?:合金)?|alumin", "金属"),
    ("钢铁", rf"铸铁|铁质|碳钢|(?<!不锈)钢(?![化琴笔])|{_A}iron{_Z}|(?<!stainless ){_A}steel", "金属"),
    ("铜", r"(?<!青)铜(?![奖牌])|copper|brass", "金属"),
    ("钛", r"钛|titanium", "金属"),
    ("锌合金", r"锌合金|zinc", "金属"),
    ("银", r"s925|925银|纯银|(?<![镀水白])银(?![行奖牌色白河])|sterling", "金属"),
    ("金", r"\d+k金|k金|黄金|足金|纯金", "金属"),
    ("铂", r"铂|platinum", "金属"),
    ("玻璃", r"玻璃|glass", "玻璃"),
    ("陶瓷", r"陶瓷|(?<!陶)瓷(?!砖)|ceramic", "陶瓷"),
    ("木", r"实木|木质|木头|木制|[榉橡松杉桦柚]木|胡桃木|wood", "木"),
    ("竹", r"竹[子制质]|bamboo", "竹"),
    ("皮革", r"真皮|皮革|[牛羊猪]皮|pu皮|leather", "皮革"),
    ("棉", r"纯棉|全棉|棉质|(?<=%)棉|棉(?=\s*[+＋/、]|$)|cotton", "棉"),  # 棉+抓绒, 95%棉: cotton in a composition
    ("涤纶", r"涤纶|聚酯|polyester", "涤纶"),
    ("羊毛", r"羊毛|wool", "羊毛"),
    ("丝", r"真丝|蚕丝|桑蚕|silk", "丝"),
    ("麻", r"亚麻|linen", "麻"),
    # textile fibres by GB/T 4146 names and their trade names
    ("氨纶", rf"氨纶|莱卡|spandex|elastane|lycra", "氨纶"),
    ("粘胶", r"粘胶|黏胶|人造棉|viscose|rayon", "粘胶"),
    ("莫代尔", rf"莫代尔|{_A}modal{_Z}", "莫代尔"),
    ("天丝", r"天丝|莱赛尔|lyocell|tencel", "天丝"),
    ("腈纶", r"腈纶", "腈纶"),
    ("羊绒", r"羊绒|cashmere", "羊绒"),
]
MATERIAL = re.compile("|".join(f"(?P<m{n}>{p})" for n, (_, p, _) in enumerate(MATERIALS)))
MATERIAL_KEY = re.compile(r"(?:材质|材料|面料|质地|材)(?:成分)?$")
# (the spray head is brushed stainless steel, they're silk: the product said to be of a material)
WHOLE_PRODUCT = r"材质|材料|面料|做的|制成|实心|made of|material|(?<![a-z])(?:it's|it is|is|are|they're|they are|solid|pure)(?![a-z])"

# 单/双 + a noun closing the word (双门双前厅, 单摄): the KB's count of that part.
COUNTED = re.compile(r"(?P<n>单|双)(?P<noun>[\u4e00-\u9fff]{1,2}?)(?=单|双|[^\u4e00-\u9fff]|$)")
COUNT_SAID = {"双": r"(?:单|(?:1|一)[个扇层只张条把台片面颗根])", "单": r"(?:双|(?:[2-9]|两)[个扇层只张条把台片面颗根])"}
NOUN_END = r"(?=[^\u4e00-\u9fff]|[的和与也都是就还]|$)"

# Allergen groups (GB 7718-2011 4.4.3.2 names the eight a label must declare) as people call them.
ALLERGENS: dict[str, str] = {
    "花生": r"花生|peanut",
    "乳": rf"乳制品|乳糖|乳清|乳钙|乳粉|牛奶|奶制品|奶粉|稀?奶油|黄油|奶酪|芝士|(?<![豆椰])乳(?=$|[、，,/和及)）])|"
          rf"(?<![豆椰酸])奶(?=$|[、，,/和及)）])|dairy|lactose|{_A}milk|{_A}butter{_Z}|{_A}cheese",
    "麸质": r"麸质|小麦|大麦|黑麦|gluten|wheat",
    "大豆": rf"大豆|黄豆|{_A}soy",
    "芝麻": r"芝麻|sesame",
    "蛋": rf"鸡蛋|蛋类|蛋黄|蛋清|全蛋|蛋粉|{_A}eggs?{_Z}",
    "坚果": rf"坚果|杏仁|核桃|腰果|榛子|tree nut|{_A}nuts?{_Z}",
    "鱼": rf"鱼类|{_A}fish",
    "甲壳": r"虾|蟹|甲壳|贝类|shellfish|shrimp|crab",
}
ALLERGY_WORD = r"(?:过敏|不耐|allerg|intoleran)"
# Additive functional classes of GB 2760-2014 附录D, with common members: a label listing a member has the class.
ADDITIVES: dict[str, str] = {
    "甜味剂": r"甜味剂|代糖|赤藓糖醇|木糖醇|麦芽糖醇|山梨糖醇|三氯蔗糖|阿斯巴甜|安赛蜜|甜菊糖|甜蜜素|糖精|sweetener",
    "防腐剂": r"防腐剂|山梨酸|苯甲酸|脱氢乙酸|丙酸钙|尼泊金|preservative",
    "着色剂": r"着色剂|色素|胭脂红|柠檬黄|日落黄|焦糖色|亮蓝|colou?ring",
    "香精香料": rf"香精|香料|香氛|flavou?ring|fragrance|{_A}parfum|{_A}perfume",
    "增稠剂": r"增稠剂|卡拉胶|黄原胶|瓜尔胶|明胶|thickener",
    "增味剂": r"增味剂|味精|谷氨酸钠|核苷酸二钠|msg",
    # not an additive: sugars put in as ingredients (GB 28050 无糖/零糖 needs ≤0.5 g/100 g; 不添加糖 needs none added)
    "添加糖": rf"白砂糖|蔗糖|砂糖|绵白糖|冰糖|红糖|果葡糖浆|(?<=[无零0加])糖(?![尿醇精])|sucrose|cane sugar|{_A}sugar{_Z}",
}
INGREDIENT_KEY = re.compile(r"配料|原料|成分|过敏原|ingredient|allergen")
# A list value that says what is absent (过敏原：不含牛奶、大豆), so its items are not contained.
ABSENT_LIST = re.compile(r"^\s*(?:不含|无|未添加|不添加|零添加|free of|no |without)")
# A value saying how much of the key's substance there is (香精：微量): it is there.
AMOUNT_VALUE = re.compile(r"^\s*(?:微量|少量|适量|含有?|有|添加|yes|trace)")
CONTAINS = r"(?<![不无没零0])(?<!额外)(?:含(?!量)|配料|原料|成分|过敏原|加工|添加|contains)"
ANY_ALLERGY = r"过敏体质|易过敏|过敏人群|过敏的(?:人|朋友|家人|宝宝|小朋友)|allergy sufferers|people with allergies"

# Audiences as age intervals in months; precise ones are checked against an allowed range too.
GROUP_MONTHS: list[tuple[str, float, float, bool]] = [
    (r"新生儿|刚出生|出生就|(?<!送)满月(?![礼酒宴照送])|newborn|from birth|day one", 0, 1, True),
    (r"婴幼儿", 0, 36, False),
    (rf"(?<!幼)婴儿|{_A}infants?{_Z}|{_A}bab(?:y|ies){_Z}", 0, 12, False),
    (r"(?<!婴)幼儿(?!园)|toddlers?", 12, 36, False),
    (r"几个月(?:大)?的(?:小)?(?:宝宝|婴儿|孩子)|小月龄", 1, 12, False),
    (rf"幼儿园(?:的)?(?:小朋友|孩子|小孩)|{_A}kindergart(?:e|ne)rs?{_Z}|{_A}preschoolers?{_Z}", 36, 72, False),
    (r"宝宝(?!们)", 0, 36, False),
    (rf"儿童|小孩|孩子|小朋友|{_A}kids?{_Z}|{_A}child(?:ren)?{_Z}", 0, 144, False),
    (r"未成年", 0, 216, False),
]
AGE = re.compile(r"(?P<pre>满|宝宝|孩子|小孩)?(?P<n>\d+(?:\.\d+)?|半)\s*(?P<u>个月|月龄|周岁|岁)(?P<half>半)?(?P<big>大)?"
                  r"(?P<dir>以上|以后|之后|起|以下|以内|之前)?(?P<who>的?(?:宝宝|孩子|小孩|小朋友|婴儿|小?奶?[猫狗]|幼[猫犬]|猫咪|狗狗))?"
                  r"(?P<then>(?=[就也都](?:能|可以?|开始)))?")  # 4个月就能加: the age from which, unless a duration (吃3个月就能见效)
DURATION_BEFORE = re.compile(r"[用吃喝服坚持续连了过满]$")
AGE_EN = re.compile(r"(?<![a-z])(?:ages?|aged) (?P<a>\d+(?:\.\d+)?)(?P<aup>\+| and (?:up|over|older)| or (?:older|above))?|"
                    r"(?P<n>\d+(?:\.\d+)?)[- ](?P<u>months?|years?|yrs?)[- ]olds?(?P<up>\+| and (?:up|over|older))?|"
                    r"(?<![a-z])from (?P<f>\d+(?:\.\d+)?) (?P<fu>months?|years?)(?![a-z])(?! of| in| on| use)|"  # from 4 months
                    r"(?<![a-z])(?:kids?|children|toddlers?|little ones) (?:from|as young as) (?:age )?(?P<k>\d+)"
                    r"(?![\d.%]| ?(?:months?|years?|yrs?)\b)|"
                    r"(?<![a-z])from age (?P<k2>\d+)(?![\d.%])")  # kids from 4, from age 2
# English names of the audiences a KB excludes or cautions, so a host switching language is read too.
AUDIENCE_EN = {"孕": r"pregnan|expecting mothers", "哺乳": r"breastfeed|nursing mothers", "敏感": r"sensitive skin",
               "婴": r"bab(?:y|ies)|infants?", "儿童": r"kids?|child(?:ren)?", "老人": r"elderly|seniors",
               "糖尿病": r"diabet", "高血压": r"high blood pressure|hypertensi", "过敏": r"allerg",
               "猫": rf"{_A}(?:cats?|kittens?|felines?){_Z}", "狗": rf"{_A}(?:dogs?|pupp(?:y|ies)){_Z}",
               "犬": rf"{_A}(?:dogs?|pupp(?:y|ies)){_Z}", "经期": r"on (?:your|their|her) period|menstruat",
               "生理期": r"on (?:your|their|her) period|menstruat"}
AGE_RANGE = re.compile(r"(?P<a>\d+(?:\.\d+)?)\s*(?P<ua>个月|月龄|岁)?\s*[-~～到至]\s*(?P<b>\d+(?:\.\d+)?)\s*(?P<ub>个月|月龄|岁)")
OPEN_AGE = re.compile(r"(?P<n>\d+(?:\.\d+)?)\s*(?P<u>个月|月龄|周岁|岁)(?:以上|起)")

# Water at the boil (100 ℃ at sea level) in everyday words, against a KB's upper limit on water temperature.
BOILING = re.compile(r"开水|沸水|滚水|滚烫|烧开的水|刚烧开|(?<![a-z])boiling")
COOLED = re.compile(r"晾|放凉|凉[一会到了些]|降到|降温|兑|(?<![a-z])cool")  # 开水晾到七十度: no longer boiling
WATER_CAP = re.compile(r"水[^。;,，]{0,6}?(?:≤|<|不超过|不高于|低于)\s*(?P<a>\d+)\s*(?:°c|℃|度)|"
                       r"(?P<b>\d+)\s*(?:°c|℃|度)\s*(?:以下|以内)的?温?水")
BOIL_C = 100
BOIL_MARGIN_C = 10  # a cap this close to the boil (≤95℃) takes water just off the boil: no contradiction
# A KB list of who or what it is for (小、中、大型犬), and a script saying only one of them.
ONLY = r"(?:只|仅|专门|专为|专供|only)(?:适合|适用于?|能|可以|给|限于?|用于|针对|为|喂|for|suitable for)?"
LIST_SPLIT = re.compile(r"[、，,/]|和|及|与")

# A wait the KB puts before first use (拆包后放置48小时再使用), and a script using it at once.
WAIT = re.compile(r"(?:放置|静置|等待?|晾|通风|散味)\s*\d+(?:\.\d+)?\s*(?:个?小时|天|分钟|h)[^。;]{0,10}?(?:再|后|才)")
AT_ONCE = re.compile(r"(?:马上|立刻|立即|当天|到手|拆开|拆了|收到|right away|immediately|straight out of the box)[^，,。]{0,3}?"
                     r"(?:就|便)?(?:能|可以)?(?:用|睡|穿|吃|喝|铺|使用|上身|(?<![a-z])use|sleep)")

# Award tiers and the words that claim them.
TIERS = [(4, rf"特等奖|特金奖|铂金奖|白金奖|grand prize|{_A}platinum{_Z}"),  # above gold: a gold said as 特等奖 or 铂金奖 is a grade it lacks
         (3, rf"金奖|金牌|一等奖|冠军|{_A}gold{_Z}|first prize|champion"),
         (2, rf"银奖|银牌|二等奖|亚军|{_A}silver{_Z}|second prize|runner-up"),
         (1, rf"铜奖|铜牌|三等奖|季军|{_A}bronze{_Z}|third prize")]
SHORTLIST = re.compile(r"入围|入选|提名|候选|shortlist|nominat|finalist|listed\b")  # 入选…目录: listed, not awarded
WON = re.compile(rf"拿了|拿过|拿到|拿下|评上|评为|获评|当选|荣获|得奖|拿奖|夺冠|折桂|(?<!收)获(?!取|悉|得感)|得了|得过|斩获|摘得|赢得|夺得|{_A}won{_Z}|{_A}win|winner|awarded")
AWARD_WORD = re.compile(r"(?<![抽中夸嘉兑])奖(?![品励金券])|大赛|评选|推荐目录|名录|award|(?<!door )prize(?! draw)|medal|competition|contest")
EDITION = re.compile(r"首届|第(\d+|[一二三四五六七八九十]+)届")
# 2031“最受夜班护士欢迎零食”, “金牌月嫂推荐”称号: a title the certification quotes, an honour but no award
HONOUR = re.compile(r"称号|“[^”]{2,30}”|\"[^\"]{2,30}\"")

# Nutrition content claims, GB 28050-2011 附录C 表C.1: (claim, nutrient, bound, per 100 g, per 100 mL).
NUTRITION: list[tuple[str, str, str, float, float]] = [
    (r"零卡|0卡|零热量|无热量|零能量|无能量|zero[- ]calorie", "能量", "max", 17, 17),
    (r"低卡|低热量|低能量|low[- ]calorie", "能量", "max", 170, 80),
    (r"零脂|0脂|无脂|脱脂|fat[- ]free", "脂肪", "max", 0.5, 0.5),
    (r"低脂|low[- ]fat", "脂肪", "max", 3, 1.5),
    (r"零糖|0糖|无糖|sugar[- ]free", "糖", "max", 0.5, 0.5),
    (r"低糖|low[- ]sugar", "糖", "max", 5, 5),
    (r"低钠|low[- ]sodium", "钠", "max", 120, 120),
    (r"高蛋白|high[- ]protein", "蛋白质", "min", 12, 6),
    (r"高钙|high[- ]calcium", "钙", "min", 240, 120),
]
NUTRIENT_KEYS = {"能量": r"能量|热量", "脂肪": r"脂肪", "糖": r"^糖|含糖|糖含量|糖分", "钠": r"钠", "蛋白质": r"蛋白质",
                  "钙": r"钙"}
PER_100 = re.compile(r"(\d+(?:\.\d+)?)\s*(kj|kcal|千焦|大卡|千卡|mg|毫克|g|克)\s*/\s*100\s*(g|克|ml|毫升)")
NUTRITION_RULE = "GB 28050-2011 附录C 表C.1（营养成分含量声称的条件）"

# Ordinal attributes whose values exclude each other: a script naming another value contradicts.
# (attribute keys it applies to, values); quality grades (GB/T 14456 茶叶, GB/T 1354 大米, GB/T 1535 食用油) only
# under a grade key, since 一级/三级 name other things elsewhere.
SCALES: list[tuple[str, tuple[str, ...]]] = [
    ("", ("不辣", "微辣", "小辣", "中辣", "重辣", "特辣", "超辣", "变态辣")),
    ("", ("浅烘", "中烘", "深烘")),
    ("", ("一级能效", "二级能效", "三级能效", "四级能效", "五级能效")),
    (r"^(?:质量)?(?:等级|级别|品级)$|^grade$", ("特级", "优级", "一级", "二级", "三级")),
]

# ------------------------------------------------------------------ clause grammar
# Values of one attribute that exclude each other: a KB that states one (烹饪方式：烘烤, 电源：有线, 出厂茶轴) is
# contradicted by a script stating another. Classes are closed sets fixed by the thing measured: how a food is
# cooked (GB/T 12140 food-processing terms: 烘烤, 油炸, 蒸制, 冻干, 风干), how a device is powered, the
# industry's switch colours for mechanical keyboards (Cherry MX naming), and a mattress's firmness said one
# way. ``exclusive`` classes hold only when the KB says the value alone (仅夜间, 只限室内): otherwise a
# product used at night may well be used by day too.
EXCLUSIVE_VALUES: list[tuple[dict[str, str], bool]] = [
    ({"baked": r"烘烤|烤制|烘焙(?![度师店坊])|(?<![a-z])baked", "fried": r"油炸|(?<![爆轰])炸(?:制|的|出来|成|过)|(?<![a-z])(?:deep-)?fried",
      "steamed": r"蒸制|(?<![a-z])steamed", "freeze_dried": r"冻干|freeze-dried", "air_dried": r"风干|air-dried"}, False),
    ({"corded": r"(?<![跟和比像同])有线(?![^，,。]{0,8}充)|插电(?:才能)?使用|(?<![a-z])corded|plug-in",
      "cordless": r"无线(?!充|蓝牙|网|连|投屏|耳|遥控)|cordless|蓝牙|2\.4\s*g(?![a-z\d])|(?<![a-z])(?:bluetooth|wireless)(?![a-z])(?! charg)"}, False),
    # (有线充电 and 无线充电 are how a battery is charged, not how the device connects; 跟有线一样 is a yardstick)
    # how a product arrives: assembled, or in parts the buyer puts together
    ({"assembled": r"免安装|免组装|整装发货|到手(?:即|就)(?:用|能用)|装好的|(?<![a-z])(?:fully |pre-?)assembled|no assembly",
      "self_assembly": r"自行安装|自己(?:安)?装|自行组装|需要?(?:安装|组装)|self-assembly|assembly required|assemble it yourself"}, False),
    # caffeine in a coffee or tea: the KB says it has it (咖啡因：含) or is decaf
    ({"caffeinated": r"含咖啡因|咖啡因:\s*(?:含|约|\d)|(?<![a-z])caffeinated",
      "decaf": r"低因|无咖啡因|脱因|不含咖啡因|(?<![a-z])decaf|caffeine-free|no caffeine"}, False),
    # how a printer puts ink on paper: toner fused by a laser, or ink sprayed from a tank or cartridge
    ({"laser": r"激光(?=打印|一体|机|的)|(?<![a-z])laser(?![a-z])", "inkjet": r"喷墨|墨仓|墨盒|(?<![a-z])ink[- ]?(?:tank|jet)"}, False),
    ({"red": r"红轴|red switch", "brown": r"茶轴|brown switch", "blue": r"青轴|blue switch", "black": r"黑轴|black switch",
      "silver": r"银轴|silver switch"}, False),
    ({"soft": r"偏软|较软|软一些", "firm": r"偏硬|较硬|硬一些"}, False),
    # where a child seat or car accessory is fitted: placed in the back (只能安装在后排) is not placed in front
    ({"front": r"(?:装|放|安装|坐)[在到]?(?:前排|副驾)", "back": r"(?:装|放|安装|坐)[在到]?(?:后排|后座)"}, False),
    ({"night": r"夜间|晚上|夜里|睡前|(?<![a-z])night", "day": r"白天|日间|早上|早晨|早晚(?![饭餐])|daytime|morning"}, True),
    # how thick a cream goes on (建议薄涂)
    ({"thin": r"薄涂|薄薄(?:地|的)?(?:涂|抹)|(?:涂|抹)(?:一层)?薄薄|thin layer", "thick": r"厚涂|厚厚(?:地|的)?(?:涂|抹)|(?:涂|抹)(?:一层)?厚厚|thick layer"}, False),
    ({"indoor": r"室内|indoor", "outdoor": r"户外|室外|outdoor"}, True),
    # a wireless receiver's radio band (2.4G / 5.8G dongles): the KB naming one rules the other out
    ({"2.4g": r"2\.4\s*g(?:hz)?(?![a-z\d])", "5.8g": r"5\.8\s*g(?:hz)?(?![a-z\d])"}, False),
    # Wi-Fi bands (IEEE 802.11): a device on 2.4 GHz only does not join a 5 GHz network
    ({"2.4g": r"2\.4\s*g(?:hz)?", "5g": r"(?<![\d.])5\s*g(?:hz)?(?=[^，,。]{0,3}wi-?fi)|wi-?fi[^，,。]{0,3}(?<![\d.])5\s*g(?:hz)?"}, True),
]
EXCLUSIVE_MARK = re.compile(r"(?:^|[:：\s或])(?:仅|只|仅限|只限|只能|only)(?:在|支持|适用|兼容|用)?\s*$")
# A restriction for some users only (油皮建议…只在晚上): not the product's own.
FOR_SOME = re.compile(r"(?:肌|[油干混]皮|者|人群|孕妇|儿童|宝宝|老人|患者)(?:建议|请|应|需|可)")
# Changing a part (可以换成红轴, swap in) says what it may become, not what it is.
CHANGED_TO = re.compile(r"换|改|swap|change")

CLAUSE = re.compile(r"(?:[^。！？!?；;，,\n（）().]|\.(?![\s]|$))+")
SENTENCE_END = set("。！？!?；;\n.")
BIE = r"(?<![类区性级个分差告识特鉴辨派])别"  # 别 the imperative, not 类别/特别
KEEP_ON = r"(?:不用|不需要|无需|不必)(?:摘|取下|拿下|脱)|no need to take (?:it )?off"  # keeping it on is doing it
# The product coming through it unharmed (游泳都不会掉, 暴雨都湿不透): a denial that says it is fine.
WITHSTANDS = r"(?:都|也)不会?(?:掉|脱|花|晕|坏|漏|进水|湿|变形|闷|腻|黏|粘|搓泥|起皮|卡粉)|[湿淋泡渗]不透|[泡摔淋]不坏"
IDIOM = re.compile(
    rf"{WITHSTANDS}|不怕|不用怕|不用担心|不担心|没问题|没事|没关系|不影响|不在话下|无忧|无压力|不错|不少|不仅|不但|不光|不止|不断|"
    rf"不过|不同|不一样|不锈钢|不粘|无论|不管|无线|无人机|[\u4e00-\u9fff]不完|{KEEP_ON}|no problem|no worries|not only|no matter|"
    rf"不[带用连拿]手机")  # 不带手机也能打电话: without the phone, a condition
NEGATOR = re.compile(
    rf"不能|不可以|不可|不宜|不建议|不适合|不适宜|不适用|禁止|严禁|请勿|切勿|勿|避免|远离|不要|{BIE}|不支持|不含|不带|"
    rf"不用|不需要|无需|不必|不会|没有|[不没无未]|{_A}not{_Z}|n't|{_A}never{_Z}|{_A}no{_Z}|{_A}avoid|{_A}without{_Z}|keep away")
# Advice to use another product for the case (游泳要换防水型的, 选W3 Pro): the case is not claimed of this SKU.
SWITCH = re.compile(r"(?:要|得|需要|请|建议|最好|就)(?:换成?|改用|选择?|另买)|\b(?:switch\s+to|go\s+for\s+the|choose\s+the)\b")
ORIGIN_KEY = re.compile(r"产地|原产地|产区|origin")
# Places a product is said to come from: provinces and the countries goods and their raw materials are sold by.
PLACES = ("北京", "天津", "上海", "重庆", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽", "福建",
          "江西", "山东", "河南", "湖北", "湖南", "广东", "广西", "海南", "四川", "贵州", "云南", "西藏", "陕西", "甘肃",
          "青海", "宁夏", "新疆", "台湾", "香港", "澳门", "日本", "韩国", "美国", "加拿大", "墨西哥", "巴西", "哥伦比亚",
          "秘鲁", "智利", "阿根廷", "英国", "法国", "德国", "意大利", "西班牙", "葡萄牙", "荷兰", "比利时", "瑞士", "瑞典",
          "挪威", "丹麦", "芬兰", "俄罗斯", "波兰", "澳大利亚", "新西兰", "泰国", "越南", "印度尼西亚", "印尼", "马来西亚",
          "菲律宾", "印度", "斯里兰卡", "土耳其", "以色列", "埃及", "肯尼亚", "埃塞俄比亚", "南非", "危地马拉", "哥斯达黎加",
          "牙买加", "巴拿马")
# Hedges and warnings; a harm it would come to (整盆倒会堵, 泡水会坏) is a warning too.
CAUTION = re.compile(r"(?<![不没])(?:会|容易)(?:堵|坏|碎|裂|漏|损坏|变形|烧坏|短路|生锈|发霉)|慎|小心|注意|离.{1,8}?远|建议先|最好先|先.{0,6}试|咨询|遵医嘱|careful|caution|consult|check with")
QUESTION = re.compile(rf"吗|能不能|可不可以|是不是|会不会|有没有|行不行|要不要|{_A}whether{_Z}|^\s*(?:can|is|are|does|do) ")
PERMISSIVE = re.compile(
    rf"(?<![功性节智动体技])能(?![量力效源])|可以|(?<!认)可(?![爱是惜能乐])|没事|没问题|放心|随便|随意|直接|就行|都行|也行|照样|"
    rf"尽管|完全|不怕|不用担心|安心|适合|适用|正好|刚好|正合适|合适|{KEEP_ON}|{_A}can{_Z}|{_A}fine{_Z}|{_A}safe{_Z}|{_A}ok(?:ay)?{_Z}|suitable|perfect for|"
    rf"(?:也|都|照样)一样(?:好|棒|行|香)|great for|good for|totally|freely|from day one|{WITHSTANDS}|没关系|不要紧|无妨|问题不大|no big deal|won't hurt|"
    rf"就是(?:个|一[个把张])|秒变|变身|就够了|扛得住|顶得住|hold up|"  # 一坐就是个小板凳: used as one
    rf"(?<![别不])[冲泡喂吃喝](?:一?点|一勺|几口|一口)")  # 冲点蜂蜜水喝: giving it is saying it is fine
DOING = re.compile(r"(?:用|加|倒|放|丢|扔|塞|拿|进|带|下)[进入到了个]?$|(?<![首优事])先$|[戴穿带]着去?$"
                   r"|\b(?:toss|throw|put|pop|stick|chuck|drop)\s+(?:\w+\s+){0,2}?(?:in|into|on)\s+(?:the\s+|a\s+)?$")  # 用开水, 扔进洗碗机: doing it is saying it is fine
STRONG = re.compile(rf"放心|随便|随意|直接|完全|没问题|没事|没关系|不要紧|不用担心|照样|尽管|安心|都行|totally|freely|no problem|"
                     rf"{_A}fine{_Z}|{_A}safe{_Z}")
COUNTER = r"[个块只颗根条节片张层套枚]"
PRESENCE = re.compile(r"(?:有|带|含|配|自带|配有|配备|支持|加了|添加了?|加入了?|放了|附|送|赠|包含|标配)"
                      r"(?:了?(?:一点点?|一丢丢|少量|微量|一些|些许|适量|淡淡|浓浓|一股|阵阵))?(?:[个了一只的着]|小|大|迷你){0,3}"
                      r"[a-z0-9]{0,5}$|"  # 带小夜灯, 有淡淡的
                      rf"(?:有|带|配|是)(?:[一两几]?{COUNTER}(?:\d+(?:\.\d+)?\s*[a-z\u4e00-\u9fff]{{1,2}}?)?|\d+(?:\.\d+)?\s*[a-z\u4e00-\u9fff]{{1,2}}?)的?[\u4e00-\u9fff]{{0,3}}$|"  # 有块4.5寸的, 是1200个独立
                      r"(?:with|has|have|contains?|comes with|features|includes?) (?:an? |the |some |a (?:bit|touch|hint|little) of )?$")
# What a KB says is absent (酒精：不含, 香精：无) in all the words for it; without fragrance it has no scent said either.
SUBSTANCES = {"酒精": rf"酒精|乙醇|{_A}alcohol{_Z}", "乳胶": rf"乳胶|{_A}latex", "矿物油": r"矿物油|mineral oil",
              "硅油": r"硅油|silicone oil", "荧光剂": r"荧光剂|增白剂|optical brightener"}
# Features in the English a host switching language names them by (可视窗：无 -> "has the viewing window").
FEATURE_EN = {
    r"可视窗|观察窗|视窗": rf"{_A}(?:viewing |see-through )?window{_Z}", r"保温": rf"{_A}keeps? (?:it |things |water |food )?warm|keep-warm",
    r"预约|定时": rf"{_A}timer{_Z}|{_A}delay(?:ed)? start|{_A}schedul", r"负离子": rf"{_A}(?:negative )?ions{_Z}|{_A}ionic{_Z}",
    r"gps|定位": rf"{_A}gps{_Z}", r"蓝牙": r"bluetooth", r"wifi|无线网|联网": rf"{_A}wi-?fi{_Z}|{_A}online{_Z}",
    r"夜灯": rf"{_A}night ?light", r"遥控": rf"{_A}remote(?: control)?{_Z}", r"摄像头|摄像": rf"{_A}camera",
    r"降噪": r"noise[- ]cancell?ing", r"快充": r"fast[- ]charg|quick[- ]charg", r"无线充": r"wireless charg",
    r"注音|拼音": rf"{_A}pinyin", r"前厅": rf"{_A}vestibule", r"电池": rf"{_A}batter(?:y|ies){_Z}",
    r"扩容": rf"{_A}expand(?:able|s)?{_Z}|{_A}expansion", r"esim": rf"{_A}e-?sim{_Z}", r"4g|蜂窝": rf"{_A}4g{_Z}|{_A}cellular",
}
SCENT = (r"(?:有|带|带着|散发|飘着|闻着|闻起来|留)(?:一?点|淡淡|浓浓|一股|阵阵)?的?[\u4e00-\u9fff]{0,3}?"
         r"(?:(?:玫瑰|茉莉|柑橘|花|果|奶|茶|木质?|清)香(?![水蕉菇肠皂])|香(?:味|气)|香精味|香香的|香(?![港菇蕉肠水皂料精油]))|"
         rf"{_A}scented{_Z}|smells? (?:like|of)|{_A}perfumed")
# Mandarin's emphatic negation puts the thing between 一点/一丝 and 都/也 + 没/不 (一点味道都没有, 一丝香精也不含).
EMPHATIC_DENIAL = re.compile(r"一(?:点点?|丁点|丝|滴)儿?(?P<thing>[^，,。！!？?]{1,6}?)(?:都|也)(?:没有?|不含|不带|闻不到)")
DENIAL = re.compile(rf"不用|不需要|无需|不必|用不着|免|省去|跳过|不会|没有|(?<![不没])[不没无](?![用需必会有])|{_A}never{_Z}|"
                     rf"{_A}not{_Z}|no need to")
# A use the KB allows in small amounts only (少量可冲, 一次不超过3个), and a script doing it with the whole lot (整盆倒).
SMALL_AMOUNT = re.compile(r"少量(?:可以?|能)|(?:可以?|能)少量|少量[)）]|一次不超过|每次不超过|一次只能|每次只能|"
                          r"(?<![a-z])(?:small amounts?|a little at a time)")  # allowed in small amounts, not 少量多次
WHOLE_AMOUNT = re.compile(r"整(?:盆|袋|包|箱|桶|瓶|罐|盒|锅|堆)|一整|全部|全都|一次性全|一股脑|一大[把堆盆坨]|一口气全|"
                          r"(?<![a-z])(?:the )?whole (?:box|bag|tray|pan|lot)|all of it|(?<![a-z])dump(?:ing)? (?:it )?all")
# A temperature the KB sets low for an act (低温烘干, 30℃以下温水手洗), and the same act said hot (高温烘干, 开水烫).
LOW_TEMP = re.compile(r"(?:低温|冷水|凉水|温水|\d+\s*(?:℃|°c|度)以下的?(?:温水|冷水|水)?)(?P<act>[\u4e00-\u9fff]{1,2})")
HIGH_TEMP = r"(?:高温|热水|开水|沸水|滚水|大火|(?<![a-z])hot)[^，,。]{{0,2}}?(?:{act})"
# What the KB says the product is not (不是植物黄油、不是人造黄油): a kind, said of it, is wrong.
NOT_A = re.compile(r"(?:不是|并非|并不是)(?P<x>[\u4e00-\u9fff]{2,6}?)(?=$|[、，,。；;）)]|也不是)")
# What a part is made into or used as (拆成独脚架, 当自拍杆, 改装成): the thing it would become.
MADE_INTO = re.compile(r"^(?:[拆改变做折组装]成|当作?|用作|作为|充当)(?P<x>[\u4e00-\u9fff]{2,4})")
# A condition the KB names before its negation (皮肤有破损时不适合使用): the concept it names is ruled out.
CONDITION_END = re.compile(r"(?:时|的时候|期间|情况下)\s*$")
# A time limit the KB sets on an after-sales or consumption act (48小时内按个数赔付, 开瓶后冷藏3天内喝完).
DEADLINE = re.compile(r"(?P<n>\d+(?:\.\d+)?)\s*(?P<u>小时|h|天|日|周|个月|月)(?:之|以)?内")
DEADLINE_HOURS = {"小时": 1, "h": 1, "天": 24, "日": 24, "周": 168, "个月": 720, "月": 720}
DEADLINE_ACT = re.compile(r"赔|退|换|补发|保修|维修|喝完|吃完|用完|食用完")
DEADLINE_EN = re.compile(r"(?<![a-z])within (?P<n>\d+(?:\.\d+)?) (?P<u>hours?|days?|weeks?|months?)(?![a-z])")
DEADLINE_EN_HOURS = {"hour": 1, "day": 24, "week": 168, "month": 720}
DEADLINE_ACT_EN = {"赔": r"refund|compensat|replace", "退": r"refund|return", "换": r"replace|exchange|swap",
                   "补发": r"resend|replace", "保修": r"warrant|repair", "维修": r"repair", "喝完": r"drink|finish",
                   "吃完": r"eat|finish", "用完": r"use (?:it )?up|finish", "食用完": r"eat|finish"}
# Kept cold (开瓶后冷藏, -18℃冷冻) and said kept at room temperature; thawing at room temperature is another thing.
KEPT_COLD = re.compile(r"冷藏|冷冻|放冰箱|冰箱保存|refrigerat|keep (?:it )?(?:cold|chilled|frozen)")
KEPT_COLD_HOW = re.compile(r"保存|储存|存放|贮存|储藏|开封|开瓶|开盖|需|请|须|应|必须|要|storage|store|keep")  # not 冷藏口感更好
TASTE = re.compile(r"口感|风味|更好喝|更好吃|更佳|冰镇")
ROOM_TEMP = (r"(?:常温|室温)下?(?:放|存|保存|储存|存放|搁|摆)|(?:放|存|保存|储存|存放|搁)在?(?:常温|室温)|"
             r"(?:不用|无需|不需要|不必)(?:放)?(?:冰箱|冷藏)|(?:keep|store|leave) (?:it )?(?:out )?at room temperature")
THAW = re.compile(r"解冻|化冻|回温|thaw|defrost")
# Glass and enamel the KB keeps from sudden temperature change (不可骤冷骤热), taken from the fridge straight to the heat.
THERMAL_SHOCK = re.compile(r"骤冷骤热|骤热骤冷|急冷急热|急热急冷|冷热交替|冷热骤变|温差过大|温差骤变|回温(?:后|再)")
SHOCK_SAID = (r"(?:冰箱|冷藏|冷冻|冻着的|冰水|冰块)[^，,。]{0,8}?(?:直接|马上|立刻|立马|就)[^，,。]{0,4}?"
              r"(?:烧|加热|煮|炖|上火|开火|上灶|倒开水|倒热水|微波)|"
              r"(?:刚烧开|滚烫|烧开|开水|热水|沸水)[^，,。]{0,6}?(?:直接|马上|立刻|立马|就)[^，,。]{0,4}?(?:冰箱|冷水|冰水|冷冻|冷藏)|"
              r"straight from the (?:fridge|freezer)")
# A part the KB says comes off before a use (奶嘴和瓶盖需取下), said to go along (带着奶嘴一起放微波炉).
REMOVE_FIRST = re.compile(r"(?P<parts>[\u4e00-\u9fff、]{2,12}?)(?:需|须|要|请|应|需要)先?(?:取下|拆下|摘下|拿掉|去掉|卸下|取出|拿下)")
ALONG = r"(?:带着?|连着?|连同|加上|和|跟|不[用需]?[取拆摘拿][下掉出]?)[^，,。]{{0,2}}(?:{parts})|(?:{parts})[^，,。]{{0,3}}(?:一起|一块|不用[取拆摘拿])"
# A weight the KB gives without something (净重不含冰衣) said with it (2公斤带冰).
NET_EXCLUDES = re.compile(r"(?:净重|净含量|重量|称重)[^。；;？?]{0,12}?不(?:含|包括|算|计)(?P<x>[\u4e00-\u9fff]{1,3})|"
                          r"不(?:含|包括|算|计)(?P<y>[\u4e00-\u9fff]{1,3})[^。；;]{0,6}?(?:净重|重量)")
WEIGHT_SAID = r"\d+(?:\.\d+)?\s*(?:公斤|千克|斤|kg|克|g|两)"
WITH_THING = r"(?:{w})[^，,。]{{0,2}}?(?:带|含|连|包括|算上?)着?(?:{x})|(?:带|含|连|包括)着?(?:{x})[^，,。]{{0,4}}?(?:{w})"
# Colours; a KB saying the listing comes in one only (只有黑色, 颜色：黑) rules the others out.
COLOURS = ("黑", "白", "红", "蓝", "绿", "黄", "粉", "紫", "灰", "棕", "橙", "金", "银")
COLOURS_EN = {"黑": "black", "白": "white", "红": "red", "蓝": "blue", "绿": "green", "黄": "yellow", "粉": "pink",
              "紫": "purple", "灰": "gr[ae]y", "棕": "brown", "橙": "orange", "金": "gold", "银": "silver"}
COLOUR_EN_SAID = r"(?<![a-z])(?:comes? in|available in|also in|there(?:'s| is)(?: also)? an?)\s+(?:{others})(?![a-z])"
ONLY_COLOUR = re.compile(rf"(?:只有|仅有|仅|只|only)\s*(?P<c>{'|'.join(COLOURS)})色")
COLOUR_KEY = re.compile(r"^(?:颜色|色号|颜色分类|配色|colou?r)$")
# Named shades as paint, nail and clothing sellers call them: a KB naming one (象牙白, 雾霾蓝) is contradicted by another
# said as its colour (纯白, 奶茶色); the bare family (白色 of 象牙白) is true of it.
SHADES = ("象牙白", "纯白", "奶白", "米白", "乳白", "雪白", "珍珠白", "暖白", "冷白", "亮白", "月光白", "雾霾蓝", "天蓝", "宝蓝",
          "藏青", "藏蓝", "海军蓝", "克莱因蓝", "湖蓝", "雾蓝", "奶茶", "焦糖", "咖啡", "驼", "卡其", "杏", "裸", "豆沙",
          "酒红", "正红", "大红", "砖红", "枫叶红", "玫红", "樱花粉", "脏粉", "香芋紫", "薰衣草紫", "墨绿", "橄榄绿", "薄荷绿",
          "牛油果绿", "抹茶绿", "奶油黄", "姜黄", "芥末黄", "柠檬黄", "雾霾灰", "高级灰", "烟灰", "炭黑", "曜石黑", "香槟",
          "玫瑰金", "太空灰")
SHADE_SAID = r"(?:颜色|色号)(?:是|为|选的是|:)?\s*(?P<a>{shades})色?|(?:这[瓶款罐支个桶])(?P<b>{shades})色?|(?P<c>{shades})色(?![号系卡])"
# Something the KB says comes with it (附答案册, 赠琴包) said to be bought separately.
INCLUDED = re.compile(r"(?:附赠|附|赠送|赠|内含|标配)(?:有|送)?(?P<x>[\u4e00-\u9fff]{2,4})")
BOUGHT_APART = r"(?:{x})[^，,。]{{0,3}}(?:要|需要?|得|还得)?(?:单独|另外|额外|另)(?:买|购|拍|付费|收费|花钱)"
# How often and how long a use may be (每周2-3次，每次15-20分钟), and a script saying more (天天敷, 一次敷一个小时).
PER_WEEK = re.compile(r"(?:每周|一周|每星期)(?P<a>\d+)(?:\s*[-~到至]\s*(?P<b>\d+))?次")
MINUTES = re.compile(r"(?:每次|一次|单次|[敷泡熏照])约?(?P<a>\d+)(?:\s*[-~到至]\s*(?P<b>\d+))?\s*分钟(?![前后内])")
USE_VERBS = re.compile(r"敷|涂|抹|吃|喝|服|泡|洗|喂|戴|贴|熏|照")
DAILY = r"天天|每天|每日|日日|一天[一两二三123]次|早晚各?|(?<![a-z])daily|every (?:day|night)"
SAID_MINUTES = re.compile(r"(?P<n>\d+(?:\.\d+)?|半)\s*(?P<u>分钟|个?小时|钟头)")
# A listing with one size only (只有1.5m×2m一个尺寸) said to have another (1.8米的也有).
ONE_SIZE = re.compile(r"只有(?P<x>[^，,。]{1,16}?)[一1](?:个|种|款)(?:尺寸|规格|型号|size)")
SIZE_WORDS = re.compile(r"大号|小号|中号|加大|加长|特大|大码|小码|大尺寸|小尺寸|(?<![a-z])x{0,3}[sml](?![a-z])码?")
ALSO_HAS = re.compile(r"也有|还有|也能选|也可以选|也能拍|also (?:comes? in|has)")
SIZE_NUMBER = re.compile(r"(\d+(?:\.\d+)?)\s*(?=米|m(?![a-z])|cm|厘米|寸|码|号|×|x|\*)|(?<=[×x*])\s*(\d+(?:\.\d+)?)")
# A step the KB says is optional (要接水管吗？不用接) said to be required.
NOT_NEEDED_ANSWER = re.compile(r"^(?:不用|不需要|无需|不必|没必要|用不着)")
# A comfort range that stops above freezing (适宜温度：0~15℃, 三季) and a script taking it into hard cold.
COMFORT_KEY = re.compile(r"适宜温度|适用温度|舒适温度|温标|适用季节|适用气温")
HARD_COLD = re.compile(r"零下|冰天雪地|严寒|极寒|酷寒|(?:东北|哈尔滨|漠河|北方)[^，,。]{0,3}冬天|雪山|下雪天|暴雪|"
                       r"-\d+\s*(?:℃|°c|度)|(?<![a-z])(?:below (?:zero|freezing)|sub-?zero|blizzard|snowstorm)")
# An accessory the KB says must be bought for a use (需另购降压线, 需另购贴纸), and a script saying nothing else is needed.
NEEDS_BOUGHT = re.compile(r"(?:需|需要|须|要)(?:另购|另外购买|单独购买|另配|另买)(?P<x>[^，,。；;]{0,12})")
NOTHING_ELSE = (r"(?:不用|不需要|无需|不必|用不着)(?:另外|额外|单独)?(?:再)?(?:接|买|配|购|装|加)[^，,。]{{0,3}}?"
                r"(?:别的|其他的?|任何|啥|什么{x})")
# A step the KB asks for every time (每次使用前都要做过敏测试) said to be needed once only.
EVERY_TIME = re.compile(r"每次[^，,。；;]{0,8}?(?:都|均)?(?:要|需要?|须|必须|应)(?P<act>[^，,。；;]{2,12})")
ONCE_ONLY = r"不用再|不需要再|无需再|不必再|只(?:要|需要?)?(?:做|测|用)?一次|一次就(?:够|行|好)|以后都不用"
# A test the product has not passed (未做防水测试): it does not have what the test checks.
UNTESTED = re.compile(r"未(?:做|经过?|通过|进行)过?(?P<scope>[^，,。;]{1,8}?)(?:测试|检测|认证|试验)")
# What the KB says is not needed (无需冷藏), and a script asking for it (记得放冰箱冷藏).
UNNEEDED = re.compile(r"(?:无需|不需要|不用|不必|没必要)(?P<scope>[^，,。;]+)")
REQUIRE = (r"(?:记得|一定要|必须|务必|需要|得|要|别忘了?|(?<![a-z])remember to|make sure to|(?<![a-z])must|need to|have to)"
           r"[^，,。]{{0,4}}?(?:{act})")
DOUBLE_NEGATION = re.compile(r"(?:不是|并非|并不是)$")  # before a denial: 不是没有
NEGATED_DENIAL = re.compile(r"(?:不是|并非|并不是)(?=[没无不])")  # a denial that starts one: 不是 + 没有
# A feature word used as a product's name (茶轴款, 尾灯的那个, 选茶轴的): then it names the sibling that has it.
FEATURE_NAMING = r"(?:款|版|型|的?那[款个种]|的(?:话|选|买))"
FEATURE_CHOSEN = r"(?:选|买|拍|要)(?:那?款)?"
SELF = re.compile(r"这一?[款个台件瓶罐本双条套盒袋支只]|本款|本品|this one")

# KB-side grammar: what rules a predicate out, what asks for one, and the words around it to drop.
KB_NEGATOR = re.compile(
    rf"不能|不可以|不可|不宜|不建议|不适合|不适宜|禁止|严禁|禁食|禁用|禁服|忌食|忌用|请勿|切勿|勿|避免|远离|不要|{BIE}|"
    rf"(?P<presence>不支持|不含|不带|没有|无)")
KB_RECOMMEND = re.compile(r"(?<!不)(?:建议|请|务必|一定要|应当|需要?先|须先|要先)(?![勿不别远避谨慎])")
KB_CAUTION = re.compile(r"谨慎|慎用|慎食|慎服|建议先|请先|需先|咨询医生|遵医嘱|在医生指导下")
SEQUENCE = re.compile(r"先.{1,12}?(?:再|然后)(?P<b>[\u4e00-\u9fff]{2})")
LEAD = re.compile(r"^(?:[戴穿拿带]着|长时间|长期|直接|随意|随便|频繁|经常|自行|被水|被|使用|用|放入|放进|放在|放|进|在|将|把|让|带去|带|去|给|"
                   r"先|再|及时|定期|尽量)+")
CUT = re.compile(r"存放|保存|储存|放置|使用|等|的|了|时|后|中|前|哦|啊|吗|呢|以|再(?!次|生|来)|然后")
GENERIC_VERBS = ("食用", "使用", "饮用", "服用", "购买", "操作", "放置", "吃", "喝", "用", "买", "坐", "躺", "穿", "戴", "看", "读")
GENERIC_TAIL = re.compile(rf"(?:{'|'.join(GENERIC_VERBS)})$")
AUDIENCE_END = re.compile(r"(?:者|人群|人士|患者|病人|病友|孕妇|孕期|哺乳期|儿童|宝宝|婴幼儿|新生儿|过敏|肌|不耐受|小孩|孩子|老人|"
                          r"狗|犬|猫|宠物|狗狗|猫咪|"  # pets are who a pet food is for
                          r"近视|远视|散光|老花眼?|高血压|糖尿病|痛风|贫血|"  # and a condition names its people (近视能用吗)
                          r"经期|生理期|备孕|产后|术后|体质|胃寒)$")
# An answer that sends the asker to another product (近视需配镜另购, 请选厚款): not this one.
ELSEWHERE = re.compile(r"另购|另配|另外(?:购买|配)|单独(?:购买|配)|需要?配(?!合)|换用|改用|请选|建议选")
# Kinds of consumer an answer may say the product is for instead (狗能吃吗？建议猫咪食用).
AUDIENCE_KINDS = {"猫": r"猫|喵", "狗": r"狗|犬", "成人": r"成人|成年人|大人", "儿童": r"儿童|孩子|小孩|宝宝|婴|幼儿",
                  "老人": r"老人|老年"}
FOR_WHOM = r"建议|仅|只|专为|专供|适合|适用于?|供|为"
# The same audience in the words hosts use for it (孕妇 is also 孕妈妈, 准妈妈).
AUDIENCE_ZH = {"孕": r"孕妇|孕妈妈?|准妈妈|(?<!备)怀孕|(?<!备)孕期", "哺乳": r"哺乳|喂奶|母乳期",
               "经期": r"经期|生理期|大姨妈|例假", "生理期": r"经期|生理期|大姨妈|例假"}
QA = re.compile(r"^(?P<subj>.*?)(?P<verb>能不能|可不可以|能|可以|可|会|要|需要|是不是|是(?!否)|有没有|有|含|带|支持)"
                r"(?P<pred>.+?)(?:吗|么|嘛|呢)?[？?]?$")
CAP = r"(?:最高|最多|最大|最快|仅|只有|只能|up to|max(?:imum)?)\s*(?:支持|可达|到|为)?\s*(?P<n>\d+(?:\.\d+)?)\s*(?P<u>{units})"
OPEN_QUESTION = re.compile(r"什么|多少|多久|多长|多大|多高|哪|几|怎么|区别")
NO_ANSWER = re.compile(r"^(?:不是|并非|不会|没有|没|不含|不带|不支持|不行|否|no(?![a-z]))")
AFFIRM = re.compile(r"^(?:可以|能|会|是|有|支持|需要|要|建议)")
COMPLEMENT = re.compile(r"(?<=[\u4e00-\u9fff])[上下好完掉起开](?=[\u4e00-\u9fff])")
STOP_BIGRAMS = {"使用", "可以", "一下", "建议", "之后", "以后", "时候", "食用", "饮用", "服用", "小时", "分钟", "搭配"}
LIMITED_GIFT = re.compile(r"前\d+(?:名|位|套|件|单|份|个|台|瓶|盒|本)?(?:下单|购买|付款)?的?(?:用户|买家)?"
                           r"(?:附|送|赠|加赠|享|得)(?P<gift>[^，。；,;]{2,16})")
UNIVERSAL = re.compile(rf"每一?[个套件份位单瓶盒本台条双]|人人|所有|全部|都有|都送|都能|everyone|every |{_A}all{_Z}")

TOTAL = re.compile(r"总(?:功率|输出|容量|共|计)?(?:为|是)?\s*(?P<n>\d+(?:\.\d+)?)")
EACH = re.compile(r"每(?:一)?个?[\u4e00-\u9fffa-z]{0,3}?都?(?:是|有|能|可以|能到|达到|输出)?\s*(?P<n>\d+(?:\.\d+)?)")

# A yes/no question without a verb (双电压吗？, 是不是… is read by QA): it asks whether the SKU is that.
BARE_QUESTION = re.compile(r"^(?P<pred>[a-z0-9\u4e00-\u9fff]{2,8}?)的?(?:吗|么|嘛)[？?]?$")
# Mandarin splits a verb from its object with a complement or aspect (插电 -> 插上电, 充电 -> 充了电).
SPLIT_VERB = r"(?:[上了着过好个下开]|一下|下来|起来|开来)?"
# Verbs of putting a substance in or on (加精油, 放糖, 涂面霜), and any of them with a small amount said (滴几滴, 加点).
PUT_VERBS = "加放倒装滴抹涂喷挤洒"
PUT_IN = r"(?:[加放倒装滴抹涂喷挤洒]|用)(?:[进入上了点些]|几滴|一?点|一些|[一几两][滴勺]){0,2}"
# A verb with the complement of a done act (冻起来, 熨一下, 煮一下): an instruction to do it.
DONE = re.compile(r"[\u4e00-\u9fff](?:起来|一下)$")
# 玩起来, 试一下; 一岁半就戴着了, 刚满月就一直用: the case said as already done
DONE_AFTER = re.compile(r"(?:起来|一下|一会儿?|(?:的?(?:时候)?)?就(?:一直|开始|天天)?(?:在)?(?:戴|穿|用|玩|吃|喝|啃|咬|睡)(?:着|了|上))"
                        r"(?![\u4e00-\u9fff]*[吗呢？?])")
PUT_DONE = re.compile(r"[加放倒装滴抹涂喷挤洒](?:[进入上了点些]|几滴|一?点|一些|[一几两][滴勺]){1,2}")  # 滴几滴: doing it
# An FAQ answer refusing the case it names in a later clause (大部分笔记本不行) or saying it does not fit (1.5米床会大一圈).
REFUSED = re.compile(r"不行|不可以|不能|不支持|不适用|不适合|不兼容|不匹配|不合适|[大小]一圈|偏大|偏小|装不下|放不下|塞不进|用不了")
# An answer that names the only way (只能手洗) to a question about another: no.
ONLY_ANSWER = re.compile(r"^(?:本品|这款|该款)?(?:只能|只可以|仅能|仅限|只适合|仅适合|只支持|仅支持|只用|仅用)")
# An audience a KB welcomes (乳胶过敏也能用, 敏感肌都可以用).
WELCOME = re.compile(r"(?P<group>[\u4e00-\u9fff]{2,8}?)(?:的人|人群|的朋友)?(?:也|都)(?:能|可以|可)(?:放心)?(?:用|吃|喝|穿|戴|睡|使用|食用)")
# 版 of what the product works with (人教版教材, 安卓版app), not a variant of the product itself.
EDITION_OF = r"(?![\u4e00-\u9fff]{0,4}?(?:教材|课本|图书|书籍|资源|系统|固件|软件|app|应用|程序))"
# A product an FAQ question compares this SKU with (和养生壶比？, 跟石英表有什么区别): another product, not this one.
COMPARED = re.compile(r"(?:和|跟|与|同|比起)(?P<x>[a-z0-9\u4e00-\u9fff.]{2,8}?)(?:比较?|相比|对比|比起来|有什么区别|有啥区别|"
                      r"有什么不同|区别|差在哪|怎么选|哪个好)")
# Asked of the buyer as a step of their own (需先卸妆, 请先取下): the product does not do it.
ASKED_FIRST = r"(?:需要?|须|要|请|建议)先?[^，,。；;]{0,6}?"
# Verbs of saying: 不说 / 请强调 are about what a host says, not about the product.
SPEECH = re.compile(r"说|讲(?!究)|提(?!前|醒|供|高|升|取|交|速)|强调|宣称|宣传|口播|告诉")
EITHER_OR = re.compile(r"还是|(?<![a-z])or(?![a-z])")
MODAL_BEFORE = r"[不没无能可会要以]"  # 不能加热: the title's 加热 as a predicate, not the 加热款's name
CN_DIGIT = str.maketrans("一二三四五六七八九两", "1234567892")
