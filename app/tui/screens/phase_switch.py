"""`p`: end the open phase with a short guided review, and start the next one."""

from __future__ import annotations

from typing import Any

from textual.content import Content

from ...domain import Phase, PhaseKind, UserError
from ...domain.dates import check_length
from ...domain.errors import NeedsConfirmation
from ...domain.links import open_loops
from ...services.journal_service import JournalService
from ...services.review import comparison_lines, same_kind_phases
from ...services.stats import phase_counts
from ..rows import View
from ..text import fit, one_line
from .form import Field, FormScreen

KINDS = [kind.value for kind in PhaseKind]


def _length(text: str) -> str:
    if not text:
        raise UserError("A phase needs a length, like “3 months”.")
    return check_length(text)


def review_content(view: View, phase: Phase) -> Content:
    """What the ending phase produced, and the loops it leaves open."""
    done = phase_counts(view.snapshot, phase, view.links)
    produced = Content.assemble(
        ("This ", "bold"),
        (f"{phase.kind.value} phase", "bold"),
        (f" ({phase.started:%Y-%m-%d} → today) produced\n", "bold"),
        ("  papers read ", "$text-muted"),
        (str(done["papers_read"]), "bold $success"),
        ("   builds shipped ", "$text-muted"),
        (str(done["builds_shipped"]), "bold $success"),
        ("   write-ups done ", "$text-muted"),
        (str(done["writeups_done"]), "bold $success"),
        "\n",
        ("  failures turned into questions ", "$text-muted"),
        (f"{done['failures_questioned']} of {done['failures']}", "bold"),
        ("   questions answered ", "$text-muted"),
        (str(done["questions_answered"]), "bold"),
        "\n",
        ("  claims validated ", "$text-muted"),
        (str(done["claims_validated"]), "bold $success"),
        ("   refuted ", "$text-muted"),
        (str(done["claims_refuted"]), "bold $error"),
        ("   entries logged ", "$text-muted"),
        (str(done["entries"]), "bold"),
        ("   (i: every phase side by side)", "$text-muted"),
    )
    compared = comparison_lines(same_kind_phases(view.snapshot, phase, view.today, view.links))
    loops = open_loops(view.snapshot, view.links)
    lines = [
        produced,
        Content.styled(compared[0], "bold"),
        *(Content(line) for line in compared[1:]),
        Content.assemble(("Open loops left: ", "bold"), (str(len(loops)), "bold $warning")),
    ]
    for loop in loops[:5]:
        lines.append(
            Content.assemble(
                "  ",
                (f"{loop.ref!s:<5}", "$accent"),
                " ",
                loop.kind.value,
                " · ",
                fit(one_line(loop.title), 40),
            )
        )
    if len(loops) > 5:
        lines.append(Content.styled(f"  … and {len(loops) - 5} more (r walks them all)", "$text-muted"))
    return Content("\n").join(lines)


def phase_switch_form(service: JournalService, view: View) -> FormScreen:
    current = view.snapshot.current_phase()
    if current is None:
        nxt, intro = (
            PhaseKind.RESEARCH.value,
            Content.assemble(
                ("Your first phase. ", "bold"),
                "Research or production, about three months, one goal: dualtui keeps the balance honest.",
            ),
        )
        fields: list[Field] = []
    else:
        nxt = PhaseKind.PRODUCTION.value if current.kind is PhaseKind.RESEARCH else PhaseKind.RESEARCH.value
        intro = review_content(view, current)
        fields = [
            Field(
                "review",
                "Your reflection on the ending phase",
                "",
                "what worked, what you would change",
                long=True,
            )
        ]
    fields += [
        Field("goal", "Goal of the next phase", "", "what the next phase is for"),
        Field("kind", "Next phase", nxt, choices=KINDS),
        Field("length", "Length", service.config.phase_length, "3 months, 90 days, 12w", _length),
    ]

    def save(values: dict[str, Any], expected: dict[str, Any]) -> Phase:
        review = values.get("review")
        if current is not None and not (review or "").strip() and not values.get("empty_review"):
            raise NeedsConfirmation(f"{current.ref} would end with no reflection", flag="empty_review")
        return service.start_phase(
            values["kind"], goal=values["goal"], length=values["length"], review=review
        )

    title = (
        "Start your first phase" if current is None else f"Switch phase: review {current.ref}, start the next"
    )
    return FormScreen(title, fields, save, intro=intro, recipe={"form": "phase_switch"})
