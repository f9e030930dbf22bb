/**
 * Consistency checks before solving (decision 0015: an infeasible job fails with a message naming the
 * conflicting constraints and the times at which they conflict).
 *
 * The checks are exact for this model: the SoC reachable at the end of a step, given the SoC interval
 * reachable at its start, the flow limits (device and site, after the inflexible devices), the
 * efficiencies and the stock delta, is again an interval (the dynamics are monotone in the flow and in
 * the previous stock). Propagating that interval forward and intersecting it with the SoC bounds of
 * every step decides feasibility of the MILP (no simultaneous charging and discharging), so the
 * solver never has to discover an infeasibility itself.
 */
import { SchedulingError, type ConstraintIssue } from './errors.js';
import { fmtNumber, type ResolvedProblem } from './resolve.js';

/** SoC and flow bounds of the model, after combining constraints (internal). */
export interface ModelBounds {
  /** Lower / upper bound of the stock at the end of step j (MWh); equal for targets. */
  socLower: number[];
  socUpper: number[];
  /** Net device flow range per step (MW), combining device and site limits. */
  flowLo: number[];
  flowHi: number[];
}

interface NamedBound {
  value: number;
  /** The flex field that sets this bound, e.g. `soc-max`. */
  field: string;
  /** Field with value, e.g. `soc-max 5 MWh`. */
  label: string;
}

interface Issue extends ConstraintIssue {
  /** Field name used to avoid reporting the same constraint twice at the same instant. */
  field: string;
}

/** Maximum number of lines in an explanation. */
const MAX_LINES = 20;

const tolerance = (x: number) => 1e-6 + 1e-9 * Math.abs(x);

/** Stock change rate (MW of stock) caused by a net device flow. */
const gain = (flow: number, etaUp: number, etaDown: number) => (flow >= 0 ? flow * etaUp : flow / etaDown);

/**
 * Checks prices (decision 0025): the consumption price must not be below the production price in any
 * step, otherwise the LP is unbounded. Throws `ValueError` naming the steps and prices.
 */
export function checkPrices(r: ResolvedProblem): void {
  const issues: Issue[] = [];
  for (let j = 0; j < r.n; j++) {
    const c = r.consumptionPrice[j]!;
    const p = r.productionPrice[j]!;
    if (c < p) {
      issues.push({
        atMs: r.startMs + j * r.stepMs,
        field: 'consumption-price',
        text: `consumption-price ${fmtNumber(c)} is below production-price ${fmtNumber(p)}`,
      });
    }
  }
  if (issues.length) {
    throw new SchedulingError(
      'ValueError',
      'The consumption price must not be below the production price in any time step, or the optimisation problem ' +
        `is unbounded. Found:\n${renderIssues(r, issues)}`,
      groupIssues(issues, r.stepMs),
    );
  }
}

/**
 * Combines SoC constraints into per-step bounds, checks them for consistency and reachability, and
 * throws a `SchedulingError` explaining every conflict found:
 * - `ValueError` for constraints that contradict each other at the same instant (a target outside
 *   soc-min/soc-max or the minima/maxima, minima above maxima, soc-min above soc-max, site limits that
 *   the inflexible devices exceed even with the storage's help);
 * - `InfeasibleProblemException` when every instant is consistent on its own but the SoC cannot get
 *   from one constraint to the next with the available power.
 */
