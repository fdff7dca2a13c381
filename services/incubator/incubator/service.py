"""The incubator service (InterLab): calls for cohorts, applications and their review, projects on
their path to a launch, mentoring, follow-up and figures. One mixin per area (incubator/rpc/); an
area later in the bases may override the hooks of one before it (_facts, _open_project, export_of)."""

from incubator.rpc.applications import ApplicationRpc
from incubator.rpc.follow_up import FollowUpRpc
from incubator.rpc.mentoring import MentoringRpc
from incubator.rpc.projects import ProjectRpc
from incubator.rpc.reviews import ReviewRpc
from incubator.store import IncubatorStore
from interra_chassis.handling import FollowsMembers
from interra_chassis.rights import MemberRights
from interra_chassis.service import InterraService
from interra_chassis.store import Store


class IncubatorService(
    FollowUpRpc, MentoringRpc, ProjectRpc, ReviewRpc, ApplicationRpc, MemberRights, FollowsMembers, InterraService
):
    name = "incubator"
    store: IncubatorStore = Store(IncubatorStore)
