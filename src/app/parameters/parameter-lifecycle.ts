import type { Parameter } from "../../core/parameters/parameter.js";
import { dueEvents, type PolicyEvent } from "../../core/parameters/policies.js";
import { nextPolicyCheck, storedPolicies } from "../../core/parameters/policy-schedule.js";
import type { Logger } from "../../ports/logger.js";
import type { ParameterRepository } from "../../ports/parameter-repository.js";

const BATCH = 100;

/** What happened to a parameter because of one of its policies, as EventBridge's "Parameter Store Policy Action" tells it. */
export interface ParameterPolicyAction {
  readonly parameter: Pick<Parameter, "arn" | "accountId" | "region" | "name" | "type" | "tier">;
  readonly policyType: "Expiration" | "ExpirationNotification" | "NoChangeNotification";
  readonly time: Date;
  readonly reason: string;
}

function actionOf(parameter: Parameter, event: PolicyEvent, now: Date): ParameterPolicyAction {
  const base = { parameter, time: now };
  switch (event.kind) {
    case "delete":
      return { ...base, policyType: "Expiration", reason: `Expiration policy Finished: the parameter ${parameter.name} was deleted at its expiration time.` };
    case "expiration-notification":
      return { ...base, policyType: "ExpirationNotification", reason: `The parameter ${parameter.name} expires at ${new Date(event.expiresAt).toISOString()}.` };
    case "no-change-notification":
      return { ...base, policyType: "NoChangeNotification", reason: `The parameter ${parameter.name} has not changed since ${new Date(event.lastModified).toISOString()}.` };
  }
}

/**
 * Parameter Store's background work: the parameter policies. A due Expiration deletes the
 * parameter (every version, label and tag); a due ExpirationNotification or NoChangeNotification
 * is told once (its key, anchored on the expiry or modification time, is kept in `notified`, so a
 * new version re-arms it). Idempotent; time comes from the caller. A write that wins the race
 * against the sweep wins: the sweep's update and deletion check the revision it read.
 */
export function makeParameterLifecycle(deps: {
  readonly parameters: Pick<ParameterRepository, "duePolicies" | "get" | "update" | "delete">;
  readonly logger: Logger;
  readonly onAction?: (action: ParameterPolicyAction) => Promise<void>;
}) {
  async function handle(arn: string, now: Date): Promise<{ expired: number; notified: number }> {
    const parameter = await deps.parameters.get(arn);
    if (parameter === undefined) return { expired: 0, notified: 0 };
    const policies = storedPolicies(parameter.policies);
    const events = dueEvents(policies, { lastModified: parameter.lastModifiedAt.getTime(), now: now.getTime(), notified: parameter.notified });
    if (events.some((event) => event.kind === "delete")) {
      if (!(await deps.parameters.delete(arn, parameter.revision))) return { expired: 0, notified: 0 };
      deps.logger.info({ parameterArn: arn }, "deleted parameter at its expiration");
      await deps.onAction?.(actionOf(parameter, events[0]!, now));
      return { expired: 1, notified: 0 };
    }
    const notified = [...parameter.notified, ...events.map((event) => event.key)];
    const dueAt = nextPolicyCheck(policies, parameter.lastModifiedAt.getTime(), notified);
    const { policyDueAt: _stale, ...rest } = parameter;
    const next: Parameter = { ...rest, notified, ...(dueAt !== undefined ? { policyDueAt: new Date(Math.max(dueAt, now.getTime() + 1)) } : {}), revision: parameter.revision + 1 };
    if (!(await deps.parameters.update(next))) return { expired: 0, notified: 0 };
    for (const event of events) await deps.onAction?.(actionOf(parameter, event, now));
    return { expired: 0, notified: events.length };
  }

  return {
    async runDue(now: Date): Promise<{ readonly parametersExpired: number; readonly parameterNotifications: number }> {
      let parametersExpired = 0;
      let parameterNotifications = 0;
      for (const arn of await deps.parameters.duePolicies(now, BATCH)) {
        // One parameter that fails (its audit record, its webhook) does not stop the others.
        try {
          const outcome = await handle(arn, now);
          parametersExpired += outcome.expired;
          parameterNotifications += outcome.notified;
        } catch (error) {
          deps.logger.error({ parameterArn: arn, err: String(error) }, "a parameter policy action failed");
        }
      }
      return { parametersExpired, parameterNotifications };
    },
  };
}

/**
 * The event EventBridge carries for a policy action ("Parameter Store Policy Action", source
 * aws.ssm), which the webhook receives. `parameter-type` is the tier, as in AWS's examples.
 */
export function policyActionEvent(action: ParameterPolicyAction, eventId: string): Readonly<Record<string, unknown>> {
  return {
    version: "0",
    id: eventId,
    "detail-type": "Parameter Store Policy Action",
    source: "aws.ssm",
    account: action.parameter.accountId,
    time: action.time.toISOString().replace(/\.\d{3}Z$/, "Z"),
    region: action.parameter.region,
    resources: [action.parameter.arn],
    detail: {
      "parameter-name": action.parameter.name,
      "parameter-type": action.parameter.tier,
      "action-status": "Finished",
      "policy-type": action.policyType,
      "action-reason": action.reason,
    },
  };
}
