import { z } from "zod";
import { SeedError, type SeedDocument } from "../../core/emulator/seed-document.js";

export { SeedError, type SeedDocument };

/**
 * The emulator's seed file (`strongbox server --emulator --seed FILE`, docs/emulator.md), YAML or
 * JSON: what exists at start, with fixed ids and key material, so tests can keep ids and
 * ciphertexts as fixtures. Unknown fields are refused, not ignored: a typo must not seed less.
 */
const tags = z.record(z.string().min(1).max(128), z.string().max(256));

const SeedKey = z
  .object({
    keyId: z.uuid(),
    description: z.string().max(8192).optional(),
    keySpec: z.string().default("SYMMETRIC_DEFAULT"),
    keyUsage: z.string().optional(),
    /** Symmetric and HMAC keys: the raw key, base64. Asymmetric keys: a PEM private key. */
    material: z.string().min(1).optional(),
    /** Symmetric keys only: several backing keys, oldest first (a rotated key); the last is current. */
    materials: z.array(z.string().min(1)).min(1).optional(),
    policy: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
    tags: tags.optional(),
    enabled: z.boolean().default(true),
    /** Automatic rotation, every this many days (90 to 2560). */
    rotationPeriodInDays: z.number().int().min(90).max(2560).optional(),
  })
  .strict();

const SeedAlias = z.object({ name: z.string().regex(/^alias\/[a-zA-Z0-9/_-]+$/), targetKeyId: z.string().min(1) }).strict();

const SeedGrant = z
  .object({
    /** The grant's name: a seed applied again finds its grant by it (CreateGrant's named retry). */
    name: z.string().regex(/^[a-zA-Z0-9:/_-]{1,256}$/),
    keyId: z.string().min(1),
    granteePrincipal: z.string().min(1),
    operations: z.array(z.string()).min(1),
    retiringPrincipal: z.string().optional(),
    /** As CreateGrant takes them: EncryptionContextEquals / EncryptionContextSubset. */
    constraints: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

const SeedSecret = z
  .object({
    name: z.string().min(1).max(512),
    secretString: z.string().optional(),
    /** base64 */
    secretBinary: z.string().optional(),
    kmsKeyId: z.string().optional(),
    description: z.string().max(2048).optional(),
    tags: tags.optional(),
  })
  .strict();

const SeedParameter = z
  .object({
    name: z.string().min(1).max(2048),
    value: z.string(),
    type: z.enum(["String", "StringList", "SecureString"]).default("String"),
    kmsKeyId: z.string().optional(),
    description: z.string().max(1024).optional(),
  })
  .strict();

const SeedScope = z
  .object({
    /** Default: the server's --account-id. */
    accountId: z.string().regex(/^\d{12}$/).optional(),
    /** Default: the server's --region. */
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/).optional(),
    keys: z.array(SeedKey).default([]),
    aliases: z.array(SeedAlias).default([]),
    grants: z.array(SeedGrant).default([]),
    secrets: z.array(SeedSecret).default([]),
    parameters: z.array(SeedParameter).default([]),
  })
  .strict();

const SeedDocumentSchema = z.object({ accounts: z.array(SeedScope).min(1) }).strict();

/** The seed, or the first problem named by its place in the file (accounts[0].keys[2].keyId: ...). */
export function parseSeedDocument(value: unknown): SeedDocument {
  const parsed = SeedDocumentSchema.safeParse(value);
  if (parsed.success) return parsed.data satisfies SeedDocument;
  const issue = parsed.error.issues[0]!;
  const where = issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("").replace(/^\./, "");
  throw new SeedError(`${where || "the document"}: ${issue.message}`);
}
