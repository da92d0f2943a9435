import { sha256Hex } from "../../core/crypto/kdf.js";
import { HMAC_KEY_BYTES, KEY_USAGES, privateKeyFromPem, privateKeyFromSeed } from "../../core/crypto/keys/index.js";
import { defaultKeyPolicy } from "../../core/kms/default-key-policy.js";
import { keyArn } from "../../core/kms/identifiers.js";
import { rotate } from "../../core/kms/key-state.js";
import { newKmsKey, type KeyLocator, type KeySpec, type KeyUsage, type KmsKey } from "../../core/kms/kms-key.js";
import { SecretBytes } from "../../core/secret-bytes.js";
import { SeedError, type SeedDocument, type SeedKey } from "../../core/emulator/seed-document.js";
import type { KeyRepository, WrappedKeyMaterial } from "../../ports/key-repository.js";
import type { RequestContext } from "../context.js";
import { rootPrincipalArn } from "../identity/principals.js";

/** Calls one operation of a service as a request would, wire input and all (the seed goes through the same rules). */
export type InvokeOperation = (service: "kms" | "secretsmanager" | "ssm", operation: string, input: Record<string, unknown>, ctx: RequestContext) => Promise<unknown>;

export interface SeedDeps {
  readonly keys: Pick<KeyRepository, "create" | "get" | "update">;
  readonly material: {
    wrap(locator: KeyLocator, materialId: string, material: SecretBytes): WrappedKeyMaterial;
    create(locator: KeyLocator, spec: KeySpec, materialId: string): Promise<{ material: WrappedKeyMaterial; publicKey: Buffer | undefined }>;
  };
  readonly accounts: { ensure(accountId: string, createdAt: Date): Promise<boolean> };
  readonly invoke: InvokeOperation;
  readonly partition: string;
  readonly defaults: { readonly accountId: string; readonly region: string };
  readonly now: () => Date;
  readonly newRequestId: () => string;
}

export interface SeedReport {
  keys: number;
  aliases: number;
  grants: number;
  secrets: number;
  parameters: number;
}

/**
 * Makes what a seed file names (docs/emulator.md): keys with their fixed ids and material, then
 * aliases, grants, secrets and parameters through the operations themselves, as each account's root.
 * Whatever exists already (a persistent data dir, a second start) is left as it is, so applying a
 * seed twice changes nothing. A failure names the entry: `accounts[0].keys[2] (<key id>): ...`.
 */
