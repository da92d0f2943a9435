/**
 * The database secret the PostgreSQL rotator works on, in the JSON AWS's RDS PostgreSQL rotation
 * templates expect: {"engine":"postgres","host","port","username","password","dbname","masterarn"}.
 * Connections are plain TCP. AWS's templates also read an `ssl` key (absent: try TLS, fall back to
 * plain; true: TLS with verify-full only); TLS is not supported here yet, so a secret that asks for
 * it is refused rather than silently sent in the clear.
 */
import pg from "pg";

export interface DbCredentials {
  /** Every key of the secret, so a new version keeps the ones the rotator does not know. */
  readonly fields: Readonly<Record<string, unknown>>;
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly password: string;
  readonly dbname: string;
  readonly masterarn: string | undefined;
}

/** The engines AWS's templates accept. */
const ENGINES = ["postgres", "aurora-postgresql"];
const CLONE_SUFFIX = "_clone";
/** PostgreSQL's NAMEDATALEN - 1. */
const MAX_IDENTIFIER_BYTES = 63;

/** Why a secret cannot be used; the text never quotes the secret (a JSON parse error would). */
export class BadSecret extends Error {}

export function parseCredentials(secretString: string, what: string): DbCredentials {
  let parsed: unknown;
  try {
    parsed = JSON.parse(secretString);
  } catch {
    throw new BadSecret(`the ${what} secret is not valid JSON`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new BadSecret(`the ${what} secret is not a JSON object`);
  const fields = parsed as Record<string, unknown>;
  for (const key of ["host", "username", "password", "engine"]) {
    if (typeof fields[key] !== "string" || fields[key] === "") throw new BadSecret(`the ${what} secret has no ${key}`);
  }
  if (!ENGINES.includes(fields.engine as string)) throw new BadSecret(`the ${what} secret's engine must be "postgres" to use the PostgreSQL rotator`);
  const rawPort = fields.port ?? 5432;
  const port = typeof rawPort === "number" ? rawPort : typeof rawPort === "string" && /^\d{1,5}$/.test(rawPort) ? Number(rawPort) : NaN;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new BadSecret(`the ${what} secret's port is not a TCP port`);
  const dbname = fields.dbname === undefined || fields.dbname === null ? "postgres" : fields.dbname;
  if (typeof dbname !== "string" || dbname === "") throw new BadSecret(`the ${what} secret's dbname is not a string`);
  if (fields.ssl === true || (typeof fields.ssl === "string" && fields.ssl.toLowerCase() === "true")) {
    throw new BadSecret(`the ${what} secret asks for TLS ("ssl": true), which the PostgreSQL rotator does not support yet`);
  }
  const masterarn = typeof fields.masterarn === "string" && fields.masterarn !== "" ? fields.masterarn : undefined;
  return { fields, host: fields.host as string, port, username: fields.username as string, password: fields.password as string, dbname, masterarn };
}

/** Alternating users: `user` ↔ `user_clone`, as AWS's MultiUser template names them. */
export function alternateUsername(username: string): string {
  if (username.endsWith(CLONE_SUFFIX)) return username.slice(0, -CLONE_SUFFIX.length);
  const clone = `${username}${CLONE_SUFFIX}`;
  if (Buffer.byteLength(clone) > MAX_IDENTIFIER_BYTES) throw new BadSecret(`cannot clone user ${username}: with ${CLONE_SUFFIX} the name would exceed ${MAX_IDENTIFIER_BYTES} bytes`);
  return clone;
}

/** A logged-in connection, or undefined when these credentials do not log in (any reason: as AWS's templates treat it). */
export async function logIn(credentials: DbCredentials, timeoutMs: number): Promise<pg.Client | undefined> {
  const client = new pg.Client({
    host: credentials.host,
    port: credentials.port,
    user: credentials.username,
    password: credentials.password,
    database: credentials.dbname,
    ssl: false,
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs,
    application_name: "strongbox-rotation",
  });
  // A connection dropped later surfaces on the next query; without a listener it would crash the process.
  client.on("error", () => undefined);
  try {
    await client.connect();
    return client;
  } catch {
    await client.end().catch(() => undefined);
    return undefined;
  }
}

/** Runs `use` on a connection and always closes it. */
export async function withClient<T>(client: pg.Client, use: (client: pg.Client) => Promise<T>): Promise<T> {
  try {
    return await use(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}
