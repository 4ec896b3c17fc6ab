import { defineConfig } from "drizzle-kit";

/** PostgreSQL migrations: `npx drizzle-kit generate --config db/pg/drizzle.config.ts --name <name>`. */
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/pg/schema.ts",
  out: "./db/pg/migrations",
});
