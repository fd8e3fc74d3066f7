/** Formatting of the bench results: plain-text tables, ratios and the target checks. */

export interface Row {
  name: string;
  cells: Record<string, string>;
}

/** A fixed-width text table with a header line and a rule under it. */
export function formatTable(columns: { key: string; title: string }[], rows: Row[]): string {
  const cellsOf = (r: Row) => columns.map((c) => (c.key === 'name' ? r.name : r.cells[c.key] ?? ''));
  const widths = columns.map((c, i) => Math.max(c.title.length, ...rows.map((r) => cellsOf(r)[i].length)));
  const line = (values: string[]) =>
    values.map((v, i) => (i === 0 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  ').trimEnd();
  return [line(columns.map((c) => c.title)), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map((r) => line(cellsOf(r)))].join('\n');
}

/** A number for a table cell: `digits` decimals, or '-' when there is none. */
export function num(value: number | undefined, digits = 0): string {
  if (value === undefined || !Number.isFinite(value)) return '-';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function ratio(a: number | undefined, b: number | undefined): string {
  if (a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || b === 0) return '-';
  return `${(a / b).toFixed(2)}x`;
}

/** One target line: what was asked, what was measured, and whether it holds. */
export function target(label: string, measured: string, ok: boolean | undefined): string {
  const verdict = ok === undefined ? 'n/a ' : ok ? 'MET ' : 'MISS';
  return `  [${verdict}] ${label}: ${measured}`;
}
