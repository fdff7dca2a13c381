"""InterLab projects: an admission opens the entrepreneur's project; the entrepreneur and InterLab
coordinators move it along its path (incubator.projects.MOVES) and keep its milestones; its mentors
read it while the mentorship lasts; MilestoneDue reminds of milestones due soon."""

from datetime import date

from nameko.timer import timer

from incubator import projects
from incubator.rpc import new_id, now, today
from interra_chassis.config import settings
from interra_chassis.errors import EXPECTED, Conflict, Forbidden, Invalid, NotFound
from interra_chassis.paging import DEFAULT_LIMIT, page, page_limit
from interra_chassis.rpc import rpc
from interra_chassis.validation import load
from interra_contracts.api.incubator import projects as contract

MOVED_MEANWHILE = "the project changed meanwhile; reload it"


class ProjectRpc:
    """Service mixin (IncubatorService): projects, their path and milestones."""

    def export_of(self, member_id: str) -> dict:
        return {**super().export_of(member_id), "projects": projects.member_export(self.store.projects_of(member_id))}

    # --- hooks --------------------------------------------------------------------------------------

    def _open_project(self, application: dict) -> None:
        """An admission was saved: open its project (once; a repeat changes nothing)."""
        super()._open_project(application)
        self.store.open_project(projects.new_project(application, now()))

    def _mentors_now(self, project_id: str) -> set[str]:
        """Member ids of the project's active mentors (they read it): the mentoring area overrides it."""
        return set()

    def _project_stopped(self, project: dict) -> None:
        """A project was stopped (saved, with ProjectStopped): the mentoring area may override it."""

    # --- reading ------------------------------------------------------------------------------------

    @rpc(expected_exceptions=EXPECTED)
    def get_project(self, project_id: str, viewer_member_id: str | None = None) -> dict:
        """One project: to InterLab coordinators (viewer None), its entrepreneur and its mentors while
        the mentorship lasts; 404 for anyone else."""
        project, by = self._project_as(project_id, viewer_member_id)
        return self._project_view(project, by)

    @rpc(expected_exceptions=EXPECTED)
    def list_projects(
        self,
        member_id: str | None = None,
        cohort: str | None = None,
        status: str | None = None,
        offset: int = 0,
        limit: int = DEFAULT_LIMIT,
    ) -> dict:
        """Projects newest first (of a member, a cohort, in a status), a page at a time."""
        query = load(
            contract.ListProjects(),
            {"member_id": member_id, "cohort": cohort, "status": status, "offset": offset, "limit": limit},
            "query",
        )
        self._repair_projects(member_id=query["member_id"], cohort=query["cohort"])
        limit = page_limit(query["limit"])
        equal = {name: query[name] for name in ("member_id", "cohort", "status")}
        items, total = self.store.projects_page(query["offset"], limit, **equal)
        by = projects.COORDINATOR if query["member_id"] is None else projects.ENTREPRENEUR
        return page([self._project_view(p, by) for p in items], total, query["offset"], limit)

    # --- the path -----------------------------------------------------------------------------------

    @rpc(expected_exceptions=EXPECTED)
    def move_project(self, project_id: str, payload: dict, member_id: str | None = None) -> dict:
        """A step of the path by the entrepreneur (member_id: theirs) or a coordinator (None). A refused
        move answers 409 naming the allowed ones; launching needs the launch milestone reached."""
        request = load(contract.ProjectMove(), payload, "move")
        project, by = self._project_to_change(project_id, member_id)
        move, reason = request["move"], request["reason"]
        errors = projects.move_request_errors(move, reason)
        if errors:
            raise Invalid("invalid move", errors)
        refusal = projects.project_move_error(project, move, by)
        if refusal:
            raise Conflict(refusal, {"move": [refusal]})
        saved = self.store.save_move(project, *projects.moved(project, move, by, reason, now()))
        if saved is None:
            raise Conflict(MOVED_MEANWHILE, {"move": [MOVED_MEANWHILE]})
        if move == "stop":
            self._project_stopped(saved)
        return self._project_view(saved, by)

    # --- milestones ---------------------------------------------------------------------------------

    @rpc(expected_exceptions=EXPECTED)
    def add_milestone(self, project_id: str, payload: dict, member_id: str | None = None) -> dict:
        """The entrepreneur or a coordinator adds a milestone (one of each kind), due today or later;
        due within the notice days, MilestoneDue goes at once."""
        request = load(contract.AddMilestone(), payload, "milestone")
        project, by = self._project_to_change(project_id, member_id)
        errors = projects.milestone_errors(request, today())
        if errors:
            raise Invalid("invalid milestone", errors)
        refusal = projects.new_milestone_refusal(project, request["kind"])
        if refusal:
            raise Conflict(refusal, {"kind": [refusal]})
        milestone = projects.new_milestone(request, new_id(), by, now())
        due = projects.due_at_once(project, milestone, self._reminder_horizon(today()))
        events = [("MilestoneDue", projects.due_event(project, milestone))] if due else []
        saved = self.store.save_milestones(
            project, [*project["milestones"], milestone], events, milestone["milestone_id"] if due else None
        )
        return self._milestones_saved(saved, by)

    @rpc(expected_exceptions=EXPECTED)
    def complete_milestone(
        self, project_id: str, milestone_id: str, payload: dict, member_id: str | None = None
    ) -> dict:
        """The milestone is reached (on a day not in the future, with optional evidence): MilestoneReached."""
        request = load(contract.MilestoneCompletion(), payload, "completion")
        project, by = self._project_to_change(project_id, member_id)
        milestone = projects.milestone_in(project, milestone_id)
        if milestone is None:
            raise NotFound(f"no milestone {milestone_id!r} in this project")
        errors = projects.completion_errors(request, today())
        if errors:
            raise Invalid("invalid completion", errors)
        refusal = projects.completion_refusal(project, milestone)
        if refusal:
            raise Conflict(refusal, {"milestone_id": [refusal]})
        milestones = projects.completed(project, milestone_id, request, now())
        reached = projects.milestone_in({"milestones": milestones}, milestone_id)
        saved = self.store.save_milestones(
            project, milestones, [("MilestoneReached", projects.reached_event(project, reached))]
        )
        return self._milestones_saved(saved, by)

    # --- reminders ----------------------------------------------------------------------------------

    @timer(interval=3600)
    def check_due_milestones(self) -> int:
        """Hourly: MilestoneDue for the milestones due within the notice days (once each)."""
        return self._remind_due_milestones(today())

    @rpc(expected_exceptions=EXPECTED)
    def remind_due_milestones(self, on: str | None = None) -> int:
        """The hourly reminder now (staff, tests), as on the day `on` (ISO; default today): how many
        MilestoneDue were sent."""
        day = load(contract.RemindDueMilestones(), {"on": on}, "query")["on"]
        return self._remind_due_milestones(day or today())

    def _remind_due_milestones(self, on: date) -> int:
        horizon = self._reminder_horizon(on)
        sent = 0
        for project in self.store.with_milestones_due(horizon):
            for milestone in projects.to_remind(project, horizon):
                sent += self.store.remind(project, milestone, projects.due_event(project, milestone))
        return sent

    def _reminder_horizon(self, on: date) -> str:
        return projects.reminder_horizon(on, settings().incubator_milestone_notice_days)

    # --- helpers ------------------------------------------------------------------------------------

    def _project_as(self, project_id: str, member_id: str | None) -> tuple[dict, str]:
        """The project and who looks at it: a coordinator (member_id None), its entrepreneur, one of
        its mentors now; anyone else finds no such project (404, no hint)."""
        project = self._project_or_repair(project_id)
        if member_id is None:
            return project, projects.COORDINATOR
        if isinstance(member_id, str) and member_id:
            if project["member_id"] == member_id:
                return project, projects.ENTREPRENEUR
            if member_id in self._mentors_now(project["_id"]):
                return project, projects.MENTOR
        raise NotFound(f"no project {project_id!r}")

    def _project_to_change(self, project_id: str, member_id: str | None) -> tuple[dict, str]:
        project, by = self._project_as(project_id, member_id)
        if by not in projects.EDITORS:
            raise Forbidden("a mentor reads the project; its entrepreneur or a coordinator changes it")
        return project, by

    def _project_or_repair(self, project_id: str) -> dict:
        """The project; if its admission was saved but the opening was lost (a crash between the two
        writes), open it now."""
        project = self.store.project_or_none(project_id)
        if project is None and isinstance(project_id, str) and project_id:
            for application in self.store.admitted_without_project(project_id=project_id):
                project = self.store.open_project(projects.new_project(application, now()))
        if project is None:
            raise NotFound(f"no project {project_id!r}")
        return project

    def _repair_projects(self, **equal) -> None:
        for application in self.store.admitted_without_project(**equal):
            self.store.open_project(projects.new_project(application, now()))

    def _milestones_saved(self, saved: dict | None, by: str) -> dict:
        if saved is None:
            raise Conflict(MOVED_MEANWHILE, {"milestones": [MOVED_MEANWHILE]})
        return self._project_view(saved, by)

    def _project_view(self, project: dict, by: str) -> dict:
        return contract.IncubatorProjectView().dump(projects.project_view(project, by))
