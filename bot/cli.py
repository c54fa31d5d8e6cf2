"""The ``policywatch`` command: the only place that exits."""

from __future__ import annotations

import argparse
import io
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.ops.logs import configure_logging, log_format
from watchers.errors import PolicywatchError

log = logging.getLogger("policywatch")


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        configure_logging(args.verbose, log_format(os.environ))
        code: int = args.func(args)
    except PolicywatchError as error:
        print(f"policywatch: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return code


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="policywatch",
        description="Watch policy feeds, check them against tracked claims, report changes.",
    )
    p.add_argument("-v", "--verbose", action="count", default=0, help="more logging (-vv: debug)")
    sub = p.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="run the service (or one round with --once)")
    _config_arg(run)
    run.add_argument("--once", action="store_true", help="poll what is due, send digests, exit")
    run.set_defaults(func=_run)

    check = sub.add_parser("check-config", help="validate a config directory and exit")
    _config_arg(check)
    check.set_defaults(func=_check_config)

    doctor = sub.add_parser(
        "doctor", help="check config, database, chat logins, destinations and feeds"
    )
    _config_arg(doctor)
    doctor.set_defaults(func=_doctor)

    status = sub.add_parser("status", help="show each feed's health and the outbox")
    _config_arg(status)
    status.set_defaults(func=_status)

    export = sub.add_parser("export-config", help="write the effective config as YAML files")
    _config_arg(export)
    export.add_argument("out", type=Path, help="directory to write into")
    export.set_defaults(func=_export)

    feedback = sub.add_parser(
        "feedback-export", help="write label corrections given in chat as JSON lines"
    )
    _config_arg(feedback)
    feedback.add_argument("out", type=Path, help="file to write, or - for standard output")
    feedback.set_defaults(func=_feedback_export)

    stance = sub.add_parser("stance", help="label (item, claim) pairs from JSON lines")
    stance.add_argument("--claims", type=Path, required=True, help='JSONL of {"id", "text"}')
    stance.add_argument(
        "--items", type=Path, required=True, help='JSONL of {"id", "title", "text"}'
    )
    stance.add_argument("--pairs", type=Path, help='JSONL of {"item_id", "claim_id"}')
    stance.add_argument("--config", type=Path, help="config directory for entities")
    stance.add_argument("--no-model", action="store_true", help="rules and fallback only")
    stance.set_defaults(func=_stance)

    match = sub.add_parser("match", help="show the entity mentions found in JSON-lines items")
    match.add_argument(
        "file", nargs="?", type=Path, help='JSONL of {"id", "title", "text"} (default: stdin)'
    )
    match.add_argument("--text", help="match this one text instead")
    match.add_argument("--config", type=Path, help="config directory for entities")
    match.set_defaults(func=_match)
    return p


def _config_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--config",
        type=Path,
        default=None,
        help="config directory (default: $POLICYWATCH_CONFIG or the bundled one)",
    )


def config_dir(arg: Path | None) -> Path:
    from watchers.config.file import bundled_config_dir

    if arg is not None:
        return arg
    env = os.environ.get("POLICYWATCH_CONFIG")
    return Path(env) if env else bundled_config_dir()


def _run(args: argparse.Namespace) -> int:
    from bot.app import build_app

    app = build_app(config_dir(args.config))
    if args.once:
        app.verify_credentials()
        queued_before = len(app.store.outbox())
        reports = app.service.run_once()
        for r in reports:
            extra = f" ({r.error})" if r.error else ""
            print(
                f"feed {r.feed_id}: {r.status}, {r.new} new, {r.edited} edited{extra}",
                file=sys.stderr,
            )
        if len(app.store.outbox()) == queued_before:
            print(_nothing_new(reports), file=sys.stderr)
        undelivered = [e for e in app.store.outbox("pending") if e.last_error]
        for entry in undelivered:
            print(
                f"Digest of route {entry.route_id} for {entry.destination} was not delivered"
                f" ({entry.last_error}); it stays queued.",
                file=sys.stderr,
            )
        app.close()
        return 1 if undelivered else 0
    app.run_forever()
    return 0


def _nothing_new(reports: Sequence[object]) -> str:
    """Why a round printed no digest: a restart never reports old items again."""
    from watchers.storage.database import data_dir

    where = os.environ.get("POLICYWATCH_DATABASE_URL") or str(data_dir())
    if not reports:
        why = "no feed is due for a poll yet"
    else:
        why = "nothing new in the feeds since the last run"
    return f"No digest: {why} (state is kept in {where})."


def _check_config(args: argparse.Namespace) -> int:
    from watchers.config.file import load_config

    config = load_config(config_dir(args.config))
    print(
        f"ok: {len(config.entities)} entities, {len(config.claims)} claims, "
        f"{len(config.feeds)} feeds, {len(config.routes)} routes"
    )
    return 0


def _doctor(args: argparse.Namespace) -> int:
    from bot.ops.doctor import diagnose
    from bot.ops.findings import print_findings

    problems = print_findings(diagnose(config_dir(args.config), os.environ), sys.stdout)
    return 1 if problems else 0


def _status(args: argparse.Namespace) -> int:
    from bot.app import build_app
    from bot.commands.views import status_text

    app = build_app(config_dir(args.config), with_chat=False)
    print(status_text(app.service))
    app.close()
    return 0


def _export(args: argparse.Namespace) -> int:
    from bot.app import build_app
    from watchers.config.file import dump_config

    app = build_app(config_dir(args.config), with_chat=False)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, text in dump_config(app.service.watch.config).items():
        (args.out / name).write_text(text, encoding="utf-8")
        print(args.out / name)
    app.close()
    return 0


def _feedback_export(args: argparse.Namespace) -> int:
    import json

    from bot.app import build_app
    from bot.commands.feedback import feedback_examples

    app = build_app(config_dir(args.config), with_chat=False)
    lines = [json.dumps(e, ensure_ascii=False) + "\n" for e in feedback_examples(app.service)]
    app.close()
    if str(args.out) == "-":
        sys.stdout.writelines(lines)
    else:
        args.out.write_text("".join(lines), encoding="utf-8")
        print(f"{args.out}: {len(lines)} corrections", file=sys.stderr)
    return 0


def _stance(args: argparse.Namespace) -> int:
    from bot.stancecli import run_stance

    run_stance(
        claims=args.claims,
        items=args.items,
        pairs=args.pairs,
        config=config_dir(args.config),
        use_model=not args.no_model,
        out=sys.stdout,
    )
    return 0


def _match(args: argparse.Namespace) -> int:
    from bot.matchcli import run_match

    stdin = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8") if args.text is None else sys.stdin
    return run_match(
        file=args.file,
        text=args.text,
        config=config_dir(args.config),
        stdin=stdin,
        out=sys.stdout,
        err=sys.stderr,
    )


if __name__ == "__main__":
    raise SystemExit(main())
