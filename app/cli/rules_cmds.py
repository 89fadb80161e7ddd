"""Commands of the coach: next, why, snooze, snoozed, unsnooze, rules check, rules test.

`next --json` prints one stable object (documented in docs/rules.md): `today`, `total`, `snoozed`,
`suggestions` (each: number, key, rule, target, action, score, message, more_like_this, reason) and
`problems` (each: file, line, rule, message).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dualtui.domain import parse_ref
from dualtui.domain.ids import InvalidId
from dualtui.domain.text import plural

from .options import add_command, json_option
from .output import print_json


def register(subparsers: argparse._SubParsersAction) -> None:
    next_ = add_command(
        subparsers,
        "next",
        "what to do next: ranked suggestions with their reasons",
        [("dualtui next", "the best suggestion of each rule"), ("dualtui next --all --json", "")],
    )
    next_.add_argument("--all", action="store_true", help="every suggestion, not only the best of each rule")
    json_option(next_, "docs/rules.md")
    next_.set_defaults(handler=_next, reads_lazily=True)

    why = add_command(
        subparsers,
        "why",
        "explain a suggestion, or which rules fire on an item and why",
        [
            ("dualtui why 1", "the first suggestion of `dualtui next`, clause by clause"),
            ("dualtui why paper-read-no-build:p12", ""),
            ("dualtui why p12", "every rule about p12: which fire, which do not, and why"),
        ],
    )
    why.add_argument(
        "id", metavar="ID", help="a number from `next`, a key like paper-read-no-build:p12, or an item id"
    )
    json_option(why, "docs/rules.md")
    why.set_defaults(handler=_why)

    snooze = add_command(
        subparsers,
        "snooze",
        "hide a suggestion for a while, or dismiss it for that item",
        [
            ("dualtui snooze 1 --for 2w", ""),
            ("dualtui snooze paper-read-no-build:p12 --forever", ""),
            ("dualtui snooze paper-read-no-build:p12 --off", "bring it back"),
        ],
    )
    snooze.add_argument(
        "id", metavar="ID", help="a number from `next`, or a key like paper-read-no-build:p12"
    )
    how = snooze.add_mutually_exclusive_group()
    how.add_argument(
        "--for", dest="length", metavar="LENGTH", help="how long: 3d, 1w, 2w, 1 month (default: a week)"
    )
    how.add_argument("--phase", action="store_true", help="until the open phase's planned end")
    how.add_argument("--forever", action="store_true", help="dismiss it for this item for good")
    how.add_argument("--off", action="store_true", help="bring a snoozed or dismissed suggestion back")
    snooze.set_defaults(handler=_snooze)

    snoozed = add_command(
        subparsers,
        "snoozed",
        "what is put aside: each snooze, until when or for good",
        [("dualtui snoozed", ""), ("dualtui snoozed --json | jq '.[].key'", "")],
    )
    json_option(snoozed, "id, key, rule, target, until, at of each snooze")
    snoozed.set_defaults(handler=_snoozed)

    unsnooze = add_command(
        subparsers,
        "unsnooze",
        "bring back a snoozed or dismissed suggestion",
        [("dualtui unsnooze paper-read-no-build:p12", ""), ("dualtui unsnooze s3", "by its id in `snoozed`")],
    )
    unsnooze.add_argument(
        "key", metavar="KEY", help="its key or id as `dualtui snoozed` lists it (paper-read-no-build:p12, s3)"
    )
    unsnooze.set_defaults(handler=_unsnooze)

    rules = add_command(
        subparsers,
        "rules",
        "check your rules file, or see what each rule fires on",
        [("dualtui rules check", ""), ("dualtui rules test", "")],
    )
    actions = rules.add_subparsers(
        dest="rules_command", metavar="ACTION", required=True, help="one of these:"
    )
    check = add_command(
        actions,
        "check",
        "lint a rules file (exit status 1 if anything is wrong)",
        [("dualtui rules check", "your rules file"), ("dualtui rules check ~/new-rules.yaml", "")],
    )
    check.add_argument("file", nargs="?", metavar="FILE", help="the file to check (default: your rules file)")
    check.set_defaults(handler=_check, opens_journal=False)
    test = add_command(
        actions,
        "test",
        "dry run: which items each rule fires on today",
        [("dualtui rules test", ""), ("dualtui rules test --today 2027-01-15", "as if it were that day")],
    )
    test.set_defaults(handler=_test)


def _report_problems(problems) -> None:
    for problem in problems:
        print(f"dualtui: rules: {problem}", file=sys.stderr)


def _next(context, args: argparse.Namespace) -> int:
    service = context.suggestions()
    if args.all:
        from dualtui.services.outlook import outlook_of

        outlook = outlook_of(service, service.evaluate(), every=True)
    else:
        outlook = service.outlook()
    if args.json:
        print_json(
            {
                "today": outlook.today,
                "total": outlook.total,
                "snoozed": outlook.snoozed,
                "suggestions": list(outlook.leading),
                "problems": list(outlook.problems),
            }
        )
        return 0
    _report_problems(outlook.problem_lines)
    if outlook.nothing:
        print(outlook.nothing)
        return 0
    for shown, because in zip(outlook.leading, outlook.because, strict=True):
        target = f" · {shown['target']}" if shown["target"] else ""
        action = f" · do: {shown['action']}" if shown["action"] else ""
        more = shown.get("more_like_this", 0)
        similar = f" · +{more} more like this" if more else ""
        print(f"{shown['number']:>2}. [{shown['score']:g}] {shown['message']}")
        print(f"    {shown['rule']}{target}{action}{similar}")
        print(f"    because {because}")
    hidden = outlook.total - len(outlook.leading)
    if hidden:
        print(f"\n{hidden} more: dualtui next --all" + _snoozed_note(outlook.snoozed))
    elif outlook.snoozed:
        print("\n" + _snoozed_note(outlook.snoozed).strip(" ()").capitalize() + ".")
    return 0


def _snoozed_note(count: int) -> str:
    return f" ({count} snoozed)" if count else ""


def _why(context, args: argparse.Namespace) -> int:
    from dualtui.services.suggestions import NoSuchSuggestion, reason_json, suggestion_json

    service = context.suggestions()
    _report_problems(service.rules.problems)
    wanted = args.id.strip()
    try:
        suggestion = service.find(wanted)
    except NoSuchSuggestion:
        ref = _item_ref(wanted)
        if ref is None:
            raise
        explained = service.explain_item(ref)
        if args.json:
            print_json(
                [
                    {"rule": r.id, "fires": fired, "reason": reason_json(reason)}
                    for r, reason, fired in explained
                ]
            )
            return 0
        _print_item(ref, explained, service)
        return 0
    if args.json:
        print_json(suggestion_json(suggestion, int(wanted) if wanted.isdigit() else 0))
        return 0
    _print_reason(suggestion, service)
    return 0


def _item_ref(text: str):
    try:
        return parse_ref(text)
    except InvalidId:
        return None


def _print_reason(suggestion, service) -> None:
    reason = suggestion.reason()
    print(suggestion.message)
    terms = " + ".join(f"{name} {value:g}" for name, value in reason.score_terms.items())
    print(f"  rule   {suggestion.rule}  (score {suggestion.score:g} = {terms})")
    if suggestion.target:
        print(f"  about  {suggestion.target}")
    if suggestion.action:
        print(f"  do     {suggestion.action}")
    print(f"  when   {reason.condition}")
    _print_clauses(reason)
    snooze = service.snooze_of(suggestion.rule, suggestion.target)
    if snooze is None:
        print(f"  snooze dualtui snooze {suggestion.key} [--for 3d|1w|2w | --phase | --forever]")
    else:
        print(f"  hidden {_snooze_state(snooze)}; `dualtui unsnooze {suggestion.key}` brings it back")


def _print_clauses(reason) -> None:
    from dualtui.services.suggestions import show_value as show

    width = max(len(c.text) for c in reason.clauses)
    for clause in reason.clauses:
        mark = "✓" if clause.holds else "✗"
        values = ", ".join(f"{name} = {show(value)}" for name, value in clause.facts.items())
        print(f"    {mark} {clause.text:<{width}}   {values}")


def _print_item(ref, explained, service) -> None:
    if not explained:
        print(f"No rule is about {ref}'s kind.")
        return
    fired = [item for item in explained if item[2]]
    print(f"{ref}: {len(fired)} of {len(explained)} rules fire on it.")
    phase = service.phase_kind()
    for rule, reason, fires in sorted(explained, key=lambda item: not item[2]):
        notes = "" if rule.applies_in(phase) else f"  (only in {', '.join(sorted(rule.phases))} phases)"
        snooze = service.snooze_of(rule.id, ref) if fires else None
        if snooze is not None:
            notes += f"  ({_snooze_state(snooze)})"
        print(f"\n{'fires' if fires else 'quiet'}  {rule.id}{notes}")
        print(f"  when   {reason.condition}")
        _print_clauses(reason)


def _snooze_state(snooze) -> str:
    return "dismissed" if snooze.until is None else f"snoozed until {snooze.until}"


def _snooze(context, args: argparse.Namespace) -> int:
    from dualtui.services.suggestions import DEFAULT_SNOOZE, FOR_GOOD, UNTIL_PHASE_ENDS

    service = context.suggestions()
    if args.off:
        return _bring_back(service, args.id if not args.id.isdigit() else service.find(args.id).key)
    suggestion = service.find(args.id)
    length = FOR_GOOD if args.forever else UNTIL_PHASE_ENDS if args.phase else (args.length or DEFAULT_SNOOZE)
    snooze = service.snooze(suggestion, length=length)
    back = f"`dualtui unsnooze {suggestion.key}` brings it back"
    if snooze.until is None:
        print(f"Dismissed {suggestion.key} for good ({snooze.ref}); {back}.")
    else:
        ends = f", when {service.snapshot().current_phase().ref} ends" if args.phase else ""
        print(f"Snoozed {suggestion.key} until {snooze.until}{ends} ({snooze.ref}); {back}.")
    return 0


def _snoozed(context, args: argparse.Namespace) -> int:
    from dualtui.domain.text import one_line

    put_aside = context.suggestions().snoozed()
    if args.json:
        print_json(
            [
                {
                    "id": str(s.snooze.ref),
                    "key": s.key,
                    "rule": s.snooze.rule,
                    "target": s.snooze.target or None,
                    "until": None if s.snooze.until is None else str(s.snooze.until),
                    "at": s.snooze.at.isoformat(),
                }
                for s in put_aside
            ]
        )
        return 0
    if not put_aside:
        print("Nothing is snoozed.")
        return 0
    width = max(len(s.key) for s in put_aside)
    for s in put_aside:
        until = "for good" if s.snooze.until is None else f"until {s.snooze.until}"
        print(f"{s.snooze.ref!s:<5} {s.key:<{width}}  {until:<16}  {one_line(s.about)}")
    print("`dualtui unsnooze KEY` brings one back.")
    return 0


def _unsnooze(context, args: argparse.Namespace) -> int:
    return _bring_back(context.suggestions(), args.key)


def _bring_back(service, key: str) -> int:
    count = service.unsnooze(key)
    print(f"{key} is back ({plural(count, 'snooze')} removed).")
    return 0


def _check(context, args: argparse.Namespace) -> int:
    from dualtui.services.suggestions import check_rules_file, from_user_file, user_rules_file

    path, named = (Path(args.file).expanduser(), True) if args.file else user_rules_file(context.rules_path)
    if not named and not path.exists():
        print(f"No rules file at {path}: only the default rules run.")
        return 0
    rule_set = check_rules_file(path, named=named)
    for problem in rule_set.problems:
        print(problem, file=sys.stderr)
    if rule_set.problems:
        count = len(rule_set.problems)
        print(f"{plural(count, 'problem')}: the rules named above are skipped.", file=sys.stderr)
        return 1
    mine = [r for r in rule_set.rules if from_user_file(r)]
    disabled = sum(not r.enabled for r in rule_set.rules)
    print(f"{path}: all good. {len(rule_set.rules)} rules ({len(mine)} from your file, {disabled} disabled).")
    return 0


def _test(context, args: argparse.Namespace) -> int:
    service = context.suggestions()
    _report_problems(service.rules.problems)
    evaluation = service.evaluate(respect_snoozes=False)
    phase = service.phase_kind()
    by_rule = {hits.rule.id: hits for hits in evaluation.hits}
    print(f"Rules on {evaluation.today} (snoozes ignored):")
    for rule in service.rules.rules:
        if not rule.enabled:
            state = "disabled"
        elif not rule.applies_in(phase):
            state = f"skipped: only in {', '.join(sorted(rule.phases))} phases"
        elif rule.id not in by_rule:
            state = "quiet"
        else:
            found = by_rule[rule.id].found
            targets = [("journal" if r is None else str(r.ref)) for r, _ in found[:12]]
            extra = f" and {len(found) - 12} more" if len(found) > 12 else ""
            state = f"fires on {', '.join(targets)}{extra}"
        print(f"  {rule.id:<28} {rule.about.value:<8} {state}")
    return 1 if evaluation.problems else 0
