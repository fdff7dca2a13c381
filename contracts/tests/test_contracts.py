import json
from pathlib import Path

import jsonschema
import pytest

from interra_contracts import CATALOGUE, ContractError, load_event, new_event, register_upcaster
from interra_contracts.envelope import _UPCASTERS
from interra_contracts.events import _BY_KEY, LATEST, EventSpec, Payload
from interra_contracts.export import render

ROOT = Path(__file__).resolve().parents[2]
PERSONAL = {"name", "first_name", "last_name", "email", "phone", "address", "phone_number"}

SAMPLES = {
    "MemberRegistered": {
        "member_id": "m1", "kind": "newcomer", "region": "liege", "french_level": "A1",
        "birth_year": 1990, "preferred_language": "ar", "arrived_on": "2025-02-01",
    },
    "MemberErased": {"member_id": "m1"},
    "MemberProfileUpdated": {"member_id": "m1", "region": "brussels", "interests": ["chess"]},
    "WorkshopProposed": {
        "workshop_id": "w1", "proposer_id": "m1", "title": "Syrian cooking", "category": "cooking",
        "languages": ["fr", "ar"], "format": "in_person",
    },
    "WorkshopStatusChanged": {
        "workshop_id": "w1", "proposer_id": "m1", "title": "Syrian cooking", "move": "train",
        "status_from": "in_conversation",
        "status_to": "training", "training_at": "2026-12-10T17:00:00+00:00",
    },
    "WorkshopScheduled": {
        "workshop_id": "w1", "venue_id": "v1", "online": False, "capacity": 16, "newcomer_share": 0.5,
        "dates": [{"date_id": "d1", "starts_at": "2026-12-15T17:00:00+00:00", "ends_at": "2026-12-15T19:00:00+00:00"}],
    },
    "WorkshopDateChanged": {
        "workshop_id": "w1", "date_id": "d1", "title": "Syrian cooking", "change": "moved",
        "starts_at": "2026-12-16T17:00:00+00:00", "ends_at": "2026-12-16T19:00:00+00:00", "member_ids": ["m1"],
    },
    "WorkshopDateReminder": {
        "workshop_id": "w1", "date_id": "d1", "title": "Syrian cooking", "starts_at": "2026-12-16T17:00:00+00:00",
        "ends_at": "2026-12-16T19:00:00+00:00", "online": False, "venue_name": "Café Le Pot au Lait",
        "venue_address": "Rue Soubre 2, 4020 Liège", "member_ids": ["m1", "m2"],
    },
    "WorkshopRegistrationChanged": {
        "workshop_id": "w1", "date_id": "d1", "title": "Syrian cooking", "starts_at": "2026-12-15T17:00:00+00:00",
        "registration_id": "g1", "member_id": "m1", "status": "offered",
        "group": "newcomer", "offer_expires_at": "2026-12-13T17:00:00+00:00",
    },
    "WorkshopSessionHeld": {
        "workshop_id": "w1", "date_id": "d1", "held_on": "2026-12-15", "attended_newcomers": 7,
        "attended_locals": 6, "no_shows": 2,
    },
    "DuoRequested": {"request_id": "r1", "member_id": "m1", "side": "learner", "region": "liege"},
    "DuoMatched": {
        "duo_id": "d1", "learner_id": "m1", "volunteer_id": "m2", "region": "liege", "score": 0.8,
        "reasons": ["same region: liege"],
    },
    "DuoSessionLogged": {"duo_id": "d1", "held_on": "2026-11-20", "minutes": 35},
    "DuoInactive": {"duo_id": "d1", "learner_id": "m1", "volunteer_id": "m2", "weeks_without_session": 2,
                    "needs_rematch": False},
    "DuoEnded": {"duo_id": "d1", "learner_id": "m1", "volunteer_id": "m2", "reason": "moved"},
    "DuoVolunteerInvited": {"volunteer_id": "m2", "offer_id": "o1", "region": "liege", "capacity": 1,
                            "waiting_learners": 4},
    "SessionEvaluated": {"programme": "duo", "subject_id": "d1", "evaluator_id": "m1", "rating": 4},
    "EntrepreneurApplied": {"application_id": "a1", "member_id": "m1", "sector": "food"},
    "EntrepreneurAdmitted": {"application_id": "a1", "member_id": "m1", "cohort": "2027"},
    "EntrepreneurDeclined": {"application_id": "a1", "member_id": "m1", "cohort": "2027", "reason": "not_ready"},
    "ApplicationStatusChanged": {"application_id": "a1", "member_id": "m1", "cohort": "2027", "move": "decline",
                                 "status_from": "in_review", "status_to": "declined", "reason": "not_ready"},
    "MilestoneDue": {"project_id": "p1", "member_id": "m1", "milestone_id": "ms1", "kind": "business_plan",
                     "due_on": "2027-05-01"},
    "MilestoneReached": {"project_id": "p1", "member_id": "m1", "cohort": "2027", "milestone_id": "ms1",
                         "kind": "launch", "reached_on": "2027-06-01"},
    "ProjectLaunched": {"project_id": "p1", "member_id": "m1", "cohort": "2027", "sector": "food",
                        "launched_on": "2027-06-01"},
    "ProjectStopped": {"project_id": "p1", "member_id": "m1", "cohort": "2027", "reason": "no_financing"},
    "MentorAssigned": {"mentorship_id": "ms1", "mentor_id": "m2", "entrepreneur_id": "m1", "project_id": "p1",
                       "cohort": "2027", "score": 26},
    "MentorshipEnded": {"mentorship_id": "ms1", "mentor_id": "m2", "entrepreneur_id": "m1", "ended_by": "mentor",
                        "reason": "completed"},
    "MentoringSessionLogged": {"mentorship_id": "ms1", "kind": "expert", "held_on": "2027-04-02", "minutes": 60},
    "MentorshipInactive": {"mentorship_id": "ms1", "mentor_id": "m2", "entrepreneur_id": "m1",
                           "weeks_without_session": 3},
    "SafeguardingReported": {"report_id": "r1", "mentor_id": "m2", "category": "paid_services"},
    "FollowUpRequested": {"follow_up_id": "f1", "member_id": "m1", "project_id": "p1", "cohort": "2027",
                          "months": 6},
    "FollowUpAnswered": {"follow_up_id": "f1", "project_id": "p1", "cohort": "2027", "months": 12,
                         "still_active": True, "revenue_band": "10k_50k", "jobs_created": 2, "needs": ["financing"]},
    "NotificationSent": {
        "notification_id": "n1", "member_id": "m1", "channel": "email", "template": "duo_matched",
        "attempt": 1,
    },
}  # fmt: skip