export async function applySeed(deps: SeedDeps, seed: SeedDocument): Promise<SeedReport> {
  const report: SeedReport = { keys: 0, aliases: 0, grants: 0, secrets: 0, parameters: 0 };
  for (const [s, scope] of seed.accounts.entries()) {
    const accountId = scope.accountId ?? deps.defaults.accountId;
    const region = scope.region ?? deps.defaults.region;
    await deps.accounts.ensure(accountId, deps.now());
    const ctx = (): RequestContext => ({
      requestId: deps.newRequestId(),
      caller: { accountId, principalArn: rootPrincipalArn(deps.partition, accountId), accessKeyId: "seed", principalType: "Root", userId: accountId, principalTags: {} },
      partition: deps.partition,
      region,
      now: deps.now(),
      sourceIp: "",
      secureTransport: true,
    });
    const entry = async (where: string, run: () => Promise<boolean>): Promise<number> => {
      try {
        return (await run()) ? 1 : 0;
      } catch (error) {
        throw new SeedError(`accounts[${s}].${where}: ${(error as Error).message}`);
      }
    };
    /** An operation whose "exists already" answer means the seed was applied before. */
    const unlessExists = async (service: "kms" | "secretsmanager" | "ssm", operation: string, input: Record<string, unknown>, exists: string): Promise<boolean> => {
      try {
        await deps.invoke(service, operation, input, ctx());
        return true;
      } catch (error) {
        if ((error as Error).name === exists) return false;
        throw error;
      }
    };
    for (const [i, key] of scope.keys.entries()) {
      report.keys += await entry(`keys[${i}] (${key.keyId})`, () => seedKey(deps, ctx, { accountId, region }, key));
    }
    for (const [i, alias] of scope.aliases.entries()) {
      report.aliases += await entry(`aliases[${i}] (${alias.name})`, () => unlessExists("kms", "CreateAlias", { AliasName: alias.name, TargetKeyId: alias.targetKeyId }, "AlreadyExistsException"));
    }
    for (const [i, grant] of scope.grants.entries()) {
      const input = {
        Name: grant.name,
        KeyId: grant.keyId,
        GranteePrincipal: grant.granteePrincipal,
        Operations: grant.operations,
        ...(grant.retiringPrincipal !== undefined ? { RetiringPrincipal: grant.retiringPrincipal } : {}),
        ...(grant.constraints !== undefined ? { Constraints: grant.constraints } : {}),
      };
      // A named grant made again is the same grant: applying the seed twice changes nothing.
      report.grants += await entry(`grants[${i}] (${grant.name})`, async () => (await deps.invoke("kms", "CreateGrant", input, ctx()), true));
    }
    for (const [i, secret] of scope.secrets.entries()) {
      const input = {
        Name: secret.name,
        // The same version id every time the seed is applied: its versions are fixtures too.
        ClientRequestToken: seededUuid(`secret|${accountId}|${region}|${secret.name}`),
        ...(secret.secretString !== undefined ? { SecretString: secret.secretString } : {}),
        ...(secret.secretBinary !== undefined ? { SecretBinary: secret.secretBinary } : {}),
        ...(secret.kmsKeyId !== undefined ? { KmsKeyId: secret.kmsKeyId } : {}),
        ...(secret.description !== undefined ? { Description: secret.description } : {}),
        ...(secret.tags !== undefined ? { Tags: Object.entries(secret.tags).map(([Key, Value]) => ({ Key, Value })) } : {}),
      };
      report.secrets += await entry(`secrets[${i}] (${secret.name})`, () => unlessExists("secretsmanager", "CreateSecret", input, "ResourceExistsException"));
    }
    for (const [i, parameter] of scope.parameters.entries()) {
      const input = {
        Name: parameter.name,
        Value: parameter.value,
        Type: parameter.type,
        ...(parameter.kmsKeyId !== undefined ? { KeyId: parameter.kmsKeyId } : {}),
        ...(parameter.description !== undefined ? { Description: parameter.description } : {}),
      };
      report.parameters += await entry(`parameters[${i}] (${parameter.name})`, () => unlessExists("ssm", "PutParameter", input, "ParameterAlreadyExists"));
    }
  }
  return report;
}

