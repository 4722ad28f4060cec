// A stand-in for a `serve` draining after SIGTERM, run as its own process by serve-restart.test.ts:
// it holds DATA_DIR's job store with the real owner lock, announces it drains for GRACE_MS, and
// lets go after HOLD_MS or on SIGTERM (a well-behaved predecessor), or not in time (one stuck past its grace).
import { openEmbeddedJobQueue } from '../../../src/app/embedded-job-queue.js';
import { createLogger } from '../../../src/log/logger.js';

const [dataDir, graceMs, holdMs, draining] = process.argv.slice(2);
const embedded = openEmbeddedJobQueue(dataDir!, { logger: createLogger('silent'), concurrency: 1 });
if (draining === 'draining') embedded.markDraining(Number(graceMs));
console.log('holding');
const release = () => {
  embedded.close();
  console.log('released');
  process.exit(0);
};
// Lets go when its time is up, or when told (SIGTERM), whichever comes first.
setTimeout(release, Number(holdMs));
process.on('SIGTERM', release);
