import type { CheckinStore } from "../../../src/checkins/store.js";
import type { PgDb } from "../client.js";
import { createCheckinPart } from "./checkins.js";
import { createEscalationPart } from "./escalations.js";
import { createOutboxStore, type LeaseOptions } from "./outbox.js";

/** The CheckinStore port over PostgreSQL: check-ins and answers, escalations, the leased outbox. */
export function createPgCheckinStore(db: PgDb, lease: LeaseOptions = {}): CheckinStore {
  return { ...createCheckinPart(db), ...createEscalationPart(db), ...createOutboxStore(db, lease) };
}
