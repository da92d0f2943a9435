import { diffConfigurations, type ConfigChange } from "../../core/audit/index.js";
import { ServiceError } from "../../core/errors.js";
import { isKeyId, keyArn } from "../../core/kms/identifiers.js";
import type { ConfigHistoryRepository, ConfigurationItem } from "../../ports/config-history.js";
import type { AuthorizeAccess } from "../authorize.js";
import type { RequestContext } from "../context.js";
import { locatorOfArn } from "./key-configuration.js";

/** At most this many configuration items in one answer. */
const MAX_ITEMS = 1000;

export interface ConfigurationItemView {
  readonly CaptureTime: Date;
  readonly ChangedBy: string;
  readonly Configuration: unknown;
}

const view = (item: ConfigurationItem): ConfigurationItemView => ({ CaptureTime: item.captureTime, ChangedBy: item.changedBy, Configuration: JSON.parse(item.configuration) as unknown });

/**
 * A key's configuration history (AWS Config for keys): every configuration it had, and the
 * difference between two moments. Keys that are gone keep their history, so keys are named by key
 * id or ARN of the caller's account. Needs strongbox:GetKeyConfigurationHistory from an identity
 * policy (the account root has it): the history shows policies and grants.
 */
export function makeConfigQueries(deps: { history: ConfigHistoryRepository; authorize: AuthorizeAccess }) {
  async function keyOf(ctx: RequestContext, keyIdOrArn: string): Promise<string> {
    const arn = isKeyId(keyIdOrArn) ? keyArn({ partition: ctx.partition, region: ctx.region, accountId: ctx.caller.accountId }, keyIdOrArn) : keyIdOrArn;
    const located = locatorOfArn(arn);
    if (located === undefined || located.accountId !== ctx.caller.accountId) {
      throw new ServiceError("ValidationException", "KeyId must be the key id or key ARN of a key of your own account.");
    }
    await deps.authorize(ctx, { action: "strongbox:GetKeyConfigurationHistory", resource: arn, resourceAccountId: located.accountId });
    return arn;
  }

  return {
    async history(ctx: RequestContext, input: { keyId: string; start?: Date; end?: Date }): Promise<{ KeyArn: string; ConfigurationItems: ConfigurationItemView[] }> {
      const arn = await keyOf(ctx, input.keyId);
      const items = await deps.history.history(arn, { ...(input.start ? { from: input.start } : {}), ...(input.end ? { to: input.end } : {}), limit: MAX_ITEMS });
      return { KeyArn: arn, ConfigurationItems: items.map(view) };
    },
    async diff(ctx: RequestContext, input: { keyId: string; from: Date; to: Date }): Promise<{ KeyArn: string; From?: ConfigurationItemView; To?: ConfigurationItemView; Changes: ConfigChange[] }> {
      const arn = await keyOf(ctx, input.keyId);
      const [from, to] = [await deps.history.at(arn, input.from), await deps.history.at(arn, input.to)];
      const changes = diffConfigurations(from ? JSON.parse(from.configuration) : undefined, to ? JSON.parse(to.configuration) : undefined);
      return { KeyArn: arn, ...(from ? { From: view(from) } : {}), ...(to ? { To: view(to) } : {}), Changes: changes };
    },
  };
}

export type ConfigQueries = ReturnType<typeof makeConfigQueries>;
