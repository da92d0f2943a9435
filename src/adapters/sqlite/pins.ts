/**
 * Principal pins are stored as a JSON object of strings (ARN → unique id). Object.fromEntries
 * defines properties, so even a "__proto__" key would stay a plain entry.
 */
export function pinsFrom(json: string): Readonly<Record<string, string>> {
  return Object.freeze(Object.fromEntries(Object.entries(JSON.parse(json) as Record<string, string>)));
}
