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

# What each move means to the person making it, as the app's status choice says it.
MOVE_MEANINGS: dict[tuple[PaperStatus | BuildStatus, PaperStatus | BuildStatus], str] = {
    (PaperStatus.QUEUED, PaperStatus.READING): "start reading it",
    (PaperStatus.QUEUED, PaperStatus.READ): "read it already",
    (PaperStatus.QUEUED, PaperStatus.DROPPED): "drop it: not going to read it",
    (PaperStatus.READING, PaperStatus.READ): "finished reading it",
    (PaperStatus.READING, PaperStatus.QUEUED): "back to the queue",
    (PaperStatus.READING, PaperStatus.DROPPED): "drop it: stop reading it",
    (PaperStatus.READ, PaperStatus.READING): "reading it again",
    (PaperStatus.DROPPED, PaperStatus.QUEUED): "reopen it: back to the queue",
    (BuildStatus.IDEA, BuildStatus.BUILDING): "start building it",
    (BuildStatus.IDEA, BuildStatus.SHIPPED): "shipped: it runs for real",
    (BuildStatus.IDEA, BuildStatus.ABANDONED): "abandon it: not going to build it",
    (BuildStatus.BUILDING, BuildStatus.SHIPPED): "shipped: it runs for real",
    (BuildStatus.BUILDING, BuildStatus.IDEA): "back to an idea",
    (BuildStatus.BUILDING, BuildStatus.ABANDONED): "abandon it: stop building it",
    (BuildStatus.SHIPPED, BuildStatus.BUILDING): "back to building it",
    (BuildStatus.ABANDONED, BuildStatus.IDEA): "revive it: back to an idea",
}


def allowed_moves(item: Paper | Build) -> tuple[PaperStatus | BuildStatus, ...]:
    """Every status the item may move to from its own, the usual next one first."""
    moves = PAPER_MOVES[item.status] if isinstance(item, Paper) else BUILD_MOVES[item.status]  # type: ignore[index]
    usual = usual_move(item)
    return (usual, *(move for move in moves if move is not usual))


def usual_move(item: Paper | Build) -> PaperStatus | BuildStatus:
    """The move most people make next: along the path (queued → reading → read, idea → building →
    shipped), else the only way back (read → reading, dropped → queued, abandoned → idea)."""
    if isinstance(item, Paper):
        return PAPER_NEXT.get(item.status) or PAPER_MOVES[item.status][0]
    return BUILD_NEXT.get(item.status) or BUILD_MOVES[item.status][0]  # type: ignore[index]


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
    options = ", ".join(str(getattr(a, "value", a)) for a in allowed)
    if to == item.status:
        raise ImpossibleMove(
            f"{item.ref} is already {item.status.value}: from {item.status.value} it can go to {options}."
        )
    if to not in allowed:
        raise ImpossibleMove(
            f"{item.ref} cannot go from {item.status.value} to {getattr(to, 'value', to)}: "
            f"from {item.status.value} it can go to {options}."
        )
