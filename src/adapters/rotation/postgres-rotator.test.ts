import assert from "node:assert/strict";
import { randomBytes, randomInt, randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import pg from "pg";
import { postgresBinDir, startPostgres, type PostgresCluster } from "../../../test/helpers/postgres.js";
import { ROTATION_STEPS, RotationStepFailed, type RotationFunction, type RotationSecrets } from "../../ports/rotation.js";
import { DEFAULT_EXCLUDE_CHARACTERS, postgresRotator, type PostgresRotationStrategy } from "./postgres-rotator.js";

/**
 * The one test double here: Secrets Manager, whose use cases are built elsewhere. It keeps versions
 * and staging labels the way AWS does for the calls a rotation function makes.
 */
class FakeSecretsManager implements RotationSecrets {
  readonly secrets = new Map<string, Map<string, { value: string | undefined; stages: Set<string> }>>();
  readonly passwordRequests: { passwordLength?: number; excludeCharacters?: string }[] = [];

  create(id: string, value: object): void {
    this.secrets.set(id, new Map([[randomUUID(), { value: JSON.stringify(value), stages: new Set(["AWSCURRENT"]) }]]));
  }
  /** What RotateSecret does before calling the function: an empty version labelled AWSPENDING. */
  startRotation(id: string): string {
    const token = randomUUID();
    this.moveLabel(id, "AWSPENDING", token, undefined);
    return token;
  }
  current(id: string): Record<string, unknown> {
    return JSON.parse([...this.versions(id).values()].find((v) => v.stages.has("AWSCURRENT"))?.value ?? "null") as Record<string, unknown>;
  }
  private versions(id: string): Map<string, { value: string | undefined; stages: Set<string> }> {
    const versions = this.secrets.get(id);
    if (versions === undefined) throw new Error(`no secret ${id}`);
    return versions;
  }
  private moveLabel(id: string, label: string, to: string, value: string | undefined): void {
    const versions = this.versions(id);
    for (const v of versions.values()) v.stages.delete(label);
    const target = versions.get(to) ?? { value, stages: new Set<string>() };
    target.stages.add(label);
    versions.set(to, target);
  }
  async getSecretString(id: string, selector: { readonly versionStage: string } | { readonly versionId: string }): Promise<string | undefined> {
    const versions = this.versions(id);
    if ("versionId" in selector) return versions.get(selector.versionId)?.value;
    return [...versions.values()].find((v) => v.stages.has(selector.versionStage))?.value;
  }
  async versionStages(id: string): Promise<Record<string, readonly string[]>> {
    return Object.fromEntries([...this.versions(id)].map(([vid, v]) => [vid, [...v.stages]]));
  }
  async putPendingSecret(id: string, token: string, secretString: string): Promise<void> {
    const existing = this.versions(id).get(token);
    if (existing?.value !== undefined && existing.value !== secretString) throw new Error("ResourceExistsException");
    this.moveLabel(id, "AWSPENDING", token, secretString);
    this.versions(id).get(token)!.value = secretString;
  }
  async finish(id: string, token: string): Promise<void> {
    const old = [...this.versions(id)].find(([, v]) => v.stages.has("AWSCURRENT"))?.[0];
    this.moveLabel(id, "AWSCURRENT", token, undefined);
    if (old !== undefined && old !== token) this.moveLabel(id, "AWSPREVIOUS", old, undefined);
  }
  async randomPassword(options: { readonly passwordLength?: number; readonly excludeCharacters?: string }): Promise<string> {
    this.passwordRequests.push({ ...options });
    const alphabet = [..."ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!#$%&()*+,-.;<=>?[]^_`{|}~"].filter((c) => !(options.excludeCharacters ?? "").includes(c));
    return Array.from({ length: options.passwordLength ?? 32 }, () => alphabet[randomInt(alphabet.length)]).join("");
  }
}

const random = { bytes: (n: number) => randomBytes(n) };
// In CI a missing PostgreSQL fails the suite (.ci/run installs it); elsewhere the test is skipped.
const noPostgres = postgresBinDir() === undefined && process.env.CI !== "true" ? "PostgreSQL binaries not installed" : false;

describe("postgresRotator against a real PostgreSQL", { skip: noPostgres }, () => {
  let cluster: PostgresCluster;
  let startedIn = 0;

  before(async () => {
    const t = Date.now();
    cluster = await startPostgres();
    startedIn = Date.now() - t;
    await superuser(async (c) => {
      await c.query("CREATE DATABASE appdb");
    });
  });
  after(async () => {
    await cluster?.stop();
    console.log(`# PostgreSQL cluster started in ${startedIn} ms`);
  });

  async function superuser<T>(use: (c: pg.Client) => Promise<T>, database = "postgres"): Promise<T> {
    const c = new pg.Client({ host: cluster.host, port: cluster.port, user: cluster.superuser.username, password: cluster.superuser.password, database });
    await c.connect();
    try {
      return await use(c);
    } finally {
      await c.end();
    }
  }

  /** A fresh role (a name that needs quoting) that owns a table in appdb. */
  async function createUser(base: string): Promise<{ username: string; password: string }> {
    const username = `${base} "${randomBytes(3).toString("hex")}"'s`;
    const password = `init-${randomBytes(9).toString("base64url")}`;
    await superuser(async (c) => {
      await c.query(`CREATE ROLE ${c.escapeIdentifier(username)} WITH LOGIN PASSWORD ${c.escapeLiteral(password)}`);
      await c.query(`GRANT ALL ON DATABASE appdb TO ${c.escapeIdentifier(username)}`);
    });
    await superuser(async (c) => {
      await c.query(`GRANT ALL ON SCHEMA public TO ${c.escapeIdentifier(username)}`);
    }, "appdb");
    const owner = new pg.Client({ host: cluster.host, port: cluster.port, user: username, password, database: "appdb" });
    await owner.connect();
    await owner.query(`CREATE TABLE ${owner.escapeIdentifier(`t_${base}`)} (n int)`);
    await owner.query(`INSERT INTO ${owner.escapeIdentifier(`t_${base}`)} VALUES (42)`);
    await owner.end();
    return { username, password };
  }

  function dbSecret(user: { username: string; password: string }, extra: object = {}): object {
    return { engine: "postgres", host: cluster.host, port: cluster.port, username: user.username, password: user.password, dbname: "appdb", ...extra };
  }

  /** Logs in with a secret's credentials and reads the user's table; false when login is refused. */
  async function works(secret: Record<string, unknown>, table?: string): Promise<boolean> {
    const c = new pg.Client({ host: String(secret.host), port: Number(secret.port), user: String(secret.username), password: String(secret.password), database: String(secret.dbname), connectionTimeoutMillis: 3000 });
    try {
      await c.connect();
    } catch (error) {
      assert.match(String((error as Error).message), /password authentication failed|does not exist/);
      return false;
    }
    try {
      if (table !== undefined) assert.equal((await c.query(`SELECT n FROM ${c.escapeIdentifier(table)}`)).rows[0]?.n, 42);
      return true;
    } finally {
      await c.end();
    }
  }

  async function rotate(rotator: RotationFunction, sm: FakeSecretsManager, id: string): Promise<string> {
    const token = sm.startRotation(id);
    for (const step of ROTATION_STEPS) await rotator.run({ step, secretId: id, clientRequestToken: token }, sm);
    return token;
  }

  const rotatorFor = (strategy: PostgresRotationStrategy): RotationFunction => postgresRotator({ strategy, random });

  it("single user: rotates the password in the database; the old one stops working, the new one works", async () => {
    const user = await createUser("single");
    const sm = new FakeSecretsManager();
    sm.create("db", dbSecret(user, { note: "kept" }));
    const before = sm.current("db");
    await rotate(rotatorFor("single-user"), sm, "db");
    const after = sm.current("db");
    assert.equal(after.username, user.username);
    assert.notEqual(after.password, user.password);
    assert.equal(after.note, "kept");
    assert.deepEqual(sm.passwordRequests, [{ passwordLength: 32, excludeCharacters: DEFAULT_EXCLUDE_CHARACTERS }]);
    for (const c of ':/@"\'\\') assert.ok(!String(after.password).includes(c));
    assert.equal(await works(after, "t_single"), true);
    assert.equal(await works(before), false);
    assert.deepEqual(JSON.parse((await sm.getSecretString("db", { versionStage: "AWSPREVIOUS" })) ?? ""), before);
    // The password went to the server as a SCRAM verifier, not in the clear.
    const stored = await superuser(async (c) => (await c.query("SELECT rolpassword FROM pg_authid WHERE rolname = $1", [user.username])).rows[0]?.rolpassword as string);
    assert.match(stored, /^SCRAM-SHA-256\$4096:/);
    // A second rotation logs in with the (new) AWSCURRENT credentials.
    await rotate(rotatorFor("single-user"), sm, "db");
    assert.equal(await works(sm.current("db"), "t_single"), true);
    assert.equal(await works(after), false);
  });

  it("alternating users: the first rotation creates user_clone with the user's privileges, the second alternates back", async () => {
    const user = await createUser("multi");
    const sm = new FakeSecretsManager();
    sm.create("master", { engine: "postgres", host: cluster.host, port: cluster.port, username: cluster.superuser.username, password: cluster.superuser.password });
    sm.create("db", dbSecret(user, { masterarn: "master" }));
    const original = sm.current("db");
    const rotator = rotatorFor("alternating-users");

    await rotate(rotator, sm, "db");
    const first = sm.current("db");
    assert.equal(first.username, `${user.username}_clone`);
    assert.equal(first.masterarn, "master");
    assert.equal(await works(first, "t_multi"), true, "the clone reads the user's table");
    assert.equal(await works(original, "t_multi"), true, "the original user is untouched");
    const member = await superuser(async (c) => (await c.query("SELECT pg_has_role($1, $2, 'MEMBER') AS m", [first.username, user.username])).rows[0]?.m as boolean);
    assert.equal(member, true);

    await rotate(rotator, sm, "db");
    const second = sm.current("db");
    assert.equal(second.username, user.username);
    assert.notEqual(second.password, user.password);
    assert.equal(await works(second, "t_multi"), true);
    assert.equal(await works(original), false, "the user's old password no longer works");
    assert.equal(await works(first, "t_multi"), true, "AWSPREVIOUS (the clone) still works");
  });

  it("a failing testSecret leaves AWSCURRENT in place and working, and names no password", async () => {
    const user = await createUser("failing");
    const sm = new FakeSecretsManager();
    sm.create("db", dbSecret(user));
    const rotator = rotatorFor("single-user");
    const token = sm.startRotation("db");
    await rotator.run({ step: "createSecret", secretId: "db", clientRequestToken: token }, sm);
    const pending = JSON.parse((await sm.getSecretString("db", { versionId: token })) ?? "") as Record<string, unknown>;
    // setSecret skipped: the pending password was never set in the database.
    const error = await rotator.run({ step: "testSecret", secretId: "db", clientRequestToken: token }, sm).then(
      () => assert.fail("testSecret passed"),
      (e: unknown) => e,
    );
    assert.ok(error instanceof RotationStepFailed);
    assert.equal(error.step, "testSecret");
    assert.equal(error.message, "testSecret: unable to log into the database with the pending secret");
    for (const secret of [user.password, String(pending.password)]) assert.ok(!error.message.includes(secret));
    assert.equal(sm.current("db").password, user.password);
    assert.equal(await works(sm.current("db"), "t_failing"), true);
  });

  it("alternating users: a pending secret with a wrong dbname fails testSecret; AWSCURRENT keeps working", async () => {
    const user = await createUser("wrongdb");
    const sm = new FakeSecretsManager();
    sm.create("master", { engine: "postgres", host: cluster.host, port: cluster.port, username: cluster.superuser.username, password: cluster.superuser.password });
    sm.create("db", dbSecret(user, { masterarn: "master" }));
    const token = sm.startRotation("db");
    await sm.putPendingSecret("db", token, JSON.stringify({ ...sm.current("db"), username: `${user.username}_clone`, password: "Pending-Password-123", dbname: "nosuchdb" }));
    const rotator = rotatorFor("alternating-users");
    await rotator.run({ step: "setSecret", secretId: "db", clientRequestToken: token }, sm);
    await assert.rejects(rotator.run({ step: "testSecret", secretId: "db", clientRequestToken: token }, sm), (e: unknown) => e instanceof RotationStepFailed && !e.message.includes("Pending-Password-123"));
    assert.equal(await works(sm.current("db"), "t_wrongdb"), true);
  });

  it("setSecret refuses a pending secret for another host or user, changing nothing", async () => {
    const user = await createUser("guard");
    const sm = new FakeSecretsManager();
    sm.create("db", dbSecret(user));
    const rotator = rotatorFor("single-user");
    for (const [change, message] of [[{ host: "localhost" }, /names a host other than the current secret.s host/], [{ username: cluster.superuser.username }, /names a user other than the current secret.s user/]] as const) {
      const token = sm.startRotation("db");
      await sm.putPendingSecret("db", token, JSON.stringify({ ...sm.current("db"), password: "Another-Password-456", ...change }));
      await assert.rejects(rotator.run({ step: "setSecret", secretId: "db", clientRequestToken: token }, sm), message);
    }
    assert.equal(await works(sm.current("db")), true);
  });

  it("every step can run again with the same token without changing the outcome", async () => {
    const user = await createUser("again");
    const sm = new FakeSecretsManager();
    sm.create("db", dbSecret(user));
    const rotator = rotatorFor("single-user");
    const token = sm.startRotation("db");
    for (const step of ROTATION_STEPS) {
      await rotator.run({ step, secretId: "db", clientRequestToken: token }, sm);
      await rotator.run({ step, secretId: "db", clientRequestToken: token }, sm);
    }
    assert.equal(sm.passwordRequests.length, 1, "createSecret generated one password");
    const current = sm.current("db");
    assert.equal((await sm.versionStages("db"))[token]?.includes("AWSCURRENT"), true);
    assert.equal(await works(current, "t_again"), true);
    // After the rotation finished, replaying any step is a no-op.
    for (const step of ROTATION_STEPS) await rotator.run({ step, secretId: "db", clientRequestToken: token }, sm);
    assert.deepEqual(sm.current("db"), current);
  });

  it("refuses a token that is not AWSPENDING, and a secret that is not PostgreSQL", async () => {
    const user = await createUser("staging");
    const sm = new FakeSecretsManager();
    sm.create("db", dbSecret(user, { engine: "mysql" }));
    const rotator = rotatorFor("single-user");
    await assert.rejects(rotator.run({ step: "createSecret", secretId: "db", clientRequestToken: randomUUID() }, sm), /has no stage for rotation/);
    const token = sm.startRotation("db");
    await assert.rejects(rotator.run({ step: "createSecret", secretId: "db", clientRequestToken: token }, sm), /createSecret: the AWSCURRENT secret's engine must be "postgres"/);
    sm.create("tls", dbSecret(user, { ssl: "true" }));
    const t1 = sm.startRotation("tls");
    await assert.rejects(rotator.run({ step: "createSecret", secretId: "tls", clientRequestToken: t1 }, sm), /asks for TLS/);
    sm.create("text", {});
    sm.secrets.get("text")!.values().next().value!.value = `not json ${user.password}`;
    const t2 = sm.startRotation("text");
    await assert.rejects(rotator.run({ step: "createSecret", secretId: "text", clientRequestToken: t2 }, sm), (e: unknown) => e instanceof RotationStepFailed && e.message === "createSecret: the AWSCURRENT secret is not valid JSON");
  });
});
