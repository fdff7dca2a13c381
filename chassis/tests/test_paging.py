"""Pages the same in every service: capped, newest first, filtered; one lookup by id."""

import pytest

from interra_chassis.errors import NotFound
from interra_chassis.paging import DEFAULT_LIMIT, MAX_LIMIT, page, page_limit
from interra_chassis.store import Outbox, Repository, index_newest_first, open_database


def test_pages_are_capped():
    assert page_limit(1) == 1
    assert page_limit(5) == 5
    assert page_limit(MAX_LIMIT) == MAX_LIMIT
    assert page_limit(MAX_LIMIT + 1) == MAX_LIMIT
    assert page_limit(10_000) == MAX_LIMIT
    assert DEFAULT_LIMIT <= MAX_LIMIT


def test_a_page_answers_items_total_offset_and_limit():
    assert page(["a"], 3, 1, 1) == {"items": ["a"], "total": 3, "offset": 1, "limit": 1}


@pytest.fixture
def notes(data_dir):
    db = open_database("notes")
    index_newest_first(db.notes, "author")
    repository = Repository(db, Outbox("notes", None))
    for n, author in enumerate(["ana", "ben", "ana", "ana", "ben"]):
        repository.insert_with_events(
            "notes", {"_id": f"n-{n}", "author": author, "created_at": f"2026-11-21T10:00:0{n}+00:00"}, []
        )
    return repository


def test_newest_first_and_a_page_of_it(notes):
    assert [n["_id"] for n in notes.newest_first("notes", {"author": "ana"})] == ["n-3", "n-2", "n-0"]
    items, total = notes.newest_first_page("notes", 1, 2)
    assert ([n["_id"] for n in items], total) == (["n-3", "n-2"], 5)
    items, total = notes.newest_first_page("notes", 0, 10, author="ben")
    assert ([n["_id"] for n in items], total) == (["n-4", "n-1"], 2)
    items, total = notes.newest_first_page("notes", 0, 1, author=None)  # None filters nothing
    assert ([n["_id"] for n in items], total) == (["n-4"], 5)
    assert "_outbox" not in items[0]


def test_the_indexes_serve_the_whole_list_and_each_filter(notes):
    keys = [list(index["key"]) for index in notes.db.notes.list_indexes()]
    assert ["created_at", "_id"] in keys
    assert ["author", "created_at", "_id"] in keys


def test_one_document_by_id_or_not_found(notes):
    assert notes.by_id("notes", "n-1", "note")["author"] == "ben"
    for missing in ("n-9", 42, {"$ne": None}):  # an id from a caller is never a query
        with pytest.raises(NotFound) as caught:
            notes.by_id("notes", missing, "note")
        assert caught.value.message == f"no note {missing!r}"
