/**
 * My Interra: a greeting, the Duo-Langue card (duos/DuoCard.tsx: the duo, else the waiting list, else ask
 * for or offer a duo), then each area's card (workshops, InterLab, my account).
 */
import { useCallback, useEffect, useState } from "react";
import { useLocation } from "react-router";
import { api } from "../api/client";
import { attempt, explain } from "../api/problems";
import type { components } from "../api/schema";
import { useSession } from "../api/session";
import { ButtonLink } from "../components/ButtonLink";
import { Card } from "../components/Card";
import { Notice } from "../components/forms";
import { LoadFailed } from "../components/LoadFailed";
import { StillLoading } from "../components/Loading";
import { PageHeading } from "../components/PageHeading";
import { DuoCard, loadDuos, said, type DuoPicture } from "../duos/DuoCard";
import { quantity } from "../i18n/format";
import { useT } from "../i18n/i18n";
import { MeCard as AccountCard } from "../account/MeCard";
import { MeCard as InterlabCard } from "../interlab/MeCard";
import { MeCard as WorkshopsCard } from "../workshops/MeCard";

type Member = components["schemas"]["MemberView"];

type Loaded<T> = { state: "loading" } | { state: "failed"; message: string } | { state: "ready"; value: T };

/** What the member comes back from: a conversation logged (this week's minutes), perhaps rated, a duo ended. */
function cameBackFrom(state: unknown): { minutes: number | null; rated: boolean; ended: boolean } {
  const value = typeof state === "object" && state !== null ? (state as Record<string, unknown>) : {};
  return {
    minutes: typeof value.loggedMinutes === "number" ? value.loggedMinutes : null,
    rated: value.rated === true,
    ended: value.ended === true,
  };
}

export default function Me() {
  const { t, lang } = useT();
  const session = useSession();
  const location = useLocation();
  const memberId = session?.memberId ?? null;
  const [member, setMember] = useState<Loaded<Member>>({ state: "loading" });
  const [duos, setDuos] = useState<Loaded<DuoPicture>>({ state: "loading" });
  const back = cameBackFrom(location.state);

  const load = useCallback(async () => {
    if (!memberId) return;
    const [profile, picture] = await Promise.all([
      attempt(api.GET("/members/{member_id}", { params: { path: { member_id: memberId } } })),
      loadDuos(memberId),
    ]);
    setMember(profile.ok ? { state: "ready", value: profile.data } : { state: "failed", message: said(explain(profile, t)) });
    setDuos(picture.ok ? { state: "ready", value: picture.data } : { state: "failed", message: said(explain(picture, t)) });
  }, [memberId, t]);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <>
      <PageHeading title={t("me.title")} />
      {!memberId ? (
        <>
          <p>{t("me.staff")}</p>
          <ButtonLink to="/staff" icon="inbox" className="button button--primary">{t("staff.link")}</ButtonLink>
        </>
      ) : (
        <>
          {member.state === "ready" && member.value.first_name && (
            <p className="greeting" dir="auto">
              {t("me.hello", { name: member.value.first_name })}
            </p>
          )}
          {member.state === "failed" && <LoadFailed message={member.message} retry={load} />}
          {back.minutes !== null && (
            <Notice>
              {t(back.rated ? "duo.loggedRated" : "duo.logged", { minutes: quantity(lang, back.minutes, "minute") })}
            </Notice>
          )}
          {back.minutes === null && back.rated && <Notice>{t("duo.rated")}</Notice>}
          {back.ended && <Notice>{t("duo.end.done")}</Notice>}
          <Card headingId="duo-title" icon="chat" title={t("duo.title")}>
            <p className="card__subtitle">{t("duo.subtitle")}</p>
            {duos.state === "loading" && <StillLoading />}
            {duos.state === "failed" && <LoadFailed message={duos.message} retry={load} />}
            {duos.state === "ready" && (
              <DuoCard
                memberId={memberId}
                kind={member.state === "ready" ? member.value.kind : undefined}
                picture={duos.value}
                reload={load}
              />
            )}
          </Card>
          <WorkshopsCard memberId={memberId} />
          <InterlabCard memberId={memberId} />
          <AccountCard memberId={memberId} />
        </>
      )}
    </>
  );
}
