"""Which fields of a record point at another record, by number: what a delete unlinks, what an undo
must not leave dangling, what a merge renumbers."""

from __future__ import annotations

from .ids import Kind

# (kind of the record pointed at) -> [(kind holding the link, field)]
POINTERS: dict[Kind, tuple[tuple[Kind, str], ...]] = {
    Kind.PAPER: ((Kind.BUILD, "paper_ids"), (Kind.ENTRY, "paper_id"), (Kind.ENTRY, "linked_papers")),
    Kind.BUILD: ((Kind.ENTRY, "build_id"), (Kind.ENTRY, "linked_builds")),
    Kind.ENTRY: ((Kind.ENTRY, "answers"), (Kind.BUILD, "from_entry")),
}

# (kind holding links) -> [(field, kind pointed at)]
LINK_FIELDS: dict[Kind, tuple[tuple[str, Kind], ...]] = {
    holder: tuple(
        (field, target) for target, pairs in POINTERS.items() for kind, field in pairs if kind is holder
    )
    for holder in Kind
}


def pointed_numbers(value: object) -> list[int]:
    """The numbers a link field holds: a list or tuple (paper_ids, linked_papers), one number, or none."""
    if isinstance(value, list | tuple):
        return [v for v in value if isinstance(v, int)]
    return [value] if isinstance(value, int) and not isinstance(value, bool) else []
