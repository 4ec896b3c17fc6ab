/**
 * SQLite calls are synchronous, so a long job (planning 15,000 check-ins, the daily sweep) made of
 * them never lets the event loop run: deliveries wait for the whole plan, and /healthz and Slack's
 * 3-second acks wait with them. Repositories that such jobs call in a loop await this, which gives
 * the event loop a turn once every few milliseconds of work and costs nothing in between.
 */
const SLICE_MS = 10;
let sliceStart = performance.now();

export async function breathe(): Promise<void> {
  if (performance.now() - sliceStart < SLICE_MS) return;
  await new Promise<void>((resolve) => setImmediate(resolve));
  sliceStart = performance.now();
}
