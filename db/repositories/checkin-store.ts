import type { CheckinStore } from "../../src/ports/checkin-store.js";
import type { Db } from "../client.js";
import { createCheckinPart } from "./checkins.js";
import { createEscalationPart } from "./escalations.js";
import { createOutboxStore } from "./outbox.js";

/** The CheckinStore port over SQLite: check-ins and answers, escalations, the outbox. */
export function createCheckinStore(db: Db): CheckinStore {
  return { ...createCheckinPart(db), ...createEscalationPart(db), ...createOutboxStore(db) };
}
