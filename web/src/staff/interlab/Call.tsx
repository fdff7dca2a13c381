/**
 * One InterLab call: its applications as a board by status, the ranking by the reviewers' mean scores
 * (then spread), and the decision: admit a list within the places left; the others under review are
 * waitlisted in rank order. A refused decision (409: too many, too few reviews) says why; nothing is done.
 */
import { useCallback, useState, type FormEvent } from "react";
import { Link, useParams } from "react-router";
import { api } from "../../api/client";
import { attempt } from "../../api/problems";
import type { components } from "../../api/schema";
import { ButtonLink } from "../../components/ButtonLink";
import { Notice } from "../../components/forms";
import { Icon } from "../../components/Icon";
import { PageHeading } from "../../components/PageHeading";
import { number } from "../../i18n/format";
import { useT } from "../../i18n/i18n";
import { decimal, Id, refusal, Shown, StaffSection, TableBox, useLoaded } from "../figures/kit";
import { board, sayDecisionProblem } from "./logic";
import { words } from "./words";

type Schemas = components["schemas"];

interface CallPicture {
  call: Schemas["CallView"];
  applications: Schemas["ApplicationView"][];
  ranking: Schemas["RankingView"];
}

export default function Call() {
  const { t } = useT();
  const { callId = "" } = useParams();
  const load = useCallback(async () => {
    const path = { call_id: callId };
    const [call, applications, ranking] = await Promise.all([
      attempt(api.GET("/incubator/calls/{call_id}", { params: { path } })),
      attempt(api.GET("/incubator/applications", { params: { query: { call_id: callId, limit: 100 } } })),
      attempt(api.GET("/incubator/calls/{call_id}/ranking", { params: { path } })),
    ]);
    if (!call.ok) return call;
    if (!applications.ok) return applications;
    if (!ranking.ok) return ranking;
    return { ok: true as const, data: { call: call.data, applications: applications.data.items, ranking: ranking.data } };
  }, [callId]);
  const { loaded, reload } = useLoaded<CallPicture>(load);
  const cohort = loaded.state === "ready" ? (loaded.value.call.cohort ?? "") : "";
  return (
    <>
      <PageHeading title={cohort ? t("staffInterlab.callTitle", { cohort }) : t("staffInterlab.title")} />
      <ButtonLink to="/staff/interlab" icon="back" className="button button--quiet">{t("staffInterlab.back")}</ButtonLink>
      <Shown loaded={loaded} retry={reload}>
        {(picture) => <CallBody picture={picture} reload={reload} />}
      </Shown>
    </>
  );
}

function CallBody({ picture, reload }: { picture: CallPicture; reload: () => Promise<void> }) {
  const { t, lang } = useT();
  const { call, applications, ranking } = picture;
  const titles = new Map(applications.map((a) => [a.application_id ?? "", a.project?.title ?? ""]));
  const title = (id: string | undefined) => titles.get(id ?? "") || t("staffInterlab.untitled");
  return (
    <>
      <p className="big-number">
        {t("staffInterlab.placesLeft", {
          left: number(lang, ranking.places_left ?? 0),
          places: number(lang, call.places ?? 0),
        })}
      </p>

      <StaffSection headingId="call-board" icon="inbox" title={t("staffInterlab.board")}>
        <div className="app-board">
          {board(applications).map((column) => (
            <section key={column.status} className="app-board__column" aria-labelledby={`column-${column.status}`}>
              <h3 id={`column-${column.status}`}>
                <span>{words.status(column.status, t)}</span>
                <span className="tag">{number(lang, column.items.length)}</span>
              </h3>
              {column.items.length === 0 && <p className="field__hint">{t("staffFigures.none")}</p>}
              {column.items.map((application) => (
                <div key={application.application_id} className="app-board__card">
                  <p>
                    <bdi>{application.project?.title || t("staffInterlab.untitled")}</bdi>
                  </p>
                  <p className="field__hint">
                    {words.sector(application.project?.sector, t)} · {words.stage(application.project?.stage, t)}
                  </p>
                  <Link to={`/staff/interlab/applications/${application.application_id}`}>
                    {t("staffInterlab.open")}
                    <span className="visually-hidden">: {application.project?.title}</span>
                  </Link>
                </div>
              ))}
            </section>
          ))}
        </div>
      </StaffSection>

      <Ranking ranking={ranking} title={title} reload={reload} />
    </>
  );
}

