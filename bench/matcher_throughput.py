"""Throughput of the entity matcher against one regex per alias.

Run as ``.venv/bin/python bench/matcher_throughput.py``. Builds a matcher over 100
entities (real China tech-policy bodies, laws, people, firms and places, padded with
synthetic ones to about 500 aliases in English and Chinese), makes a few MB of item text
from the captured feeds in ../shared/datasets/real-feeds (title, description and content
of each entry, tags stripped; generated text if the feeds are absent), and prints MB/s of
UTF-8 input for the matcher and, in the same process over the same text, for one
case-insensitive compiled regex per alias. Touches no network.
"""

from __future__ import annotations

import html
import random
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from watchers.matcher import Matcher, fold  # noqa: E402
from watchers.model import Alias, Entity, EntityKind  # noqa: E402

FEEDS = ROOT / ".." / "shared" / "datasets" / "real-feeds"
CORPUS_BYTES = 4_000_000
SEED = 20240601

# id | kind | English name | Chinese name | aliases (";"-separated; "NDB~bank,loan" has context)
REAL = """
cac|body|Cyberspace Administration of China|国家互联网信息办公室|CAC;网信办;国家网信办;中央网信办
miit|body|Ministry of Industry and Information Technology|工业和信息化部|MIIT;工信部
nda|body|National Data Administration|国家数据局|National Data Bureau;NDB~data,数据
samr|body|State Administration for Market Regulation|国家市场监督管理总局|SAMR;市场监管总局
ndrc|body|National Development and Reform Commission|国家发展和改革委员会|NDRC;国家发改委;发改委
mps|body|Ministry of Public Security|公安部|MPS
most|body|Ministry of Science and Technology|科学技术部|MOST~science,ministry;科技部
mofcom|body|Ministry of Commerce|商务部|MOFCOM
state_council|body|State Council|国务院|China's cabinet
npc|body|National People's Congress|全国人民代表大会|NPC;全国人大
npcsc|body|NPC Standing Committee|全国人民代表大会常务委员会|NPCSC;全国人大常委会
pboc|body|People's Bank of China|中国人民银行|PBOC;央行
csrc|body|China Securities Regulatory Commission|中国证券监督管理委员会|CSRC;证监会
ccp|party_organ|Chinese Communist Party|中国共产党|CCP;Communist Party of China;中共;CPC~party
pipl|law|Personal Information Protection Law|个人信息保护法|PIPL
dsl|law|Data Security Law|数据安全法|DSL~data,law
csl|law|Cybersecurity Law|网络安全法|CSL~cyber,law
mic2025|plan|Made in China 2025|中国制造2025|MIC 2025;MIC2025
xi|person|Xi Jinping|习近平|President Xi;Xi~president,jinping,party,beijing
li_qiang|person|Li Qiang|李强|Premier Li
huawei|firm|Huawei|华为|Huawei Technologies
tencent|firm|Tencent|腾讯|WeChat;微信
alibaba|firm|Alibaba|阿里巴巴|Ant Group;蚂蚁集团
bytedance|firm|ByteDance|字节跳动|TikTok;抖音;Douyin
baidu|firm|Baidu|百度|Ernie Bot;文心一言
smic|firm|Semiconductor Manufacturing International Corporation|中芯国际|SMIC
beijing|place|Beijing|北京|Peking
shanghai|place|Shanghai|上海|
hong_kong|place|Hong Kong|香港|HKSAR;HK~hong,kong,香港
taiwan|place|Taiwan|台湾|台灣
china|place|China|中国|PRC;People's Republic of China
wto|body|World Trade Organization|世界贸易组织|WTO;世贸组织
ndb|body|New Development Bank|新开发银行|BRICS bank;NDB~bank,loan,BRICS,银行
"""

EN_WORDS = [
    "national",
    "digital",
    "bureau",
    "office",
    "security",
    "network",
    "platform",
    "algorithm",
    "data",
    "export",
    "review",
    "standard",
    "committee",
    "ministry",
    "science",
    "trade",
    "internet",
    "governance",
    "cloud",
    "chip",
    "semiconductor",
    "privacy",
    "information",
    "administration",
    "commission",
    "centre",
]
ZH_CHARS = "国家数据网络安全信息管理办公室委员会中心平台算法标准技术科学贸易部局厅司院所"


def entities() -> list[Entity]:
    """100 entities: the real ones above, padded with synthetic bodies."""
    found = [_real(line) for line in REAL.strip().splitlines()]
    rng = random.Random(SEED)
    while len(found) < 100:
        words = [w.capitalize() for w in rng.sample(EN_WORDS, rng.randint(2, 4))]
        zh = "".join(rng.sample(ZH_CHARS, rng.randint(4, 8)))
        initials = "".join(w[0] for w in words) + str(len(found))
        extra = (initials, f"{' '.join(words)} Group", zh[:3] + "办", f"{zh}（试行）")
        found.append(
            Entity(
                f"synthetic_{len(found)}",
                EntityKind.BODY,
                " ".join(words),
                zh,
                tuple(Alias(a) for a in extra),
            )
        )
    return found


