"""Cue words the stance rules look for in a sentence, English and Chinese.

Office changes, repeals and "no such body" are read as facts by :mod:`watchers.facts`;
the cues here are the looser signals around them.
"""

from __future__ import annotations

import re

# The sentence reports a denial: what it states is said to be untrue. Only words that
# deny something: "false information" and 整治网络谣言 (a crackdown on rumours) are not.
DENIAL = re.compile(
    r"\b(?:den(?:y|ies|ied|ying)|dismiss(?:ed|es|ing)?\s+(?:reports?|claims?|rumou?rs?)"
    r"|reject(?:ed|s|ing)?\s+(?:reports?|claims?)|refut\w+|debunk\w*|not\s+true"
    r"|(?:is|are|was|were|as)\s+(?:false|untrue|baseless|groundless|unfounded|fake)"
    r"|rumou?rs?\s+(?:that|of)|hoax)\b"
    r"|辟谣|不实|否认|纯属虚构|并不属实|不属实|假消息|子虚乌有|谣言称",
    re.IGNORECASE,
)

# The sentence reports that something stopped or was undone.
REVERSAL = re.compile(
    r"\b(?:no\s+longer|reversed|overturned|scrapped|withdr[ae]wn?|dropped|cancell?ed|abandoned"
    r"|halted|rescinded|revoked|repealed|abolished|replaced|former|ex-)"
    r"|不再|取消|撤回|叫停|废止|撤销|前任|原任",
    re.IGNORECASE,
)

# The sentence hedges its numbers, so they may be rounded.
HEDGE = re.compile(
    r"\b(?:about|around|approximately|roughly|nearly|almost|some|over|more\s+than|less\s+than"
    r"|up\s+to|close\s+to|an\s+estimated|estimated)\b|约|近|大约|超过|逾|左右|将近|上下",
    re.IGNORECASE,
)
