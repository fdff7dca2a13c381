/**
 * What every area's routes need: signedIn() wraps a screen for signed-in people only (after a reload it
 * waits for the session cookie's refresh; without a session it sends to sign-in, which brings them back).
 * RequireSession is lazy: it lives with the layout, outside the first screen's chunk.
 */
import { lazy, type ReactNode } from "react";

const RequireSession = lazy(() => import("./screens/AppLayout").then((module) => ({ default: module.RequireSession })));

export const signedIn = (screen: ReactNode) => <RequireSession>{screen}</RequireSession>;
