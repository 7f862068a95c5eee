import type { AggregateValue } from './api';

const intFormat = new Intl.NumberFormat('en-US');

/** Counter for metric tiles: 12,345. */
export function fmtCount(n: number | null | undefined): string {
  return typeof n === 'number' && Number.isFinite(n) ? intFormat.format(n) : '—';
}

/** Aggregate value as shown in result cells: integers plain (no grouping), decimals to at most 4 places. */
export function fmtValue(v: AggregateValue | undefined): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toFixed(4)));
  return String(v);
}

/** Numeric view of an aggregate value for sorting and charting (non-numbers count as 0). */
export function numeric(v: AggregateValue | undefined): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

/** Beyond ±8.64e15 ms a Date is invalid; the engine uses Long.MIN_VALUE / Long.MAX_VALUE for ∓∞. */
const MAX_DATE_MS = 8.64e15;

/**
 * ISO-8601 UTC time of epoch ms; "+∞ (end of input)" for the watermark of a finished bounded job
 * (Long.MAX_VALUE) and "−∞" before any event (Long.MIN_VALUE). Never throws.
 */
export function isoTime(ms: number): string {
  if (!Number.isFinite(ms) || ms > MAX_DATE_MS) return ms < 0 ? '−∞' : '+∞ (end of input)';
  if (ms < -MAX_DATE_MS) return '−∞';
  return new Date(ms).toISOString();
}

/** Whether a timestamp is a real time (not one of the engine's ±∞). */
export function isFiniteTime(ms: number): boolean {
  return Number.isFinite(ms) && Math.abs(ms) <= MAX_DATE_MS;
}

/** "2023-11-14 22:15:20" in UTC, with milliseconds only when they are not zero. */
function utcStamp(ms: number): string {
  const iso = new Date(ms).toISOString();
  const base = iso.slice(0, 19).replace('T', ' ');
  return iso.slice(20, 23) === '000' ? base : `${base}.${iso.slice(20, 23)}`;
}

/** "[2023-11-14 22:15:20 – 22:15:30) UTC": the end omits the date when it is the same day. */
export function fmtWindow(start: number, end: number): string {
  const s = utcStamp(start);
  const e = utcStamp(end);
  const sameDay = s.slice(0, 10) === e.slice(0, 10);
  return `[${s} – ${sameDay ? e.slice(11) : e}) UTC`;
}

/** "3.2 s behind now" / "1 min 5 s behind now" / "0.4 s ahead of now" (clock skew). */
export function fmtLag(watermark: number, now: number): string {
  if (!isFiniteTime(watermark)) return watermark > 0 ? 'every window has fired' : 'no watermark yet';
  const diff = now - watermark;
  const secs = Math.abs(diff) / 1000;
  let text: string;
  if (secs < 10) text = `${secs.toFixed(1)} s`;
  else if (secs < 120) text = `${Math.round(secs)} s`;
  else if (secs < 7200) text = `${Math.floor(secs / 60)} min ${Math.round(secs % 60)} s`;
  else text = `${(secs / 3600).toFixed(1)} h`;
  return diff >= 0 ? `${text} behind now` : `${text} ahead of now`;
}

/** Local wall-clock time of day for "updated at" hints. */
export function fmtClock(ms: number): string {
  return new Date(ms).toLocaleTimeString('en-GB', { hour12: false });
}

/** "0 s", "4.2 s", "3 min 5 s", "2.1 h": a duration in ms, as short as it stays readable. */
export function fmtDuration(ms: number): string {
  const secs = Math.abs(ms) / 1000;
  if (secs < 10) return `${secs.toFixed(1)} s`;
  if (secs < 120) return `${Math.round(secs)} s`;
  if (secs < 7200) return `${Math.floor(secs / 60)} min ${Math.round(secs % 60)} s`;
  return `${(secs / 3600).toFixed(1)} h`;
}

/** "1,234/s", "12.5/s", "0/s": records per second. */
export function fmtRate(perSecond: number): string {
  if (!Number.isFinite(perSecond) || perSecond <= 0) return '0/s';
  return perSecond < 100 ? `${Number(perSecond.toFixed(1))}/s` : `${intFormat.format(Math.round(perSecond))}/s`;
}

/** "2023-11-14 22:15:20" from an ISO instant (UTC), or the text as it is when it is not one. */
export function fmtInstant(iso: string | null | undefined): string {
  if (!iso) return '—';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** "2023-11-14 22:15:20" (UTC) of epoch ms, or the engine's ±∞ in words (see isoTime). */
export function fmtTime(ms: number): string {
  return isFiniteTime(ms) ? new Date(ms).toISOString().slice(0, 19).replace('T', ' ') : isoTime(ms);
}