@pytest.mark.parametrize("spec", CATALOGUE, ids=lambda s: s.type)
def test_every_event_round_trips_and_matches_its_exported_json_schema(spec):
    envelope = new_event(spec.type, SAMPLES[spec.type], source=spec.sources[0], correlation_id="c1")
    event = load_event(json.loads(json.dumps(envelope)))
    assert (event.type, event.version, event.correlation_id) == (spec.type, spec.version, "c1")
    schema = json.loads(render()[f"{spec.type}.v{spec.version}.schema.json"])
    jsonschema.validate(envelope, schema)


@pytest.mark.parametrize("spec", CATALOGUE, ids=lambda s: s.type)
def test_no_event_carries_personal_details(spec):
    assert not PERSONAL & set(spec.schema().fields), f"{spec.type} carries personal details"


def test_missing_and_wrong_fields_are_named():
    with pytest.raises(ContractError) as caught:
        new_event("DuoMatched", {"duo_id": "d1", "score": "high"}, source="duos")
    assert {"learner_id", "score"} <= set(caught.value.errors)


def test_only_the_owner_may_publish_an_event():
    with pytest.raises(ContractError, match="may not publish"):
        new_event("MemberRegistered", SAMPLES["MemberRegistered"], source="duos")


@pytest.mark.parametrize(
    "envelope",
    [[], {"type": "DuoMatched"}, {"id": "x", "type": "Nope", "version": 1, "source": "duos",
                                   "time": "2026-01-01T00:00:00Z", "data": {}}],
)  # fmt: skip
def test_malformed_envelopes_are_refused(envelope):
    with pytest.raises(ContractError):
        load_event(envelope)


def test_an_old_version_is_upcast_before_loading(monkeypatch):
    from marshmallow import fields

    class DuoEndedV1(Payload):
        duo_id = fields.String(required=True)

    class DuoEndedV2(Payload):
        duo_id = fields.String(required=True)
        reason = fields.String(required=True)

    monkeypatch.setitem(_BY_KEY, ("DuoEnded", 1), EventSpec("DuoEnded", 1, ("duos",), DuoEndedV1, ""))
    monkeypatch.setitem(_BY_KEY, ("DuoEnded", 2), EventSpec("DuoEnded", 2, ("duos",), DuoEndedV2, ""))
    monkeypatch.setitem(LATEST, "DuoEnded", 2)
    old = {"id": "e1", "type": "DuoEnded", "version": 1, "source": "duos",
           "time": "2026-01-01T10:00:00+00:00", "data": {"duo_id": "d1"}}  # fmt: skip
    with pytest.raises(ContractError, match="no upcaster"):
        load_event(old)
    monkeypatch.setattr("interra_contracts.envelope._UPCASTERS", dict(_UPCASTERS))
    register_upcaster("DuoEnded", 1)(lambda data: {**data, "reason": "unknown"})
    event = load_event(old)
    assert (event.version, event.data) == (2, {"duo_id": "d1", "reason": "unknown"})


def test_exported_documents_are_up_to_date():
    stale = [
        name
        for name, text in render().items()
        if not (ROOT / "docs/events" / name).exists() or (ROOT / "docs/events" / name).read_text() != text
    ]
    assert not stale, f"run `make events` and commit: stale {stale}"


def test_asyncapi_names_every_event_on_its_exchange():
    doc = json.loads(render()["asyncapi.json"])
    assert doc["asyncapi"].startswith("3.")
    bound = {(c["bindings"]["amqp"]["exchange"]["name"], c["address"]) for c in doc["channels"].values()}
    assert ("duos.events", "DuoMatched") in bound
    assert len(bound) >= len(CATALOGUE)
