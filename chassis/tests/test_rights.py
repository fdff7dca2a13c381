"""MemberRights: the GDPR entrypoints of every service, written once around two hooks (each service's
own tests check its export and erasure end to end on the broker)."""

import pytest
from nameko.containers import ServiceContainer
from nameko.testing.services import worker_factory

from interra_chassis.errors import Invalid
from interra_chassis.gdpr import ErasureLog
from interra_chassis.rights import MemberRights
from interra_chassis.service import InterraService
from interra_chassis.store import Repository, Store
from interra_chassis.testing import NOT_A_MEMBER_ID
from interra_contracts import load_event, new_event


class Things(ErasureLog, Repository):
    """A store (replaced by a mock in these tests)."""


class Kept(MemberRights, InterraService):
    """Exports what its store holds; erases with the default hook (the store's erase_member)."""

    name = "kept"
    store = Store(Things)

    def export_of(self, member_id):
        return {"things": self.store.things_of(member_id)}


class Special(Kept):
    """Erases in steps of its own."""

    def erase_member(self, member_id):
        self.store.first_step(member_id)
        self.store.second_step(member_id)


def erased(member_id: str):
    return load_event(new_event("MemberErased", {"member_id": member_id}, source="members"))


def test_the_entrypoints_come_with_the_mixin():
    container = ServiceContainer(Kept, {"AMQP_URI": "memory://"})
    assert {e.method_name for e in container.entrypoints} >= {"export_member", "erasure_status", "on_member_erased"}


def test_export_is_the_hook_s():
    service = worker_factory(Kept)
    service.store.things_of.return_value = ["a"]
    assert service.export_member("m-1") == {"things": ["a"]}
    service.store.things_of.assert_called_once_with("m-1")


@pytest.mark.parametrize("member_id", NOT_A_MEMBER_ID)
@pytest.mark.parametrize("method", ["export_member", "erasure_status"])
def test_a_member_id_that_is_not_a_string_is_invalid_before_any_hook(method, member_id):
    service = worker_factory(Kept)
    with pytest.raises(Invalid) as caught:
        getattr(service, method)(member_id)
    assert "member_id" in caught.value.fields
    assert service.store.mock_calls == []


def test_the_erasure_is_recorded_after_the_store_s_erase_member():
    service = worker_factory(Kept)
    service.on_member_erased(erased("m-1"))
    assert [(name, args[0]) for name, args, _ in service.store.mock_calls] == [
        ("erase_member", "m-1"),
        ("record_erasure", "m-1"),
    ]


def test_a_service_s_own_erasure_replaces_the_default_and_is_recorded_last():
    service = worker_factory(Special)
    service.on_member_erased(erased("m-2"))
    assert [c[0] for c in service.store.mock_calls] == ["first_step", "second_step", "record_erasure"]


def test_the_status_is_built_from_the_record():
    service = worker_factory(Kept)
    service.store.erasure.return_value = None
    assert service.erasure_status("m-1") == {"service": "kept", "erased": False, "at": None}
    service.store.erasure.return_value = {"_id": "m-1", "at": "2026-11-21T10:00:00+00:00"}
    assert service.erasure_status("m-1") == {"service": "kept", "erased": True, "at": "2026-11-21T10:00:00+00:00"}
