"""The review of applications: coordinators assign reviewers (a submitted application then goes in
review), reviewers score the call's grid or declare a conflict of interest, coordinators rank a call and
decide its admissions within the places, the rest waitlisted in rank order (incubator.review).

A reviewer is an account subject ("staff:<id>", "member:<member_id>") that the gateway takes from the
token. Not being assigned to an application answers 404 (no hint that it exists); a declared conflict
of interest answers 409."""

from incubator import domain, review
from incubator.rpc import new_id, now
from interra_chassis.errors import EXPECTED, Conflict, Invalid, NotFound
from interra_chassis.paging import DEFAULT_LIMIT, page, page_limit
from interra_chassis.rpc import rpc
from interra_chassis.validation import load
from interra_contracts.api.incubator import reviews as contract


def stamp() -> str:
    return now().isoformat(timespec="microseconds")


class ReviewRpc:
    """Service mixin (IncubatorService): reviewers, reviews, the ranking and the decision."""

    def export_of(self, member_id: str) -> dict:
        """The reviews the member wrote as a reviewer (never another reviewer's, never those of their
        own applications)."""
        written = self.store.reviews_by(review.reviewer_of("member", member_id))
        return {**super().export_of(member_id), "reviews": review.reviewer_export(written)}

    def _facts(self, application: dict, call: dict) -> dict[str, bool]:
        """two_reviews: admitting or waitlisting needs two submitted reviews (domain.PREREQUISITES)."""
        count = self.store.submitted_review_count(application["_id"])
        return super()._facts(application, call) | {"two_reviews": count >= review.REVIEWS_NEEDED}

    # --- reviewers (coordinators) ----------------------------------------------------------------------

    @rpc(expected_exceptions=EXPECTED)
    def assign_reviewer(self, application_id: str, payload: dict) -> dict:
        """A coordinator assigns a reviewer (a staff account or a member known here, never the applicant)
        to a submitted application, which then goes in review, or to one in review. 409 if assigned."""
        request = load(contract.AssignReviewer(), payload, "assignment")
        application = self.store.application(application_id)
        reviewer = request["reviewer"]
        member_id = review.member_reviewer_id(reviewer)
        errors = review.reviewer_errors(reviewer, self.store.member(member_id) if member_id else None, application)
        if errors:
            raise Invalid("invalid reviewer", errors)
        if application["status"] not in review.ASSIGNABLE:
            status = application["status"]
            message = f"reviewers are assigned to a submitted application or one in review, not a {status} one"
            raise Conflict(message, {"status": [message]})
        self.store.add_assignment(review.new_assignment(application, reviewer, new_id(), stamp()))
        if application["status"] == "submitted":
            try:
                self._review_move(application, "review")
            except Conflict:  # moved meanwhile: fine if in review (another assignment at once), else undone
                if self.store.application(application_id)["status"] != "in_review":
                    self.store.remove_assignment(application["_id"], reviewer)
                    raise
        return self._reviewers_view(self.store.application(application_id))

    @rpc(expected_exceptions=EXPECTED)
    def unassign_reviewer(self, application_id: str, kind: str, reviewer_id: str) -> dict:
        """A coordinator takes a reviewer off an application, unless their review is submitted (409)."""
        valid = isinstance(kind, str) and isinstance(reviewer_id, str)
        reviewer = self._review_subject(review.reviewer_of(kind, reviewer_id) if valid else None)
        application = self.store.application(application_id)
        if self.store.review(application["_id"], reviewer) is None:
            raise NotFound(f"{reviewer} does not review application {application_id!r}")
        if not self.store.remove_assignment(application["_id"], reviewer):
            message = f"{reviewer} has submitted their review: it stays"
            raise Conflict(message, {"reviewer": [message]})
        return self._reviewers_view(application)

    # --- a reviewer's work -----------------------------------------------------------------------------

    @rpc(expected_exceptions=EXPECTED)
    def list_review_queue(self, reviewer: str, offset: int = 0, limit: int = DEFAULT_LIMIT) -> dict:
        """What a reviewer has to review: their assignments, the latest first, with the application's
        status, and whether they submitted or declared a conflict."""
        self._review_subject(reviewer)
        query = load(contract.ListReviewQueue(), {"reviewer": reviewer, "offset": offset, "limit": limit}, "query")
        limit = page_limit(query["limit"])
        items, total = self.store.review_queue(query["reviewer"], query["offset"], limit)
        statuses = self.store.statuses_of([item["application_id"] for item in items])
        views = [
            {**item, "status": statuses.get(item["application_id"]), "submitted": item["submitted_at"] is not None}
            for item in items
        ]
        return page(contract.ReviewQueueItem(many=True).dump(views), total, query["offset"], limit)

    @rpc(expected_exceptions=EXPECTED)
    def get_review_sheet(self, application_id: str, reviewer: str, coordinator: bool = False) -> dict:
        """An application as a reviewer reads it (project, answers, language, the grid, their review and
        the others' once theirs is submitted); a coordinator who is not its reviewer sees every review
        and the reviewers. Neither assigned nor a coordinator: 404; a declared conflict: 409."""
        reviewer = self._review_subject(reviewer)
        application = self.store.application(application_id)
        reviews = self.store.reviews_of(application["_id"])
        own = next((item for item in reviews if item["reviewer"] == reviewer), None)
        if own is None and coordinator is not True:
            raise NotFound(f"no application {application_id!r}")
        if own is not None and own["conflict"]:
            self._review_refuse(("conflict", review.CONFLICT_DECLARED))
        return self._review_sheet(application, reviews, own, coordinator is True)

    @rpc(expected_exceptions=EXPECTED)
    def submit_review(self, application_id: str, reviewer: str, payload: dict) -> dict:
        """A reviewer submits their review (every criterion of the grid, 1 to 5, and a private comment),
        or amends it until the decision. Not assigned: 404; a conflict, or not under review: 409; a
        score outside 1-5, an unknown or a missing criterion: 422 naming the criterion."""
        reviewer = self._review_subject(reviewer)
        request = load(contract.SubmitReview(), payload, "review")
        application = self.store.application(application_id)
        own = self.store.review(application["_id"], reviewer)
        refusal = review.review_refusal(own, application)
        if refusal:
            self._review_refuse(refusal)
        errors = review.score_errors(request["scores"], self.store.call(application["call_id"])["criteria"])
        if errors:
            raise Invalid("invalid review", errors)
        if self.store.save_review(own, review.reviewed(own, request, stamp())) is None:
            message = "your review changed meanwhile (a conflict declared, or another submission); reload it"
            raise Conflict(message, {"review": [message]})
        return self.get_review_sheet(application_id, reviewer)

    @rpc(expected_exceptions=EXPECTED)
    def declare_review_conflict(self, application_id: str, reviewer: str, payload: dict) -> dict:
        """An assigned reviewer declares a conflict of interest (with a private note, if they like): they
        take no further part in this application's review (their review, if any, no longer counts)."""
        reviewer = self._review_subject(reviewer)
        request = load(contract.DeclareConflict(), payload, "conflict")
        application = self.store.application(application_id)
        own = self.store.review(application["_id"], reviewer)
        if own is None:
            raise NotFound(f"no application {application_id!r}")
        if application["status"] not in review.OPEN_TO_CONFLICT:
            message = f"a {application['status']} application is decided: a conflict would change nothing"
            raise Conflict(message, {"status": [message]})
        saved = None if own["conflict"] else self.store.declare_conflict(own, request["note"], stamp())
        if saved is None:
            message = "you already declared a conflict of interest for this application"
            raise Conflict(message, {"conflict": [message]})
        return contract.OwnReview().dump(saved)

    # --- ranking and decision (coordinators) -----------------------------------------------------------

    @rpc(expected_exceptions=EXPECTED)
    def rank_call(self, call_id: str) -> dict:
        """A call's applications under review, ranked: reviews, mean, spread, mean per criterion, rank,
        place on the waitlist; and the places left."""
        call = self.store.call(call_id)
        ranked = review.ranking(
            self.store.applications_in(call["_id"], review.RANKED), self.store.reviews_in(call["_id"]), call["criteria"]
        )
        items = [review.ranking_item(entry) for entry in ranked]
        return contract.RankingView().dump({**call, "call_id": call["_id"], "spread": contract.SPREAD, "items": items})

    @rpc(expected_exceptions=EXPECTED)
    def decide_call(self, call_id: str, payload: dict) -> dict:
        """The coordinators' decision: admit these applications within the places left (checked first:
        refused whole, nothing changed), then waitlist every other one under review in rank order."""
        request = load(contract.Decision(), payload, "decision")
        call = self.store.call(call_id)
        applications = self.store.applications_in(call["_id"])
        ranked = review.ranking(applications, self.store.reviews_in(call["_id"]), call["criteria"])
        invalid, conflicts = review.decision_errors(request["admit"], applications, ranked, call["places_left"])
        if invalid:
            raise Invalid("invalid decision", invalid)
        if conflicts:
            raise Conflict("the decision cannot be carried out: nothing was done", conflicts)
        of_call = {application["_id"]: application for application in applications}
        admitted, waitlisted = [], []
        try:
            for application_id in request["admit"]:
                self._review_move(of_call[application_id], "admit")
                admitted.append(application_id)
            for application in review.waitlist(ranked, admitted):
                if application["status"] == "waitlisted":
                    self.store.set_waitlist_rank(application["_id"], application["waitlist_rank"])
                else:  # _move writes the whole application: its waitlist_rank with its new status
                    self._review_move(application, "waitlist")
                waitlisted.append(application["_id"])
        except Conflict as stopped:
            message = f"the decision stopped: {stopped.message}"
            raise Conflict(message, {**stopped.fields, "admitted": admitted, "waitlisted": waitlisted}) from None
        places_left = self.store.call(call["_id"])["places_left"]
        return contract.DecisionView().dump(
            {"call_id": call["_id"], "admitted": admitted, "waitlisted": waitlisted, "places_left": places_left}
        )

    # --- helpers ---------------------------------------------------------------------------------------

    def _review_move(self, application: dict, move: str) -> dict:
        """A coordinator's move through the review workflow (domain.MOVES, ApplicationRpc._move)."""
        call = self.store.call(application["call_id"])
        refusal = domain.review_move_error(application, move, self._facts(application, call))
        if refusal:
            raise Conflict(refusal, {"move": [refusal]})
        return self._move(application, move, None, None)

    @staticmethod
    def _review_subject(reviewer) -> str:
        if not isinstance(reviewer, str) or not review.REVIEWER.fullmatch(reviewer):
            raise Invalid("invalid reviewer", {"reviewer": ["staff:<id> or member:<id>"]})
        return reviewer

    @staticmethod
    def _review_refuse(refusal: tuple[str, str]) -> None:
        kind, message = refusal
        if kind == "not_found":
            raise NotFound(message)
        raise Conflict(message, {"review": [message]})

    def _review_sheet(self, application: dict, reviews: list[dict], own: dict | None, coordinator: bool) -> dict:
        reader = own["reviewer"] if own else None
        visible, hidden = review.visible_reviews(reviews, reader, coordinator)
        sheet = {
            **application,
            "criteria": self.store.call(application["call_id"])["criteria"],
            "mine": own,
            "reviews": [{**item, "mean": review.two_decimals(review.reviewer_mean(item))} for item in visible],
            "reviews_hidden": hidden,
            "reviewers": self._review_assignments(reviews) if coordinator and own is None else None,
        }
        return contract.ReviewSheet().dump(sheet)

    @staticmethod
    def _review_assignments(reviews: list[dict]) -> list[dict]:
        return [{**item, "submitted": item["submitted_at"] is not None} for item in reviews]

    def _reviewers_view(self, application: dict) -> dict:
        assignments = self._review_assignments(self.store.reviews_of(application["_id"]))
        return contract.ReviewersView().dump(
            {"application_id": application["_id"], "status": application["status"], "reviewers": assignments}
        )
