/**
 * The staff console, under #/staff: one layout (StaffLayout: staff only, the console's own menu) and each
 * area's pages. Members never download any of it: every page is a lazy chunk.
 */
import { lazy } from "react";
import type { RouteObject } from "react-router";
import { routes as accountsRoutes } from "./accounts/routes";
import { routes as duosRoutes } from "./duos/routes";
import { routes as figuresRoutes } from "./figures/routes";
import { routes as interlabRoutes } from "./interlab/routes";
import { routes as workshopsRoutes } from "./workshops/routes";

const StaffLayout = lazy(() => import("./StaffLayout"));
const Home = lazy(() => import("./Home"));

export const routes: RouteObject = {
  path: "staff",
  element: <StaffLayout />,
  children: [
    { index: true, element: <Home /> },
    ...workshopsRoutes,
    ...duosRoutes,
    ...interlabRoutes,
    ...figuresRoutes,
    ...accountsRoutes,
  ],
};