def _real(line: str) -> Entity:
    id_, kind, en, zh, more = line.split("|")
    aliases = []
    for text in filter(None, more.split(";")):
        alias, _, context = text.partition("~")
        aliases.append(Alias(alias, tuple(filter(None, context.split(",")))))
    return Entity(id_, EntityKind(kind), en, zh, tuple(aliases))


_ENTRY_TEXT = re.compile(
    r"<(title|description|summary|content(?::encoded)?)\b[^>]*>(.*?)</\1>", re.DOTALL
)
_CDATA = re.compile(r"<!\[CDATA\[(.*?)\]\]>", re.DOTALL)
_TAG = re.compile(r"<[^>]{0,2000}>")


def feed_items() -> list[str]:
    """Each entry's text (title, description, content) from the captured XML feeds."""
    items = []
    for path in sorted(FEEDS.rglob("*.xml")):
        raw = path.read_bytes().decode("utf-8", errors="replace")
        for _, body in _ENTRY_TEXT.findall(raw):
            inner = _CDATA.sub(lambda m: m.group(1), body)
            text = _TAG.sub(" ", html.unescape(_TAG.sub(" ", inner)))
            if text.strip():
                items.append(html.unescape(text))
    return items


def generated_items() -> list[str]:
    """Mixed text for when the captured feeds are not beside the repository."""
    rng = random.Random(SEED)
    names = [a.text for e in entities() for a in e.all_aliases()]
    words = [*EN_WORDS, "the", "and", "of", "said", "on", "rules", "cacao", "pipeline"]
    return [
        " ".join(rng.choices(words, k=40))
        + f" {rng.choice(names)}.\n"
        + "".join(rng.choices(ZH_CHARS, k=60))
        + rng.choice(names)
        + "。"
        for _ in range(5000)
    ]


def corpus(items: list[str]) -> list[str]:
    """Items repeated until they hold ``CORPUS_BYTES`` of UTF-8."""
    out: list[str] = []
    size = 0
    while size < CORPUS_BYTES:
        for item in items:
            out.append(item)
            size += len(item.encode())
    return out


def naive(ents: list[Entity]) -> Callable[[str], int]:
    """One compiled, case-insensitive regex per alias; Latin ones word-bounded."""
    patterns = [
        re.compile(
            rf"(?<!\w){re.escape(a.text)}(?!\w)" if a.text.isascii() else re.escape(a.text),
            re.IGNORECASE,
        )
        for e in ents
        for a in e.all_aliases()
    ]
    return lambda text: sum(1 for p in patterns for _ in p.finditer(text))


def rate(
    label: str, run: Callable[[], int], megabytes: float, repeats: int, unit: str = "matches"
) -> float:
    """Best-of-``repeats`` MB/s of ``run`` (which returns a count of ``unit``); prints it."""
    best = float("inf")
    count = 0
    for _ in range(repeats):
        t0 = time.perf_counter()
        count = run()
        best = min(best, time.perf_counter() - t0)
    print(f"{label:<36} {megabytes / best:7.1f} MB/s  ({count} {unit}, {best * 1000:.0f} ms)")
    return megabytes / best


def main() -> None:
    ents = entities()
    t0 = time.perf_counter()
    fold("warm up")  # the one-off scan of the Unicode database
    t1 = time.perf_counter()
    matcher = Matcher.build(ents)
    t2 = time.perf_counter()
    items = corpus(feed_items() or generated_items())
    text = "\n\n".join(items)
    mb = len(text.encode()) / 1e6
    cjk = sum(1 for c in text if "\u3400" <= c <= "\u9fff") / len(text)
    print(
        f"{len(ents)} entities, {sum(len(e.all_aliases()) for e in ents)} aliases; "
        f"Unicode tables {(t1 - t0) * 1000:.0f} ms, build {(t2 - t1) * 1000:.0f} ms"
    )
    print(f"corpus: {len(items)} items, {mb:.2f} MB UTF-8, {cjk:.0%} Han characters")
    rate("fold only, whole corpus", lambda: len(fold(text).text), mb, 3, "folded chars")
    whole = rate("matcher.find, whole corpus", lambda: len(matcher.find(text)), mb, 3)
    each = rate(
        "matcher.find, item by item", lambda: sum(len(matcher.find(i)) for i in items), mb, 3
    )
    search = naive(ents)
    base = rate("naive: one regex per alias", lambda: search(text), mb, 1)
    print(f"matcher / naive: {whole / base:.0f}x (whole corpus), {each / base:.0f}x (item by item)")


if __name__ == "__main__":
    main()
