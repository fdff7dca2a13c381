"""InterLab end to end, on the platform started as `make run` starts it, over HTTP as a frontend would:
a coordinator opens a call, members apply (one in Arabic), two reviewers score, the coordinator admits
within the places, mentors are matched and accepted, a session and the milestones are logged up to a
launch, the 6-month follow-up is answered, and the cohort's figures count it all."""

import email
import email.policy
from datetime import UTC, date, datetime

from dateutil.relativedelta import relativedelta
from nameko.standalone.rpc import ClusterRpcProxy

from gateway.testing import BaseUrlSession, Client, log_in
from interra_chassis.testing import CONSENTS, PASSWORD, wait_for
from tests.conftest import ADMIN, incubator_application, incubator_call, register

COORDINATOR = ("coord.interlab@interra.be", "a coordinator's password")
REVIEWER = ("reviewer.interlab@interra.be", "a reviewer's password")
CRITERIA = ("motivation", "feasibility", "social_value", "fit")


def person(name: str, **profile) -> dict:
    return {
        "first_name": name, "last_name": "Journey", "email": f"{name.lower()}.journey@example.org",
        "password": PASSWORD, "consents": CONSENTS, "birth_year": 1988, "region": "liege", "languages": ["fr"],
        "french_level": "B1", "interests": ["trade"], "arrived_on": "2025-02-01", "preferred_language": "en",
        **profile,
    }  # fmt: skip


def ok(response, status: int = 200) -> dict:
    assert response.status_code == status, f"{response.request.method} {response.url}: {response.text}"
    return response.json() if response.content else {}


def staff(session, admin: Client, account: tuple[str, str]) -> tuple[Client, str]:
    """A staff account with the InterLab coordinator role, logged in, and its reviewer id."""
    email_, password = account
    created = ok(admin.post("/staff", {"email": email_, "password": password, "roles": ["coordinator:incubator"]}), 201)
    return Client(session, log_in(session, email_, password)), f"staff:{created['staff_id']}"


def apply_when_known(client: Client, body: dict) -> dict:
    """The incubator learns of a new member a moment after registration (422 until then)."""
    response = wait_for(lambda: (r := client.post("/incubator/applications", body)).status_code != 422 and r)
    return ok(response, 201)


