/**
 * One InterLab application for coordinators and reviewers: the project as the applicant wrote it, the
 * coordinators' moves (ask for more information with a message, review, invite, waitlist, decline with a
 * reason; 409 says why not), its reviewers (assign, take off), the REVIEW GRID (criteria x reviewers,
 * scores 1-5, the mean of each criterion and of each reviewer), and my own scoring form.
 */
import { useCallback, useId, useState, type FormEvent } from "react";
import { useParams } from "react-router";
import { api } from "../../api/client";
import { attempt } from "../../api/problems";
import type { components } from "../../api/schema";
import { ButtonLink } from "../../components/ButtonLink";
import { Card } from "../../components/Card";
import { Choices, Notice, SubmitButton, TextArea, TextField } from "../../components/forms";
import { Icon } from "../../components/Icon";
import { PageHeading } from "../../components/PageHeading";
import { languageName, number } from "../../i18n/format";
import { useT } from "../../i18n/i18n";
import { day, decimal, Id, refusal, Shown, StaffList, TableBox, useLoaded } from "../figures/kit";
import { mean, missingScores, reviewGrid, staffMoves, type StaffMove } from "./logic";
import { DECLINE_REASONS, RECOMMENDATIONS, words } from "./words";

type Schemas = components["schemas"];
type Sheet = Schemas["ReviewSheet"];
type Application = Schemas["ApplicationView"];

interface Picture {
  sheet: Sheet;
  application: Application | null; // null: not a coordinator (a reviewer reads the sheet only)
}

export default function ApplicationPage() {
  const { t } = useT();
  const { applicationId = "" } = useParams();
  const load = useCallback(async () => {
    const path = { application_id: applicationId };
    const [sheet, application] = await Promise.all([
      attempt(api.GET("/incubator/applications/{application_id}/review", { params: { path } })),
      attempt(api.GET("/incubator/applications/{application_id}", { params: { path } })),
    ]);
    if (!sheet.ok) return sheet;
    return { ok: true as const, data: { sheet: sheet.data, application: application.ok ? application.data : null } };
  }, [applicationId]);
  const { loaded, reload } = useLoaded<Picture>(load);
  const title = loaded.state === "ready" ? loaded.value.sheet.project?.title : undefined;
  return (
    <>
      <PageHeading title={title ? t("staffInterlab.applicationTitle", { title }) : t("staffInterlab.application")}>
        {title ? <bdi>{title}</bdi> : t("staffInterlab.application")}
      </PageHeading>
      {loaded.state === "ready" && (
        <ButtonLink to={`/staff/interlab/calls/${loaded.value.sheet.call_id}`} icon="back" className="button button--quiet">
          {t("staffInterlab.backToCall", { cohort: loaded.value.sheet.cohort ?? "" })}
        </ButtonLink>
      )}
      <Shown loaded={loaded} retry={reload}>
        {({ sheet, application }) => (
          <>
            <Project sheet={sheet} />
            {application && <Moves application={application} done={reload} />}
            <Grid sheet={sheet} />
            {sheet.mine && !sheet.mine.conflict && <MyReview sheet={sheet} done={reload} />}
            {sheet.reviewers && <Reviewers sheet={sheet} done={reload} />}
          </>
        )}
      </Shown>
    </>
  );
}

function Project({ sheet }: { sheet: Sheet }) {
  const { t, lang } = useT();
  const project = sheet.project ?? {};
  return (
    <Card headingId="application-project" icon="lightbulb" title={t("staffInterlab.project")}>
      <dl className="staff-facts">
        <dt>{t("staffInterlab.state")}</dt>
        <dd>{words.status(sheet.status, t)}</dd>
        <dt>{t("staffInterlab.cohort")}</dt>
        <dd>
          <bdi>{sheet.cohort}</bdi>
        </dd>
        <dt>{t("staffInterlab.writtenIn")}</dt>
        <dd>{languageName(lang, sheet.language ?? "")}</dd>
        <dt>{t("staffInterlab.sector")}</dt>
        <dd>{words.sector(project.sector, t)}</dd>
        <dt>{t("staffInterlab.stage")}</dt>
        <dd>{words.stage(project.stage, t)}</dd>
        <dt>{t("staffInterlab.team")}</dt>
        <dd>{project.team_size ? number(lang, project.team_size) : "—"}</dd>
        <dt>{t("staffInterlab.newcomerFounders")}</dt>
        <dd>{project.newcomer_founders ? t("staffInterlab.yes") : t("staffInterlab.no")}</dd>
      </dl>
      {project.description && (
        <p dir="auto" lang={sheet.language} className="staff-quote">
          {project.description}
        </p>
      )}
      {Object.entries(sheet.answers ?? {}).map(([key, answer]) => (
        <div key={key}>
          <p className="field__label">{words.criterion(key, t)}</p>
          <p dir="auto" lang={sheet.language} className="staff-quote">
            {answer}
          </p>
        </div>
      ))}
    </Card>
  );
}

