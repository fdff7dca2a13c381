/** The staff console's accounts pages, relative to #/staff. Each page is a lazy chunk of its own. */
import { lazy } from "react";
import type { RouteObject } from "react-router";

const Accounts = lazy(() => import("./Accounts"));

export const routes: RouteObject[] = [{ path: "accounts", element: <Accounts /> }];
