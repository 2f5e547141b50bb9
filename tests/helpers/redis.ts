/**
 * The Redis the scale-out tests relay through. Probed once per test file: when it is absent, those
 * tests show as skipped, except in CI, where a missing Redis fails the run (.ci/run starts one).
 */
import { Redis } from 'ioredis';

export const REDIS_URL = process.env.REDIS_URL_TEST ?? 'redis://127.0.0.1:6379';

async function redisReachable(): Promise<boolean> {
  const probe = new Redis(REDIS_URL, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null
  });
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

export const REDIS_AVAILABLE = await redisReachable();
if (!REDIS_AVAILABLE && process.env.CI) {
  throw new Error(`CI is set but Redis is not reachable at ${REDIS_URL}; .ci/run must start it.`);
}
