import 'server-only';
import { z } from 'zod';
import type { SparkEnvironment } from '@/lib/domain/spark';
import type { CallOptions } from '../request-options';
import { type SparkAppRef, appPath, sparkGet } from './client';

const pairs = z.array(z.tuple([z.string(), z.string()])).default([]);
const environment = z.object({
  runtime: z
    .object({ javaVersion: z.string().optional(), scalaVersion: z.string().optional() })
    .default({}),
  sparkProperties: pairs,
  systemProperties: pairs,
});

/** The Spark and JVM properties the app ran with (`/environment`). */
export async function getEnvironment(
  app: SparkAppRef,
  options: CallOptions = {},
): Promise<SparkEnvironment> {
  const env = await sparkGet(
    app.target,
    appPath(app, 'environment'),
    new URLSearchParams(),
    environment,
    options,
  );
  const sparkProperties = Object.fromEntries(env.sparkProperties);
  const systemProperties = Object.fromEntries(env.systemProperties);
  return {
    ...(env.runtime.javaVersion ? { javaVersion: env.runtime.javaVersion } : {}),
    ...(env.runtime.scalaVersion ? { scalaVersion: env.runtime.scalaVersion } : {}),
    sparkProperties,
    systemProperties,
  };
}
