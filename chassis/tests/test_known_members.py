from interra_chassis.store import KnownMembers, Outbox, Repository, open_database
from interra_chassis.testing import member_registered


class Directory(KnownMembers, Repository):
    member_fields = ("kind", "region", "languages")


def test_the_read_model_keeps_only_the_chosen_attributes_and_upserts(data_dir):
    directory = Directory(open_database("directory"), Outbox("directory", None))
    data = {**member_registered("m-1"), "first_name": "never stored"}
    directory.remember_member(data)
    directory.remember_member({**data, "region": "brussels"})  # a later or repeated event
    assert directory.member("m-1") == {
        "_id": "m-1",
        "kind": "newcomer",
        "region": "brussels",
        "languages": ["ar"],
    }
    assert directory.db.members.count_documents({}) == 1
    assert directory.member("m-2") is None
    assert directory.member({"$ne": None}) is None  # an id is a string, never a query


def test_an_erased_member_stays_erased_whatever_arrives_later(data_dir):
    directory = Directory(open_database("directory"), Outbox("directory", None))
    directory.remember_member(member_registered("m-3"))
    directory.forget_member("m-3")
    directory.remember_member(member_registered("m-3"))  # redelivered after the erasure
    assert directory.member("m-3") is None
    assert directory.db.members.find_one({"_id": "m-3"}) == {"_id": "m-3", "erased": True}


def test_a_profile_update_changes_only_what_it_carries(data_dir):
    directory = Directory(open_database("directory"), Outbox("directory", None))
    directory.remember_member(member_registered("m-4"))
    directory.update_member({"member_id": "m-4", "region": "brussels", "interests": ["chess"]})
    assert directory.member("m-4") == {"_id": "m-4", "kind": "newcomer", "region": "brussels", "languages": ["ar"]}
    directory.forget_member("m-4")
    directory.update_member({"member_id": "m-4", "region": "liege"})
    assert directory.member("m-4") is None
