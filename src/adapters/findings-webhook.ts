import type { DeliverFinding } from "../ports/finding-delivery.js";

/** Delivery to a webhook: one JSON POST per new or updated finding, five seconds at most. */
export function webhookDelivery(url: string): DeliverFinding {
  return async (finding) => {
    // No redirects: the operator chose this address, a redirect must not choose another.
    const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(finding), redirect: "error", signal: AbortSignal.timeout(5000) });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`webhook answered HTTP ${response.status}`);
  };
}
