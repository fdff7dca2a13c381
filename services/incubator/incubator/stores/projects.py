"""InterLab projects: one project per admitted application (a unique index: opening it again changes
nothing), each move conditional on the status it leaves (a launch also on the launch milestone being
reached), each change of the milestones conditional on the version it read, each MilestoneDue sent
once (conditional on the milestone not being reminded yet: two instances never both send it)."""

from pymongo.errors import DuplicateKeyError

from incubator import projects
from interra_chassis.store import Repository, index_newest_first

NOT_ERASED = {"$ne": True}


class ProjectStore(Repository):
    """Repository mixin (IncubatorStore)."""

    @classmethod
    def ensure_indexes(cls, db):
        super().ensure_indexes(db)
        db.projects.create_index("application_id", unique=True, name="one_project_per_application")
        index_newest_first(db.projects, "member_id", "cohort", "status")
        # A project read by an id that has no document yet looks for its admitted application (the
        # repair of a crash between the admission and the opening): by project_id, not a scan.
        db.applications.create_index("project_id", name="application_of_project")

    def open_project(self, project: dict) -> dict:
        """Insert the project of an admission, once: a second opening returns the first one."""
        try:
            self.insert_with_events("projects", project, [])
        except DuplicateKeyError:
            return self.find_one("projects", {"application_id": project["application_id"]})
        return self.project(project["_id"])

    def project(self, project_id) -> dict:
        return self.by_id("projects", project_id, "project")

    def project_or_none(self, project_id) -> dict | None:
        return self.find_one("projects", {"_id": project_id}) if isinstance(project_id, str) else None

    def projects_page(self, offset: int, limit: int, **equal) -> tuple[list[dict], int]:
        return self.newest_first_page("projects", offset, limit, **equal)

    def projects_of(self, member_id: str) -> list[dict]:
        return self.newest_first("projects", {"member_id": member_id})

    def admitted_without_project(self, project_id: str | None = None, **equal) -> list[dict]:
        """Admitted applications (of a project id, a member, a cohort: None filters nothing) whose
        project was never written: a crash between the admission and the opening."""
        query = {"status": "admitted", "project_id": {"$ne": None} if project_id is None else project_id}
        query |= {name: value for name, value in equal.items() if value is not None}
        admitted = list(self.find("applications", query))
        ids = [application["project_id"] for application in admitted]
        opened = {doc["_id"] for doc in self.db.projects.find({"_id": {"$in": ids}}, {"_id": 1})}
        return [application for application in admitted if application["project_id"] not in opened]

    def save_move(self, project: dict, changes: dict, entry: dict, events: list[tuple[str, dict]]) -> dict | None:
        """Move the project if it is still in the status it was read in (None: it moved meanwhile);
        a launch also needs the launch milestone reached, in the same condition."""
        query = {"_id": project["_id"], "status": project["status"], "erased": NOT_ERASED}
        if changes["status"] == "launched":
            query["milestones"] = {"$elemMatch": {"kind": projects.LAUNCH, "reached_on": {"$ne": None}}}
        return self.update_with_events("projects", query, {"$set": changes, "$push": {"history": entry}}, events)

    def save_milestones(
        self, project: dict, milestones: list[dict], events: list[tuple[str, dict]], reminded: str | None = None
    ) -> dict | None:
        """Write the project's milestones if nothing changed them since `project` was read and its
        milestones are still open (None otherwise). `reminded`: a milestone whose MilestoneDue is
        among the events."""
        query = {"_id": project["_id"], "version": project["version"], "erased": NOT_ERASED,
                 "status": {"$in": list(projects.MILESTONES_KEPT_IN)}}  # fmt: skip
        update = {"$set": {"milestones": milestones}, "$inc": {"version": 1}}
        if reminded:
            update["$push"] = {"reminded": reminded}
        return self.update_with_events("projects", query, update, events)

    def with_milestones_due(self, horizon: str) -> list[dict]:
        """Projects that may have a milestone to remind of (projects.to_remind says which)."""
        query = {"status": {"$in": list(projects.REMINDED_IN)}, "erased": NOT_ERASED,
                 "milestones": {"$elemMatch": {"reached_on": None, "due_on": {"$lte": horizon}}}}  # fmt: skip
        return list(self.find("projects", query))

    def remind(self, project: dict, milestone: dict, event: dict) -> bool:
        """Send MilestoneDue for this milestone, once: only if it is not reminded yet, still not
        reached, and its project neither paused nor stopped."""
        milestone_id = milestone["milestone_id"]
        query = {"_id": project["_id"], "reminded": {"$ne": milestone_id}, "erased": NOT_ERASED,
                 "status": {"$in": list(projects.REMINDED_IN)},
                 "milestones": {"$elemMatch": {"milestone_id": milestone_id, "reached_on": None}}}  # fmt: skip
        update = {"$push": {"reminded": milestone_id}}
        return self.update_with_events("projects", query, update, [("MilestoneDue", event)]) is not None

    def erase_member(self, member_id: str) -> None:
        """Erasure: the member's projects stay for the figures, anonymised (projects.ANONYMOUS: no
        member, no title, no notes, no evidence). Safe to run again."""
        super().erase_member(member_id)
        for project in self.find("projects", {"member_id": member_id}):
            anonymous = {**projects.ANONYMOUS, "milestones": projects.anonymised_milestones(project)}
            self.db.projects.update_one({"_id": project["_id"]}, {"$set": anonymous, "$inc": {"version": 1}})
