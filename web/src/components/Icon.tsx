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
  calendar: ["M4 6h16v14H4z", "M4 10h16", "M8 3v4", "M16 3v4"],
  pin: ["M12 21s-7-6.2-7-11a7 7 0 0 1 14 0c0 4.8-7 11-7 11z"],
  users: ["M2 20v-1a5 5 0 0 1 5-5h4a5 5 0 0 1 5 5v1", "M16 4.5a4 4 0 0 1 0 7", "M19 14a5 5 0 0 1 3 5v1"],
  plus: ["M12 5v14", "M5 12h14"],
  close: ["M6 6l12 12", "M18 6L6 18"],
  forward: ["M5 12h14", "M13 6l6 6-6 6"],
  download: ["M12 4v11", "M7 10l5 5 5-5", "M5 20h14"],
  trash: ["M4 7h16", "M10 11v6", "M14 11v6", "M6 7l1 13h10l1-13", "M9 7V4h6v3"],
  shield: ["M12 3l8 3v6c0 4.5-3.4 8.3-8 9-4.6-.7-8-4.5-8-9V6z"],
  chart: ["M4 20V4", "M4 20h16", "M8 16v-5", "M12 16V8", "M16 16v-8"],
  rocket: ["M5 15c-1.5 1.5-2 5-2 5s3.5-.5 5-2", "M9 15l-3-3c2-5 6-9 13-9 0 7-4 11-9 13z"],
  star: ["M12 3l2.8 5.7 6.2.9-4.5 4.4 1.1 6.2L12 17.3 6.4 20.2l1.1-6.2L3 9.6l6.2-.9z"],
  list: ["M9 6h11", "M9 12h11", "M9 18h11", "M4 6h.01", "M4 12h.01", "M4 18h.01"],
  bell: ["M6 16V11a6 6 0 0 1 12 0v5l2 2H4z", "M10 20a2 2 0 0 0 4 0"],
  flag: ["M5 21V4", "M5 4h12l-2 4 2 4H5"],
  key: ["M14 10l7-7", "M18 6l2 2", "M15 9l2 2"],
  inbox: ["M3 13l3-8h12l3 8", "M3 13v6h18v-6", "M3 13h5l1 3h6l1-3h5"],
  lightbulb: ["M9 18h6", "M10 21h4", "M12 3a6 6 0 0 0-3.5 10.9c.7.5 1 1.3 1 2.1h5c0-.8.3-1.6 1-2.1A6 6 0 0 0 12 3z"],
} as const;

const CIRCLES: Partial<Record<IconName, { cx: number; cy: number; r: number }>> = {
  globe: { cx: 12, cy: 12, r: 9 },
  userPlus: { cx: 9, cy: 8, r: 4 },
  clock: { cx: 12, cy: 12, r: 9 },
  alert: { cx: 12, cy: 12, r: 9 },
  users: { cx: 9, cy: 8, r: 4 },
  key: { cx: 8, cy: 16, r: 5 },
};

const DIRECTIONAL: ReadonlySet<IconName> = new Set(["logout", "login", "back", "forward"]);

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
