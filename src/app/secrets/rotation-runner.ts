import { isServiceError } from "../../core/errors.js";
import { uuidFromRandom } from "../../core/kms/identifiers.js";
import { placeholderVersion, type RotationInProgress, type Secret, type SecretRotation } from "../../core/secrets/secret.js";
import { AWSCURRENT, AWSPENDING } from "../../core/secrets/stages.js";
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
/** How far a scheduled rotation moves when an unfinished one blocks it. */
const BLOCKED_RETRY_MS = 60 * 60_000;
const SAVE_ATTEMPTS = 5;

export type RotationEventName = "RotationStarted" | "RotationSucceeded" | "RotationFailed";

export interface RotationRunnerDeps {
  readonly secrets: Pick<SecretRepository, "getByArn" | "update" | "dueForRotation" | "version">;
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
  /**
   * Re-reads the secret and applies `change` to its rotation while the rotation in progress is
   * still the one for `versionId`, retrying when another write won the race. Undefined when the
   * rotation was cancelled or replaced meanwhile, or the secret is gone.
   */
  async function updateRotation(arn: string, versionId: string, change: (rotation: SecretRotation) => SecretRotation): Promise<Secret | undefined> {
    for (let attempt = 0; attempt < SAVE_ATTEMPTS; attempt++) {
      const latest = await deps.secrets.getByArn(arn);
      const rotation = latest?.rotation;
      if (latest === undefined || rotation?.inProgress?.versionId !== versionId) return undefined;
      const next = { ...latest, rotation: change(rotation), revision: latest.revision + 1 };
      if (await deps.secrets.update(next)) return next;
    }
    return undefined;
  }

  function withProgress(rotation: SecretRotation, inProgress: RotationInProgress | undefined): SecretRotation {
    const { inProgress: _old, ...rest } = rotation;
    return inProgress === undefined ? rest : { ...rest, inProgress };
  }

  async function contextFor(secret: Secret, rotation: SecretRotation): Promise<RequestContext | undefined> {
    const described = await deps.principals.describe(rotation.principalArn);
    if (described === undefined) return undefined;
    const caller = rotation.principalSessionIssuedAtMs !== undefined ? { ...described, sessionIssuedAt: new Date(rotation.principalSessionIssuedAtMs) } : described;
    return { requestId: deps.newRequestId(), caller, partition: deps.partition, region: secret.region, now: deps.clock.now(), sourceIp: "", secureTransport: true };
  }

