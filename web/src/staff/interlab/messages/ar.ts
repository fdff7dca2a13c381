import type { messages as en } from "./en";

export const messages: Record<keyof typeof en, string> = {};
