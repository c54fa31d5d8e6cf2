"""Words that give a sentence its structure: offices, events, measures and names.

Kept apart from the patterns that use them so the vocabulary can grow without
touching the logic. English entries are matched case-insensitively.
"""

from __future__ import annotations

import re

# A relation fact (office, parent body) whose ``unit`` is ENDED says the relation no
# longer holds: "former party secretary", "no longer sits under".
ENDED = "ended"
# A parent link said to be direct ("directly under the State Council", 由国务院直接管理,
# 国务院直属): a body under another one within that parent is not directly under it.
DIRECT = "direct"

# --- Offices --------------------------------------------------------------------------

ROLE = re.compile(
    r"\b(?:acting\s+)?(?:(?:executive\s+)?(?:deputy|vice)[- ]?)?"
    r"(?:general\s+secretary|(?:communist\s+)?party\s+(?:committee\s+)?(?:secretary|chief|boss)"
    r"|secretary(?=\s+of\s+(?:the\s+)?[^.;]{0,80}?(?:party|cpc|ccp)?\s*committee)"
    r"|governor|mayor|premier|president|chair(?:man|woman|person)?"
    r"|(?:(?:prime|foreign|finance|defen[cs]e|commerce|trade|interior|justice|education|health"
    r"|science|industry)\s+)?minister"
    r"|director(?:[- ]general)?|administrator|head(?=\s+of\b)"
    r"|chief\s+executive(?:\s+officer)?|ceo|chief"
    r"|member)\b"
    r"|(?:[\u4e00-\u9fff]委副?书记|(?:党委|党组|省委|市委|区委|县委|州委|委)?副?书记"
    r"|总书记|国家主席|委员|董事长|总裁|首席执行官|总经理"
    r"|[副代]?(?:省长|市长|主席|局长|主任|部长|总理))(?![会处团])",  # not 委员会, 书记处, 主席团
    re.IGNORECASE,
)
# First matching key wins; looked up on the role's text without its deputy prefix.
_ROLE_KEYS = (
    ("委员", "member"),
    ("member", "member"),
    ("总书记", "general_secretary"),
    ("general secretary", "general_secretary"),
    ("书记", "party_secretary"),
    ("party", "party_secretary"),
    ("communist", "party_secretary"),
    ("secretary", "party_secretary"),
    ("国家主席", "president"),
    ("省长", "governor"),
    ("市长", "mayor"),
    ("主席", "chair"),
    ("局长", "director"),
    ("主任", "director"),
    ("部长", "minister"),
    ("总理", "premier"),
    ("chief executive", "chief_executive"),
    ("ceo", "chief_executive"),
    ("首席执行官", "chief_executive"),
    ("总裁", "chief_executive"),
    ("董事长", "board_chair"),
    ("总经理", "general_manager"),
    ("chair", "chair"),
    ("head", "director"),
    ("chief", "director"),
    ("director", "director"),
    ("administrator", "director"),
)
_DEPUTY = re.compile(r"^(?:executive\s+)?(?:deputy|vice)[- ]?|副", re.IGNORECASE)
# An acting governor (代省长) holds the governor's office until confirmed in it.
_ACTING = re.compile(r"^acting\s+|^代", re.IGNORECASE)


# The secretary of a commission (政法委书记, 纪委书记) is not the secretary of the Party
# committee of a place (省委书记, 市委书记, 党委书记).
_COMMISSION = re.compile(r"[\u4e00-\u9fff](?<![省市区县州党组])委副?书记$")


def role_key(text: str) -> str:
    """The normalised role for a match of :data:`ROLE`: "party_secretary", "deputy_governor"."""
    text = _ACTING.sub("", text)
    deputy = _DEPUTY.search(text) is not None
    if _COMMISSION.search(text):
        return "deputy_commission_secretary" if deputy else "commission_secretary"
    bare = " ".join(_DEPUTY.sub("", text).lower().split())
    key = next((k for word, k in _ROLE_KEYS if word in bare), "_".join(bare.split()))
    return f"deputy_{key}" if deputy else key


# A place's top posts, which no one holds in two places at once.
HEADS_A_PLACE = frozenset({"party_secretary", "governor", "mayor"})


def is_shared_role(key: str) -> bool:
    """True for roles many hold at once (members, deputies): one holder rules out no other."""
    return key == "member" or key.startswith("deputy_")


