"""The notifications service: tells members what happened, in their language, by e-mail.

Contact details are fetched from members at send time and kept nowhere: not in the store, not in
logs. Each delivery is recorded under a deterministic id, so a redelivered or retried event never
mails anyone twice; the record and its NotificationSent event are written together.
"""

from dataclasses import replace
from datetime import UTC, datetime

from interra_chassis.config import settings
from interra_chassis.errors import EXPECTED, InterraError, NotFound
from interra_chassis.handling import handle_event
from interra_chassis.logs import get_logger
from interra_chassis.rights import MemberRights
from interra_chassis.rpc import RpcClient, rpc
from interra_chassis.service import InterraService
from interra_chassis.store import Store
from interra_chassis.validation import check_member_id
from interra_contracts import Event
from interra_contracts.api.notifications import DeliveryView
from notifications import domain
from notifications.mailer import DeliveryFailed, Mailer, MailerProvider
from notifications.store import DeliveryStore

log = get_logger(__name__)


class NotificationsService(MemberRights, InterraService):
    name = "notifications"
    store: DeliveryStore = Store(DeliveryStore)
    members = RpcClient("members")
    mailer: Mailer = MailerProvider()

    @handle_event("duos", "DuoMatched")
    def on_duo_matched(self, event: Event) -> None:
        """Tell the learner and the volunteer they have a duo; the coordinator introduces them."""
        self._notify_all(
            event,
            [
                (event.data["learner_id"], domain.DUO_MATCHED, domain.duo_matched_context("learner")),
                (
                    event.data["volunteer_id"],
                    domain.DUO_MATCHED,
                    domain.duo_matched_context("volunteer"),
                ),
            ],
        )

    @handle_event("duos", "DuoInactive")
    def on_duo_inactive(self, event: Event) -> None:
        """Nudge both members of a duo that has not met for weeks."""
        context = domain.duo_inactive_context(event.data["weeks_without_session"], event.data["needs_rematch"])
        members = (event.data["learner_id"], event.data["volunteer_id"])
        self._notify_all(event, [(member_id, domain.DUO_INACTIVE, context) for member_id in members])

    @handle_event("duos", "DuoVolunteerInvited")
    def on_duo_volunteer_invited(self, event: Event) -> None:
        """Learners wait in the volunteer's region: invite them to take one more duo."""
        context = domain.volunteer_invited_context(event.data["waiting_learners"], event.data["capacity"])
        self._notify_all(event, [(event.data["volunteer_id"], domain.DUO_VOLUNTEER_INVITED, context)])

    @handle_event("workshops", "WorkshopProposed")
    def on_workshop_proposed(self, event: Event) -> None:
        """Acknowledge a workshop proposal to the member who made it."""
        context = domain.workshop_proposed_context(event.data["title"])
        self._notify_all(event, [(event.data["proposer_id"], domain.WORKSHOP_PROPOSED, context)])

    @handle_event("workshops", "WorkshopStatusChanged")
    def on_workshop_status_changed(self, event: Event) -> None:
        """Tell the proposer where their workshop stands; some moves are quiet (domain.QUIET_MOVES),
        and an erased proposer (proposer_id null) is told nothing."""
        data = event.data
        mail = domain.proposer_mail(
            data["move"],
            data["title"],
            status_to=data["status_to"],
            reason=data["reason"],
            training_at=data["training_at"],
        )
        if mail is not None and data["proposer_id"] is not None:
            self._notify_all(event, [(data["proposer_id"], *mail)])

    @handle_event("workshops", "WorkshopRegistrationChanged")
    def on_workshop_registration_changed(self, event: Event) -> None:
        """Tell a member their place on a date: confirmed, waitlisted, offered, cancelled."""
        data = event.data
        mail = domain.participant_mail(data["status"], data["title"], data["starts_at"], data["offer_expires_at"])
        if mail is not None:
            self._notify_all(event, [(data["member_id"], *mail)])

    @handle_event("workshops", "WorkshopDateChanged")
    def on_workshop_date_changed(self, event: Event) -> None:
        """Tell everyone on a cancelled or moved date (confirmed, offered, waitlisted)."""
        data = event.data
        mail = domain.date_changed_mail(data["change"], data["title"], data["starts_at"], data["ends_at"])
        self._notify_all(event, [(member_id, *mail) for member_id in dict.fromkeys(data["member_ids"])])

    @handle_event("workshops", "WorkshopDateReminder")
    def on_workshop_date_reminder(self, event: Event) -> None:
        """Remind the confirmed participants the day before: when, and where (or: the link is in the app)."""
        data = event.data
        mail = domain.reminder_mail(
            data["title"],
            data["starts_at"],
            data["ends_at"],
            online=data["online"],
            venue_name=data["venue_name"],
            venue_address=data["venue_address"],
        )
        self._notify_all(event, [(member_id, *mail) for member_id in dict.fromkeys(data["member_ids"])])

    @handle_event("incubator", "EntrepreneurApplied")
    def on_entrepreneur_applied(self, event: Event) -> None:
        """Acknowledge an InterLab application to the member who sent it."""
        self._notify_all(event, [(event.data["member_id"], domain.APPLICATION_RECEIVED, {})])

    @handle_event("incubator", "ApplicationStatusChanged")
    def on_application_status_changed(self, event: Event) -> None:
        """Tell the applicant a request for more, an admission, the waiting list or a decline (with the
        reason in words); other statuses are quiet (domain.QUIET_APPLICATION_STATUSES)."""
        data = event.data
        mail = domain.applicant_mail(data["status_to"], data["reason"])
        if mail is not None:
            self._notify_all(event, [(data["member_id"], *mail)])

    @handle_event("incubator", "MentorAssigned")
    def on_mentor_assigned(self, event: Event) -> None:
        """Tell the entrepreneur and the mentor they are paired; the InterLab team puts them in touch."""
        self._notify_all(
            event,
            [
                (
                    event.data["entrepreneur_id"],
                    domain.MENTOR_ASSIGNED,
                    domain.mentor_assigned_context("entrepreneur"),
                ),
                (event.data["mentor_id"], domain.MENTOR_ASSIGNED, domain.mentor_assigned_context("mentor")),
            ],
        )

    @handle_event("incubator", "MilestoneDue")
    def on_milestone_due(self, event: Event) -> None:
        """Remind the entrepreneur of a milestone of their project and the day it is due."""
        data = event.data
        self._notify_all(event, [(data["member_id"], *domain.milestone_due_mail(data["kind"], data["due_on"]))])

    @handle_event("incubator", "FollowUpRequested")
    def on_follow_up_requested(self, event: Event) -> None:
        """Ask the entrepreneur, 6 or 12 months after their cohort, how their project stands."""
        self._notify_all(event, [(event.data["member_id"], *domain.follow_up_mail(event.data["months"]))])

    @rpc(expected_exceptions=EXPECTED)
    def deliveries(self, member_id: str) -> list[dict]:
        """The notifications sent (or tried) to a member, newest first; no contact details."""
        check_member_id(member_id)
        return DeliveryView(many=True).dump(self.store.of_member(member_id))

    def export_of(self, member_id: str) -> dict:
        """What this service holds about a member: their delivery records. (Erasure: the store's
        erase_member deletes them; nothing is sent or recorded for them afterwards, see _notify.)"""
        return {"deliveries": DeliveryView(many=True).dump(self.store.of_member(member_id))}

    def _notify_all(self, event: Event, recipients: list[tuple[str, str, dict]]) -> None:
        """Try every recipient, then fail if any failed: the chassis retries the event, and the
        recipients already served are skipped thanks to their delivery records."""
        failures = []
        for member_id, template, context in recipients:
            try:
                self._notify(event, member_id, template, context)
            except Exception as exc:
                failures.append(exc)
        if failures:
            raise failures[0]

    def _notify(self, event: Event, member_id: str, template: str, context: dict) -> None:
        notification = domain.notification_id(event.id, member_id, template)
        if self.store.erasure(member_id) is not None:  # a late event: keep no trace of them
            log.info("member erased, notification dropped", notification_id=notification)
            return
        previous = self.store.get(notification)
        if previous is not None and previous["status"] == domain.SENT:
            log.info("notification already sent", notification_id=notification, template=template)
            return
        delivery = domain.Delivery(
            notification_id=notification,
            member_id=member_id,
            template=template,
            channel=domain.CHANNEL,
            language=None,
            status=domain.FAILED,
            attempt=(previous["attempt"] if previous else 0) + 1,
            event_id=event.id,
            sent_at=None,
        )
        try:
            language = self._send(notification, member_id, template, context)
        except NotFound:  # erased or unknown: retrying will not make them exist
            self.store.record_unsent(replace(delivery, status=domain.UNDELIVERABLE))
            log.warning("no such member, notification dropped", notification_id=notification)
            return
        except (DeliveryFailed, InterraError) as exc:  # their text names no one
            self.store.record_unsent(delivery)
            log.warning("notification not sent", notification_id=notification, error=str(exc))
            raise
        except Exception as exc:  # its text might quote contact details: keep only its type
            self.store.record_unsent(delivery)
            raise DeliveryFailed(f"{template} not sent: {type(exc).__name__}") from None
        sent = replace(delivery, status=domain.SENT, language=language, sent_at=datetime.now(UTC).isoformat())
        if self.store.record_sent(sent):
            log.info(
                "notification sent",
                notification_id=notification,
                template=template,
                language=language,
                attempt=sent.attempt,
            )

    def _send(self, notification: str, member_id: str, template: str, context: dict) -> str:
        """Fetch the member's contact, render, hand over to the mailer; returns the language used.
        The contact details live only in this call and in the message itself."""
        contact = self.members.contact(member_id)
        rendered = domain.render(template, contact["preferred_language"], contact["first_name"], context)
        self.mailer.send(
            domain.compose(
                rendered,
                notification=notification,
                first_name=contact["first_name"],
                email=contact["email"],
                sender=settings().mail_from,
                now=datetime.now(UTC),
            )
        )
        return rendered.language
