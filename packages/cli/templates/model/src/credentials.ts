/**
 * Whether `credentials` hold an API key the (pretend) API accepts: keys start with `sk-`. A real provider asks
 * its API here (a cheap call such as listing models) and treats 401/403 as a refusal.
 */
export function checkApiKey(credentials: Record<string, unknown>): boolean {
  const key = credentials.api_key;
  return typeof key === "string" && key.startsWith("sk-") && key.length > 3;
}