function Moves({ application, done }: { application: Application; done: () => Promise<void> }) {
  const { t } = useT();
  const id = useId();
  const moves = staffMoves(application.allowed_moves);
  const [move, setMove] = useState<StaffMove | "">("");
  const [message, setMessage] = useState("");
  const [reason, setReason] = useState("");
  const [said, setSaid] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy || !move) return;
    if (move === "ask_more_info" && message.trim().length < 3) return setSaid({ tone: "error", text: t("staffInterlab.messageNeeded") });
    if (move === "decline" && !reason) return setSaid({ tone: "error", text: t("staffInterlab.reasonNeeded") });
    setBusy(true);
    setSaid(null);
    const outcome = await attempt(
      api.POST("/incubator/applications/{application_id}/moves", {
        params: { path: { application_id: application.application_id ?? "" } },
        body: {
          move,
          message: move === "ask_more_info" ? message.trim() : null,
          reason: move === "decline" ? (reason as Schemas["ApplicationMove"]["reason"]) : null,
        },
      }),
    );
    setBusy(false);
    if (outcome.ok) {
      setSaid({ tone: "success", text: t("staffInterlab.moved", { status: words.status(outcome.data.status, t) }) });
      setMove("");
      await done();
    } else {
      setSaid({ tone: "error", text: refusal(outcome, t) });
    }
  };

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="card__title">
        <Icon name="forward" />
        <span>{t("staffInterlab.moves")}</span>
      </h2>
      {application.more_info && (
        <p>
          {t("staffInterlab.askedBefore")} <bdi>{application.more_info}</bdi>
        </p>
      )}
      {said && <Notice tone={said.tone}>{said.text}</Notice>}
      {moves.length === 0 ? (
        <p>{t("staffInterlab.noMoves")}</p>
      ) : (
        <form onSubmit={submit} noValidate>
          <Choices
            id={`${id}-move`}
            name={`${id}-move`}
            legend={t("staffInterlab.whatNext")}
            choices={moves.map((value) => ({ value, label: words.move(value, t) }))}
            selected={[move]}
            onChange={(value) => setMove(value as StaffMove)}
          />
          {move === "ask_more_info" && (
            <TextArea
              id={`${id}-message`}
              label={t("staffInterlab.message")}
              hint={t("staffInterlab.messageHint")}
              value={message}
              onValueChange={setMessage}
              maxLength={1000}
            />
          )}
          {move === "decline" && (
            <Choices
              id={`${id}-reason`}
              name={`${id}-reason`}
              legend={t("staffInterlab.declineWhy")}
              hint={t("staffInterlab.declineHint")}
              choices={DECLINE_REASONS.map((value) => ({ value, label: words.decline(value, t) }))}
              selected={[reason]}
              onChange={setReason}
            />
          )}
          <button type="submit" className="button button--primary" aria-disabled={busy || !move || undefined}>
            <Icon name="check" />
            <span>{move ? words.move(move, t) : t("staffInterlab.chooseMove")}</span>
          </button>
        </form>
      )}
    </section>
  );
}

function reviewerName(reviewer: string | null | undefined, t: (key: "staffInterlab.staff" | "staffInterlab.member" | "staffInterlab.erased") => string) {
  if (!reviewer) return <>{t("staffInterlab.erased")}</>;
  const [kind, id] = reviewer.split(":");
  return (
    <>
      {kind === "member" ? t("staffInterlab.member") : t("staffInterlab.staff")} <Id id={id} />
    </>
  );
}

