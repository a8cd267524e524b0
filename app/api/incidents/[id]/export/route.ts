import { NextResponse } from 'next/server';
import { z } from 'zod';
import { actorOf } from '@/lib/api/actor';
import { parsePath, parseQuery, params } from '@/lib/api/params';
import { route } from '@/lib/api/route';
import { incidentHtml } from '@/lib/correlate/incident-html';
import { bundleOf, getIncident } from '@/lib/correlate/incidents';

export const dynamic = 'force-dynamic';

const format = z.enum(['json', 'html'], { error: 'format must be json or html' });

/**
 * The incident as a download: the JSON bundle (importable into another Sparkwatch) or a static
 * HTML page that opens offline. The HTML is served with a CSP forbidding scripts, as it says too.
 */
export const GET = route<{ params: Promise<{ id: string }> }>(async (request, context) => {
  const id = parsePath('id', (await context.params).id, params.incidentId);
  const q = parseQuery(new URL(request.url).searchParams, { format });
  const incident = await getIncident(id, actorOf(request), request.signal);
  const now = Date.now();
  const html = q.format === 'html';
  const body = html ? incidentHtml(incident, now) : JSON.stringify(bundleOf(incident, now));
  return new NextResponse(body, {
    headers: {
      'content-type': html ? 'text/html; charset=utf-8' : 'application/json',
      'content-disposition': `attachment; filename="incident-${id}.${html ? 'html' : 'json'}"`,
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    },
  });
});
