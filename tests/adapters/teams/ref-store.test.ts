import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseStoredReference } from "../../../adapters/teams/ref-store.js";
import { closeDatabase, type Db, openDatabase } from "../../../db/client.js";
import { sqliteExecutor } from "../../../db/sqlite/executor.js";
import { createConversationRefStore } from "../../../db/stores/conversation-refs.js";

const ref = (conversationId: string, user = "29:u") => ({
  channelId: "msteams",
  serviceUrl: "https://smba.trafficmanager.net/emea/",
  conversation: { id: conversationId, conversationType: "personal" },
  bot: { id: "28:bot" },
  user: { id: user },
});

describe("conversation reference store (SQLite)", () => {
  let dir: string;
  let db: Db;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "pulse-refs-"));
    db = openDatabase(join(dir, "pulse.db"));
  });
  afterEach(() => {
    closeDatabase(db);
    rmSync(dir, { recursive: true, force: true });
  });

  it("saves, replaces and reads back per workspace and target, survives a reopen", async () => {
    const store = createConversationRefStore(sqliteExecutor(db));
    await store.save("t1", { kind: "user", id: "aad-1" }, ref("a:old"));
    await store.save("t1", { kind: "user", id: "aad-1" }, ref("a:new"));
    await store.save("t2", { kind: "user", id: "aad-1" }, ref("a:other-tenant"));
    await store.save("t1", { kind: "channel", id: "19:c" }, ref("19:c"));

    closeDatabase(db);
    db = openDatabase(join(dir, "pulse.db"));
    const reopened = createConversationRefStore(sqliteExecutor(db));
    expect(await reopened.get("t1", { kind: "user", id: "aad-1" })).toMatchObject({
      conversation: { id: "a:new" },
    });
    expect(await reopened.get("t2", { kind: "user", id: "aad-1" })).toMatchObject({
      conversation: { id: "a:other-tenant" },
    });
    expect(await reopened.get("t1", { kind: "channel", id: "aad-1" })).toBeUndefined();
    expect(await reopened.findByConversation("t1", "19:c")).toMatchObject({ conversation: { id: "19:c" } });
    expect(await reopened.findByConversation("t2", "19:c")).toBeUndefined();
    expect(await reopened.list("t1", "user")).toEqual(["aad-1"]);
  });

  it("an unusable stored reference counts as none, and an old activity id is dropped", () => {
    expect(parseStoredReference({ conversation: { id: "x" } })).toBeUndefined();
    expect(parseStoredReference({ ...ref("a:1"), serviceUrl: "not a url" })).toBeUndefined();
    expect(parseStoredReference({ ...ref("a:1"), activityId: "123" })).not.toHaveProperty("activityId");
  });
});
