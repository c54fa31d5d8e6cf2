"""Action verbs: what regulators, firms and leaders did (censured, investigated,
suspended, shelved, published, called for, led), what undoes it (resumed, lifted), and
the words that deny it. English entries are matched case-insensitively.

An action's *role* says whose fact it is: a "patient" action is about the one it was
done to (Alibaba was fined, 对滴滴出行实施网络安全审查), an "agent" action about the one
who did it (Intel shelved its plan, 科技日报发表评论).
"""

from __future__ import annotations

import re

PATIENT, AGENT = "patient", "agent"

# A fact's ``unit`` when the sentence undoes the action ("Intel resumed its expansion")
# or says it did not happen ("DiDi was not investigated").
REVERSED = "reversed"
NEGATED = "negated"

# (base, role, pattern)
ACTIONS: tuple[tuple[str, str, str], ...] = (
    (
        "penalised",
        PATIENT,
        r"\b(?:censur(?:ed|es|e)|reprimand(?:ed|s)?|rebuk(?:ed|es|e)|punish(?:ed|es)?"
        r"|penali[sz](?:ed|es|e)|fined|sanctioned)\b|行政处罚|处罚|罚款|通报批评",
    ),
    (
        "investigated",
        PATIENT,
        r"\b(?:investigat(?:ed|es|e|ing)|prob(?:ed|ing))\b|立案调查|调查|审查",
    ),
    (
        "suspended",
        AGENT,
        r"\b(?:suspend(?:ed|s)?|halt(?:ed|s)|paused|froze)\b|暂停|叫停|暂缓",
    ),
    (
        "shelved",
        AGENT,
        r"\b(?:shelv(?:ed|es|e)|mothball(?:ed|s)?|postpon(?:ed|es|e)"
        r"|put\s+(?:\S+\s+){0,4}?on\s+(?:hold|ice))\b|搁置",
    ),
    ("published", AGENT, r"\bpublish(?:ed|es)?\b|发表|刊发|刊登|发布"),
    (
        "designated",
        AGENT,
        r"\b(?:designat(?:ed|es|ing)|recogni[sz](?:ed|es|ing)|enshrin(?:ed|es|ing))\b"
        r"(?=[^.;]{0,80}?\bas\b)|列为|确定为|明确为",
    ),
    (
        "called_for",
        AGENT,
        r"\b(?:call(?:ed|s|ing)?\s+for|urg(?:ed|es)|demanded|push(?:ed|es)\s+for)\b|呼吁|号召",
    ),
    # Not "led to" (a cause), "U.S.-led" (an adjective), "LED" (a lamp) nor "Led
    # Zeppelin": capitalised only in "Led by".
    (
        "led",
        AGENT,
        r"(?<![\w-])(?-i:led\b(?!\s+to\b)|Led(?=\s+by\b))"
        r"|(?:(?<=not\s)|(?<=n't\s)|(?<=never\s))lead\b"
        r"|\b(?:headed|commanded|oversaw)\b|率领|主持(?!人)|牵头",
    ),
)

# Actions whose object must be named for two sentences to report the same one: "Xi
# called for self-reliance" and "Xi called for opening up" are different calls.
NEEDS_TOPIC = frozenset({"published", "called_for", "designated"})

# Actions done once, by one body, at one time: that another body did it, or did it on
# another date, refutes a claim of who did it and when ("data was first designated a
# factor of production by the April 2020 Opinions, not by the 14th Five-Year Plan").
ONCE = frozenset({"designated"})

# (bases undone, role, pattern)
REVERSALS: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (
        ("suspended", "shelved"),
        AGENT,
        r"\b(?:resum(?:ed|es|e)|restart(?:ed|s)?|reviv(?:ed|es|e)|relaunch(?:ed|es)?"
        r"|unfroze)\b|恢复|重启",
    ),
    (
        ("suspended",),
        AGENT,
        r"\blift(?:ed|s)?\b|\bend(?:ed|s)?\s+(?:the\s+|a\s+|its\s+)?(?:suspension|freeze|halt)\b"
        r"|解除|取消暂停",
    ),
)

# Patient actions named by a noun: "a cybersecurity review of DiDi", "fines on Alibaba".
NOUN_ACTIONS: tuple[tuple[str, str], ...] = (
    (
        "investigated",
        r"\b(?:investigations?|probes?|inquir(?:y|ies)|reviews?)['’\"]?\s+(?:into|of|on|against)",
    ),
    ("penalised", r"\b(?:fines?|penalt(?:y|ies)|censure|sanctions?)\s+(?:on|against|for)"),
)

# Words right before an action that say it did not happen.
NEGATED_BEFORE = re.compile(
    r"(?:\b(?:not|never|no\s+longer)|n't)\s+(?:(?:been|be|being|yet|ever|formally|officially)\s+)*$"
    r"|(?:未|没有|并未|从未|尚未|没)(?:被|遭|受到)?$",
    re.IGNORECASE,
)

# Words right before an action that make it a plan, a possibility or a refusal, not a
# report that it happened: "may shelve", "has no plans to resume", 将恢复, 拟暂停 (not 计划,
# which is as often the noun "plan": 扩产计划搁置).
UNREAL_BEFORE = re.compile(
    r"\b(?:may|might|could|would|will|shall|should|must|to|can|cannot|can't|won't|wouldn't)"
    r"\s+(?:(?:not|never|yet|soon|also|be|been)\s+)*$"
    r"|\b(?:considering|consider|weighing|mulling)\s+$"
    r"|(?:将|拟|有望|可能|考虑|准备|打算|或将)$",
    re.IGNORECASE,
)
