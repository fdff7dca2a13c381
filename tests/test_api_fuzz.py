"""Schemathesis against the running platform's /openapi.json: no server error, no answer that
breaks the documented schema (status codes, content types, bodies, headers) — and it reaches the
business paths, not only the validation at the edge.

To get past "not found", the test first makes real data through the API (two members, a duo
request and offer matched into a duo, a workshop, an InterLab call opened by its coordinator and an
application to it) and gives schemathesis their ids
(a config file of fixed parameters); the document's links chain the calls (a registration's
member_id into the routes that take a member), and its examples make valid bodies.

The positive_data_acceptance check is left out: the schema cannot express business rules such as
"the member must exist" or "a volunteer speaks C1 or better", so valid-looking data is refused.
"""

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from interra_chassis.testing import CONSENTS, PASSWORD
from tests.conftest import ADMIN, INCUBATOR_COORDINATOR, INCUBATOR_PROJECT, incubator_application, incubator_call

pytestmark = pytest.mark.e2e


@pytest.fixture
def platform_env():
    return {"RATE_LIMIT_WRITE": "100000/60", "RATE_LIMIT_LOGIN": "100000/60"}


class Api:
    def __init__(self, url: str, token: str):
        self.url, self.headers = url, {"Authorization": f"Bearer {token}"}

    def call(self, method: str, path: str, body: dict | None = None, expect: int = 200) -> dict:
        response = requests.request(method, self.url + path, json=body, headers=self.headers, timeout=30)
        assert response.status_code == expect, f"{method} {path}: {response.status_code} {response.text}"
        return response.json() if response.content else {}

    def until_known(self, method: str, path: str, body: dict, expect: int = 201) -> dict:
        """Services learn of a new member a moment after registration (422 until then)."""
        for _ in range(100):
            response = requests.request(method, self.url + path, json=body, headers=self.headers, timeout=30)
            if response.status_code != 422:
                break
            time.sleep(0.1)
        assert response.status_code == expect, f"{method} {path}: {response.status_code} {response.text}"
        return response.json()


def member(name: str, **profile) -> dict:
    return {
        "first_name": name, "last_name": "Fuzz", "email": f"{name.lower()}@example.org", "password": PASSWORD,
        "consents": CONSENTS, "birth_year": 1990, "region": "liege", "languages": ["ar"], "french_level": "A2",
        "interests": ["cooking"], "arrived_on": "2025-06-01", **profile,
    }  # fmt: skip


def incubator_coordinator(api: Api) -> Api:
    """An InterLab coordinator: a staff account the admin creates, logged in."""
    email, password = INCUBATOR_COORDINATOR
    api.call("POST", "/staff", {"email": email, "password": password, "roles": ["coordinator:incubator"]}, 201)
    login = requests.post(api.url + "/auth/token", json={"username": email, "password": password}, timeout=30)
    assert login.status_code == 200, login.text
    return Api(api.url, login.json()["access_token"])


def seed(api: Api) -> dict:
    """Real data for every kind of id the API takes."""
    learner = api.call("POST", "/members", member("Samira"), expect=201)["member_id"]
    volunteer = api.call("POST", "/members", member("Luc", french_level="native", arrived_on=None), 201)["member_id"]
    erased = api.call("POST", "/members", member("Ines"), expect=201)["member_id"]
    request = api.until_known("POST", "/duos/requests", {"member_id": learner})["request_id"]
    offer = api.until_known("POST", "/duos/offers", {"member_id": volunteer, "capacity": 2})["request_id"]
    api.call("POST", "/duos/matching", expect=202)
    for _ in range(100):
        duos = api.call("GET", f"/duos?member_id={learner}")["duos"]
        if duos:
            break
        time.sleep(0.1)
    assert duos, "the learner and the volunteer were not matched"
    workshop = api.until_known("POST", "/workshops", {
        "proposer_id": learner, "title": "Syrian cooking", "description": "We cook and share a meal.",
        "category": "cooking", "languages": ["fr", "ar"], "format": "in_person",
    })["workshop_id"]  # fmt: skip
    call = incubator_coordinator(api).call("POST", "/incubator/calls", incubator_call(), expect=201)["call_id"]
    project = {**INCUBATOR_PROJECT, "title": "A bakery", "sector": "food", "description": "Bread from Aleppo."}
    application = api.until_known("POST", "/incubator/applications", incubator_application(
        call, member_id=learner, project=project))["application_id"]  # fmt: skip
    return {
        "member_id": learner, "volunteer_id": volunteer, "erased_id": erased, "request_id": request, "offer_id": offer,
        "duo_id": duos[0]["duo_id"], "workshop_id": workshop, "call_id": call, "application_id": application,
    }  # fmt: skip