export function checkFeasibility(r: ResolvedProblem): ModelBounds {
  const staticIssues: Issue[] = [];
  const dynamicIssues: Issue[] = [];
  const E = r.fmtEnergy;
  const P = r.fmtPower;
  const socAt = (j: number) => r.startMs + (j + 1) * r.stepMs;

  const socMin: NamedBound = { value: r.socMin, field: 'soc-min', label: `soc-min ${E(r.socMin)}` };
  const socMax: NamedBound = { value: r.socMax, field: 'soc-max', label: `soc-max ${E(r.socMax)}` };
  if (r.socMin > r.socMax + tolerance(r.socMax)) {
    staticIssues.push({ atMs: r.startMs, field: 'soc-min', text: `${socMin.label} exceeds ${socMax.label}` });
    throwIssues(r, staticIssues, []);
  }

  // ---- per-instant SoC bounds
  const lower: NamedBound[] = [];
  const upper: NamedBound[] = [];
  const socLower: number[] = [];
  const socUpper: number[] = [];
  const clip = (x: number) => Math.min(Math.max(x, r.socMin), r.socMax);
  for (let j = 0; j < r.n; j++) {
    let lo = socMin;
    let hi = socMax;
    const m = r.minima[j];
    if (m !== null && m !== undefined && clip(m) >= lo.value) {
      lo = { value: clip(m), field: 'soc-minima', label: `soc-minima ${E(clip(m))}` };
    }
    const M = r.maxima[j];
    if (M !== null && M !== undefined && clip(M) <= hi.value) {
      hi = { value: clip(M), field: 'soc-maxima', label: `soc-maxima ${E(clip(M))}` };
    }
    if (lo.value > hi.value + tolerance(hi.value)) {
      staticIssues.push({ atMs: socAt(j), field: lo.field, text: `${lo.label} exceeds ${hi.label}` });
    }
    const t = r.targets[j];
    if (t !== null && t !== undefined) {
      const label = `soc-targets ${E(t)}`;
      if (t > hi.value + tolerance(hi.value)) {
        staticIssues.push({ atMs: socAt(j), field: 'soc-targets', text: `${label} exceeds ${hi.label}` });
      } else if (t < lo.value - tolerance(lo.value)) {
        staticIssues.push({ atMs: socAt(j), field: 'soc-targets', text: `${label} is below ${lo.label}` });
      }
      // A target is a hard equality; float noise outside the bounds is clamped (docs/contract/storage-scheduling.md §1.2).
      const v = Math.min(hi.value, Math.max(lo.value, t));
      lo = { value: v, field: 'soc-targets', label };
      hi = lo;
    }
    lower.push(lo);
    upper.push(hi);
    socLower.push(lo.value);
    socUpper.push(Math.max(hi.value, lo.value));
  }

  // ---- per-step flow ranges (device and site, given the inflexible devices)
  const flowLo: number[] = [];
  const flowHi: number[] = [];
  let flowConflict = false;
  for (let j = 0; j < r.n; j++) {
    const inflex = r.inflex[j]!;
    const lo = Math.max(r.devMin[j]!, r.siteMin[j]! - inflex);
    const hi = Math.min(r.devMax[j]!, r.siteMax[j]! - inflex);
    flowLo.push(lo);
    flowHi.push(hi);
    if (lo > hi + tolerance(hi)) {
      flowConflict = true;
      const atMs = r.startMs + j * r.stepMs;
      if (r.siteMax[j]! - inflex < r.devMin[j]!) {
        staticIssues.push({
          atMs,
          field: 'site-consumption-capacity',
          text:
            `${r.labels.siteConsumptionCapacity} ${P(r.siteMax[j]!)} is exceeded: the inflexible devices consume ${P(inflex)} ` +
            `and the storage can discharge at most ${P(-r.devMin[j]!)} (${r.labels.productionCapacity})`,
        });
      } else {
        staticIssues.push({
          atMs,
          field: 'site-production-capacity',
          text:
            `${r.labels.siteProductionCapacity} ${P(-r.siteMin[j]!)} is exceeded: the inflexible devices produce ${P(-inflex)} ` +
            `and the storage can charge at most ${P(r.devMax[j]!)} (${r.labels.consumptionCapacity})`,
        });
      }
    }
  }

  if (!flowConflict) {
    reachability(r, lower, upper, flowLo, flowHi, dynamicIssues);
    pointReachability(r, flowLo, flowHi, [...staticIssues, ...dynamicIssues], dynamicIssues);
  }
  if (staticIssues.length || dynamicIssues.length) throwIssues(r, staticIssues, dynamicIssues);
  return { socLower, socUpper, flowLo, flowHi };
}

/** What limited a reachable bound since its origin, for the explanation. */
interface PathNotes {
  site: boolean;
  efficiency: boolean;
  delta: boolean;
}

const noNotes = (): PathNotes => ({ site: false, efficiency: false, delta: false });

/**
 * Pass 1: forward propagation of the reachable SoC interval through all bounds. After a conflict the
 * interval continues from the violated bound, so later, independent conflicts are found too.
 */
