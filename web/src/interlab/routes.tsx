/** The interlab area's screens (hash routes under the app's layout). Each screen is a lazy chunk of its own. */
import { lazy } from "react";
import type { RouteObject } from "react-router";
import { signedIn } from "../routing";

const Apply = lazy(() => import("./Apply"));
const Application = lazy(() => import("./Application"));
const Project = lazy(() => import("./Project"));

export const routes: RouteObject[] = [
  { path: "interlab/calls/:callId/apply", element: signedIn(<Apply />) },
  { path: "interlab/applications/:applicationId", element: signedIn(<Application />) },
  { path: "interlab/projects/:projectId", element: signedIn(<Project />) },
];
