/**
 * Small line icons drawn beside words (never instead of them). Hidden from screen readers: the word says
 * it. Icons that point a way (arrows, doors) turn round in right-to-left pages (.icon--directional).
 */
const PATHS = {
  globe: ["M3 12h18", "M12 3c2.5 2.7 3.8 5.7 3.8 9s-1.3 6.3-3.8 9c-2.5-2.7-3.8-5.7-3.8-9s1.3-6.3 3.8-9z"],
  logout: ["M9 21H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h4", "M16 17l5-5-5-5", "M21 12H9"],
  login: ["M15 3h4a2 2 0 0 1 2 2v14a2 2 0 0 1-2 2h-4", "M10 17l5-5-5-5", "M15 12H3"],
  userPlus: ["M2 21v-1a6 6 0 0 1 6-6h2a6 6 0 0 1 6 6v1", "M19 8v6", "M16 11h6"],
  chat: ["M21 12a8 8 0 0 1-11.6 7.1L4 21l1.9-5.4A8 8 0 1 1 21 12z", "M8.5 12h.01", "M12 12h.01", "M15.5 12h.01"],
  clock: ["M12 7v5l3 2"],
  check: ["M5 12l5 5L20 7"],
  alert: ["M12 7v6", "M12 16.5v.5"],
  back: ["M19 12H5", "M11 6l-6 6 6 6"],
  heart: ["M12 20s-7-4.4-7-10a4 4 0 0 1 7-2.6A4 4 0 0 1 19 10c0 5.6-7 10-7 10z"],
  pencil: ["M4 20h4L19 9l-4-4L4 16v4z", "M13.5 6.5l4 4"],
  home: ["M3 11l9-8 9 8", "M5 10v10h14V10", "M10 20v-6h4v6"],
  retry: ["M20 12a8 8 0 1 1-2.34-5.66", "M20 4v4h-4"],
} as const;

const CIRCLES: Partial<Record<IconName, { cx: number; cy: number; r: number }>> = {
  globe: { cx: 12, cy: 12, r: 9 },
  userPlus: { cx: 9, cy: 8, r: 4 },
  clock: { cx: 12, cy: 12, r: 9 },
  alert: { cx: 12, cy: 12, r: 9 },
};

const DIRECTIONAL: ReadonlySet<IconName> = new Set(["logout", "login", "back"]);

export type IconName = keyof typeof PATHS;

export function Icon({ name }: { name: IconName }) {
  const circle = CIRCLES[name];
  return (
    <svg
      className={DIRECTIONAL.has(name) ? "icon icon--directional" : "icon"}
      viewBox="0 0 24 24"
      width="24"
      height="24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {circle && <circle cx={circle.cx} cy={circle.cy} r={circle.r} />}
      {PATHS[name].map((d) => (
        <path key={d} d={d} />
      ))}
    </svg>
  );
}

/** Interra's mark: two rings that meet. */
export function Logo() {
  return (
    <svg className="logo" viewBox="0 0 32 32" width="32" height="32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="8" fill="currentColor" />
      <circle cx="12" cy="16" r="7" fill="none" stroke="#fff" strokeWidth="3" />
      <circle cx="20" cy="16" r="7" fill="none" stroke="#fff" strokeWidth="3" />
    </svg>
  );
}
