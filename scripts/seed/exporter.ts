/**
 * The seeded streaming app's live endpoints: serves the exposition texts written by the seed
 * (`.stack/seed/exposition.json`) on the Spark driver's paths until stopped.
 * Usage: tsx scripts/seed/exporter.ts <exposition.json> <port>
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const [file, port] = process.argv.slice(2);
if (!file || !port) {
  console.error('usage: exporter.ts <exposition.json> <port>');
  process.exit(2);
}
const bodies = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;

createServer((req, res) => {
  const body = bodies[req.url ?? ''];
  res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'text/plain; version=0.0.4' });
  res.end(body ?? 'not found\n');
}).listen(Number(port), '127.0.0.1', () => console.log(`seed exporter on 127.0.0.1:${port}`));
