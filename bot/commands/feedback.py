"""Feedback on digest lines (a wrong label, an item to hide) and its export for evaluation.

The ``relabel`` and ``mute`` commands call these, whether typed or sent by a digest
line's buttons (the Slack adapter turns a press into the command).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from bot.commands.base import Caller, Reply
from bot.service import Service
from watchers.errors import CommandError
from watchers.model import Stance
from watchers.storage.adminlog import add_audit, add_feedback, feedback_rows
from watchers.watch import Watch

CORRECTIONS = tuple(s.value for s in Stance)


def relabel(
    service: Service,
    caller: Caller,
    *,
    item_id: int,
    claim_id: str,
    correct: str,
    now: datetime,
) -> Reply:
    """Record that ``item_id`` bears on ``claim_id`` as ``correct`` rather than as labelled.

    The label given is the stored verdict on the item's current version (empty when the
    item was never labelled against that claim).
    """
    if correct not in CORRECTIONS:
        raise CommandError(f"{correct!r} is not a label; use one of {', '.join(CORRECTIONS)}")
    if service.store.item(item_id) is None:
        raise CommandError(f"there is no item {item_id}")
    stance = service.store.current_verdicts([item_id]).get(item_id, {}).get(claim_id)
    given = stance.value if stance else ""
    add_feedback(
        service.store,
        now,
        caller.actor,
        item_id,
        claim_id=claim_id,
        given_label=given,
        correct_label=correct,
        action="relabel",
    )
    was = f"labelled {given}" if given else "not labelled against it"
    return Reply(
        f"Thanks: noted that item {item_id} {correct} claim {claim_id} ({was}). "
        f"It shows in `claim {claim_id}`."
    )


def mute_item(service: Service, caller: Caller, item_id: int, now: datetime) -> Reply:
    """Leave ``item_id`` out of every digest from now on, and note who asked."""
    if not service.store.set_item_muted(item_id, True):
        raise CommandError(f"there is no item {item_id}")
    add_feedback(service.store, now, caller.actor, item_id, action="mute")
    add_audit(service.store, now, caller.actor, f"applied: mute item {item_id}")
    return Reply(f"Muted item {item_id}: digests leave it out from now on (`unmute {item_id}`).")


def feedback_examples(service: Service) -> Iterator[dict[str, Any]]:
    """Each label correction as an evaluation example: item, claim, given and correct label."""
    watch: Watch = service.watch
    for row in feedback_rows(service.store, action="relabel"):
        claim = watch.claims.get(row.claim_id)
        yield {
            "item_id": row.item_id,
            "item_title": row.item_title,
            "item_text": row.item_text,
            "claim_id": row.claim_id,
            "claim_text": claim.text if claim else "",
            "given_label": row.given_label,
            "corrected_label": row.correct_label,
            "by": row.actor,
            "at": row.at.isoformat(),
        }
