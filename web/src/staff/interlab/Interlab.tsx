/**
 * InterLab for its coordinators: the calls (each opens its board of applications, ranking and decision),
 * my review queue (the applications I am to score), and the safeguarding reports about mentors with
 * their outcome (dismiss or uphold, with a private note).
 */
import { useCallback, useId, useState, type FormEvent } from "react";
import { Link } from "react-router";
import { api } from "../../api/client";
import { attempt } from "../../api/problems";
import type { components } from "../../api/schema";
import { ButtonLink } from "../../components/ButtonLink";
import { Choices, Notice, SubmitButton, TextArea } from "../../components/forms";
import { Icon } from "../../components/Icon";
import { PageHeading } from "../../components/PageHeading";
import { number } from "../../i18n/format";
import { useT } from "../../i18n/i18n";
import { day, Id, refusal, Shown, StaffList, StaffSection, TableBox, useLoaded } from "../figures/kit";
import { words } from "./words";

type Report = components["schemas"]["SafeguardingReportStaffView"];
type ReportStatus = NonNullable<Report["status"]>;

export default function Interlab() {
  const { t, lang } = useT();
  const loadCalls = useCallback(() => attempt(api.GET("/incubator/calls", { params: { query: { limit: 100 } } })), []);
  const loadQueue = useCallback(() => attempt(api.GET("/incubator/reviews/mine", { params: { query: { limit: 100 } } })), []);
  const calls = useLoaded(loadCalls);
  const queue = useLoaded(loadQueue);
  return (
    <>
      <PageHeading title={t("staffInterlab.title")} />
      <p className="lead">{t("staffInterlab.intro")}</p>

      <StaffSection headingId="interlab-calls" icon="rocket" title={t("staffInterlab.calls")}>
        <Shown loaded={calls.loaded} retry={calls.reload}>
          {(page) =>
            page.items.length === 0 ? (
              <p>{t("staffInterlab.noCalls")}</p>
            ) : (
              <TableBox label={t("staffInterlab.calls")}>
                <table className="data-table">
                  <thead>
                    <tr>
                      <th scope="col">{t("staffInterlab.cohort")}</th>
                      <th scope="col">{t("staffInterlab.applyBetween")}</th>
                      <th scope="col">{t("staffInterlab.places")}</th>
                      <th scope="col">{t("staffInterlab.open")}</th>
                      <th scope="col">{t("staffInterlab.applications")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {page.items.map((call) => (
                      <tr key={call.call_id}>
                        <th scope="row">
                          <bdi>{call.cohort}</bdi>
                        </th>
                        <td>
                          {day(lang, call.opens_on)} – {day(lang, call.closes_on)}
                        </td>
                        <td>
                          {t("staffInterlab.placesTaken", {
                            admitted: number(lang, call.admitted ?? 0),
                            places: number(lang, call.places ?? 0),
                          })}
                        </td>
                        <td>{call.open ? t("staffInterlab.yes") : t("staffInterlab.no")}</td>
                        <td>
                          <Link to={`/staff/interlab/calls/${call.call_id}`}>
                            {t("staffInterlab.seeCall", { cohort: call.cohort ?? "" })}
                          </Link>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableBox>
            )
          }
        </Shown>
      </StaffSection>

      <StaffSection headingId="interlab-queue" icon="star" title={t("staffInterlab.queue")}>
        <Shown loaded={queue.loaded} retry={queue.reload}>
          {(page) => (
            <StaffList items={page.items} empty={t("staffInterlab.queueEmpty")} keyOf={(item) => item.application_id} itemClass="card">
              {(item) => (
                <>
                  <p>
                    {t("staffInterlab.application")} <Id id={item.application_id} /> ·{" "}
                    {t("staffInterlab.cohortOf", { cohort: item.cohort ?? "" })} · {words.status(item.status, t)}
                  </p>
                  <p className="status-line">
                    <Icon name={item.submitted ? "check" : "clock"} />
                    <span>
                      {item.conflict
                        ? t("staffInterlab.conflictDeclared")
                        : item.submitted
                          ? t("staffInterlab.reviewDone")
                          : t("staffInterlab.reviewToDo")}
                    </span>
                  </p>
                  <ButtonLink to={`/staff/interlab/applications/${item.application_id}`} icon="pencil" className="button button--primary">
                    {item.submitted ? t("staffInterlab.seeReview") : t("staffInterlab.score")}
                  </ButtonLink>
                </>
              )}
            </StaffList>
          )}
        </Shown>
      </StaffSection>

      <Safeguarding />
    </>
  );
}

const REPORT_STATUSES: ReportStatus[] = ["pending", "dismissed", "upheld"];

function Safeguarding() {
  const { t } = useT();
  const [status, setStatus] = useState<ReportStatus>("pending");
  const load = useCallback(
    () => attempt(api.GET("/incubator/safeguarding-reports", { params: { query: { status, limit: 100 } } })),
    [status],
  );
  const reports = useLoaded(load);
  return (
    <StaffSection headingId="interlab-safeguarding" icon="shield" title={t("staffInterlab.safeguarding")}>
      <p className="field__hint">{t("staffInterlab.safeguardingHint")}</p>
      <Choices
        id="safeguarding-status"
        name="safeguarding-status"
        legend={t("staffInterlab.showReports")}
        columns
        choices={REPORT_STATUSES.map((value) => ({ value, label: words.report(value, t) }))}
        selected={[status]}
        onChange={(value) => setStatus(value as ReportStatus)}
      />
      <Shown loaded={reports.loaded} retry={reports.reload}>
        {(page) => (
          <StaffList items={page.items} empty={t("staffInterlab.noReports")} keyOf={(report) => report.report_id}>
            {(report) => <ReportCard report={report} done={reports.reload} />}
          </StaffList>
        )}
      </Shown>
    </StaffSection>
  );
}

function ReportCard({ report, done }: { report: Report; done: () => Promise<void> }) {
  const { t, lang } = useT();
  const id = useId();
  const [outcome, setOutcome] = useState<"dismissed" | "upheld" | "">("");
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (!outcome) return setError(t("staffInterlab.outcomeNeeded"));
    if (note.trim().length < 3) return setError(t("staffInterlab.noteNeeded"));
    setBusy(true);
    setError(null);
    const result = await attempt(
      api.POST("/incubator/safeguarding-reports/{report_id}/outcome", {
        params: { path: { report_id: report.report_id ?? "" } },
        body: { outcome, note: note.trim() },
      }),
    );
    setBusy(false);
    if (result.ok) await done();
    else setError(refusal(result, t));
  };

  return (
    <article className="card" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{words.category(report.category, t)}</h3>
      <dl className="staff-facts">
        <dt>{t("staffInterlab.mentor")}</dt>
        <dd>
          <Id id={report.mentor_id} />
        </dd>
        <dt>{t("staffInterlab.reportedOn")}</dt>
        <dd>{day(lang, report.created_at)}</dd>
        <dt>{t("staffInterlab.reportedBy")}</dt>
        <dd>{report.reporter_id ? <Id id={report.reporter_id} /> : t("staffInterlab.byCoordinator")}</dd>
        <dt>{t("staffInterlab.state")}</dt>
        <dd>{words.report(report.status, t)}</dd>
      </dl>
      {report.description && (
        <p dir="auto" className="staff-quote">
          {report.description}
        </p>
      )}
      {report.status !== "pending" ? (
        <p>
          {t("staffInterlab.handledOn", { date: day(lang, report.handled_at) })} <bdi>{report.outcome_note}</bdi>
        </p>
      ) : (
        <form onSubmit={submit} noValidate>
          {error && <Notice tone="error">{error}</Notice>}
          <Choices
            id={`${id}-outcome`}
            name={`${id}-outcome`}
            legend={t("staffInterlab.outcome")}
            choices={[
              { value: "dismissed", label: t("staffInterlab.dismiss"), detail: t("staffInterlab.dismissHint") },
              { value: "upheld", label: t("staffInterlab.uphold"), detail: t("staffInterlab.upholdHint") },
            ]}
            selected={[outcome]}
            onChange={(value) => setOutcome(value as "dismissed" | "upheld")}
          />
          <TextArea
            id={`${id}-note`}
            label={t("staffInterlab.outcomeNote")}
            hint={t("staffInterlab.privateNote")}
            value={note}
            onValueChange={setNote}
            maxLength={2000}
          />
          <SubmitButton icon="check" label={t("staffInterlab.saveOutcome")} busy={busy} />
        </form>
      )}
    </article>
  );
}
