"""InterLab reviews: coordinators assign reviewers, rank a call and decide its admissions; reviewers
(staff accounts, or members invited as reviewers) read what they review and score it. The reviewer is
always the caller (the token's subject), never a field of a body."""

import functools

from gateway.auth import INCUBATOR_STAFF
from gateway.base import PAGE, Gateway
from gateway.edge import Call, api
from interra_contracts.api.common import page_of
from interra_contracts.api.incubator import reviews as contract

route = functools.partial(api, tag="incubator")
ReviewQueuePage = page_of(contract.ReviewQueueItem, "ReviewQueuePage")


class IncubatorReviewRoutes(Gateway):
    # --- reviewers (coordinators) ----------------------------------------------------------------------

    @route("POST", "/incubator/applications/{application_id}/reviewers", roles=INCUBATOR_STAFF, status=201,
           body=contract.AssignReviewer(), response=contract.ReviewersView())  # fmt: skip
    def assign_incubator_reviewer(self, call: Call, application_id):
        """Assign a reviewer, staff:<id> or member:<member_id> (a submitted application goes in review)"""
        return self.incubator.assign_reviewer(application_id, call.body)

    @route("DELETE", "/incubator/applications/{application_id}/reviewers/{kind}/{reviewer_id}",
           roles=INCUBATOR_STAFF, response=contract.ReviewersView())  # fmt: skip
    def unassign_incubator_reviewer(self, call: Call, application_id, kind, reviewer_id):
        """Take a reviewer (kind staff or member, and their id) off an application, unless they submitted"""
        return self.incubator.unassign_reviewer(application_id, kind, reviewer_id)

    # --- a reviewer's work -----------------------------------------------------------------------------

    @route("GET", "/incubator/reviews/mine", response=ReviewQueuePage(), query=PAGE)
    def list_my_incubator_reviews(self, call: Call):
        """The applications you are assigned to review: submitted or not, conflict declared or not"""
        offset, limit = self.page(call)
        return self.incubator.list_review_queue(call.principal.subject, offset=offset, limit=limit)

    @route("GET", "/incubator/applications/{application_id}/review", response=contract.ReviewSheet())
    def get_incubator_review_sheet(self, call: Call, application_id):
        """An application as its reviewers read it; others' reviews once yours is in (coordinators: all)"""
        return self.incubator.get_review_sheet(application_id, call.principal.subject, self._review_coordinator(call))

    @route("PUT", "/incubator/applications/{application_id}/reviews/mine", body=contract.SubmitReview(),
           response=contract.ReviewSheet())  # fmt: skip
    def submit_incubator_review(self, call: Call, application_id):
        """Submit your review (every criterion 1 to 5, a private comment), or amend it until the decision"""
        return self.incubator.submit_review(application_id, call.principal.subject, call.body)

    @route("POST", "/incubator/applications/{application_id}/reviews/mine/conflict", body=contract.DeclareConflict(),
           response=contract.OwnReview())  # fmt: skip
    def declare_incubator_review_conflict(self, call: Call, application_id):
        """Declare a conflict of interest: you take no further part in this application's review"""
        return self.incubator.declare_review_conflict(application_id, call.principal.subject, call.body)

    # --- ranking and decision (coordinators) -----------------------------------------------------------

    @route("GET", "/incubator/calls/{call_id}/ranking", roles=INCUBATOR_STAFF, response=contract.RankingView())
    def rank_incubator_call(self, call: Call, call_id):
        """A call's applications under review, ranked by mean (then spread), and the places left"""
        return self.incubator.rank_call(call_id)

    @route("POST", "/incubator/calls/{call_id}/decision", roles=INCUBATOR_STAFF, body=contract.Decision(),
           response=contract.DecisionView())  # fmt: skip
    def decide_incubator_call(self, call: Call, call_id):
        """Admit these applications within the places (409 beyond: nothing done), waitlist the rest by rank"""
        return self.incubator.decide_call(call_id, call.body)

    @staticmethod
    def _review_coordinator(call: Call) -> bool:
        return call.principal.has_any(INCUBATOR_STAFF)