function reachability(
  r: ResolvedProblem,
  lower: NamedBound[],
  upper: NamedBound[],
  flowLo: number[],
  flowHi: number[],
  issues: Issue[],
): void {
  const E = r.fmtEnergy;
  let lo = r.socAtStart;
  let hi = r.socAtStart;
  const start = { label: `soc-at-start ${E(r.socAtStart)}`, atMs: r.startMs };
  let originLo = start;
  let originHi = start;
  let notesLo = noNotes();
  let notesHi = noNotes();
  // A conflict that repeats in the next step for the same reason (e.g. a soc-usage the storage can
  // never keep up with) extends the previous issue instead of adding one line per step.
  let previous: { j: number; key: string; issue: Issue } | undefined;
  const report = (j: number, key: string, issue: Issue) => {
    if (previous && previous.j === j - 1 && previous.key === key) {
      previous.issue.untilMs = issue.atMs;
      previous.j = j;
      return;
    }
    issues.push(issue);
    previous = { j, key, issue };
  };
  for (let j = 0; j < r.n; j++) {
    const atMs = r.startMs + (j + 1) * r.stepMs;
    const eps = r.eps[j]!;
    const f = r.lossF[j]! * r.dtH;
    const delta = r.delta[j]!;
    const rlo = eps * lo + f * (gain(flowLo[j]!, r.etaUp[j]!, r.etaDown[j]!) + delta);
    const rhi = eps * hi + f * (gain(flowHi[j]!, r.etaUp[j]!, r.etaDown[j]!) + delta);
    const lossy = eps !== 1 || r.etaUp[j] !== 1 || r.etaDown[j] !== 1;
    notesHi = {
      site: notesHi.site || flowHi[j]! < r.devMax[j]!,
      efficiency: notesHi.efficiency || lossy,
      delta: notesHi.delta || delta !== 0,
    };
    notesLo = {
      site: notesLo.site || flowLo[j]! > r.devMin[j]!,
      efficiency: notesLo.efficiency || lossy,
      delta: notesLo.delta || delta !== 0,
    };
    const L = lower[j]!;
    const U = upper[j]!;
    if (rhi < L.value - tolerance(L.value)) {
      report(j, `low|${L.field}|${L.value}`, {
        atMs,
        field: L.field,
        text:
          `${L.label} cannot be met: starting from ${originHi.label} at ${r.fmtTime(originHi.atMs)}, ` +
          `the SoC can reach at most ${E(rhi)} by then ${limitNote(r, 'charging', notesHi)}`,
      });
      lo = hi = L.value;
      originLo = originHi = { label: L.label, atMs };
      notesLo = noNotes();
      notesHi = noNotes();
      continue;
    }
    if (rlo > U.value + tolerance(U.value)) {
      report(j, `high|${U.field}|${U.value}`, {
        atMs,
        field: U.field,
        text:
          `${U.label} cannot be met: starting from ${originLo.label} at ${r.fmtTime(originLo.atMs)}, ` +
          `the SoC can go down to ${E(rlo)} at the lowest by then ${limitNote(r, 'discharging', notesLo)}`,
      });
      lo = hi = U.value;
      originLo = originHi = { label: U.label, atMs };
      notesLo = noNotes();
      notesHi = noNotes();
      continue;
    }
    if (rlo < L.value) {
      lo = L.value;
      originLo = { label: L.label, atMs };
      notesLo = noNotes();
    } else {
      lo = rlo;
    }
    if (rhi > U.value) {
      hi = U.value;
      originHi = { label: U.label, atMs };
      notesHi = noNotes();
    } else {
      hi = rhi;
    }
  }
}

function limitNote(r: ResolvedProblem, direction: 'charging' | 'discharging', notes: PathNotes): string {
  const parts = [
    direction === 'charging' ? r.labels.consumptionCapacity : r.labels.productionCapacity,
    ...(notes.site ? [direction === 'charging' ? r.labels.siteConsumptionCapacity : r.labels.siteProductionCapacity] : []),
    ...(notes.efficiency ? ['efficiencies'] : []),
    ...(notes.delta ? ['soc-gain/soc-usage'] : []),
  ];
  return `(${direction} limited by ${parts.join(', ')})`;
}

