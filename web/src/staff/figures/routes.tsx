/** The staff console's figures pages, relative to #/staff. Each page is a lazy chunk of its own. */
import { lazy } from "react";
import type { RouteObject } from "react-router";

const Figures = lazy(() => import("./Figures"));

export const routes: RouteObject[] = [{ path: "figures", element: <Figures /> }];
