/**
 * Hash routes (/#/me): the server only ever serves "/", so an app path never meets an API path.
 * Only the first screen is in the entry chunk; every other screen is a chunk of its own (React.lazy),
 * downloaded after the language is chosen.
 */
import { lazy, Suspense } from "react";
import { createHashRouter } from "react-router";
import { Icon } from "./components/Icon";
import { Loading } from "./components/Loading";
import { useLanguage } from "./i18n/i18n";
import { LanguageScreen } from "./screens/LanguageScreen";
import { signedIn } from "./routing";
import { routes as accountRoutes } from "./account/routes";
import { routes as interlabRoutes } from "./interlab/routes";
import { routes as staffRoutes } from "./staff/routes";
import { routes as workshopRoutes } from "./workshops/routes";

const AppLayout = lazy(() => import("./screens/AppLayout"));
const Welcome = lazy(() => import("./screens/Welcome"));
const Register = lazy(() => import("./screens/Register"));
const Login = lazy(() => import("./screens/Login"));
const Me = lazy(() => import("./screens/Me"));
const LogConversation = lazy(() => import("./screens/LogConversation"));
const RateConversation = lazy(() => import("./duos/RateConversation"));
const EndDuo = lazy(() => import("./duos/EndDuo"));
const NotFound = lazy(() => import("./screens/NotFound"));

/** When a screen cannot be shown (a chunk failed to download on a bad connection): say it, offer a reload. */
function Crash() {
  const { lang } = useLanguage();
  const words = {
    fr: ["Quelque chose n’a pas marché.", "Recharger la page"],
    en: ["Something went wrong.", "Reload the page"],
    ar: ["حدث خطأ ما.", "أعد تحميل الصفحة"],
  }[lang ?? "fr"];
  return (
    <main id="main" className="page">
      <h1>{words[0]}</h1>
      <button type="button" className="button button--primary" onClick={() => window.location.reload()}>
        <Icon name="retry" />
        <span>{words[1]}</span>
      </button>
    </main>
  );
}


export const router = createHashRouter([
  { path: "/", element: <LanguageScreen />, errorElement: <Crash /> },
  {
    element: (
      <Suspense fallback={<Loading />}>
        <AppLayout />
      </Suspense>
    ),
    errorElement: <Crash />,
    children: [
      { path: "welcome", element: <Welcome /> },
      { path: "register", element: <Register /> },
      { path: "login", element: <Login /> },
      { path: "me", element: signedIn(<Me />) },
      { path: "duos/:duoId/conversation", element: signedIn(<LogConversation />) },
      { path: "duos/:duoId/rate", element: signedIn(<RateConversation />) },
      { path: "duos/:duoId/end", element: signedIn(<EndDuo />) },
      ...workshopRoutes,
      ...interlabRoutes,
      ...accountRoutes,
      staffRoutes,
      { path: "*", element: <NotFound /> },
    ],
  },
]);
