import type { RequestContext } from "../context.js";
import type { SecretsDeps } from "./handler.js";

/** AWS keeps 100 versions, and every version younger than a day (docs/research/secrets-manager-reference.md §2.4). */
export const VERSIONS_KEPT = 100;
const YOUNG_MS = 24 * 60 * 60 * 1000;

/** Drops unlabelled versions beyond the 100 kept, oldest first, sparing those younger than a day. */
export async function pruneVersions(deps: Pick<SecretsDeps, "secrets">, ctx: RequestContext, arn: string): Promise<void> {
  await deps.secrets.pruneVersions(arn, VERSIONS_KEPT, new Date(ctx.now.getTime() - YOUNG_MS));
}
