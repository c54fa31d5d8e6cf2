"""What the doctor reports: one finding per thing checked, with the fix for a problem."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TextIO


class Status(StrEnum):
    OK = "ok"
    FAIL = "FAIL"
    SKIP = "skip"  # not checked because something it needs failed (reported on its own)


@dataclass(frozen=True)
class Finding:
    subject: str  # "config", "database", "slack", "route desk", "feed cac_news", ...
    status: Status
    text: str  # what was found: the detail when ok, the problem otherwise
    fix: str = ""


def ok(subject: str, text: str) -> Finding:
    return Finding(subject, Status.OK, text)


def problem(subject: str, text: str, fix: str) -> Finding:
    return Finding(subject, Status.FAIL, text, fix)


def skipped(subject: str, why: str) -> Finding:
    return Finding(subject, Status.SKIP, why)


# How a platform checks one route's destination ("#policy", "!room:server").
DestinationCheck = Callable[[str, str], Finding]


def print_findings(findings: Iterable[Finding], out: TextIO) -> int:
    """Print each finding as it comes; return how many are problems."""
    problems = 0
    for f in findings:
        out.write(f"{f.status.value:<5} {f.subject}: {f.text}\n")
        if f.fix:
            out.write(f"      fix: {f.fix}\n")
        out.flush()
        problems += f.status is Status.FAIL
    if problems:
        out.write(f"{problems} problem{'s' if problems > 1 else ''} found.\n")
    else:
        out.write("No problems found.\n")
    return problems