/**
 * Pass 2: the SoC interval reachable from soc-at-start with the power limits alone, compared with
 * every explicit minimum, maximum and target. Reports constraints that are out of reach from the
 * start even when pass 1 already blamed an earlier conflict.
 */
function pointReachability(r: ResolvedProblem, flowLo: number[], flowHi: number[], known: Issue[], issues: Issue[]): void {
  const E = r.fmtEnergy;
  const seen = new Set(known.map((i) => `${i.atMs}|${i.field}`));
  const from = `starting from soc-at-start ${E(r.socAtStart)} at ${r.fmtTime(r.startMs)}`;
  const clip = (x: number) => Math.min(Math.max(x, r.socMin), r.socMax);
  let lo = r.socAtStart;
  let hi = r.socAtStart;
  for (let j = 0; j < r.n; j++) {
    const atMs = r.startMs + (j + 1) * r.stepMs;
    const eps = r.eps[j]!;
    const f = r.lossF[j]! * r.dtH;
    lo = eps * lo + f * (gain(flowLo[j]!, r.etaUp[j]!, r.etaDown[j]!) + r.delta[j]!);
    hi = eps * hi + f * (gain(flowHi[j]!, r.etaUp[j]!, r.etaDown[j]!) + r.delta[j]!);
    const push = (field: string, text: string) => {
      if (seen.has(`${atMs}|${field}`)) return;
      seen.add(`${atMs}|${field}`);
      issues.push({ atMs, field, text });
    };
    const range = `the SoC can only be between ${E(lo)} and ${E(hi)} by then`;
    const t = r.targets[j];
    if (t !== null && t !== undefined && (t > hi + tolerance(hi) || t < lo - tolerance(lo))) {
      push('soc-targets', `soc-targets ${E(t)} is out of reach: ${from}, ${range}`);
    }
    const m = r.minima[j];
    if (m !== null && m !== undefined && clip(m) > hi + tolerance(hi)) {
      push('soc-minima', `soc-minima ${E(clip(m))} is out of reach: ${from}, ${range}`);
    }
    const M = r.maxima[j];
    if (M !== null && M !== undefined && clip(M) < lo - tolerance(lo)) {
      push('soc-maxima', `soc-maxima ${E(clip(M))} is out of reach: ${from}, ${range}`);
    }
  }
}

/** Merges runs of identical texts on consecutive instants (one step apart) into one issue. */
function groupIssues(issues: readonly ConstraintIssue[], stepMs: number): ConstraintIssue[] {
  const sorted = [...issues].sort((a, b) => a.atMs - b.atMs);
  const out: ConstraintIssue[] = [];
  const open = new Map<string, ConstraintIssue>();
  for (const issue of sorted) {
    const run = open.get(issue.text);
    if (run && (run.untilMs ?? run.atMs) + stepMs === issue.atMs) {
      run.untilMs = issue.atMs;
      continue;
    }
    const group: ConstraintIssue = { atMs: issue.atMs, text: issue.text };
    if (issue.untilMs !== undefined) group.untilMs = issue.untilMs;
    out.push(group);
    open.set(issue.text, group);
  }
  return out;
}

function renderIssues(r: ResolvedProblem, issues: readonly ConstraintIssue[]): string {
  const grouped = groupIssues(issues, r.stepMs);
  const lines = grouped.slice(0, MAX_LINES).map((i) => {
    const when = i.untilMs !== undefined ? `${r.fmtTime(i.atMs)} until ${r.fmtTime(i.untilMs)}` : r.fmtTime(i.atMs);
    return `t=${when} | ${i.text}`;
  });
  if (grouped.length > MAX_LINES) lines.push(`… and ${grouped.length - MAX_LINES} more issue(s)`);
  return lines.join('\n');
}

function throwIssues(r: ResolvedProblem, staticIssues: Issue[], dynamicIssues: Issue[]): never {
  const all = [...staticIssues, ...dynamicIssues];
  const text =
    'The input data yields an infeasible problem. Constraint validation has found the following issues:\n' +
    renderIssues(r, all);
  throw new SchedulingError(
    staticIssues.length ? 'ValueError' : 'InfeasibleProblemException',
    text,
    groupIssues(all, r.stepMs),
  );
}
