import 'server-only';
import { z } from 'zod';
import type { SparkApplication } from '@/lib/domain/spark';
import type { CallOptions } from '../request-options';
import { sparkDateToMs } from '../units';
import { type SparkTarget, appPath, sparkGet } from './client';

const attempt = z.object({
  attemptId: z.string().optional(),
  startTime: z.string(),
  endTime: z.string().optional(),
  lastUpdated: z.string().optional(),
  duration: z.number(),
  sparkUser: z.string().optional(),
  completed: z.boolean(),
  appSparkVersion: z.string().optional(),
});
const application = z.object({ id: z.string(), name: z.string(), attempts: z.array(attempt) });

function toApplication(a: z.output<typeof application>): SparkApplication {
  return {
    appId: a.id,
    name: a.name,
    attempts: a.attempts.map((t) => {
      const end = sparkDateToMs(t.endTime);
      const lastUpdated = sparkDateToMs(t.lastUpdated);
      return {
        ...(t.attemptId ? { attemptId: t.attemptId } : {}),
        start: sparkDateToMs(t.startTime) ?? 0,
        ...(end ? { end } : {}),
        ...(lastUpdated ? { lastUpdated } : {}),
        durationMs: t.duration,
        completed: t.completed,
        ...(t.appSparkVersion ? { sparkVersion: t.appSparkVersion } : {}),
        ...(t.sparkUser ? { sparkUser: t.sparkUser } : {}),
      };
    }),
  };
}

export interface ApplicationsQuery {
  status?: 'completed' | 'running';
  /** Applications whose attempt ended at or after this time (epoch ms). */
  minEnd?: number;
  limit?: number;
}

/** Applications a target knows, newest first (`/applications`). */
export async function listApplications(
  target: SparkTarget,
  q: ApplicationsQuery = {},
  options: CallOptions = {},
): Promise<SparkApplication[]> {
  const params = new URLSearchParams();
  if (q.status) params.set('status', q.status);
  if (q.minEnd !== undefined) params.set('minEndDate', String(Math.floor(q.minEnd)));
  if (q.limit !== undefined) params.set('limit', String(q.limit));
  const list = await sparkGet(target, '/applications', params, z.array(application), options);
  return list.map(toApplication);
}

/** One application and its attempts (`/applications/{appId}`). */
export async function getApplication(
  target: SparkTarget,
  appId: string,
  options: CallOptions = {},
): Promise<SparkApplication> {
  const a = await sparkGet(
    target,
    appPath({ target, appId }),
    new URLSearchParams(),
    application,
    options,
  );
  return toApplication(a);
}
