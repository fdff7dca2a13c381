/** Every screen after the language choice: the header (landmarks: header, nav, main) and the page. */
import { Suspense, type ReactNode } from "react";
import { Link, Navigate, Outlet, useLocation } from "react-router";
import { lastEnd, signOut, useSession, useSessionPending } from "../api/session";
import { Icon, Logo } from "../components/Icon";
import { useLanguage, useT } from "../i18n/i18n";
import { withNext } from "../paths";
import { Loading } from "../components/Loading";
import { isStaff } from "../staff/roles";

export default function AppLayout() {
  const { lang } = useLanguage();
  const location = useLocation();
  if (!lang) return <Navigate to={withNext("/", location.pathname)} replace />;
  return <Shell />;
}

function Shell() {
  const { t } = useT();
  const session = useSession();
  const staff = isStaff(session);
  return (
    <>
      <header className="top">
        <div className="top__inner">
          <Link to={staff ? "/staff" : session ? "/me" : "/welcome"} className="brand">
            <Logo />
            <span>Interra</span>
          </Link>
          <nav aria-label={t("nav.label")}>
            <ul className="nav">
              {staff && (
                <li>
                  <Link to="/staff" className="nav__item">
                    <Icon name="list" />
                    <span>{t("staff.link")}</span>
                  </Link>
                </li>
              )}
              <li>
                <Link to="/" className="nav__item">
                  <Icon name="globe" />
                  <span>{t("nav.language")}</span>
                </Link>
              </li>
              {session && (
                <li>
                  <button type="button" className="nav__item" onClick={signOut}>
                    <Icon name="logout" />
                    <span>{t("nav.signOut")}</span>
                  </button>
                </li>
              )}
            </ul>
          </nav>
        </div>
      </header>
      <main id="main" className="page">
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
    </>
  );
}

/**
 * A screen for signed-in members. After a reload it waits for the session cookie's refresh; without a
 * session (never signed in, or the API refused it) it sends to sign-in, which brings the member back
 * here; after "Sign out", to the welcome screen.
 */
export function RequireSession({ children }: { children: ReactNode }) {
  const session = useSession();
  const pending = useSessionPending();
  const location = useLocation();
  if (session) return children;
  if (pending) return <Loading />;
  if (lastEnd() === "signed_out") return <Navigate to="/welcome" replace />;
  return <Navigate to={withNext("/login", location.pathname)} replace />;
}
