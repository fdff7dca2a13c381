/** The staff console's workshops pages, relative to #/staff. Each page is a lazy chunk of its own. */
import { lazy } from "react";
import type { RouteObject } from "react-router";

const Board = lazy(() => import("./Board"));
const Venues = lazy(() => import("./Venues"));
const Week = lazy(() => import("./Week"));

export const routes: RouteObject[] = [
  { path: "workshops", element: <Board /> },
  { path: "venues", element: <Venues /> },
  { path: "week", element: <Week /> },
];
