import 'server-only';
import { Server, type IncomingMessage } from 'node:http';

/**
 * The address of the TCP peer, as the console's own server saw it. Next.js hands route handlers a
 * `Request` without the socket, and keeps a client's own `x-forwarded-for`; this header is always
 * overwritten here, so a caller cannot choose it.
 */
export const PEER_HEADER = 'x-sparkwatch-peer';

let stamped = false;

/** Stamps every incoming request with its socket's peer address (called once at server start). */
export function stampPeerAddresses(): void {
  if (stamped) return;
  stamped = true;
  const emit = Server.prototype.emit;
  Server.prototype.emit = function (this: Server, event: string | symbol, ...args: unknown[]) {
    if (event === 'request') {
      const req = args[0] as IncomingMessage;
      req.headers[PEER_HEADER] = normalizeAddress(req.socket.remoteAddress ?? '');
    }
    return Reflect.apply(emit, this, [event, ...args]) as boolean;
  } as typeof emit;
}

/** `::ffff:10.0.0.1` (IPv4 on a dual-stack socket) is `10.0.0.1`. */
export function normalizeAddress(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
