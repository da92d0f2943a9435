/**
 * Delivery of Parameter Store's policy events to a webhook: one JSON POST per event (EventBridge's
 * event shape), five seconds at most, as the findings webhook does.
 */
export function parameterEventsWebhook(url: string): (event: Readonly<Record<string, unknown>>) => Promise<void> {
  return async (event) => {
    // No redirects: the operator chose this address, a redirect must not choose another.
    const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(event), redirect: "error", signal: AbortSignal.timeout(5000) });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`webhook answered HTTP ${response.status}`);
  };
}
