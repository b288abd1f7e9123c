/**
 * Business months are Europe/Rome calendar months (docs/product.md). These helpers turn instants into Rome
 * months and back, across daylight-saving changes, with the platform's time-zone database (Intl).
 */
export const BUSINESS_TIME_ZONE = 'Europe/Rome';

const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: BUSINESS_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** Europe/Rome's offset from UTC at an instant, in milliseconds (+1 h in winter, +2 h in summer). */
function offsetMs(instant: number): number {
  const p = Object.fromEntries(parts.formatToParts(new Date(instant)).map((x) => [x.type, x.value]));
  const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return wall - Math.floor(instant / 1000) * 1000;
}

export interface Month {
  year: number;
  /** 1–12 */
  month: number;
}

/** The Rome month an instant falls in. */
export function romeMonthOf(instant: Date): Month {
  const p = Object.fromEntries(parts.formatToParts(instant).map((x) => [x.type, x.value]));
  return { year: Number(p.year), month: Number(p.month) };
}

/** The instant at which a Rome month begins (00:00 Europe/Rome on the 1st). */
export function romeMonthStart({ year, month }: Month): Date {
  const wallUtc = Date.UTC(year, month - 1, 1);
  // Two passes settle the offset even when a DST change is near.
  let guess = wallUtc - offsetMs(wallUtc);
  guess = wallUtc - offsetMs(guess);
  return new Date(guess);
}

export const addMonths = ({ year, month }: Month, n: number): Month => {
  const index = year * 12 + (month - 1) + n;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
};

/** `2026-11` */
export const monthKey = ({ year, month }: Month) => `${year}-${String(month).padStart(2, '0')}`;

/** The end (exclusive) of the last closed Rome month: the start of the current one. */
export const endOfLastClosedMonth = (now: Date): Date => romeMonthStart(romeMonthOf(now));

/** A Europe/Rome calendar day as its number of days since 1970-01-01 (a pure calendar count, no DST). */
export type RomeDay = number;

const DAY_MS = 86_400_000;

/** The Rome calendar day of a date (`month` 1–12). */
export const romeDay = (year: number, month: number, day: number): RomeDay => Date.UTC(year, month - 1, day) / DAY_MS;

/** The Rome calendar day an instant falls in. */
export function romeDayOf(instant: Date): RomeDay {
  const p = Object.fromEntries(parts.formatToParts(instant).map((x) => [x.type, x.value]));
  return Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day)) / DAY_MS;
}

/** The instant at which a Rome day begins (00:00 Europe/Rome). */
export function romeDayStart(day: RomeDay): Date {
  const wallUtc = day * DAY_MS;
  let guess = wallUtc - offsetMs(wallUtc);
  guess = wallUtc - offsetMs(guess);
  return new Date(guess);
}

/** The Monday of the ISO week a Rome day belongs to. */
export const isoWeekMonday = (day: RomeDay): RomeDay => day - ((new Date(day * DAY_MS).getUTCDay() + 6) % 7);

/** `2026-11-30` */
export const romeDayKey = (day: RomeDay): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
