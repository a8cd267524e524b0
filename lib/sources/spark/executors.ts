import 'server-only';
import { z } from 'zod';
import type { SparkExecutor } from '@/lib/domain/spark';
import type { CallOptions } from '../request-options';
import { sparkDateToMs } from '../units';
import { type SparkAppRef, appPath, sparkGet } from './client';

const n = z.number().default(0);
const executor = z.object({
  id: z.string(),
  hostPort: z.string(),
  isActive: z.boolean(),
  totalCores: n,
  maxTasks: n,
  activeTasks: n,
  failedTasks: n,
  completedTasks: n,
  totalTasks: n,
  totalDuration: n,
  totalGCTime: n,
  totalInputBytes: n,
  totalShuffleRead: n,
  totalShuffleWrite: n,
  memoryUsed: n,
  diskUsed: n,
  maxMemory: n,
  addTime: z.string().optional(),
  removeTime: z.string().optional(),
  removeReason: z.string().optional(),
});

/**
 * The app's executors, the driver included (`executor_id` "driver"): only the live ones
 * (`/executors`) or every one it had, with when and why each was removed (`/allexecutors`).
 */
export async function listExecutors(
  app: SparkAppRef,
  which: 'active' | 'all' = 'all',
  options: CallOptions = {},
): Promise<SparkExecutor[]> {
  const path = appPath(app, which === 'all' ? 'allexecutors' : 'executors');
  const list = await sparkGet(app.target, path, new URLSearchParams(), z.array(executor), options);
  return list.map((e) => {
    const added = sparkDateToMs(e.addTime);
    const removed = sparkDateToMs(e.removeTime);
    return {
      executorId: e.id,
      hostPort: e.hostPort,
      active: e.isActive,
      totalCores: e.totalCores,
      maxTasks: e.maxTasks,
      activeTasks: e.activeTasks,
      failedTasks: e.failedTasks,
      completedTasks: e.completedTasks,
      totalTasks: e.totalTasks,
      totalDurationMs: e.totalDuration,
      totalGcTimeMs: e.totalGCTime,
      totalInputBytes: e.totalInputBytes,
      totalShuffleRead: e.totalShuffleRead,
      totalShuffleWrite: e.totalShuffleWrite,
      memoryUsed: e.memoryUsed,
      diskUsed: e.diskUsed,
      maxMemory: e.maxMemory,
      ...(added ? { added } : {}),
      ...(removed ? { removed } : {}),
      ...(e.removeReason ? { removeReason: e.removeReason } : {}),
    };
  });
}
