/**
 * Gregorian dates as documents give them: a year (2013), a month (2013-05) or a day (2013-05-21).
 * Arabic-Indic digits and slashes are accepted on input; the stored form is ISO 8601 (reduced
 * precision), or null when the input is not a real date.
 */
export function parsePartialDate(input: string): string | null {
  const text = input
    .trim()
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[/.]/g, '-');
  const match = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/.exec(text);
  if (!match) return null;
  const [, year, month, day] = match;
  if (Number(year) < 1000) return null;
  if (month === undefined) return year as string;
  const m = Number(month);
  if (m < 1 || m > 12) return null;
  const mm = String(m).padStart(2, '0');
  if (day === undefined) return `${year}-${mm}`;
  const d = Number(day);
  // The last day of the month: day 0 of the next month.
  const last = new Date(Date.UTC(Number(year), m, 0)).getUTCDate();
  if (d < 1 || d > last) return null;
  return `${year}-${mm}-${String(d).padStart(2, '0')}`;
}
