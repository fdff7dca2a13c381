/**
 * Charts the staff can read and hand on: each chart has a title, axis words, the same figures as a
 * table (what screen readers read: the drawing itself is hidden from them) and a "Download (CSV)" link
 * (a Blob made in the browser: nothing leaves it). Bars are SVG rectangles sized by attributes, never
 * by a style attribute (the Content-Security-Policy forbids those); in Arabic they grow from the right.
 */
import { useEffect, useMemo, useState, type ReactNode } from "react";
import { Icon } from "../../components/Icon";
import { useT } from "../../i18n/i18n";
import { fileName, toCsv, type Cell } from "./csv";
import { TableBox } from "./kit";

/** The longest bar for a set of values: the largest, at least 1 (an empty chart still has a scale). */
export function scaleMax(values: readonly (number | null)[], fixed?: number): number {
  if (fixed !== undefined) return fixed;
  return Math.max(1, ...values.map((value) => value ?? 0));
}

/** A bar's length in hundredths of the chart's width (0 to 100). */
export function barLength(value: number | null, max: number): number {
  if (value === null || max <= 0) return 0;
  return Math.round((Math.min(Math.max(value, 0), max) / max) * 1000) / 10;
}

export function CsvLink({ title, headers, rows }: { title: string; headers: readonly string[]; rows: readonly (readonly Cell[])[] }) {
  const { t } = useT();
  const text = useMemo(() => toCsv(headers, rows), [headers, rows]);
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    const made = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
    setUrl(made);
    return () => URL.revokeObjectURL(made);
  }, [text]);
  if (!url) return null;
  return (
    <a className="button button--quiet csv-link" href={url} download={fileName(title)}>
      <Icon name="download" />
      <span>{t("staffFigures.download")}</span>
      <span className="visually-hidden">: {title}</span>
    </a>
  );
}

interface TableProps {
  id: string;
  title: string;
  headers: readonly string[];
  /** What the table shows, cell by cell. */
  rows: readonly (readonly ReactNode[])[];
  /** What the CSV file holds, cell by cell (raw numbers where the table shows words). */
  csv: readonly (readonly Cell[])[];
  /** Whether the title is shown above the table (a chart shows it once, above the drawing). */
  heading?: boolean;
}

export function DataTable({ id, title, headers, rows, csv, heading = true }: TableProps) {
  const { t } = useT();
  return (
    <div className="data">
      {heading && (
        <h3 id={`${id}-title`} className="data__title">
          {title}
        </h3>
      )}
      <TableBox label={title}>
        <table className="data-table" aria-labelledby={`${id}-title`}>
          <thead>
            <tr>
              {headers.map((header) => (
                <th key={header} scope="col">
                  {header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={headers.length}>{t("staffFigures.none")}</td>
              </tr>
            ) : (
              rows.map((row, index) => (
                <tr key={index}>
                  {row.map((value, column) =>
                    column === 0 ? (
                      <th key={column} scope="row">
                        {value}
                      </th>
                    ) : (
                      <td key={column}>{value}</td>
                    ),
                  )}
                </tr>
              ))
            )}
          </tbody>
        </table>
      </TableBox>
      <CsvLink title={title} headers={headers} rows={csv} />
    </div>
  );
}

export interface Bar {
  label: string;
  /** null: not drawn (no figure, or fewer than 5 people). */
  value: number | null;
  /** The value in words, as the table shows it. */
  shown: string;
  /** The value in the CSV file. */
  csv: Cell;
}

interface BarChartProps {
  id: string;
  title: string;
  /** The axis of the labels ("Region"). */
  category: string;
  /** The axis of the values ("Learners waiting"). */
  measure: string;
  bars: readonly Bar[];
  /** The end of the scale (100 for percentages); else the largest value. */
  max?: number;
  maxShown?: string;
  note?: string;
}

export function BarChart({ id, title, category, measure, bars, max, maxShown, note }: BarChartProps) {
  const top = scaleMax(
    bars.map((bar) => bar.value),
    max,
  );
  const headers = useMemo(() => [category, measure], [category, measure]);
  const csv = useMemo(() => bars.map((bar) => [bar.label, bar.csv]), [bars]);
  return (
    <section className="chart-block" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="chart-block__title">
        <Icon name="chart" />
        <span>{title}</span>
      </h3>
      {note && <p className="chart-block__note">{note}</p>}
      <div className={bars.length > 0 ? "chart-block__body" : "chart-block__body chart-block__body--empty"}>
        {bars.length > 0 && (
        <figure className="chart" aria-hidden="true">
          <div className="chart__axes">
            <span>{category}</span>
            <span>{measure}</span>
          </div>
          <ul className="chart__rows">
            {bars.map((bar) => (
              <li key={bar.label} className="chart__row">
                <span className="chart__label">{bar.label}</span>
                <svg className="chart__bar" viewBox="0 0 100 10" preserveAspectRatio="none" focusable="false">
                  <rect className="chart__track" x="0" y="0" width="100" height="10" />
                  <rect className="chart__fill" x="0" y="0" width={barLength(bar.value, top)} height="10" />
                </svg>
                <span className="chart__value">{bar.shown}</span>
              </li>
            ))}
          </ul>
          <div className="chart__scale">
            <span>0</span>
            <span>{maxShown ?? String(top)}</span>
          </div>
        </figure>
        )}
        <DataTable
          id={id}
          title={title}
          headers={headers}
          rows={bars.map((bar) => [bar.label, bar.shown])}
          csv={csv}
          heading={false}
        />
      </div>
    </section>
  );
}
