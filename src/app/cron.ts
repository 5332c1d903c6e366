// Checks a five-field cron expression (minute hour day-of-month month day-of-week) before it is saved.

const FIELDS: readonly { min: number; max: number; names?: readonly string[] }[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] },
  { min: 0, max: 7, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
];

function value(text: string, field: (typeof FIELDS)[number]): number | undefined {
  const named = field.names?.indexOf(text.toLowerCase()) ?? -1;
  if (named >= 0) return named + field.min;
  if (!/^\d+$/.test(text)) return undefined;
  const n = Number(text);
  return n >= field.min && n <= field.max ? n : undefined;
}

function validItem(item: string, field: (typeof FIELDS)[number]): boolean {
  const [range, step, ...extra] = item.split('/');
  if (extra.length || range === undefined) return false;
  if (step !== undefined && !(/^\d+$/.test(step) && Number(step) > 0)) return false;
  if (range === '*') return true;
  const [lo, hi, ...more] = range.split('-');
  if (more.length) return false;
  const a = value(lo ?? '', field);
  if (a === undefined) return false;
  if (hi === undefined) return step === undefined;
  const b = value(hi, field);
  return b !== undefined && a <= b;
}

export function isValidCron(expr: string): boolean {
  const parts = expr.trim().split(/\s+/);
  if (parts.length !== 5) return false;
  return parts.every((part, k) => part.split(',').every((item) => validItem(item, FIELDS[k]!)));
}

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