def test_a_cohort_from_the_call_to_a_launch_and_its_figures(platform):
    session = BaseUrlSession(platform["url"])
    admin = Client(session, log_in(session, *ADMIN))
    coordinator, coordinator_id = staff(session, admin, COORDINATOR)
    _, reviewer_id = staff(session, admin, REVIEWER)
    reviewer = Client(session, log_in(session, *REVIEWER))

    # a call for the cohort: two places, one question
    call = ok(coordinator.post("/incubator/calls", incubator_call(places=2)), 201)

    # three apply; Amal in Arabic
    amal = register(session, person("Amal", gender="woman", languages=["ar", "fr"], french_level="A2"))
    kofi = register(session, person("Kofi", gender="man", languages=["en", "fr"]))
    dario = register(session, person("Dario", gender="man", languages=["it", "fr"]))
    answers = {"why_liege": "عائلتي تعيش هنا وأريد أن أفتح مخبزًا سوريًا في لييج."}
    project = {"title": "مخبز حلب", "sector": "food", "stage": "idea", "team_size": 2, "newcomer_founders": True,
               "description": "خبز وحلويات من حلب، تُخبز في لييج.", "needs": ["legal", "financing"]}  # fmt: skip
    amal_app = apply_when_known(amal, incubator_application(call["call_id"], language="ar", project=project,
                                                            answers=answers))  # fmt: skip
    assert (amal_app["language"], amal_app["status"], amal_app["project"]["title"]) == ("ar", "submitted", "مخبز حلب")
    kofi_app = apply_when_known(kofi, incubator_application(call["call_id"]))
    dario_app = apply_when_known(dario, incubator_application(call["call_id"]))
    apps = [amal_app["application_id"], kofi_app["application_id"], dario_app["application_id"]]

    # two reviewers each: the coordinator and a colleague; scores hidden from each other until one's own is in
    for app_id in apps:
        for reviewer_ in (coordinator_id, reviewer_id):
            ok(coordinator.post(f"/incubator/applications/{app_id}/reviewers", {"reviewer": reviewer_}), 201)
    assert {item["application_id"] for item in ok(reviewer.get("/incubator/reviews/mine"))["items"]} == set(apps)
    scores = {apps[0]: 5, apps[1]: 4, apps[2]: 3}
    for app_id, score in scores.items():
        review = {"scores": dict.fromkeys(CRITERIA, score), "comment": "Private: for the committee only."}
        ok(coordinator.put(f"/incubator/applications/{app_id}/reviews/mine", review))
        sheet = ok(reviewer.get(f"/incubator/applications/{app_id}/review"))
        assert sheet["language"] == ("ar" if app_id == apps[0] else "en")
        assert not sheet.get("reviews"), "another reviewer's review before one's own"
        ok(reviewer.put(f"/incubator/applications/{app_id}/reviews/mine", review))
    assert "Private" not in amal.get(f"/incubator/applications/{apps[0]}").text  # never shown to the applicant

    # the ranking, then the decision within the places; the rest waits in rank order
    ranking = ok(coordinator.get(f"/incubator/calls/{call['call_id']}/ranking"))
    assert [item["application_id"] for item in ranking["items"]] == apps
    decision = ok(coordinator.post(f"/incubator/calls/{call['call_id']}/decision", {"admit": apps[:2]}))
    assert (decision["admitted"], decision["waitlisted"], decision["places_left"]) == (apps[:2], apps[2:], 0)
    beyond = coordinator.post(f"/incubator/applications/{apps[2]}/moves", {"move": "admit"})
    assert beyond.status_code == 409, beyond.text
    amal_app = ok(amal.get(f"/incubator/applications/{apps[0]}"))
    assert amal_app["status"] == "admitted" and amal_app["project_id"]
    assert ok(dario.get(f"/incubator/applications/{apps[2]}"))["waitlist_rank"] == 1

    # mentors join the pool; the matching proposes by fit, a coordinator accepts
    lea = register(session, person("Lea", languages=["fr", "ar"], french_level="native",
                                    arrived_on=None))  # fmt: skip
    marc = register(session, person("Marc", languages=["fr", "en"], french_level="native",
                                     arrived_on=None))  # fmt: skip
    for mentor, profile in (
        (lea, {"expertise": ["legal", "financing"], "languages": ["fr", "ar"]}),
        (marc, {"expertise": ["marketing"], "sectors": ["crafts"], "languages": ["fr", "en"]}),
    ):
        body = {"sectors": [], "region": "liege", "formats": ["in_person", "video"], "capacity": 1, **profile}
        wait_for(lambda m=mentor, b=body: m.put("/incubator/mentors/me", b).status_code == 200)  # fmt: skip
    proposals = ok(coordinator.post(f"/incubator/calls/{call['call_id']}/mentor-matching"))["items"]
    by_entrepreneur = {p["entrepreneur_id"]: p for p in proposals}
    assert by_entrepreneur[amal.member_id]["mentor_id"] == lea.member_id
    assert any("legal" in reason for reason in by_entrepreneur[amal.member_id]["reasons"])
    for proposal in proposals:
        ok(coordinator.post(f"/incubator/mentorships/{proposal['mentorship_id']}/moves", {"move": "accept"}))
    mentorship_id = by_entrepreneur[amal.member_id]["mentorship_id"]

    # a session logged by the entrepreneur, read by her mentor
    today = datetime.now(UTC).date()
    session_ = {"held_on": today.isoformat(), "minutes": 90, "kind": "mentoring", "topics": ["business_plan"],
                "next_steps": "Ask the bank.", "notes": "Only for the pair and the coordinators."}  # fmt: skip
    ok(amal.post(f"/incubator/mentorships/{mentorship_id}/sessions", session_), 201)
    assert ok(lea.get(f"/incubator/mentorships/{mentorship_id}/sessions"))["items"][0]["minutes"] == 90
    assert kofi.get(f"/incubator/mentorships/{mentorship_id}/sessions").status_code == 404

    # the project's path: launching needs the launch milestone with its date
    project_path = f"/incubator/projects/{amal_app['project_id']}"
    assert ok(lea.get(project_path))["status"] == "idea"  # her mentor reads it while mentoring
    for move in ("validate", "build_prototype", "prepare_launch"):
        ok(amal.post(f"{project_path}/moves", {"move": move}))
    refused = amal.post(f"{project_path}/moves", {"move": "launch"})
    assert refused.status_code == 409 and "launch" in refused.json()["detail"], refused.text
    milestone = ok(amal.post(f"{project_path}/milestones", {"kind": "launch", "due_on": today.isoformat()}), 201)
    milestone_id = next(m["milestone_id"] for m in milestone["milestones"] if m["kind"] == "launch")
    completion = {"reached_on": today.isoformat(), "reference": "BE 0123.456.789"}
    ok(amal.post(f"{project_path}/milestones/{milestone_id}/completion", completion))
    launched = ok(amal.post(f"{project_path}/moves", {"move": "launch"}))
    assert (launched["status"], launched["launched_on"]) == ("launched", today.isoformat())

    # six months after the cohort ends, the follow-up is asked (the hourly timer's work, asked for that day)
    due = date.fromisoformat(call["ends_on"]) + relativedelta(months=6)
    with ClusterRpcProxy({"AMQP_URI": platform["amqp_uri"].replace("amqp://", "pyamqp://", 1)}) as rpc:
        assert rpc.incubator.request_follow_ups(due.isoformat())["asked"] == 2
    [follow_up] = ok(amal.get("/incubator/follow-ups"))["items"]
    answer = {"still_active": True, "revenue_band": "10k_50k", "jobs_created": 2, "still_needs": ["financing"]}
    ok(amal.post(f"/incubator/follow-ups/{follow_up['follow_up_id']}/answer", answer))

    # the cohort's figures: counts only, each marked when it is about fewer than 5 people
    figures = ok(coordinator.get(f"/incubator/figures?cohort={call['cohort']}"))
    assert figures["applications"] == {"value": 3, "small": True}
    assert figures["accompanied"]["value"] == 2 and figures["launched"]["value"] == 1
    assert (figures["women"]["count"], figures["women"]["base"], figures["women"]["small"]) == (1, 2, True)
    assert figures["mentoring_hours"]["value"] == 1.5
    six = next(f for f in figures["follow_ups"] if f["months"] == 6)
    assert (six["asked"]["value"], six["answered"]["value"], six["active"]["count"]) == (2, 1, 1)
    assert amal.member_id not in str(figures) and kofi.member_id not in str(figures)

    # Amal was told in English (her language) that she was admitted, and both sides of her mentorship
    inbox = platform["var"] / "mail"

    def mails_to(address: str) -> list[str]:
        found = []
        for path in inbox.glob("*.eml"):
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            if message["To"].addresses[0].addr_spec == address:
                found.append(message["Subject"])
        return found

    expected = {
        "Amal, we have received your application to InterLab",
        "Amal, welcome to InterLab: your application is accepted!",
        "Amal, you have a mentor for your project!",
        "Amal, how is your project, 6 months after InterLab?",
    }
    assert wait_for(lambda: set(mails_to("amal.journey@example.org")) >= expected, timeout=15)
    assert wait_for(lambda: "Lea, you are mentoring a new InterLab project!" in mails_to("lea.journey@example.org"))
