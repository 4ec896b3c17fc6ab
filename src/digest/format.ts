/** Small wording helpers shared by the digest sections. */
import { DateTime } from "luxon";
import { DAY } from "../core/clock.js";

/** Whole days from `from` to `to`, never negative. */
export function daysBetween(from: Date, to: Date): number {
  return Math.max(0, Math.floor((to.getTime() - from.getTime()) / DAY));
}

export function ago(from: Date, now: Date): string {
  const days = daysBetween(from, now);
  if (days === 0) return "today";
  return days === 1 ? "1 day ago" : `${days} days ago`;
}

/** "3 Dec" (with the year when it differs from `now`'s), in the workspace's zone. */
export function shortDate(date: Date, now: Date, zone: string): string {
  // A stored zone that luxon does not know falls back to UTC rather than "Invalid DateTime".
  const z = DateTime.fromJSDate(now, { zone }).isValid ? zone : "UTC";
  const d = DateTime.fromJSDate(date, { zone: z });
  const sameYear = d.year === DateTime.fromJSDate(now, { zone: z }).year;
  return d.toFormat(sameYear ? "d LLL" : "d LLL yyyy");
}

/** "5,000": counts read faster with separators. */
export function num(n: number): string {
  return n.toLocaleString("en-US");
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${num(n)} ${n === 1 ? one : many}`;
}

/** A signed change for counts: "+2", "−1" (a real minus sign), "" when unchanged. */
export function signed(delta: number, digits = 0): string {
  if (delta === 0) return "";
  const abs = digits === 0 ? num(Math.abs(delta)) : Math.abs(delta).toFixed(digits);
  return delta > 0 ? `+${abs}` : `−${abs}`;
}

/** User-written text, on one line, bounded, in quotes so it reads as theirs. */
export function quote(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, " ").trim();
  const cut = flat.length > max ? `${flat.slice(0, max - 1).trimEnd()}…` : flat;
  return `“${cut}”`;
}

export function names(list: string[]): string {
  return list.length ? list.join(", ") : "none";
}

/** Slug order for ties: numeric-aware, so "init-9" comes before "init-10". */
export const compareSlugs = new Intl.Collator("en", { numeric: true }).compare;
