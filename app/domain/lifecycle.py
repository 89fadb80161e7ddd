"""Status machines: which moves a paper or a build may make, and what each move stamps."""

from __future__ import annotations

from datetime import datetime

from .errors import UserError
from .model import Build, BuildStatus, Paper, PaperStatus


class ImpossibleMove(UserError):
    """Raised with a sentence a user can act on."""


PAPER_MOVES: dict[PaperStatus, tuple[PaperStatus, ...]] = {
    PaperStatus.QUEUED: (PaperStatus.READING, PaperStatus.READ, PaperStatus.DROPPED),
    PaperStatus.READING: (PaperStatus.READ, PaperStatus.QUEUED, PaperStatus.DROPPED),
    PaperStatus.READ: (PaperStatus.READING,),
    PaperStatus.DROPPED: (PaperStatus.QUEUED,),
}
PAPER_NEXT = {PaperStatus.QUEUED: PaperStatus.READING, PaperStatus.READING: PaperStatus.READ}

BUILD_MOVES: dict[BuildStatus, tuple[BuildStatus, ...]] = {
    BuildStatus.IDEA: (BuildStatus.BUILDING, BuildStatus.SHIPPED, BuildStatus.ABANDONED),
    BuildStatus.BUILDING: (BuildStatus.SHIPPED, BuildStatus.IDEA, BuildStatus.ABANDONED),
    BuildStatus.SHIPPED: (BuildStatus.BUILDING,),
    BuildStatus.ABANDONED: (BuildStatus.IDEA,),
}
BUILD_NEXT = {BuildStatus.IDEA: BuildStatus.BUILDING, BuildStatus.BUILDING: BuildStatus.SHIPPED}


def next_status(item: Paper | Build) -> PaperStatus | BuildStatus:
    """The status `advance` moves to: along queued → reading → read, idea → building → shipped."""
    following = PAPER_NEXT if isinstance(item, Paper) else BUILD_NEXT
    nxt = following.get(item.status)  # type: ignore[call-overload]
    if nxt is None:
        raise ImpossibleMove(f"{item.ref} is {item.status.value}: nothing follows on its path.")
    return nxt


def move_paper(paper: Paper, to: PaperStatus, when: datetime) -> Paper:
    """The paper after the move, with the dates it stamps; the paper given is left as it was."""
    _check(paper, to, PAPER_MOVES[paper.status])
    started, finished = paper.started, paper.finished
    if to is PaperStatus.READING:
        started, finished = started or when, None
    elif to is PaperStatus.READ:
        started, finished = started or when, when
    elif to is PaperStatus.QUEUED:
        started = finished = None
    return paper.replace(status=to, started=started, finished=finished)


def move_build(build: Build, to: BuildStatus, when: datetime) -> Build:
    """The build after the move, with the dates it stamps; the build given is left as it was."""
    _check(build, to, BUILD_MOVES[build.status])
    started, shipped, ended = build.started, build.shipped, build.ended
    if to is BuildStatus.BUILDING:
        started, shipped, ended = started or when, None, None
    elif to is BuildStatus.SHIPPED:
        started, shipped, ended = started or when, when, None
    elif to is BuildStatus.ABANDONED:
        ended = when
    elif to is BuildStatus.IDEA:
        started = shipped = ended = None
    return build.replace(status=to, started=started, shipped=shipped, ended=ended)


def _check(item: Paper | Build, to: object, allowed: tuple[object, ...]) -> None:
    if to == item.status:
        raise ImpossibleMove(f"{item.ref} is already {item.status.value}.")
    if to not in allowed:
        options = ", ".join(str(getattr(a, "value", a)) for a in allowed)
        raise ImpossibleMove(
            f"{item.ref} cannot go from {item.status.value} to {getattr(to, 'value', to)}: "
            f"from {item.status.value} it can go to {options}."
        )
