"""InterLab projects: an admitted entrepreneur's project on its path to a launch, and its milestones.
The entrepreneur and InterLab coordinators read and change it; a mentor reads their mentee's project
while the mentorship lasts (the service decides: 403 for a mentor who tries to change it); anyone
else finds no such project (404)."""

import functools

from gateway.auth import INCUBATOR_STAFF
from gateway.base import AN_ID, PAGE, Gateway
from gateway.edge import Call, api
from interra_chassis.errors import Forbidden
from interra_contracts.api.common import page_of
from interra_contracts.api.incubator import applications
from interra_contracts.api.incubator import projects as contract
from interra_contracts.vocabulary import PROJECT_STATUSES

route = functools.partial(api, tag="incubator")
IncubatorProjectPage = page_of(contract.IncubatorProjectView, "IncubatorProjectPage")
PROJECT_STATUS = {"enum": list(PROJECT_STATUSES)}
COHORT = {"pattern": applications.COHORT.regex.pattern}


class IncubatorProjectRoutes(Gateway):
    @route("GET", "/incubator/projects", response=IncubatorProjectPage(),
           query={**PAGE, "member_id": (str, "whose projects (default: yours)", AN_ID),
                  "cohort": (str, "of one cohort", COHORT),
                  "status": (str, "in one status", PROJECT_STATUS)})  # fmt: skip
    def list_incubator_projects(self, call: Call):
        """Your projects; InterLab coordinators: every project, by member, cohort and status"""
        member_id = self.member_arg(call)
        if call.principal.has_any(INCUBATOR_STAFF):
            member_id = call.request.args.get("member_id") or None  # all of them unless one is asked
        elif member_id is None:
            raise Forbidden("only members and InterLab coordinators may do this")
        else:
            self.own_or_hidden(call, member_id, INCUBATOR_STAFF)
        offset, limit = self.page(call)
        filters = {name: call.request.args.get(name) for name in ("cohort", "status")}
        return self.incubator.list_projects(member_id=member_id, offset=offset, limit=limit, **filters)

    @route("GET", "/incubator/projects/{project_id}", response=contract.IncubatorProjectView())
    def get_incubator_project(self, call: Call, project_id):
        """One project with its milestones and path (its entrepreneur, its mentors, InterLab coordinators)"""
        return self.incubator.get_project(project_id, self._project_viewer(call))

    @route("POST", "/incubator/projects/{project_id}/moves", body=contract.ProjectMove(),
           response=contract.IncubatorProjectView())  # fmt: skip
    def move_incubator_project(self, call: Call, project_id):
        """A step of the path, by the entrepreneur or a coordinator (409 lists the moves allowed)"""
        return self.incubator.move_project(project_id, call.body, self._project_viewer(call))

    @route("POST", "/incubator/projects/{project_id}/milestones", status=201, body=contract.AddMilestone(),
           response=contract.IncubatorProjectView())  # fmt: skip
    def add_project_milestone(self, call: Call, project_id):
        """Add a milestone due today or later, one of each kind (the entrepreneur or a coordinator)"""
        return self.incubator.add_milestone(project_id, call.body, self._project_viewer(call))

    @route("POST", "/incubator/projects/{project_id}/milestones/{milestone_id}/completion",
           body=contract.MilestoneCompletion(), response=contract.IncubatorProjectView())  # fmt: skip
    def complete_project_milestone(self, call: Call, project_id, milestone_id):
        """The milestone is reached: its day and optional evidence (the entrepreneur or a coordinator)"""
        return self.incubator.complete_milestone(project_id, milestone_id, call.body, self._project_viewer(call))

    def _project_viewer(self, call: Call) -> str | None:
        """An InterLab coordinator looks as staff (None); a member as themselves; anyone else may not."""
        if call.principal.has_any(INCUBATOR_STAFF):
            return None
        if not call.principal.member_id:
            raise Forbidden("only members and InterLab coordinators may do this")
        return call.principal.member_id
