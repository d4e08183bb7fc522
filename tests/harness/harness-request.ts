/**
 * A request to the web harness from outside a page (tests, benchmarks): a POST
 * to one of its routes as `profile`, with the harness token, answered in JSON.
 * Pages go through bridge-client.ts instead.
 */
export async function postToHarness(
  origin: string,
  token: string,
  profile: string,
  path: string,
  body: unknown,
): Promise<unknown> {
  const res = await fetch(`${origin}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-traverse-token': token, 'x-traverse-profile': profile },
    body: JSON.stringify(body),
  });
  return res.json();
}
