"""The one list syntax of `edit --set` and the forms: every list the journal can hold round-trips."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dualtui.domain.text_lists import join_items, split_items

# Items as the journal keeps them: no spaces around them, none empty.
items = st.text(max_size=12).map(str.strip).filter(bool)


@given(st.lists(items, max_size=6))
def test_every_stored_list_reads_back_from_its_text(values):
    assert split_items(join_items(values)) == values


def test_examples():
    assert split_items("Doe, Jane; Roe, Rick") == ["Doe, Jane", "Roe, Rick"]
    assert split_items("a;; b; c") == ["a; b", "c"]
    assert split_items("a;;; b") == ["a;", "b"]
    assert split_items(" ; x ;; ") == ["x ;"]
    assert join_items(["Doe, Jane", "a; b"]) == "Doe, Jane; a;; b"
