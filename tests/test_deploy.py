"""Deployment files: the Dockerfile, docker-compose.yml and deploy/k8s/ agree with the code they run."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from interra_contracts import registry
from interra_contracts.registry import processes

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = ROOT / "docker-compose.yml"
K8S = ROOT / "deploy" / "k8s"
SERVICES = tuple(p.name for p in processes())
PACKAGES = registry.PACKAGES
ENTRYPOINTS = {p.name: p.entrypoint for p in processes()}
# module:Class, so that nameko runs only that class (not the InterraService base it imports)
COMMAND = re.compile(r"^nameko run --config deploy/config\.yaml (\w+)\.service:(\w+)$")


def module_file(module: str) -> Path:
    """Where `<module>.service` lives in the repository."""
    package = "gateway" if module == "gateway" else registry.Service(module, "").package
    return ROOT / package / module / "service.py"


def command_line(command) -> str:
    return " ".join(command) if isinstance(command, list) else str(command)


def env_of(service: dict) -> dict:
    """A compose service's environment as a dict (compose accepts a mapping or a list of NAME=value)."""
    env = service.get("environment") or {}
    if isinstance(env, list):
        return dict(item.split("=", 1) if "=" in item else (item, None) for item in env)
    return env


def published_port(port) -> str | None:
    """The host port of a compose port entry: "8000:8000", "127.0.0.1:8000:8000" or the long syntax."""
    if isinstance(port, dict):
        return str(port.get("published"))
    parts = str(port).split("/")[0].split(":")
    return parts[-2] if len(parts) > 1 else None


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text())


@pytest.fixture(scope="module")
def k8s_documents() -> list[tuple[str, dict]]:
    files = sorted(K8S.glob("*.yaml"))
    assert files, f"no manifests in {K8S}"
    return [(path.name, doc) for path in files for doc in yaml.safe_load_all(path.read_text()) if doc is not None]


def test_docker_compose_validates_the_file():
    exe = shutil.which("docker-compose")
    if exe is None:
        pytest.fail(
            "docker-compose is not installed: `make test` installs it (tools target), "
            "or run `sudo apt-get install -y docker-compose`"
        )
    result = subprocess.run(
        [exe, "-f", str(COMPOSE), "config", "-q"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, f"docker-compose config rejected {COMPOSE.name}:\n{result.stderr}"


def test_compose_runs_every_service_from_the_one_image(compose):
    services = compose["services"]
    missing = [name for name in SERVICES if name not in services]
    assert not missing, f"services missing from docker-compose.yml: {missing}"
    builds = {name: services[name].get("build") for name in SERVICES}
    assert builds["members"], "members has no build"
    assert all(build == builds["members"] for build in builds.values()), builds
    for name in SERVICES:
        service = services[name]
        assert env_of(service).get("SERVICE_NAME") == name, f"{name}: SERVICE_NAME"
        assert COMMAND.match(command_line(service.get("command"))), f"{name}: {service.get('command')}"
        module, cls = COMMAND.match(command_line(service["command"])).groups()
        assert f"{module}.service:{cls}" == ENTRYPOINTS[name], f"{name}: not the registry's {ENTRYPOINTS[name]}"
        assert f"class {cls}(" in module_file(module).read_text(), f"{name}: no class {cls}"
        depends = service.get("depends_on") or {}
        assert isinstance(depends, dict), f"{name}: depends_on must use conditions"
        assert depends.get("declare", {}).get("condition") == "service_completed_successfully", name
        assert env_of(service).get("AMQP_URI", "").startswith("amqp://"), f"{name}: AMQP_URI"
        assert env_of(service).get("MONGO_URI", "").startswith("mongodb://"), f"{name}: MONGO_URI"


def test_compose_declares_queues_before_services(compose):
    declare = compose["services"].get("declare")
    assert declare is not None, "no declare service"
    assert command_line(declare.get("command")) == "python -m deploy.declare"
    assert declare.get("build") == compose["services"]["members"]["build"]
    assert declare.get("restart", "no") == "no", "declare is a one-shot"


def test_duos_scales_and_gateway_publishes_8000(compose):
    duos = compose["services"]["duos"]
    assert "container_name" not in duos, "container_name prevents --scale duos=N"
    assert not duos.get("ports"), "host ports prevent --scale duos=N"
    ports = compose["services"]["gateway"].get("ports") or []
    assert "8000" in [published_port(p) for p in ports], f"gateway ports: {ports}"


def test_every_k8s_document_is_named(k8s_documents):
    for filename, doc in k8s_documents:
        assert doc.get("apiVersion"), f"{filename}: apiVersion"
        assert doc.get("kind"), f"{filename}: kind"
        assert (doc.get("metadata") or {}).get("name"), f"{filename}: metadata.name"


def test_k8s_deployments_run_existing_services(k8s_documents):
    assert (ROOT / "deploy" / "config.yaml").is_file()
    modules = {}
    for filename, doc in k8s_documents:
        if doc["kind"] != "Deployment":
            continue
        containers = doc["spec"]["template"]["spec"]["containers"]
        for container in containers:
            match = COMMAND.match(command_line(container.get("command") or []))
            assert match, f"{filename}: {container.get('command')} is not a nameko run of a service"
            modules[match.group(1)] = filename
            assert f"{match.group(1)}.service:{match.group(2)}" == ENTRYPOINTS[match.group(1)], filename
            assert f"class {match.group(2)}(" in module_file(match.group(1)).read_text(), filename
    assert set(modules) == set(SERVICES), f"Deployments run {sorted(modules)}"
    missing = {m: str(module_file(m).relative_to(ROOT)) for m in modules if not module_file(m).is_file()}
    assert not missing, f"Deployments run modules whose file does not exist: {missing}"


def test_k8s_duos_has_its_own_autoscaler(k8s_documents):
    hpas = [doc for _, doc in k8s_documents if doc["kind"] == "HorizontalPodAutoscaler"]
    targets = [(hpa["apiVersion"], hpa["spec"]["scaleTargetRef"]) for hpa in hpas]
    assert (
        "autoscaling/v2",
        {"apiVersion": "apps/v1", "kind": "Deployment", "name": "duos"},
    ) in targets, targets
    deployments = {doc["metadata"]["name"] for _, doc in k8s_documents if doc["kind"] == "Deployment"}
    assert "duos" in deployments


def test_k8s_gateway_service_exposes_8000(k8s_documents):
    services = [doc for _, doc in k8s_documents if doc["kind"] == "Service"]
    gateway = [s for s in services if s["metadata"]["name"] == "gateway"]
    assert gateway, "no Service named gateway"
    assert 8000 in [port["port"] for port in gateway[0]["spec"]["ports"]]


def test_dockerfile_installs_every_package_non_editable():
    text = (ROOT / "Dockerfile").read_text()
    install = re.search(r"pip install --no-cache-dir((?:[^\n]*\\\n)*[^\n]*)", text)
    assert install, "no `pip install --no-cache-dir` in the Dockerfile"
    args = install.group(1).replace("\\\n", " ").split()
    assert "-e" not in args and "--editable" not in args
    assert sorted(a.removeprefix("./") for a in args) == sorted(PACKAGES)
    assert re.search(r"^USER (?!root|0\b)\S+", text, re.MULTILINE), "the image must run as a non-root user"
