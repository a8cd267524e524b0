import 'server-only';

/**
 * Who is calling, as the key of per-caller limits. For now the client's address: Next.js puts
 * the socket's address in `x-forwarded-for` when the request has none, and a proxy in front
 * appends the address it saw, so the last entry is the nearest hop's view. A client reaching
 * the console directly can set the header itself; the global limit bounds it all the same.
 */
export function callerOf(request: Request): string {
  const forwarded = request.headers.get('x-forwarded-for') ?? '';
  const nearest = forwarded.split(',').at(-1)?.trim();
  return nearest ? `address:${nearest}` : 'address:unknown';
}
