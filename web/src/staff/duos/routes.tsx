/** The staff console's duos pages, relative to #/staff. Each page is a lazy chunk of its own. */
import { lazy } from "react";
import type { RouteObject } from "react-router";

const Duos = lazy(() => import("./Duos"));

export const routes: RouteObject[] = [{ path: "duos", element: <Duos /> }];
