/** The staff console's workshops pages, relative to #/staff. Each page is a lazy chunk of its own. */
import type { RouteObject } from "react-router";

export const routes: RouteObject[] = [];
