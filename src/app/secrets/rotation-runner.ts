import { isServiceError } from "../../core/errors.js";
import { uuidFromRandom } from "../../core/kms/identifiers.js";
import { placeholderVersion, type RotationInProgress, type Secret, type SecretRotation } from "../../core/secrets/secret.js";
import { AWSPENDING } from "../../core/secrets/stages.js";
import type { Clock } from "../../ports/clock.js";
import type { PrincipalDirectory } from "../../ports/identity-policies.js";
import type { Logger } from "../../ports/logger.js";
import { ROTATION_STEPS, RotationStepFailed, type RotationFunctionLookup, type RotationSecrets, type RotationStep } from "../../ports/rotation.js";
import type { SecretRepository } from "../../ports/secret-repository.js";
import type { RequestContext } from "../context.js";
import { CANNOT_INVOKE } from "./rotate-secret.js";
import { nextRotationDate, rotationUnfinished } from "./rotation-rules.js";

/** A runner holds a rotation this long at most before another may take it over (a crashed process). */
const LEASE_MS = 15 * 60_000;
const BATCH = 50;
const RETRY_BASE_MS = 60_000;
const RETRY_MAX_MS = 24 * 60 * 60_000;

export type RotationEventName = "RotationStarted" | "RotationSucceeded" | "RotationFailed";

export interface RotationRunnerDeps {
  readonly secrets: Pick<SecretRepository, "getByArn" | "update" | "dueForRotation">;
  readonly functionFor: RotationFunctionLookup;
  readonly principals: PrincipalDirectory;
  /** Secrets Manager as the rotation's identity sees it (app/secrets/rotation-api.ts). */
  readonly api: (ctx: RequestContext) => RotationSecrets;
  readonly clock: Clock;
  readonly randomBytes: (n: number) => Buffer;
  readonly newRequestId: () => string;
  readonly partition: string;
  readonly logger: Logger;
  /** CloudTrail's Secrets Manager service events: RotationStarted, RotationSucceeded, RotationFailed. */
  readonly onEvent: (eventName: RotationEventName, secret: Secret, details: Record<string, unknown>) => Promise<void>;
}

/**
 * Runs rotations: the four steps of the secret's rotation function, one after the other, each
 * recorded on the secret before the next (a restart resumes where it stopped). A failed step
 * leaves AWSCURRENT as it was and the rotation in progress, tried again with back-off. Scheduled
 * rotations start here when their window opens.
 */
