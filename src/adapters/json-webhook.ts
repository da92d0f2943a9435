/**
 * Delivery to an operator's webhook (findings, Parameter Store's policy events): one JSON POST per
 * event, five seconds at most. The answer's body is not read, only its status. The URL is checked
 * when the server starts, not at the first event.
 */
export function jsonWebhook(url: string, setting: string): (event: unknown) => Promise<void> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`${setting} is not a URL`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new Error(`${setting} must be an http or https URL`);
  return async (event) => {
    // No redirects: the operator chose this address, a redirect must not choose another.
    const response = await fetch(parsed, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(event), redirect: "error", signal: AbortSignal.timeout(5000) });
    await response.body?.cancel();
    if (!response.ok) throw new Error(`webhook answered HTTP ${response.status}`);
  };
}
