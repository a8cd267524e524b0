/** POSTs an OTLP/JSON traces payload to a collector's `/v1/traces`; throws on a refusal. */
export async function postOtlp(otlpUrl: string, body: object): Promise<void> {
  const response = await fetch(`${otlpUrl}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok)
    throw new Error(
      `OTLP export answered ${response.status}: ${(await response.text()).slice(0, 300)}`,
    );
}
