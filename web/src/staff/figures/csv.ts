/**
 * Tables as CSV files for funders' reports: one header line, then one line per row. A byte-order mark
 * first, so that spreadsheet programs read accents and Arabic right. A text cell that starts like a
 * formula (=, +, -, @) gets a leading apostrophe: a spreadsheet must never run what a cell says.
 */
export type Cell = string | number | null;

function cell(value: Cell): string {
  if (value === null) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(headers: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return `\uFEFF${[headers, ...rows].map((row) => row.map(cell).join(",")).join("\r\n")}\r\n`;
}

/** A file name from a title: letters and digits of any script kept, the rest made dashes. */
export function fileName(title: string): string {
  const base = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "");
  return `${base || "interra"}.csv`;
}
