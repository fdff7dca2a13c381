"""InterLab follow-up and figures: 6 and 12 months after a cohort ends, each of its entrepreneurs is asked
(FollowUpRequested; the notifications service writes to them) how their project stands, and answers
once (FollowUpAnswered); coordinators read the figures of a cohort or a calendar year, counts only."""

from datetime import date

from nameko.timer import timer

from incubator import figures
from incubator import follow_up as rules
from incubator.rpc import new_id, now
from incubator.rpc import today as utc_today
from interra_chassis.errors import EXPECTED, Conflict, Invalid, NotFound
from interra_chassis.logs import get_logger
from interra_chassis.rpc import rpc
from interra_chassis.validation import check_member_id, load
from interra_contracts.api.incubator import follow_up as contract

log = get_logger(__name__)


class FollowUpRpc:
    """Service mixin (IncubatorService): follow-ups and figures."""

    def export_of(self, member_id: str) -> dict:
        return {**super().export_of(member_id), "follow_ups": rules.member_export(self.store.follow_ups_of(member_id))}

    # --- asking -------------------------------------------------------------------------------------

    @timer(interval=3600)
    def ask_follow_ups(self) -> int:
        """Hourly: ask the follow-ups due today (each once, ever: a rerun or another instance asks none again)."""
        return self._ask_follow_ups(utc_today())

    @rpc(expected_exceptions=EXPECTED)
    def request_follow_ups(self, today: str | None = None) -> dict:
        """Ask the follow-ups due on `today` (an ISO date; default: today), as the hourly timer does."""
        request = load(contract.RequestFollowUps(), {"today": today}, "request")
        return contract.FollowUpsRequested().dump({"asked": self._ask_follow_ups(request["today"] or utc_today())})

    def _ask_follow_ups(self, day: date) -> int:
        """One follow-up for each (project, months) due on `day` that was never asked, with its event."""
        first, last = rules.ends_to_look_at(day)
        asked = 0
        for call in self.store.calls_ended_between(first.isoformat(), last.isoformat()):
            for months in rules.due_months(date.fromisoformat(call["ends_on"]), day):
                already = self.store.projects_asked(call["_id"], months)
                for project in self.store.projects_of_call(call["_id"]):
                    if project["_id"] in already or not rules.to_ask(project):
                        continue
                    follow_up = rules.new_follow_up(project, call, months, new_id(), now())
                    if self.store.add_follow_up(follow_up, [("FollowUpRequested", rules.requested_event(follow_up))]):
                        asked += 1
        if asked:
            log.info("follow-ups asked", count=asked, day=day.isoformat())
        return asked

    # --- answering ----------------------------------------------------------------------------------

    @rpc(expected_exceptions=EXPECTED)
    def list_follow_ups(self, member_id: str) -> dict:
        """A member's follow-ups, pending and answered, the latest due first."""
        query = load(contract.ListFollowUps(), {"member_id": member_id}, "query")
        items = self.store.follow_ups_of(query["member_id"])
        return contract.FollowUpList().dump({"items": items, "total": len(items)})

    @rpc(expected_exceptions=EXPECTED)
    def answer_follow_up(self, follow_up_id: str, payload: dict, member_id: str) -> dict:
        """The entrepreneur asked says how their project stands, once (404: not theirs; 409: answered)."""
        check_member_id(member_id)
        answer = load(contract.FollowUpAnswer(), payload, "answer")
        follow_up = self.store.follow_up(follow_up_id)
        if follow_up.get("member_id") != member_id:
            raise NotFound(f"no follow-up {follow_up_id!r}")
        if errors := rules.answer_errors(answer):
            raise Invalid("invalid answer", errors)
        if refusal := rules.answer_refusal(follow_up):
            raise Conflict(refusal, {"follow_up_id": [refusal]})
        fields = rules.answered(answer, now())
        events = [("FollowUpAnswered", rules.answered_event({**follow_up, **fields}))]
        saved = self.store.answer_follow_up(follow_up_id, member_id, fields, events)
        if saved is None:
            message = "this follow-up was answered meanwhile; an answer is given once"
            raise Conflict(message, {"follow_up_id": [message]})
        return self._follow_up_view(saved)

    def _follow_up_view(self, follow_up: dict) -> dict:
        return contract.FollowUpView().dump(follow_up)

    # --- figures ------------------------------------------------------------------------------------

    @rpc(expected_exceptions=EXPECTED)
    def figures(self, cohort: str | None = None, year: int | None = None) -> dict:
        """InterLab's figures for a cohort or a calendar year (exactly one), counts only: each figure
        says whether it is about fewer than 5 people (`small`: the impact report does not show it)."""
        query = load(contract.FiguresQuery(), {"cohort": cohort, "year": year}, "query")
        if query["cohort"] is not None:
            if self.store.call_of_cohort(query["cohort"]) is None:
                raise NotFound(f"no cohort {query['cohort']!r}")
            result = figures.cohort_figures(query["cohort"], **self.store.cohort_records(query["cohort"]))
        else:
            result = figures.year_figures(query["year"], **self.store.year_records(query["year"]))
        return contract.IncubatorFigures().dump(result)
