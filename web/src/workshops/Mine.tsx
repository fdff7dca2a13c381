/**
 * All the member's workshop dates, grouped: seats offered to them first (with the deadline in words),
 * then the dates they are registered for, the waiting lists, and past dates.
 */
import { useCallback, useEffect, useState } from "react";
import { useSession } from "../api/session";
import { ButtonLink, BackToMe } from "../components/ButtonLink";
import { Notice } from "../components/forms";
import { LoadFailed } from "../components/LoadFailed";
import { StillLoading } from "../components/Loading";
import { PageHeading } from "../components/PageHeading";
import { useT } from "../i18n/i18n";
import type { MessageKey } from "../i18n/messages/en";
import { registrations, sayRefusal, titles, type Workshop } from "./data";
import { isComing, type Registration } from "./logic";
import { RegistrationItem } from "./parts";
import "./workshops.css";

const GROUPS = [
  { key: "offered", title: "workshops.mine.offered" },
  { key: "confirmed", title: "workshops.mine.confirmed" },
  { key: "waitlisted", title: "workshops.mine.waitlisted" },
  { key: "past", title: "workshops.mine.past" },
] as const satisfies readonly { key: string; title: MessageKey }[];
type GroupKey = (typeof GROUPS)[number]["key"];

function groupOf(registration: Registration, now: Date): GroupKey | null {
  const status = registration.status ?? "";
  if (!isComing(registration.starts_at, now)) {
    return ["confirmed", "attended", "no_show"].includes(status) ? "past" : null;
  }
  return status === "offered" || status === "confirmed" || status === "waitlisted" ? status : null;
}

type State =
  | { state: "loading" }
  | { state: "failed"; message: string }
  | { state: "ready"; groups: Map<GroupKey, Registration[]>; workshops: Map<string, Workshop> };

export default function Mine() {
  const { t } = useT();
  const session = useSession();
  const memberId = session?.memberId ?? "";
  const [page, setPage] = useState<State>({ state: "loading" });
  const [said, setSaid] = useState<string | null>(null);

  const load = useCallback(async () => {
    const mine = memberId ? await registrations(memberId) : null;
    if (mine && !mine.ok && mine.status !== 404) {
      setPage({ state: "failed", message: sayRefusal(mine, t) });
      return;
    }
    const now = new Date();
    const groups = new Map<GroupKey, Registration[]>();
    for (const registration of mine?.ok ? mine.data.items : []) {
      const group = groupOf(registration, now);
      if (group) groups.set(group, [...(groups.get(group) ?? []), registration]);
    }
    for (const [key, list] of groups) {
      list.sort((a, b) => (a.starts_at ?? "").localeCompare(b.starts_at ?? ""));
      if (key === "past") list.reverse();
    }
    const workshops = await titles([...groups.values()].flat().map((r) => r.workshop_id ?? ""));
    setPage({ state: "ready", groups, workshops });
  }, [memberId, t]);

  useEffect(() => {
    void load();
  }, [load]);

  const changed = async (text: string) => {
    setSaid(text);
    await load();
  };

  return (
    <>
      <PageHeading title={t("workshops.mine.title")} />
      {said && <Notice>{said}</Notice>}
      {page.state === "loading" && <StillLoading />}
      {page.state === "failed" && (
        <LoadFailed message={page.message} retry={() => void load()} />
      )}
      {page.state === "ready" && page.groups.size === 0 && <p className="status-line">{t("workshops.mine.none")}</p>}
      {page.state === "ready" &&
        GROUPS.filter((group) => page.groups.has(group.key)).map((group) => (
          <section key={group.key} aria-labelledby={`mine-${group.key}`} className="workshop-section">
            <h2 id={`mine-${group.key}`}>{t(group.title)}</h2>
            <div className="registrations">
              {(page.groups.get(group.key) ?? []).map((registration) => (
                <RegistrationItem
                  key={registration.registration_id}
                  registration={registration}
                  workshop={page.workshops.get(registration.workshop_id ?? "")}
                  changed={changed}
                />
              ))}
            </div>
          </section>
        ))}
      <div className="workshop-links">
        <ButtonLink to="/workshops" icon="pin" className="button button--primary">{t("workshops.card.find")}</ButtonLink>
        <BackToMe label={t("workshops.propose.toMe")} />
      </div>
    </>
  );
}