function Grid({ sheet }: { sheet: Sheet }) {
  const { t, lang } = useT();
  const reviews = sheet.reviews ?? [];
  const criteria = sheet.criteria ?? [];
  const rows = reviewGrid(criteria, reviews);
  const overall = mean(reviews.map((review) => review.mean));
  return (
    <Card headingId="review-grid" icon="star" title={t("staffInterlab.grid")}>
      <p className="field__hint">{t("staffInterlab.gridHint")}</p>
      {(sheet.reviews_hidden ?? 0) > 0 && <p>{t("staffInterlab.hidden", { n: number(lang, sheet.reviews_hidden ?? 0) })}</p>}
      {reviews.length === 0 ? (
        <p>{t("staffInterlab.noReviews")}</p>
      ) : (
        <TableBox label={t("staffInterlab.grid")}>
          <table className="data-table review-grid" aria-labelledby="review-grid">
            <thead>
              <tr>
                <th scope="col">{t("staffInterlab.criterion")}</th>
                {reviews.map((review, index) => (
                  <th key={review.reviewer ?? index} scope="col" className="number">
                    {reviewerName(review.reviewer, t)}
                  </th>
                ))}
                <th scope="col" className="number">
                  {t("staffInterlab.mean")}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.criterion}>
                  <th scope="row">{words.criterion(row.criterion, t)}</th>
                  {row.scores.map((score, index) => (
                    <td key={index} className="number">
                      {score === null ? "—" : number(lang, score)}
                    </td>
                  ))}
                  <td className="number mean">{decimal(lang, row.mean, 2)}</td>
                </tr>
              ))}
              <tr>
                <th scope="row">{t("staffInterlab.reviewerMean")}</th>
                {reviews.map((review, index) => (
                  <td key={index} className="number mean">
                    {decimal(lang, review.mean, 2)}
                  </td>
                ))}
                <td className="number mean">{decimal(lang, overall, 2)}</td>
              </tr>
            </tbody>
          </table>
        </TableBox>
      )}
      {reviews
        .filter((review) => review.comment || review.recommendation)
        .map((review, index) => (
          <div key={review.reviewer ?? index} className="staff-quote">
            <p className="field__label">
              {reviewerName(review.reviewer, t)}
              {review.recommendation && ` · ${t("staffInterlab.recommends", { what: words.recommendation(review.recommendation, t) })}`}
            </p>
            {review.comment && <p dir="auto">{review.comment}</p>}
          </div>
        ))}
    </Card>
  );
}

function MyReview({ sheet, done }: { sheet: Sheet; done: () => Promise<void> }) {
  const { t, lang } = useT();
  const id = useId();
  const criteria = sheet.criteria ?? [];
  const mine = sheet.mine;
  const [scores, setScores] = useState<Record<string, string>>(() =>
    Object.fromEntries(Object.entries(mine?.scores ?? {}).map(([key, value]) => [key, String(value)])),
  );
  const [comment, setComment] = useState(mine?.comment ?? "");
  const [recommendation, setRecommendation] = useState(mine?.recommendation ?? "");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [said, setSaid] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const missing = missingScores(criteria, scores);
    const found: Record<string, string> = Object.fromEntries(missing.map((criterion) => [criterion, t("staffInterlab.scoreNeeded")]));
    if (comment.trim().length < 3) found.comment = t("staffInterlab.commentNeeded");
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setSaid({ tone: "error", text: t("error.summary") });
      return;
    }
    setBusy(true);
    setSaid(null);
    const outcome = await attempt(
      api.PUT("/incubator/applications/{application_id}/reviews/mine", {
        params: { path: { application_id: sheet.application_id ?? "" } },
        body: {
          scores: Object.fromEntries(criteria.map((criterion) => [criterion, Number(scores[criterion])])),
          comment: comment.trim(),
          recommendation: (recommendation || null) as Schemas["SubmitReview"]["recommendation"],
        },
      }),
    );
    setBusy(false);
    if (outcome.ok) {
      setSaid({ tone: "success", text: t("staffInterlab.reviewSaved") });
      await done();
    } else {
      setSaid({ tone: "error", text: refusal(outcome, t) });
    }
  };

  return (
    <section className="card score-grid" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="card__title">
        <Icon name="pencil" />
        <span>{mine?.submitted_at ? t("staffInterlab.myReviewAmend") : t("staffInterlab.myReview")}</span>
      </h2>
      <p className="field__hint">{t("staffInterlab.scaleHint")}</p>
      {said && <Notice tone={said.tone}>{said.text}</Notice>}
      <form onSubmit={submit} noValidate>
        {criteria.map((criterion) => (
          <Choices
            key={criterion}
            id={`${id}-${criterion}`}
            name={`${id}-${criterion}`}
            legend={words.criterion(criterion, t)}
            error={errors[criterion]}
            columns
            choices={[1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: number(lang, n) }))}
            selected={[scores[criterion] ?? ""]}
            onChange={(value) => setScores({ ...scores, [criterion]: value })}
          />
        ))}
        <TextArea
          id={`${id}-comment`}
          label={t("staffInterlab.comment")}
          hint={t("staffInterlab.commentHint")}
          error={errors.comment}
          value={comment}
          onValueChange={setComment}
          maxLength={4000}
        />
        <Choices
          id={`${id}-recommendation`}
          name={`${id}-recommendation`}
          legend={t("staffInterlab.recommendation")}
          optional={t("common.optional")}
          columns
          choices={RECOMMENDATIONS.map((value) => ({ value, label: words.recommendation(value, t) }))}
          selected={[recommendation]}
          onChange={setRecommendation}
        />
        <SubmitButton icon="check" label={t("staffInterlab.saveReview")} busy={busy} />
      </form>
    </section>
  );
}

