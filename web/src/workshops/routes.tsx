/** The workshops area's screens (hash routes under the app's layout). Each screen is a lazy chunk of its own. */
import { lazy } from "react";
import type { RouteObject } from "react-router";
import { signedIn } from "../routing";

const NearMe = lazy(() => import("./NearMe"));
const Mine = lazy(() => import("./Mine"));
const Propose = lazy(() => import("./Propose"));
const Detail = lazy(() => import("./Detail"));

export const routes: RouteObject[] = [
  { path: "workshops", element: signedIn(<NearMe />) },
  { path: "workshops/mine", element: signedIn(<Mine />) },
  { path: "workshops/propose", element: signedIn(<Propose />) },
  { path: "workshops/:workshopId", element: signedIn(<Detail />) },
];
