import type { Finding } from "../core/findings/index.js";

/** Delivers a finding outside Strongbox (a webhook); failures are the caller's to log. */
export type DeliverFinding = (finding: Finding) => Promise<void>;
