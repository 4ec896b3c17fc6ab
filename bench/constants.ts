/** Shared by the load generator and the servers it drives. */
export const SIGNING_SECRET = "bench-signing-secret";
export const BOT_TOKEN = "xoxb-bench";
