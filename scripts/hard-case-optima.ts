/**
 * Computes the reference optima of the hard storage cases (test/unit/scheduling/hard-cases.ts) at
 * 192 and 672 steps with HiGHS (relative MIP gap 1e-9, a sign binary on every step) and writes them
 * to test/fixtures/scheduling/hard-case-optima.json, so that the tests compare with a proven optimum
 * without running HiGHS on a large MILP. Run once: `npx tsx scripts/hard-case-optima.ts` (minutes).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hardCase } from '../test/unit/scheduling/hard-cases.js';
import { referenceSolve } from '../test/unit/scheduling/highs-reference.js';

const out: Record<string, { steps: number; status: string; objective: number; seconds: number; mipRelGap: number }> = {};
for (const steps of [192, 672]) {
  const result = await referenceSolve(hardCase(steps), { stock: 'recursive', mipRelGap: 1e-9, mipFeasibilityTolerance: 1e-8, timeLimitSeconds: 1800 });
  if (result.status !== 'Optimal') throw new Error(`HiGHS did not prove the ${steps}-step case: ${result.status}`);
  out[String(steps)] = { steps, status: result.status, objective: result.objective, seconds: Math.round(result.seconds * 10) / 10, mipRelGap: 1e-9 };
  console.log(steps, result.status, result.objective, `${result.seconds.toFixed(1)} s`);
}
const file = join(import.meta.dirname, '..', 'test', 'fixtures', 'scheduling', 'hard-case-optima.json');
writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
console.log(`written to ${file}`);
