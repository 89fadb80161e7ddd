"""Date math for the journal.

Stored timestamps are local, naive ISO 8601 strings (`2026-11-25T09:30:00`), which sort as text and
read well in `jq`. Parsing uses `datetime.fromisoformat` (several times faster than pendulum.parse,
and it runs once per record at start-up); calendar arithmetic with months and human lengths
("3 months") uses pendulum, imported only when it is needed.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from .errors import UserError
from .text import plural
from .validation import MAX_YEAR

DEFAULT_PHASE_LENGTH = "3 months"
_LENGTH = re.compile(r"^\s*(\d{1,4})\s*(d|days?|w|weeks?|m|months?|y|years?)\s*$", re.IGNORECASE)
_AGO = re.compile(r"^\s*(\d{1,4})\s*(d|days?|w|weeks?)\s+ago\s*$", re.IGNORECASE)


class InvalidDate(UserError):
    """Raised with a sentence a user can act on."""


def now() -> datetime:
    return datetime.now().replace(microsecond=0)


def to_text(moment: datetime | date | None) -> str | None:
    if moment is None:
        return None
    return moment.isoformat()


def from_text(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def date_from_text(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text[:10])


def parse_when(text: str, *, today: date | None = None) -> datetime:
    """Read a user's date: ISO date or date-time, `today`, `yesterday`, or `3 days ago`."""
    base = today or date.today()
    cleaned = text.strip().lower()
    if cleaned in ("today", "now"):
        return datetime.combine(base, now().time()) if today is None else _noon(base)
    if cleaned == "yesterday":
        return _noon(base - timedelta(days=1))
    ago = _AGO.match(cleaned)
    if ago:
        count, unit = int(ago.group(1)), ago.group(2)[0]
        return _noon(base - timedelta(days=count * (7 if unit == "w" else 1)))
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InvalidDate(
            f"“{text}” is not a date: use YYYY-MM-DD, YYYY-MM-DDTHH:MM, today, yesterday or “3 days ago”."
        ) from None
    if moment.tzinfo is not None:
        moment = moment.astimezone().replace(tzinfo=None)
    if moment.year > MAX_YEAR:
        raise InvalidDate(f"“{text}” is too far ahead: dualtui keeps dates up to the year {MAX_YEAR}.")
    if len(text.strip()) == 10:
        return _noon(moment.date())
    return moment.replace(microsecond=0)


def parse_day(text: str, *, today: date | None = None) -> date:
    return parse_when(text, today=today).date()


def _noon(day: date) -> datetime:
    # A back-filled day without a time sits at noon, so it never slips a day across time zones.
    return datetime.combine(day, datetime.min.time()).replace(hour=12)


def check_length(text: str) -> str:
    """Validate a phase length such as `3 months`, `90 days`, `12w`; return it normalised."""
    match = _LENGTH.match(text)
    if not match or int(match.group(1)) == 0:
        raise InvalidDate(f"“{text}” is not a length: use a number and a unit, like “3 months” or “90 days”.")
    count, unit = int(match.group(1)), match.group(2)[0].lower()
    name = {"d": "day", "w": "week", "m": "month", "y": "year"}[unit]
    return plural(count, name)


def add_length(start: date, length: str) -> date:
    """`start` plus a length such as `3 months`, with calendar-aware month arithmetic."""
    import pendulum

    count_text, unit = check_length(length).split()
    count = int(count_text)
    key = {"day": "days", "week": "weeks", "month": "months", "year": "years"}[unit.rstrip("s")]
    try:
        moved = pendulum.date(start.year, start.month, start.day).add(**{key: count})
    except (ValueError, OverflowError):
        moved = None
    if moved is None or moved.year > MAX_YEAR:
        raise InvalidDate(
            f"{start} plus {length} is past the year {MAX_YEAR}, the last dualtui keeps: "
            "use a shorter length."
        )
    return date(moved.year, moved.month, moved.day)


def age_text(days: int) -> str:
    """A short relative age for panes: `today`, `1d`, `9d`, `5w`, `8mo`, `2y`."""
    if days <= 0:
        return "today"
    if days < 14:
        return f"{days}d"
    if days < 60:
        return f"{days // 7}w"
    if days < 730:
        return f"{days // 30}mo"
    return f"{days // 365}y"