function Reviewers({ sheet, done }: { sheet: Sheet; done: () => Promise<void> }) {
  const { t, lang } = useT();
  const id = useId();
  const [reviewer, setReviewer] = useState("");
  const [said, setSaid] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const applicationId = sheet.application_id ?? "";

  const assign = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const value = reviewer.trim();
    if (!/^(staff|member):[A-Za-z0-9_-]{1,64}$/.test(value)) return setSaid({ tone: "error", text: t("staffInterlab.reviewerFormat") });
    setBusy(true);
    setSaid(null);
    const outcome = await attempt(
      api.POST("/incubator/applications/{application_id}/reviewers", {
        params: { path: { application_id: applicationId } },
        body: { reviewer: value },
      }),
    );
    setBusy(false);
    if (outcome.ok) {
      setReviewer("");
      setSaid({ tone: "success", text: t("staffInterlab.assigned") });
      await done();
    } else {
      setSaid({ tone: "error", text: refusal(outcome, t) });
    }
  };

  const remove = async (who: string) => {
    const [kind = "", reviewerId = ""] = who.split(":");
    setSaid(null);
    const outcome = await attempt(
      api.DELETE("/incubator/applications/{application_id}/reviewers/{kind}/{reviewer_id}", {
        params: { path: { application_id: applicationId, kind, reviewer_id: reviewerId } },
      }),
    );
    if (outcome.ok) await done();
    else setSaid({ tone: "error", text: refusal(outcome, t) });
  };

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="card__title">
        <Icon name="users" />
        <span>{t("staffInterlab.reviewers")}</span>
      </h2>
      {said && <Notice tone={said.tone}>{said.text}</Notice>}
      <StaffList
        items={sheet.reviewers ?? []}
        empty={t("staffInterlab.noReviewers")}
        keyOf={(assignment, index) => assignment.reviewer ?? index}
        itemClass="staff-actions"
      >
        {(assignment) => (
          <>
            <span>{reviewerName(assignment.reviewer, t)}</span>
            <span className="tag">
              {assignment.conflict
                ? t("staffInterlab.conflictDeclared")
                : assignment.submitted
                  ? t("staffInterlab.reviewDone")
                  : t("staffInterlab.reviewToDo")}
            </span>
            {assignment.conflict_note && <bdi>{assignment.conflict_note}</bdi>}
            {assignment.submitted_at && <span>{day(lang, assignment.submitted_at)}</span>}
            {assignment.reviewer && !assignment.submitted && (
              <button type="button" className="button button--quiet" onClick={() => void remove(assignment.reviewer ?? "")}>
                <Icon name="close" />
                <span>{t("staffInterlab.takeOff")}</span>
              </button>
            )}
          </>
        )}
      </StaffList>
      <form onSubmit={assign} noValidate>
        <TextField
          id={`${id}-reviewer`}
          label={t("staffInterlab.assign")}
          hint={t("staffInterlab.assignHint")}
          value={reviewer}
          onValueChange={setReviewer}
          dir="ltr"
          autoCapitalize="none"
          spellCheck={false}
        />
        <SubmitButton icon="plus" label={t("staffInterlab.assignButton")} busy={busy} className="button" />
      </form>
    </section>
  );
}
