import type { AuditEvent } from "../../core/audit/index.js";
import type { Finding, FindingDetector } from "../../core/findings/index.js";
import type { AuditRepository } from "../../ports/audit-repository.js";
import type { DeliverFinding } from "../../ports/finding-delivery.js";
import type { FindingsRepository } from "../../ports/findings-repository.js";
import type { Logger } from "../../ports/logger.js";
import type { AuthorizeAccess } from "../authorize.js";
import type { RequestContext } from "../context.js";


export interface FindingsServiceDeps {
  readonly detector: FindingDetector;
  readonly findings: FindingsRepository;
  readonly audit: Pick<AuditRepository, "lastUse">;
  readonly authorize: AuthorizeAccess;
  readonly logger: Logger;
  readonly deliver?: DeliverFinding;
}

const keyArnOf = (event: AuditEvent): string | undefined => {
  const fromResources = event.resources?.find((r) => r.type === "AWS::KMS::Key")?.ARN;
  const keyId = event.requestParameters?.keyId;
  return fromResources ?? (typeof keyId === "string" && keyId.startsWith("arn:") ? keyId : undefined);
};

/**
 * GuardDuty for keys: the detector reads every durable audit batch, in order, off the request path;
 * what it raises is stored (a repeat updates the finding) and delivered.
 */
export function makeFindingsService(deps: FindingsServiceDeps) {
  let queue: Promise<void> = Promise.resolve();

  async function observeOne(event: AuditEvent): Promise<void> {
    let facts: { keyLastUsed?: Date } | undefined;
    if (event.eventName === "ScheduleKeyDeletion" && event.errorCode === undefined) {
      const keyArn = keyArnOf(event);
      const last = keyArn !== undefined ? await deps.audit.lastUse(keyArn) : undefined;
      facts = last !== undefined ? { keyLastUsed: last.time } : {};
    }
    for (const finding of deps.detector.observe(event, facts)) {
      await deps.findings.upsert({
        id: finding.id,
        accountId: finding.accountId,
        rule: finding.rule,
        severity: finding.severity,
        lastSeen: new Date(finding.lastSeen),
        finding: JSON.stringify(finding),
      });
      await deps.deliver?.(finding).catch((error: unknown) => deps.logger.warn({ finding: finding.id, err: String(error) }, "delivering a finding failed"));
    }
  }

  return {
    observe(events: readonly AuditEvent[]): void {
      queue = queue
        .then(async () => {
          for (const event of events) await observeOne(event);
        })
        .catch((error: unknown) => deps.logger.error({ err: String(error) }, "the findings rules failed on an audit batch"));
    },
    /** Resolves once every batch observed so far is processed (tests, shutdown). */
    drain(): Promise<void> {
      return queue;
    },
    /** The caller's account's findings, most recently seen first. Needs strongbox:ListFindings (identity policies). */
    async list(ctx: RequestContext, query: { severity?: string; rule?: string; limit: number }): Promise<{ Findings: Finding[] }> {
      await deps.authorize(ctx, { action: "strongbox:ListFindings", resource: "*", resourceAccountId: ctx.caller.accountId });
      const stored = await deps.findings.list({ accountId: ctx.caller.accountId, ...query });
      return { Findings: stored.map((s) => JSON.parse(s.finding) as Finding) };
    },
  };
}

export type FindingsService = ReturnType<typeof makeFindingsService>;
