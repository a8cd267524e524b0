import 'server-only';
import { z } from 'zod';
import type { SparkSqlExecution } from '@/lib/domain/spark';
import type { CallOptions } from '../request-options';
import { sparkDateToMs } from '../units';
import { type SparkAppRef, appPath, sparkGet } from './client';

const ids = z.array(z.number()).default([]);
const execution = z.object({
  id: z.number(),
  status: z.string(),
  description: z.string().default(''),
  submissionTime: z.string().optional(),
  duration: z.number().default(0),
  runningJobIds: ids,
  successJobIds: ids,
  failedJobIds: ids,
});

/**
 * The app's SQL executions with the jobs each ran (`/sql`), without plan details (the plan graph
 * of a long app is megabytes the console does not draw).
 */
export async function listSqlExecutions(
  app: SparkAppRef,
  page: { offset?: number; length?: number } = {},
  options: CallOptions = {},
): Promise<SparkSqlExecution[]> {
  const params = new URLSearchParams({
    details: 'false',
    planDescription: 'false',
    offset: String(page.offset ?? 0),
    length: String(page.length ?? 100),
  });
  const list = await sparkGet(app.target, appPath(app, 'sql'), params, z.array(execution), options);
  return list.map((x) => {
    const submitted = sparkDateToMs(x.submissionTime);
    return {
      id: x.id,
      status: x.status,
      description: x.description,
      ...(submitted ? { submitted } : {}),
      durationMs: x.duration,
      runningJobIds: x.runningJobIds,
      successJobIds: x.successJobIds,
      failedJobIds: x.failedJobIds,
    };
  });
}