/** A UUID-shaped id derived from `what`: the same on every start. */
function seededUuid(what: string): string {
  const h = sha256Hex(`strongbox seed|${what}`);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A seeded backing key's id: the same for the same key and place, so ciphertexts made under it stay valid fixtures. */
const seededMaterialId = (keyId: string, index: number) => sha256Hex(`strongbox seed material|${keyId}|${index}`);

async function seedKey(deps: SeedDeps, ctx: () => RequestContext, scope: { accountId: string; region: string }, seed: SeedKey): Promise<boolean> {
  const locator = { accountId: scope.accountId, region: scope.region, keyId: seed.keyId };
  if ((await deps.keys.get(locator)) !== undefined) return false;
  const keySpec = seed.keySpec as KeySpec;
  const usages = KEY_USAGES[keySpec];
  if (usages === undefined || keySpec === "SM2") throw new Error(`keySpec ${seed.keySpec} is not one Strongbox offers`);
  const keyUsage = (seed.keyUsage ?? usages[0]) as KeyUsage;
  if (!usages.includes(keyUsage)) throw new Error(`keyUsage ${seed.keyUsage} is not valid for ${keySpec} (${usages.join(", ")})`);
  const texts = seed.materials ?? (seed.material !== undefined ? [seed.material] : []);
  if (texts.length > 1 && keySpec !== "SYMMETRIC_DEFAULT") throw new Error("only SYMMETRIC_DEFAULT keys take several backing keys (materials)");
  if (seed.materials !== undefined && seed.material !== undefined) throw new Error("give material or materials, not both");

  const ids = (texts.length === 0 ? [0] : texts.map((_, i) => i)).map((i) => seededMaterialId(seed.keyId, i));
  const wrapped: WrappedKeyMaterial[] = [];
  let publicKey: Buffer | undefined;
  if (texts.length === 0) {
    const created = await deps.material.create(locator, keySpec, ids[0]!);
    wrapped.push(created.material);
    publicKey = created.publicKey;
  } else {
    for (const [i, text] of texts.entries()) {
      const material = decodeMaterial(keySpec, text);
      try {
        wrapped.push(deps.material.wrap(locator, ids[i]!, material.privateKey));
        publicKey = material.publicKey;
      } finally {
        material.privateKey.dispose();
      }
    }
  }
  const now = deps.now();
  let key: KmsKey = newKmsKey({
    origin: { type: "AWS_KMS", materialId: ids[0]! },
    keySpec,
    keyUsage,
    publicKey,
    locator,
    arn: keyArn({ partition: deps.partition, ...scope }, seed.keyId),
    createdAt: now,
    description: seed.description ?? "",
    tags: [],
    policy: defaultKeyPolicy(deps.partition, scope.accountId),
    policyPins: {},
  });
  await deps.keys.create(key, wrapped[0]);
  for (const [i, material] of wrapped.entries()) {
    if (i === 0) continue;
    const rotated = rotate(key, { id: material.id, createdAt: now, rotationType: "ON_DEMAND" });
    if (!(await deps.keys.update(rotated, material))) throw new Error("the key changed while it was seeded");
    key = rotated;
  }
  // The rest through the operations, with their checks: policy, tags, rotation, state.
  const KeyId = seed.keyId;
  if (seed.policy !== undefined) {
    await deps.invoke("kms", "PutKeyPolicy", { KeyId, PolicyName: "default", Policy: typeof seed.policy === "string" ? seed.policy : JSON.stringify(seed.policy) }, ctx());
  }
  if (seed.tags !== undefined) await deps.invoke("kms", "TagResource", { KeyId, Tags: Object.entries(seed.tags).map(([TagKey, TagValue]) => ({ TagKey, TagValue })) }, ctx());
  if (seed.rotationPeriodInDays !== undefined) await deps.invoke("kms", "EnableKeyRotation", { KeyId, RotationPeriodInDays: seed.rotationPeriodInDays }, ctx());
  if (!seed.enabled) await deps.invoke("kms", "DisableKey", { KeyId }, ctx());
  return true;
}

/**
 * Seed material as the store keeps it: raw bytes for symmetric and HMAC keys (base64 in the file),
 * the seed for ML-DSA and ML-KEM keys (base64), PKCS#8 for the other asymmetric ones (PEM).
 */
function decodeMaterial(spec: KeySpec, text: string): { privateKey: SecretBytes; publicKey: Buffer | undefined } {
  if (spec === "SYMMETRIC_DEFAULT" || spec in HMAC_KEY_BYTES) {
    const expected = spec === "SYMMETRIC_DEFAULT" ? 32 : HMAC_KEY_BYTES[spec as keyof typeof HMAC_KEY_BYTES];
    const bytes = Buffer.from(text, "base64");
    if (bytes.length !== expected || !/^[A-Za-z0-9+/]+={0,2}$/.test(text.trim())) {
      bytes.fill(0);
      throw new Error(`a ${spec} key's material is ${expected} bytes in base64`);
    }
    return { privateKey: SecretBytes.adopt(bytes), publicKey: undefined };
  }
  if (spec.startsWith("ML_DSA_") || spec.startsWith("ML_KEM_")) {
    const seed = Buffer.from(text, "base64");
    try {
      return privateKeyFromSeed(spec, seed);
    } finally {
      seed.fill(0);
    }
  }
  return privateKeyFromPem(spec, text);
}
