/**
 * The staff console's frame: signed-in staff only (a member gets a plain page saying so, and none of the
 * console: no menu, no call to a staff route), a wider page than the member app, and the console's menu,
 * each link shown to the roles it concerns. The gateway decides access: hiding a link protects nothing.
 */
import { Suspense } from "react";
import { NavLink, Outlet } from "react-router";
import { useSession, type Session } from "../api/session";
import { ButtonLink } from "../components/ButtonLink";
import { Icon, type IconName } from "../components/Icon";
import { Loading } from "../components/Loading";
import { PageHeading } from "../components/PageHeading";
import { useT } from "../i18n/i18n";
import type { MessageKey } from "../i18n/messages/en";
import { signedIn } from "../routing";
import { isAdmin, isStaff, runs } from "./roles";
import "./staff.css";

interface MenuLink {
  to: string;
  icon: IconName;
  label: MessageKey;
  shown: (session: Session) => boolean;
}

const MENU: readonly MenuLink[] = [
  { to: "/staff", icon: "bell", label: "staff.menu.home", shown: isStaff },
  { to: "/staff/workshops", icon: "list", label: "staff.menu.board", shown: (s) => runs(s, "workshops") },
  { to: "/staff/venues", icon: "pin", label: "staff.menu.venues", shown: (s) => runs(s, "workshops") },
  { to: "/staff/week", icon: "calendar", label: "staff.menu.week", shown: (s) => runs(s, "workshops") },
  { to: "/staff/duos", icon: "chat", label: "staff.menu.duos", shown: (s) => runs(s, "duos") },
  { to: "/staff/interlab", icon: "rocket", label: "staff.menu.interlab", shown: (s) => runs(s, "incubator") },
  { to: "/staff/figures", icon: "chart", label: "staff.menu.figures", shown: isStaff },
  { to: "/staff/accounts", icon: "key", label: "staff.menu.accounts", shown: isAdmin },
];

export default function StaffLayout() {
  return signedIn(<Console />);
}

function Console() {
  const { t } = useT();
  const session = useSession();
  if (!session || !isStaff(session)) return <NotForYou />;
  return (
    <div className="staff">
      <nav className="staff__menu" aria-label={t("staff.menu")}>
        <ul className="staff__links">
          {MENU.filter((link) => link.shown(session)).map((link) => (
            <li key={link.to}>
              <NavLink to={link.to} end className="staff__link">
                <Icon name={link.icon} />
                <span>{t(link.label)}</span>
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div className="staff__page">
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </div>
    </div>
  );
}

/** A member (or anyone without a staff role) who opens a console page. */
function NotForYou() {
  const { t } = useT();
  return (
    <>
      <PageHeading title={t("staff.refused.title")} />
      <p className="lead">{t("staff.refused.text")}</p>
      <ButtonLink to="/me" icon="home" className="button button--primary">{t("staff.refused.me")}</ButtonLink>
    </>
  );
}