export function makeRotationRunner(deps: RotationRunnerDeps) {
  /** Applies `change` to the secret's rotation if it still is the rotation read; false when another write won. */
  async function saveRotation(secret: Secret, rotation: SecretRotation): Promise<Secret | undefined> {
    const next = { ...secret, rotation, revision: secret.revision + 1 };
    return (await deps.secrets.update(next)) ? next : undefined;
  }

  async function startScheduled(secret: Secret, rotation: SecretRotation, versionId: string, now: Date): Promise<Secret | undefined> {
    if (rotationUnfinished(secret)) return undefined;
    const next = { ...secret, rotation, stages: new Map(secret.stages).set(AWSPENDING, versionId), revision: secret.revision + 1 };
    return (await deps.secrets.update(next, { newVersion: placeholderVersion(versionId, now) })) ? next : undefined;
  }

  function withProgress(rotation: SecretRotation, inProgress: RotationInProgress | undefined): SecretRotation {
    const { inProgress: _old, ...rest } = rotation;
    return inProgress === undefined ? rest : { ...rest, inProgress };
  }

  async function contextFor(secret: Secret, rotation: SecretRotation): Promise<RequestContext | undefined> {
    const caller = await deps.principals.describe(rotation.principalArn);
    if (caller === undefined) return undefined;
    return { requestId: deps.newRequestId(), caller, partition: deps.partition, region: secret.region, now: deps.clock.now(), sourceIp: "", secureTransport: true };
  }

  async function fail(secret: Secret, rotation: SecretRotation, step: RotationStep, message: string): Promise<void> {
    const now = deps.clock.now();
    const inProgress = rotation.inProgress!;
    const attempts = inProgress.attempts + 1;
    const retryAtMs = now.getTime() + Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.min(attempts - 1, 20));
    const { leaseUntilMs: _released, ...progress } = inProgress;
    const failed = { ...withProgress(rotation, { ...progress, nextStep: step, attempts, retryAtMs }), lastFailure: { at: now, step, message } };
    const saved = await saveRotation(secret, failed);
    deps.logger.warn({ secretArn: secret.arn, step, attempts }, "secret rotation step failed");
    await deps.onEvent("RotationFailed", saved ?? secret, { step, reason: message, versionId: inProgress.versionId, attempts });
  }

  /** Runs (or resumes) the rotation of one secret, if it has one due and nobody else holds it. */
  async function rotate(arn: string): Promise<void> {
    let secret = await deps.secrets.getByArn(arn);
    let rotation = secret?.rotation;
    if (secret === undefined || rotation === undefined || secret.deletionDate !== undefined) return;
    const now = deps.clock.now();
    let inProgress = rotation.inProgress;
    const scheduled = inProgress === undefined;
    if (inProgress === undefined) {
      if (!rotation.enabled || rotation.nextRotationAt === undefined || rotation.nextRotationAt > now) return;
      inProgress = { versionId: uuidFromRandom(deps.randomBytes(16)), nextStep: "createSecret", attempts: 0 };
    }
    if ((inProgress.leaseUntilMs ?? 0) > now.getTime() || (inProgress.retryAtMs ?? 0) > now.getTime()) return;
    // Claim it: one runner per rotation, across processes, for LEASE_MS at most. A scheduled
    // rotation starts as RotateSecret's does, with an empty version labelled AWSPENDING.
    const leased = withProgress(rotation, { ...inProgress, leaseUntilMs: now.getTime() + LEASE_MS });
    const claimed = scheduled ? await startScheduled(secret, leased, inProgress.versionId, now) : await saveRotation(secret, leased);
    if (claimed === undefined) return;
    secret = claimed;
    rotation = claimed.rotation!;
    inProgress = rotation.inProgress!;
    if (inProgress.nextStep === "createSecret" && inProgress.attempts === 0) await deps.onEvent("RotationStarted", secret, { versionId: inProgress.versionId });

    const fn = deps.functionFor(rotation.lambdaArn);
    if (fn === undefined) return fail(secret, rotation, inProgress.nextStep, CANNOT_INVOKE);
    const ctx = await contextFor(secret, rotation);
    if (ctx === undefined) return fail(secret, rotation, inProgress.nextStep, `The principal that configured rotation, ${rotation.principalArn}, no longer exists.`);
    const api = deps.api(ctx);
    for (const step of ROTATION_STEPS.slice(ROTATION_STEPS.indexOf(inProgress.nextStep))) {
      try {
        await fn.run({ step, secretId: secret.arn, clientRequestToken: inProgress.versionId }, api);
      } catch (error) {
        const message = error instanceof RotationStepFailed ? error.message : isServiceError(error) ? `${error.type}: ${error.message}` : "The rotation function failed unexpectedly.";
        if (!(error instanceof RotationStepFailed) && !isServiceError(error)) deps.logger.error({ secretArn: secret.arn, step, err: String(error) }, "rotation function threw");
        const latest = (await deps.secrets.getByArn(secret.arn)) ?? secret;
        return fail(latest, latest.rotation ?? rotation, step, message);
      }
      const following = ROTATION_STEPS[ROTATION_STEPS.indexOf(step) + 1];
      // The step moved labels (finishSecret) or versions: progress is saved on the secret as it now is.
      const latest = await deps.secrets.getByArn(secret.arn);
      if (latest?.rotation?.inProgress?.versionId !== inProgress.versionId) return; // cancelled meanwhile
      if (following !== undefined) {
        const saved = await saveRotation(latest, withProgress(latest.rotation, { ...latest.rotation.inProgress, nextStep: following }));
        if (saved === undefined) return;
        secret = saved;
        continue;
      }
      const finishedAt = deps.clock.now();
      const { lastFailure: _cleared, ...done } = withProgress(latest.rotation, undefined);
      const nextRotationAt = done.enabled ? nextRotationDate(latest, done.rules, finishedAt, finishedAt) : undefined;
      const { nextRotationAt: _previous, ...base } = done;
      const saved = await saveRotation(latest, { ...base, lastRotatedAt: finishedAt, ...(nextRotationAt !== undefined ? { nextRotationAt } : {}) });
      await deps.onEvent("RotationSucceeded", saved ?? latest, { versionId: inProgress.versionId });
    }
  }

  return {
    rotate,
    /** Rotations due now (scheduled windows that opened, failed ones whose retry time came). */
    async runDue(): Promise<number> {
      const due = await deps.secrets.dueForRotation(deps.clock.now(), BATCH);
      for (const arn of due) await rotate(arn).catch((error: unknown) => deps.logger.error({ secretArn: arn, err: String(error) }, "secret rotation failed"));
      return due.length;
    },
  };
}

export type RotationRunner = ReturnType<typeof makeRotationRunner>;
