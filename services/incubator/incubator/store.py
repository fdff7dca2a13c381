"""The incubator's own database: calls and applications, reviews, projects, mentoring, follow-ups,
what this service knows of members (no personal data), and the erasures it carried out (member id and
time only). One mixin per area (incubator/stores/); each calls super() in ensure_indexes and
erase_member, so that every area takes part."""

from incubator import domain
from incubator.stores.applications import ApplicationStore
from incubator.stores.follow_up import FollowUpStore
from incubator.stores.mentoring import MentoringStore
from incubator.stores.projects import ProjectStore
from incubator.stores.reviews import ReviewStore
from interra_chassis.gdpr import ErasureLog
from interra_chassis.store import KnownMembers


class IncubatorStore(
    KnownMembers, ErasureLog, FollowUpStore, MentoringStore, ProjectStore, ReviewStore, ApplicationStore
):
    member_fields = domain.MEMBER_FIELDS
    outbox_collections = ("applications", "projects", "mentorships", "mentoring_sessions", "safeguarding_reports",
                          "follow_ups")  # fmt: skip
