import type { CheckinStore } from "../../src/ports/checkin-store.js";
import type { Executor } from "../executor.js";
import { createCheckinPart } from "./checkins.js";
import { createEscalationPart } from "./escalations.js";
import { createOutboxStore } from "./outbox.js";

/** The CheckinStore port: check-ins and answers, escalations, the outbox (planning and claiming leased on PostgreSQL). */
export function createCheckinStore(x: Executor): CheckinStore {
  return { ...createCheckinPart(x), ...createEscalationPart(x), ...createOutboxStore(x) };
}
