/** The messages of a recorded gRPC answer (fixtures/*.bin): length-prefixed, as on the wire. */
export function recordedMessages(body: Buffer): Buffer[] {
  const messages: Buffer[] = [];
  for (let at = 0; at < body.length;) {
    const end = at + 5 + body.readUInt32BE(at + 1);
    messages.push(body.subarray(at + 5, end));
    at = end;
  }
  return messages;
}
