import { answers, NO_REDIS_LINE, redactPassword, testRedisSource } from '../durability/helpers/redis-server.js';

/**
 * Runs once before any test file. The Redis suites skip themselves when this machine has no Redis
 * (a fresh clone on a laptop); this prints the one line that says so and how to run them. CI must
 * not pass without them, so there (CI=true) a missing or silent Redis fails the run here.
 */
export default async function checkTestServices(): Promise<void> {
  const ci = process.env.CI === 'true';
  const source = testRedisSource();
  if (!source) {
    if (ci) throw new Error('CI=true and no Redis for the Redis suites: install redis-server (apt-get install redis-server) or set REDIS_URL=redis://host:port');
    console.log(NO_REDIS_LINE);
    return;
  }
  if ('url' in source && !(await answers(source.url))) {
    throw new Error(`REDIS_URL is set but no Redis answers at ${redactPassword(source.url)}: start it, or unset REDIS_URL to let the tests start their own redis-server`);
  }
}
