import 'server-only';
import { z } from 'zod';
import { sparkJobStatusSchema } from '@/lib/domain/schemas';
import type { SparkJob } from '@/lib/domain/spark';
import type { CallOptions } from '../request-options';
import { sparkDateToMs } from '../units';
import { type SparkAppRef, appPath, sparkGetList } from './client';

const job = z.object({
  jobId: z.number(),
  name: z.string(),
  description: z.string().optional(),
  submissionTime: z.string().optional(),
  completionTime: z.string().optional(),
  stageIds: z.array(z.number()),
  jobGroup: z.string().optional(),
  status: sparkJobStatusSchema.catch('UNKNOWN'),
  numTasks: z.number(),
  numCompletedTasks: z.number(),
  numSkippedTasks: z.number(),
  numFailedTasks: z.number(),
  numKilledTasks: z.number(),
  numFailedStages: z.number(),
  numSkippedStages: z.number(),
});

/** The wire shape of `/jobs`. */
export const jobListWire = z.array(job);

export function toJob(j: z.output<typeof job>): SparkJob {
  const submitted = sparkDateToMs(j.submissionTime);
  const completed = sparkDateToMs(j.completionTime);
  return {
    jobId: j.jobId,
    name: j.name,
    ...(j.description ? { description: j.description } : {}),
    ...(submitted ? { submitted } : {}),
    ...(completed ? { completed } : {}),
    stageIds: j.stageIds,
    status: j.status,
    ...(j.jobGroup ? { jobGroup: j.jobGroup } : {}),
    numTasks: j.numTasks,
    numCompletedTasks: j.numCompletedTasks,
    numSkippedTasks: j.numSkippedTasks,
    numFailedTasks: j.numFailedTasks,
    numKilledTasks: j.numKilledTasks,
    numFailedStages: j.numFailedStages,
    numSkippedStages: j.numSkippedStages,
  };
}

/** The app's jobs, newest first (`/applications/{appId}/jobs`). */
export async function listJobs(app: SparkAppRef, options: CallOptions = {}): Promise<SparkJob[]> {
  return sparkGetList(app.target, appPath(app, 'jobs'), new URLSearchParams(), job, toJob, options);
}
