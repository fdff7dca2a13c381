"""One registry of services (interra_contracts.registry): every list of services in the repository is
derived from it or checked here against it. docs/adding-a-service.md says what to do; this test
says what was forgotten."""

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

from interra_contracts import registry, vocabulary

ROOT = Path(__file__).resolve().parent.parent
SERVICE_PACKAGES = {s.name for s in registry.SERVICES}


def test_each_service_of_the_registry_has_its_package_and_class():
    for service in registry.SERVICES:
        folder = ROOT / service.package
        assert (folder / "pyproject.toml").is_file(), f"{service.name}: no {service.package}/pyproject.toml"
        source = (folder / service.name / "service.py").read_text()
        assert f"class {service.cls}(" in source, f"{service.name}: no class {service.cls}"
        assert re.search(rf'^\s+name = "{service.name}"$', source, re.MULTILINE), f"{service.name}: nameko name"


def test_no_service_package_outside_the_registry():
    found = {path.parent.name for path in (ROOT / "services").glob("*/pyproject.toml")}
    assert found == SERVICE_PACKAGES, f"services/ has {sorted(found)}, the registry {sorted(SERVICE_PACKAGES)}"


def test_each_library_folder_is_in_the_registry_and_the_gateway_uses_none():
    found = {str(path.parent.relative_to(ROOT)) for path in (ROOT / "libs").glob("*/pyproject.toml")}
    assert found == set(registry.LIBRARIES), f"libs/ has {sorted(found)}, the registry {sorted(registry.LIBRARIES)}"
    names = {tomllib.loads((ROOT / lib / "pyproject.toml").read_text())["project"]["name"] for lib in found}
    gateway = tomllib.loads((ROOT / "gateway/pyproject.toml").read_text())["project"]
    assert not [d for d in gateway["dependencies"] if d.split("=")[0] in names], "the gateway depends on a library"


def test_the_makefile_installs_the_registry_packages():
    makefile = (ROOT / "Makefile").read_text()
    assert "PACKAGES := $(shell $(PYTHON) contracts/interra_contracts/registry.py packages)" in makefile
    printed = subprocess.run(
        [sys.executable, str(ROOT / "contracts/interra_contracts/registry.py"), "packages"],
        capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    assert printed == list(registry.PACKAGES)


def test_lint_knows_every_package_as_first_party():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    first_party = set(config["tool"]["ruff"]["lint"]["isort"]["known-first-party"])
    assert first_party >= SERVICE_PACKAGES, SERVICE_PACKAGES - first_party
    modules = {path.parent.name for lib in registry.LIBRARIES for path in (ROOT / lib).glob("*/__init__.py")}
    assert modules and first_party >= modules, modules - first_party


def test_the_gateway_calls_health_checks_exports_and_erases_every_service():
    from gateway.base import Gateway
    from interra_chassis.rpc import RpcClient
    from interra_contracts.api.platform import MemberExport

    clients = {name for name, value in vars(Gateway).items() if isinstance(value, RpcClient)}
    assert clients == SERVICE_PACKAGES, "the gateway's RPC clients are the registry's services"
    assert set(MemberExport().fields) == {"member_id", "exported_at", *SERVICE_PACKAGES}


def test_roles_and_programmes_come_from_the_registry():
    from gateway import auth

    assert vocabulary.PROGRAMMES == registry.PROGRAMMES
    assert ("admin", *(f"coordinator:{p}" for p in registry.PROGRAMMES)) == vocabulary.STAFF_ROLES
    assert set(auth.ANY_STAFF) == set(vocabulary.STAFF_ROLES)
    assert {auth.WORKSHOP_STAFF, auth.DUO_STAFF, auth.INCUBATOR_STAFF} == {
        auth.staff_of(p) for p in registry.PROGRAMMES
    }


def test_the_gateway_depends_on_contracts_and_chassis_only():
    project = tomllib.loads((ROOT / "gateway/pyproject.toml").read_text())["project"]
    assert not [d for d in project["dependencies"] if d.split("=")[0] in {f"interra-{s}" for s in SERVICE_PACKAGES}]
    code = (
        "import sys, warnings; warnings.simplefilter('ignore'); import gateway.service; "
        "print([m for m in sys.modules if m.split('.')[0] in "
        + repr(sorted({*SERVICE_PACKAGES, "numpy", "scipy"}))
        + "])"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert loaded.stdout.strip() == "[]", f"importing the gateway imports {loaded.stdout}"


def test_the_checked_in_openapi_document_is_current():
    import warnings

    from gateway.openapi import openapi_document
    from gateway.service import GatewayService

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        document = openapi_document.__wrapped__(GatewayService)  # built afresh, to hear its warnings
    clashes = [str(w.message) for w in caught if "resolved to the name" in str(w.message)]
    assert not clashes, f"two contracts share a name in the document: {clashes}"
    checked_in = json.loads((ROOT / "docs/api/openapi.json").read_text())
    assert checked_in == json.loads(json.dumps(document)), "stale: run `make api`"


def test_no_group_of_routes_shadows_another_s_method():
    """The route classes are mixed into one service: two methods of one name would silently be one."""
    from gateway.base import Gateway
    from gateway.service import GatewayService

    groups = [
        cls for cls in GatewayService.__mro__ if issubclass(cls, Gateway) and cls not in (Gateway, GatewayService)
    ]
    seen: dict[str, str] = {}
    for group in groups:
        for name in vars(group):
            if callable(vars(group)[name]) and not name.startswith("__"):
                assert name not in seen, f"{group.__name__}.{name} shadows {seen[name]}.{name}"
                seen[name] = group.__name__
