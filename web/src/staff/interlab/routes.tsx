/** The staff console's interlab pages, relative to #/staff. Each page is a lazy chunk of its own. */
import { lazy } from "react";
import type { RouteObject } from "react-router";

const Interlab = lazy(() => import("./Interlab"));
const Call = lazy(() => import("./Call"));
const Application = lazy(() => import("./Application"));

export const routes: RouteObject[] = [
  { path: "interlab", element: <Interlab /> },
  { path: "interlab/calls/:callId", element: <Call /> },
  { path: "interlab/applications/:applicationId", element: <Application /> },
];