# Qualifiers that make an office a past one ("former party secretary", 前任, 原).
FORMER = r"(?:former|ex-|then-|previous|outgoing|erstwhile|retired|late)"
FORMER_ZH = r"(?:前任|原任|原|时任|前)"

# Person names not among the tracked entities. English: two or three capitalised
# words; Chinese: a common surname and one or two more characters.
# English names keep their case even inside a case-insensitive pattern.
EN_NAME = r"(?-i:[A-Z][a-z]+(?:'[a-z]+)?(?:[- ][A-Z][a-z]+(?:'[a-z]+)?){1,2})"
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
    "苏魏吕丁沈姚卢姜崔钟谭陆汪范廖贾夏韦付邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵钱严"
    "覃武戴莫孔汤习栗庄怀"
)
ZH_NAME = rf"[{_SURNAMES}][\u4e00-\u9fff]{{1,2}}"
# Capitalised words that start sentences or name institutions, never people.
_NOT_NAME_WORDS = (
    "The A An On In At By For From Last This That Next Under After Before During Since "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April "
    "May June July August September October November December Mr Ms Mrs Dr "
    "China Chinese Beijing Communist Party Central Committee Region Regional Autonomous "
    "Province Provincial Municipal City County Council Commission Ministry Bureau Office "
    "Administration Congress People Republic National State Standing Government Agency "
    "Uygur Uyghur Xinhua Secretary General Governor Director Minister President Premier"
)
NOT_NAME_WORDS = frozenset(_NOT_NAME_WORDS.split())


def is_person_name(text: str) -> bool:
    """True if ``text`` (a match of :data:`EN_NAME` or :data:`ZH_NAME`) can be a person."""
    return not any(w in NOT_NAME_WORDS for w in re.split(r"[- ]", text))


# Words that make the entity after them an agent, not the subject: "by the NPC", 由, 经, 被.
AGENT = re.compile(r"(?:\bby\s+(?:the\s+)?|由|经|被)$", re.IGNORECASE)

# --- Events ---------------------------------------------------------------------------

