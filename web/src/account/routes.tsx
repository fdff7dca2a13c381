/** The account area's screens (hash routes under the app's layout). Each screen is a lazy chunk of its own. */
import { lazy } from "react";
import type { RouteObject } from "react-router";
import { signedIn } from "../routing";

const MyData = lazy(() => import("./MyData"));
const Preferences = lazy(() => import("./Preferences"));

export const routes: RouteObject[] = [
  { path: "me/data", element: signedIn(<MyData />) },
  { path: "me/preferences", element: signedIn(<Preferences />) },
];
