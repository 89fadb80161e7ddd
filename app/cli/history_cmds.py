"""Commands over the change history: undo, redo, history."""

from __future__ import annotations

import argparse

from dualtui.domain.text import one_line

from .options import add_command, json_option
from .output import print_json

HISTORY_SHOWN = 20


def register(subparsers: argparse._SubParsersAction) -> None:
    undo = add_command(
        subparsers,
        "undo",
        "take back the newest change (any change: add, status, edit, link, log, phase, delete, ...)",
        [("dualtui undo", "prints: undid: p45 reading → read")],
    )
    undo.set_defaults(handler=_undo)

    redo = add_command(
        subparsers,
        "redo",
        "put back the change undone last",
        [("dualtui redo", "prints: redid: p45 reading → read")],
    )
    redo.set_defaults(handler=_redo)

    history = add_command(
        subparsers,
        "history",
        "the recent changes, newest first, with when and from where",
        [("dualtui history --limit 5", ""), ("dualtui history --all --json", "")],
    )
    history.add_argument("--limit", type=int, default=HISTORY_SHOWN, metavar="N", help="show N changes")
    history.add_argument("--all", action="store_true", help="show every change kept")
    json_option(history)
    history.set_defaults(handler=_history)


def _undo(context, args: argparse.Namespace) -> int:
    print(one_line(f"undid: {context.service.undo().summary}"))
    return 0


def _redo(context, args: argparse.Namespace) -> int:
    print(one_line(f"redid: {context.service.redo().summary}"))
    return 0


def _history(context, args: argparse.Namespace) -> int:
    changes = context.service.history()
    if not args.all:
        changes = changes[: max(args.limit, 0)]
    if args.json:
        print_json(
            [
                {
                    "uid": change.uid,
                    "at": change.at.isoformat() if change.at else None,
                    "by": change.by,
                    "summary": change.summary,
                    "undone": change.undone,
                    "records": [str(ref) for ref in change.refs],
                    "merged_from": change.via or None,
                }
                for change in changes
            ]
        )
        return 0
    if not changes:
        print("No changes yet.")
        return 0
    width = max(len(change.by) for change in changes)
    for change in changes:
        when = f"{change.local_at:%Y-%m-%d %H:%M}" if change.local_at else "—".center(16)
        undone = "  (undone)" if change.undone else ""
        merged = f"  (made in {change.via}, merged here)" if change.via else ""
        print(one_line(f"{when}  {change.by:<{width}}  {change.summary}{undone}{merged}"))
    return 0
