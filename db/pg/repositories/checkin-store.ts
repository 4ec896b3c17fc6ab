import type { CheckinStore } from "../../../src/ports/checkin-store.js";
import type { PgDb } from "../client.js";
import { createCheckinPart } from "./checkins.js";
import { createEscalationPart } from "./escalations.js";
import type { LeaseOptions } from "./lease.js";
import { createOutboxStore } from "./outbox.js";

/** The CheckinStore port over PostgreSQL: check-ins and answers, escalations, leased planning and the leased outbox. */
export function createPgCheckinStore(db: PgDb, lease: LeaseOptions = {}): CheckinStore {
  return { ...createCheckinPart(db, lease), ...createEscalationPart(db), ...createOutboxStore(db, lease) };
}