  /** Records a failed step: the rotation stays in progress, to be tried again from that step after a back-off. */
  async function fail(secret: Secret, versionId: string, step: RotationStep, message: string): Promise<void> {
    const now = deps.clock.now();
    let attempts = 0;
    const saved = await updateRotation(secret.arn, versionId, (rotation) => {
      const { leaseUntilMs: _released, ...progress } = rotation.inProgress!;
      attempts = progress.attempts + 1;
      const retryAtMs = now.getTime() + Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.min(attempts - 1, 20));
      return { ...withProgress(rotation, { ...progress, nextStep: step, attempts, retryAtMs }), lastFailure: { at: now, step, message } };
    });
    deps.logger.warn({ secretArn: secret.arn, step, attempts }, "secret rotation step failed");
    if (saved !== undefined) await deps.onEvent("RotationFailed", saved, { step, reason: message, versionId, attempts });
  }

  /**
   * A scheduled rotation starts as RotateSecret's does, with an empty version labelled AWSPENDING.
   * While an earlier one is unfinished it cannot: the schedule moves on an hour, so the secret does
   * not come back on every sweep (and crowd out the others).
   */
  async function startScheduled(secret: Secret, rotation: SecretRotation, inProgress: RotationInProgress, now: Date): Promise<Secret | undefined> {
    if (rotationUnfinished(secret)) {
      const message = "A previous rotation isn't complete. That rotation will be reattempted.";
      const next = { ...secret, rotation: { ...rotation, nextRotationAt: new Date(now.getTime() + BLOCKED_RETRY_MS), lastFailure: { at: now, step: "createSecret", message } }, revision: secret.revision + 1 };
      if (await deps.secrets.update(next)) await deps.onEvent("RotationFailed", next, { step: "createSecret", reason: message, attempts: 0 });
      return undefined;
    }
    const next = { ...secret, rotation: withProgress(rotation, inProgress), stages: new Map(secret.stages).set(AWSPENDING, inProgress.versionId), revision: secret.revision + 1 };
    return (await deps.secrets.update(next, { newVersion: placeholderVersion(inProgress.versionId, now) })) ? next : undefined;
  }

  /** After finishSecret: the new version must hold AWSCURRENT and a value, or the rotation did not happen. */
  async function finished(arn: string, versionId: string): Promise<boolean> {
    const latest = await deps.secrets.getByArn(arn);
    if (latest?.stages.get(AWSCURRENT) !== versionId) return false;
    return (await deps.secrets.version(arn, versionId))?.kind !== "empty";
  }

  /** Runs (or resumes) the rotation of one secret, if it has one due and nobody else holds it. */
  async function rotate(arn: string): Promise<void> {
    const secret = await deps.secrets.getByArn(arn);
    const rotation = secret?.rotation;
    if (secret === undefined || rotation === undefined || secret.deletionDate !== undefined) return;
    const now = deps.clock.now();
    const scheduled = rotation.inProgress === undefined;
    if (scheduled && (!rotation.enabled || rotation.nextRotationAt === undefined || rotation.nextRotationAt > now)) return;
    const current = rotation.inProgress ?? { versionId: uuidFromRandom(deps.randomBytes(16)), nextStep: "createSecret" as const, attempts: 0 };
    if ((current.leaseUntilMs ?? 0) > now.getTime() || (current.retryAtMs ?? 0) > now.getTime()) return;
    // Claim it: one runner per rotation, across processes, for LEASE_MS at most.
    const leased: RotationInProgress = { ...current, leaseUntilMs: now.getTime() + LEASE_MS };
    const claimed = scheduled
      ? await startScheduled(secret, rotation, leased, now)
      : (await deps.secrets.update({ ...secret, rotation: withProgress(rotation, leased), revision: secret.revision + 1 }))
        ? { ...secret, rotation: withProgress(rotation, leased) }
        : undefined;
    if (claimed === undefined) return;
    const { versionId } = leased;
    if (leased.nextStep === "createSecret" && leased.attempts === 0) await deps.onEvent("RotationStarted", claimed, { versionId });

    const fn = deps.functionFor(rotation.lambdaArn);
    if (fn === undefined) return fail(claimed, versionId, leased.nextStep, CANNOT_INVOKE);
    const ctx = await contextFor(claimed, rotation);
    if (ctx === undefined) return fail(claimed, versionId, leased.nextStep, "The principal that configured rotation no longer exists.");
    const api = deps.api(ctx);
    for (const step of ROTATION_STEPS.slice(ROTATION_STEPS.indexOf(leased.nextStep))) {
      try {
        await fn.run({ step, secretId: arn, clientRequestToken: versionId }, api);
      } catch (error) {
        const message = error instanceof RotationStepFailed ? error.message : isServiceError(error) ? `${error.type}: ${error.message}` : "The rotation function failed unexpectedly.";
        if (!(error instanceof RotationStepFailed) && !isServiceError(error)) deps.logger.error({ secretArn: arn, step, err: String(error) }, "rotation function threw");
        return fail(claimed, versionId, step, message);
      }
      const following = ROTATION_STEPS[ROTATION_STEPS.indexOf(step) + 1];
      if (following !== undefined) {
        // Saved before the next step, so that a restart resumes there.
        if ((await updateRotation(arn, versionId, (r) => withProgress(r, { ...r.inProgress!, nextStep: following }))) === undefined) return;
        continue;
      }
      if (!(await finished(arn, versionId))) return fail(claimed, versionId, step, `finishSecret returned, but version ${versionId} does not hold AWSCURRENT with a value.`);
      const finishedAt = deps.clock.now();
      const saved = await updateRotation(arn, versionId, (r) => {
        const { lastFailure: _cleared, nextRotationAt: _previous, ...done } = withProgress(r, undefined);
        const nextRotationAt = done.enabled ? nextRotationDate(claimed, done.rules, finishedAt, finishedAt) : undefined;
        return { ...done, lastRotatedAt: finishedAt, ...(nextRotationAt !== undefined ? { nextRotationAt } : {}) };
      });
      if (saved !== undefined) await deps.onEvent("RotationSucceeded", saved, { versionId });
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