EXAMPLES, STATEFUL_EXAMPLES = 10, 40


def config_file(ids: dict, path: Path) -> Path:
    """Fixed parameters: every id in a path or body is a real one; the volunteer's routes take the
    volunteer, and erasure takes a member of its own."""
    # 10 examples an operation; the stateful phase (chains of calls along the document's links) gets more,
    # so that it follows links among the many the document has, whatever the seed's draw
    lines = [f"generation.max-examples = {EXAMPLES}", "", "[phases.stateful.generation]",
             f"max-examples = {STATEFUL_EXAMPLES}", "", "[parameters]"]  # fmt: skip
    lines += [f'"path.{name}" = "{ids[name]}"' for name in ("member_id", "request_id", "duo_id")]
    lines += [f'"path.{name}" = "{ids[name]}"' for name in ("workshop_id", "call_id", "application_id")]
    lines += [f'"query.member_id" = "{ids["member_id"]}"', f'"body.member_id" = "{ids["member_id"]}"']
    lines += [f'"body.call_id" = "{ids["call_id"]}"']
    lines += [f'"body.proposer_id" = "{ids["member_id"]}"', f'"body.evaluator_id" = "{ids["member_id"]}"']
    volunteer = {"body.member_id": ids["volunteer_id"]}
    operations = {
        "DELETE /members/{member_id}": {"path.member_id": ids["erased_id"]},
        "POST /duos/offers": volunteer,
        "PUT /duos/offers/{request_id}/capacity": {"path.request_id": ids["offer_id"], **volunteer},
    }
    for name, parameters in operations.items():
        fixed = ", ".join(f'"{key}" = "{value}"' for key, value in parameters.items())
        lines += ["", "[[operations]]", f'include-name = "{name}"', f"parameters = {{ {fixed} }}"]
    path.write_text("\n".join(lines) + "\n")
    return path


def test_the_api_honours_its_openapi_document_and_reaches_the_business_paths(platform, tmp_path):
    login = requests.post(
        platform["url"] + "/auth/token", json={"username": ADMIN[0], "password": ADMIN[1]}, timeout=30
    )
    assert login.status_code == 200, login.text
    token = login.json()["access_token"]
    ids = seed(Api(platform["url"], token))
    schemathesis = Path(sys.executable).parent / "schemathesis"
    run = subprocess.run(
        [str(schemathesis), "--config-file", str(config_file(ids, tmp_path / "schemathesis.toml")),
         "run", platform["url"] + "/openapi.json", "-H", f"Authorization: Bearer {token}",
         "--checks", "all", "--exclude-checks", "positive_data_acceptance",
         "--seed", "1", "--request-timeout", "20",
         "--report", "junit", "--report-dir", str(tmp_path)],
        capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    output = run.stdout + run.stderr
    summary = re.search(r"(\d+) generated, (\d+) passed", output)
    links = re.search(r"API Links:\s+(\d+) covered / (\d+) selected", output)
    print(summary.group(0) if summary else output[-3000:], "|", links.group(0) if links else "no links")
    assert run.returncode == 0, output[-6000:]
    generated, passed = map(int, summary.groups())
    assert generated > 500 and passed == generated
    # the business paths: the stateful phase followed links; the calls got past validation into the
    # services: the duo was rated, and the member set aside for erasure was erased
    assert links and int(links.group(1)) > 0, output[-6000:]
    api = Api(platform["url"], token)
    assert api.call("GET", f"/duos/{ids['duo_id']}/evaluations/summary")["count"] > 0
    erasure = api.call("GET", f"/members/{ids['erased_id']}/erasure")
    assert {"service": "members", "erased": True} in [
        {"service": s["service"], "erased": s["erased"]} for s in erasure["services"]
    ], erasure
