"""What "today" and "now" are: the real ones, or fixed by the global `--today` option."""

from __future__ import annotations

from datetime import date, datetime
from typing import NamedTuple

from dualtui.domain.dates import now as real_now


class Clock(NamedTuple):
    """Today and now, real or fixed."""

    fixed_today: date | None = None

    def today(self) -> date:
        return self.fixed_today or date.today()

    def now(self) -> datetime:
        """Now, or the current time of day on the fixed day (so back-filled days keep their order)."""
        moment = real_now()
        if self.fixed_today is None:
            return moment
        return datetime.combine(self.fixed_today, moment.time())