function Ranking({
  ranking,
  title,
  reload,
}: {
  ranking: Schemas["RankingView"];
  title: (id: string) => string;
  reload: () => Promise<void>;
}) {
  const { t, lang } = useT();
  const [chosen, setChosen] = useState<string[]>([]);
  const [confirming, setConfirming] = useState(false);
  const [said, setSaid] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const items = ranking.items ?? [];
  const criteria = ranking.criteria ?? [];

  const decide = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (!confirming) {
      setConfirming(true);
      return;
    }
    setBusy(true);
    setSaid(null);
    const outcome = await attempt(
      api.POST("/incubator/calls/{call_id}/decision", {
        params: { path: { call_id: ranking.call_id ?? "" } },
        body: { admit: chosen },
      }),
    );
    setBusy(false);
    setConfirming(false);
    if (outcome.ok) {
      setSaid({
        tone: "success",
        text: t("staffInterlab.decided", {
          admitted: number(lang, outcome.data.admitted?.length ?? 0),
          waitlisted: number(lang, outcome.data.waitlisted?.length ?? 0),
        }),
      });
      setChosen([]);
      await reload();
    } else {
      // A 409 lists what stops the decision (errors.admit, .waitlist, .places): said in words, by title.
      const messages = Object.values(outcome.problem?.errors ?? {}).flatMap((value) => (Array.isArray(value) ? value : [value]));
      const reasons = messages.map((message) => sayDecisionProblem(String(message), title, t, lang));
      setSaid({ tone: "error", text: reasons.length > 0 ? reasons.join(" ") : refusal(outcome, t) });
    }
  };

  return (
    <StaffSection headingId="call-ranking" icon="list" title={t("staffInterlab.ranking")}>
      <p className="field__hint">{t("staffInterlab.rankingHint")}</p>
      {items.length === 0 ? (
        <p>{t("staffInterlab.nothingToRank")}</p>
      ) : (
        <form onSubmit={decide} noValidate>
          <TableBox label={t("staffInterlab.ranking")}>
            <table className="data-table" aria-labelledby="call-ranking">
              <thead>
                <tr>
                  <th scope="col">{t("staffInterlab.rank")}</th>
                  <th scope="col">{t("staffInterlab.project")}</th>
                  <th scope="col">{t("staffInterlab.state")}</th>
                  <th scope="col">{t("staffInterlab.reviews")}</th>
                  <th scope="col" className="number">
                    {t("staffInterlab.mean")}
                  </th>
                  <th scope="col" className="number">
                    {t("staffInterlab.spread")}
                  </th>
                  {criteria.map((criterion) => (
                    <th key={criterion} scope="col" className="number">
                      {words.criterion(criterion, t)}
                    </th>
                  ))}
                  <th scope="col">{t("staffInterlab.admit")}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((item) => {
                  const id = item.application_id ?? "";
                  return (
                    <tr key={id}>
                      <td className="number">{number(lang, item.rank ?? 0)}</td>
                      <th scope="row">
                        <Link to={`/staff/interlab/applications/${id}`}>
                          <bdi>{title(id)}</bdi>
                        </Link>{" "}
                        <Id id={id} />
                      </th>
                      <td>
                        {words.status(item.status, t)}
                        {item.waitlist_rank ? ` (${number(lang, item.waitlist_rank)})` : ""}
                      </td>
                      <td>
                        {t("staffInterlab.reviewsOf", {
                          done: number(lang, item.reviews ?? 0),
                          of: number(lang, item.reviewers ?? 0),
                        })}
                      </td>
                      <td className="number mean">{decimal(lang, item.mean, 2)}</td>
                      <td className="number">{decimal(lang, item.spread, 2)}</td>
                      {criteria.map((criterion) => (
                        <td key={criterion} className="number">
                          {decimal(lang, item.criteria?.[criterion], 2)}
                        </td>
                      ))}
                      <td>
                        <label className="choice choice--inline">
                          <input
                            type="checkbox"
                            checked={chosen.includes(id)}
                            onChange={(event) => {
                              setConfirming(false);
                              setChosen(event.target.checked ? [...chosen, id] : chosen.filter((c) => c !== id));
                            }}
                          />
                          <span className="choice__text">
                            {t("staffInterlab.admit")}
                            <span className="visually-hidden">: {title(id)}</span>
                          </span>
                        </label>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableBox>
          {said && <Notice tone={said.tone}>{said.text}</Notice>}
          {confirming && (
            <p className="alert alert--row staff-confirm" role="status">
              <Icon name="alert" />
              <span>
                {t("staffInterlab.confirmDecision", {
                  admit: number(lang, chosen.length),
                  left: number(lang, ranking.places_left ?? 0),
                })}
              </span>
            </p>
          )}
          <button type="submit" className="button button--primary" aria-disabled={busy || undefined}>
            <Icon name="check" />
            <span>{confirming ? t("staffInterlab.confirm") : t("staffInterlab.decide", { n: number(lang, chosen.length) })}</span>
          </button>
        </form>
      )}
    </StaffSection>
  );
}
