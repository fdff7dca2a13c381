"""Closed vocabularies shared by events, services and the gateway (API contracts), defined once."""

from interra_contracts import registry

FRENCH_LEVELS = ("A0", "A1", "A2", "B1", "B2", "C1", "C2", "native")
MEMBER_KINDS = ("newcomer", "local")
REGIONS = ("liege", "brussels")
"""The regions Interra works in (Liège first, then Brussels); a deployment serves those of its REGIONS setting."""
PROGRAMMES = registry.PROGRAMMES
"""The programmes a member may be interested in (one per programme service)."""
DUO_SIDES = ("learner", "volunteer")
WORKSHOP_FORMATS = ("in_person", "online")
EVALUATED_PROGRAMMES = ("workshop", "duo", "mentoring")
CHANNELS = ("email", "sms")
DUO_FORMATS = ("video", "in_person")
DUO_END_REASONS = ("completed", "no_time", "moved", "mismatch", "bad_experience", "member_erased", "other")
DUO_BAD_ENDINGS = ("mismatch", "bad_experience")
"""Endings recorded as bad: the same pair is never proposed again."""
GENDERS = ("woman", "man", "non_binary")
"""A member may say their gender (or not: None); a duo partner preference uses the same words."""
DUO_REJECTIONS = ("availability", "safeguarding", "known_to_each_other", "needs_in_person", "other")
"""Why a coordinator rejects a proposed duo (the pair is then not proposed again)."""
ROLES = registry.ROLES
STAFF_ROLES = registry.STAFF_ROLES
"""Roles of staff accounts: admin, and one coordinator role per programme."""
CONSENT_PURPOSES = ("data_processing", "programme_contact", "partner_statistics")
WEEK_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DUO_MAX_CAPACITY = 3
"""A volunteer takes 1 to this many duos at once."""
DUO_MAX_SESSION_MINUTES = 240
DUO_REQUEST_ACTIONS = ("pause", "resume", "withdraw")
WORKSHOP_CATEGORIES = ("cooking", "crafts", "music", "sport", "language", "culture", "digital", "trade", "other")
"""What a workshop can be about (Ateliers: a passion or a trade)."""
WORKSHOP_STATUSES = (
    "proposed", "in_conversation", "training", "venue_search", "scheduled", "published", "running", "evaluating",
    "completed", "declined", "withdrawn", "paused",
)  # fmt: skip
"""A workshop's statuses: the accompaniment pipeline (workshops.domain.PIPELINE), then the ones aside."""
INCUBATOR_SECTORS = ("food", "crafts", "services", "retail", "culture", "tech", "social", "other")
"""The sectors of projects InterLab accompanies."""
APPLICATION_STATUSES = ("draft", "submitted", "more_info_requested", "in_review", "interview", "admitted", "waitlisted",
                        "declined", "withdrawn")  # fmt: skip
"""An InterLab application's review (incubator.domain.MOVES says who moves it where)."""
APPLICATION_MOVES = ("submit", "ask_more_info", "answer", "review", "invite", "admit", "waitlist", "decline",
                     "withdraw")  # fmt: skip
WORKSHOP_MOVES = ("accept", "train", "seek_venue", "schedule", "publish", "start", "evaluate", "complete", "decline",
                  "pause", "resume", "withdraw")  # fmt: skip
"""The moves of the accompaniment pipeline (workshops.domain.MOVES)."""
WORKSHOP_REASONS = ("outside_mission", "not_feasible", "no_venue", "proposer_unavailable", "low_interest", "other")
"""Why a coordinator declines or pauses a workshop (told to the proposer; details stay in staff notes)."""
HEARD_FROM = ("reception_centre", "fle_school", "citizenship_school", "cpas", "commune", "youth_centre",
              "social_media", "word_of_mouth", "other")  # fmt: skip
"""How a proposer heard of Interra (Ateliers step A): staff see which channels bring leaders."""
REGISTRATION_STATUSES = ("confirmed", "waitlisted", "offered", "cancelled", "attended", "no_show")
DATE_CHANGES = ("cancelled", "moved")
WORKSHOP_EVALUATION_TAGS = ("met_someone_new", "practised_french", "would_come_again", "learned_something",
                            "felt_welcome", "too_crowded", "hard_to_follow")  # fmt: skip
"""What a participant may say of a workshop date they attended (with a rating of 1 to 5)."""
PROJECT_STAGES = ("idea", "validation", "prototype", "launch_preparation", "launched")
"""Where an InterLab project stands, from the idea to its launch."""
PROJECT_NEEDS = ("legal", "financing", "marketing", "accounting", "french", "premises", "digital", "sales",
                 "networking")  # fmt: skip
"""What an entrepreneur needs help with; mentors state the same words as their expertise."""
APPLICATION_DECLINE_REASONS = ("outside_mission", "not_ready", "no_places", "incomplete", "other")
"""Why InterLab declines an application (told to the applicant; reviewers' comments never are)."""
REVIEW_CRITERIA = ("motivation", "feasibility", "social_value", "fit")
"""The default review grid of an InterLab call (each scored 1 to 5); a call may name its own criteria."""
PROJECT_STATUSES = (*PROJECT_STAGES, "paused", "stopped")
"""Where a project is: a stage of its path, or aside (paused, stopped with a reason)."""
PROJECT_MOVES = ("validate", "build_prototype", "prepare_launch", "launch", "back_to_idea", "back_to_validation",
                 "back_to_prototype", "pause", "resume", "stop")  # fmt: skip
"""The moves of a project's path (incubator.projects.MOVES says where each leads and who makes it)."""
PROJECT_STOP_REASONS = ("not_viable", "no_financing", "personal", "found_employment", "moved", "other")
MILESTONE_KINDS = ("business_plan", "legal_form_chosen", "first_customer", "financing_found", "premises_found",
                   "company_registered", "launch")  # fmt: skip
"""Milestones of a project's path; "launch" (with its date) is what "launched" requires."""
MENTOR_FORMATS = ("in_person", "video")
MENTOR_MAX_CAPACITY = 3
"""A mentor accompanies 1 to this many entrepreneurs at once."""
MENTORSHIP_STATUSES = ("proposed", "active", "rejected", "ended")
MENTORSHIP_MOVES = ("accept", "reject", "end")
"""accept and reject a proposal (coordinators); end an active mentorship (either side or a coordinator)."""
MENTOR_REJECTIONS = ("availability", "conflict_of_interest", "poor_fit", "safeguarding", "other")
"""Why a coordinator rejects a proposed mentorship (the pair is then not proposed again)."""
MENTORSHIP_END_REASONS = ("completed", "no_time", "mismatch", "bad_experience", "project_stopped", "member_erased",
                          "other")  # fmt: skip
MENTORSHIP_ENDED_BY = ("mentor", "entrepreneur", "coordinator")
SAFEGUARDING_CATEGORIES = ("paid_services", "inappropriate_behaviour", "discrimination", "pressure", "other")
"""What a report about a mentor is about (e.g. selling paid services to a mentee)."""
REPORT_STATUSES = ("pending", "dismissed", "upheld")
"""A safeguarding report waits for a coordinator (pending), who dismisses or upholds it."""
MENTORING_SESSION_KINDS = ("mentoring", "expert", "training")
MENTORING_MAX_SESSION_MINUTES = 480
REVENUE_BANDS = ("none", "under_10k", "10k_50k", "50k_150k", "over_150k")
"""Yearly revenue of a project, in euros, as a band (a follow-up answer)."""
FOLLOW_UP_MONTHS = (6, 12)
"""Months after a cohort ends at which each of its entrepreneurs is asked how their project stands."""
