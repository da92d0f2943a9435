import { ServiceError } from "../../core/errors.js";
import type { RotationRules } from "../../core/secrets/operations.js";
import { nextRotationWindow, parseRotationRules, type RotationSchedule } from "../../core/secrets/schedule.js";
import type { Secret } from "../../core/secrets/secret.js";
import { AWSCURRENT, AWSPENDING } from "../../core/secrets/stages.js";

/** RotationRules as a schedule, or AWS's error for them. */
export function scheduleOf(rules: RotationRules | undefined): RotationSchedule | undefined {
  if (rules === undefined || (rules.AutomaticallyAfterDays === undefined && rules.ScheduleExpression === undefined && rules.Duration === undefined)) return undefined;
  const parsed = parseRotationRules(rules);
  if (!parsed.ok) throw new ServiceError(parsed.error.code, parsed.error.message);
  return parsed.schedule;
}

/** When the next scheduled rotation is due: the start of the next window after the last rotation (or creation). */
export function nextRotationDate(secret: Secret, rules: RotationRules | undefined, lastRotated: Date | undefined, now: Date): Date | undefined {
  const schedule = scheduleOf(rules);
  return schedule === undefined ? undefined : nextRotationWindow(schedule, lastRotated ?? secret.createdAt, now).start;
}

/** AWS: a rotation is unfinished while AWSPENDING is on a version that is not AWSCURRENT. */
export function rotationUnfinished(secret: Secret): boolean {
  const pending = secret.stages.get(AWSPENDING);
  return secret.rotation?.inProgress !== undefined || (pending !== undefined && pending !== secret.stages.get(AWSCURRENT));
}

const LAMBDA_SCOPE = /^arn:[a-z-]+:lambda:([a-z0-9-]+):(\d{12}):function:/;

/** A rotation function must be in the secret's own account and Region (the account is in the signed event, via SecretId). */
export function lambdaInSecretScope(lambdaArn: string, secret: Pick<Secret, "accountId" | "region">): boolean {
  const scope = LAMBDA_SCOPE.exec(lambdaArn);
  return scope !== null && scope[1] === secret.region && scope[2] === secret.accountId;
}
