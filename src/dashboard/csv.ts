/**
 * CSV for spreadsheets: RFC 4180 quoting, and cells a spreadsheet would run as a formula (starting
 * with = + - @, or a tab or carriage return) get a leading apostrophe, so a name like "=HYPERLINK(…)"
 * typed into a chat stays text when a PMO opens the download.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (typeof value === "string" && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows to CSV text, CRLF line ends (what spreadsheets expect), with a byte order mark for Excel's UTF-8. */
export function toCsv(rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  return `\uFEFF${rows.map((r) => r.map(csvCell).join(",")).join("\r\n")}\r\n`;
}
