/** The account area's screens (hash routes under the app's layout). Each screen is a lazy chunk of its own. */
import type { RouteObject } from "react-router";

export const routes: RouteObject[] = [];
