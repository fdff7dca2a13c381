"""The incubator's areas are mixins of one service and one store: a method two areas define by
accident would silently shadow the other (as a `_move` once did). Only the named hooks may be
defined by several areas, each calling super()."""

import inspect

from incubator.service import IncubatorService
from incubator.store import IncubatorStore

HOOKS = {"export_of", "erase_member", "ensure_indexes", "_facts", "_open_project", "_mentors_now", "_project_stopped"}


def defined_twice(composed: type) -> dict[str, list[str]]:
    """Method names defined by more than one of the areas composed in `composed` (its own modules)."""
    areas = [c for c in composed.__mro__[1:] if c.__module__.startswith(("incubator.rpc.", "incubator.stores."))]
    owners: dict[str, list[str]] = {}
    for area in areas:
        for name, value in vars(area).items():
            if inspect.isfunction(value) or isinstance(value, classmethod):
                owners.setdefault(name, []).append(area.__name__)
    return {name: who for name, who in owners.items() if len(who) > 1 and name not in HOOKS}


def test_no_two_areas_of_the_service_define_the_same_method():
    assert defined_twice(IncubatorService) == {}


def test_no_two_areas_of_the_store_define_the_same_method():
    assert defined_twice(IncubatorStore) == {}


def test_every_area_takes_part_in_export_and_erasure():
    rpc_areas = [c for c in IncubatorService.__mro__ if c.__module__.startswith("incubator.rpc.")]
    store_areas = [c for c in IncubatorStore.__mro__ if c.__module__.startswith("incubator.stores.")]
    assert len(rpc_areas) == len(store_areas) == 5
    assert all("export_of" in vars(area) for area in rpc_areas)
    assert all("erase_member" in vars(area) for area in store_areas)