# (predicate, transitive, pattern). A transitive cue may take its subject from the
# entity right after it ("passed the PIPL"); an intransitive one never does.
EVENT_CUES: tuple[tuple[str, bool, str], ...] = (
    ("took_effect", False, r"\b(?:in|into)\s+(?:force|effect)\s+(?:since|from|as\s+of)\b"),
    (
        "took_effect",
        False,
        r"\b(?:took|take|takes|taking|taken|came|come|comes|coming|went|"
        r"go|goes|going|gone|entered|enter|enters|entering)\s+(?:into\s+)?"
        r"(?:force|effect)\b",
    ),
    # A law "rolled out" on a date came into force then; a plan or a policy "rolled
    # out" was released (see "released" below, which a plan's claims use).
    ("took_effect", False, r"\b(?:rolled|rolls)\s+out\b(?=[^.;]{0,40}\b(?:on|from)\b)"),
    ("took_effect", False, r"\beffective\s*(?::\s*|from\s+|as\s+of\s+|on\s+)?(?=\ue002)"),
    # A notice's fields: "Implementation date: 1 November 2021", "Promulgation date: …".
    ("took_effect", False, r"\b(?:implementation|effective)\s+date\s*:"),
    ("passed", False, r"\b(?:promulgation|adoption)\s+date\s*:"),
    # 实施 with an object is "carry out" (对…实施审查), so it dates an entry into force
    # only at the end of a phrase: 自…起实施, 实施以来.
    (
        "took_effect",
        False,
        r"(?:正式)?(?:施行|生效)(?!细则|条例|方案|办法|意见|情况)"
        r"|(?:正式)?实施(?=[了的后以，。；、,;\s]|$)",
    ),
    # 自2021年起担任: 起 right after a date, before taking a post.
    ("since", False, r"\bsince\s+(?=\ue002)|以来|(?<=\ue003)起(?=(?:担任|出任|兼任|任))"),
    (
        "established",
        True,
        r"\b(?:established|set\s+up|founded|created|formed|inaugurated|"
        r"unveiled|launched|opened\s+(?:its|their)\s+doors"
        r"|(?:began|started)\s+(?:operating|operations|operation))\b|成立|组建|挂牌|设立|揭牌",
    ),
    # "The plan to form the bureau was announced in March": the date of the decision,
    # which may confirm a founding dated alike but not refute a later opening.
    (
        "planned",
        True,
        r"\bplans?\s+to\s+(?:form|establish|create|set\s+up)\b|(?:提出|决定|拟)(?:组建|设立)",
    ),
    # Amending a law adopts its amendment (``<id>~amended``, see events.py): "lawmakers
    # amended the law in 2025", "the law was revised in 2025"; not "the amended law"
    # (a name, see the skeleton), nor 修改后的.
    ("amended", True, r"\b(?:amended|revised)\b(?!\s*\ue000)|(?:修改|修订)(?![后的])"),
    ("released", True, r"\b(?:released|published|issued)\b|发布|印发|公布|出台"),
    ("introduced", True, r"\bintroduced\b|提出"),
    (
        "passed",
        True,
        r"\b(?:passed|adopted|approved|enacted|promulgated|ratified)\b"
        r"|审议通过|表决通过|通过|颁布|制定",
    ),
    (
        "appointed",
        True,
        r"\b(?:appointed|named|elected)\b"
        r"|任命|就任|上任|履新|当选",
    ),
    # Taking up a post, said of the one who takes it: "took office", "took the helm of",
    # "was moved from Guangdong to head …".
    (
        "appointed",
        False,
        r"\b(?:t(?:ook|akes)\s+office|assumed\s+office|t(?:ook|akes)\s+(?:the\s+)?helm"
        r"|t(?:ook|akes)\s+charge|t(?:ook|akes)\s+over\s+as|(?:transferred|moved|promoted)"
        r"(?=[^.;]{0,60}?\bto\s+(?:head|lead|helm|run)\b))\b",
    ),
    # "became" dates nothing on its own: it is kept only when the sentence names the
    # office (see events.qualify), as in "Ma Xingrui became governor of Guangdong in 2017".
    ("became", False, r"\b(?:became|becomes|become)\b|担任|出任|调任|升任|改任|接任"),
    ("reviewed", True, r"\breviewed\b|审议(?!通过)"),
    ("concluded", True, r"\b(?:concluded|closed|wrapped\s+up)\b|闭幕"),
    # A meeting or session: "was held in Beijing from 15 to 18 July", 于7月15日至18日召开.
    # Its last day, where a span gives one, is when it concluded (see events.py).
    (
        "held",
        True,
        r"\b(?:held|convened|conducted|opened"
        r"|(?:will\s+|to\s+)hold(?=\s+(?:its|the|a)\s))\b|召开|举行|开幕",
    ),
    # Said of the meeting itself: "the plenum took place", "ran from 15 to 18 July".
    ("held", False, r"\b(?:took\s+place|t(?:akes|aking)\s+place|r(?:an|uns)(?=\s+from\b))\b"),
)

# Events that begin a tenure; with an office named in the same sentence they are
# qualified by it ("appointed:party_secretary@xinjiang").
TENURE_EVENTS = frozenset({"appointed", "since", "became"})

# --- Measures -------------------------------------------------------------------------

# What a number or duration measures, from the words around it.
MEASURES: tuple[tuple[str, str], ...] = (
    ("report", r"\breport\w*|\bnotif\w*|\bdisclos\w*|报告|上报|报送|通报"),
    (
        "retain",
        r"\bretain\w*|\bretention|\bstor(?:e|ed|ing|age)\b|\bkept\b|\bpreserv\w*"
        r"|保存|留存|存储",
    ),
    # 处五千万元以下罚款: 处 right before the amount is the fine, whatever follows.
    ("fine", r"\bfin(?:e[sd]?|ing)\b|\bpenalt\w*|\bpenali[sz]\w*|罚款|处罚|处以?\s*$"),
    ("funding", r"\bfund(?:s|ing|ed)?\b|\binvest\w*|\ballocat\w*|\bbudget\w*|投资|资金|拨款|基金"),
    ("term", r"\bterms?\b|任期"),
    ("revenue", r"\brevenue\w*|\bturnover|\bsales\b|营业额|营收|销售额"),
    ("valid", r"\bvalid(?:ity)?\b|有效期"),
    ("users", r"\busers?\b|用户"),
    ("cost", r"\bcosts?\b|成本"),
    ("population", r"\bpopulation|\binhabitants|\bresidents|人口"),
    ("review", r"\breview\w*|\bassess\w*|审查|评估"),
)
