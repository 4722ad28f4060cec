// Child of scripts/bench/pipeline.ts. Plain JavaScript on the compiled build (dist/), so the peak
// RSS it reports is the service's own and not the TypeScript loader's (tsx adds 60-170 MB).
// Usage: node scripts/bench/pipeline-child.mjs <input-file> <runs> <audio: 0|1>
import { readFileSync } from 'node:fs';
import { loadConfig } from '../../dist/src/app/load-config.js';
import { composeServices } from '../../dist/src/app/compose.js';
import { createLogger } from '../../dist/src/app/logger.js';

const [file, runsText, audioFlag] = process.argv.slice(2);
const runs = Number(runsText);
const services = composeServices(loadConfig({ LOG_LEVEL: 'error', PIPELINE_THREADS: '0' }), createLogger('error'));
const bytes = readFileSync(file);
const timings = [];
for (let i = 0; i <= runs; i++) {
  const result = await services.pipeline.run({ bytes, grade: 5, targetLanguage: null, sourceLanguage: 'auto', audio: audioFlag === '1' });
  if (i > 0) timings.push(result.timingsMs); // run 0 warms up
}
await services.close();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const medians = Object.fromEntries(Object.keys(timings[0]).map((k) => [k, median(timings.map((t) => t[k]))]));
process.stdout.write(JSON.stringify({ medians, maxTotal: Math.max(...timings.map((t) => t.total)), peakRssMb: Math.round((process.resourceUsage().maxRSS * 1024) / 1e6) }));
