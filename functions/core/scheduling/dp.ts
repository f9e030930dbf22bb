/**
 * Exact dynamic programme over the state of charge for one storage device.
 *
 * A job has one flexible device and everything else (prices, capacities, inflexible load, SoC
 * bounds) is known in advance, so the problem "never charge and discharge in the same step" is a
 * one-dimensional DP: the optimal cost-to-go as a function of the stock is continuous (a jump can only
 * come from a zero charging efficiency) and piecewise linear, and it can be propagated backwards
 * exactly, without discretising the stock.
 *
 * Per step j, with net device power x in [flowLo_j, flowHi_j]:
 * - the stock contribution is u = F_j·g_j(x), with g_j(x) = η_up·x (x ≥ 0) or x/η_down (x < 0) and
 *   F_j = f(ε_j)·Δ[h]: linear on each side of x = 0;
 * - the cost c·max(x + d, 0) + p·min(x + d, 0) (d the inflexible load, prices ramped and × Δ[h]) is
 *   linear on each side of x = −d.
 * So the step splits into at most three pieces on which cost and stock contribution are both linear:
 * cost = α_k + β_k·u for u in [u0_k, u1_k]. With V the cost-to-go of the stock after the step and
 * t = ε_j·s + F_j·δ_j the stock the step starts from after losses and soc-gain/usage,
 *
 *   W_k(t) = α_k − β_k·t + min over y in [t + u0_k, t + u1_k] of (V(y) + β_k·y)
 *
 * and the minimum over a sliding window of a piecewise linear function is the lower envelope of that
 * function shifted by u0_k, shifted by u1_k, and of each breakpoint value held while the breakpoint is
 * inside the window. W is the lower envelope over the pieces; the cost-to-go of the stock before
 * the step is V_j(s) = W(ε_j·s + F_j·δ_j) on the step's admissible stock interval. The value at
 * soc-at-start is the optimum; a forward pass then picks the best power per step.
 *
 * Floating point leaves slivers (near-coincident breakpoints) that would make the number of segments
 * grow geometrically, so after every step the function is simplified: breakpoints closer than a
 * tiny distance are merged and nearly collinear neighbours are joined. Each simplification moves the
 * function by a measured amount; the sum over all steps bounds the distance between the DP's value
 * and the true optimum (min and shifts never enlarge a uniform error), and is reported as the gap.
 */
import type { ModelBounds } from './feasibility.js';
import type { ModelPrices } from './prices.js';
import type { ResolvedProblem } from './resolve.js';

/**
 * A piecewise linear function on an interval, as a polyline: points sorted by x. Two consecutive
 * points with the same x form a jump; the value there is the lower of the two.
 */
interface Polyline {
  xs: number[];
  vs: number[];
}

/** One linear piece of a candidate function: on [x0, x1] (x0 ≤ x1) from v0 to v1. */
type Segment = [x0: number, x1: number, v0: number, v1: number];

/** The DP's result. */
export interface DpResult {
  /** The optimal cost (same units as the LP objective: ramped prices × Δ[h] × MW). */
  value: number;
  /** Bound on |value − true optimum| from the simplifications (absolute, same units). */
  errorBound: number;
  /** Net device power per step (MW) of an optimal schedule. */
  power: number[];
  /** Stock at the end of each step of that schedule (MWh). */
  stock: number[];
  /** Direction per step: `up` when the step charges (or is idle on the charging side), else `down`. */
  direction: ('up' | 'down')[];
  /** Largest number of points of a cost-to-go function (for diagnostics). */
}

/** Relative size (to the problem's stock and cost scales) of breakpoint distances and value deviations dropped. */
const X_TOLERANCE = 1e-11;
const V_TOLERANCE = 1e-12;

/** Value of a polyline at x (Infinity outside its domain, after snapping by `tolX`). */
function evaluate(f: Polyline, x: number, tolX = 0): number {
  const { xs, vs } = f;
  const last = xs.length - 1;
  if (x < xs[0]!) {
    if (xs[0]! - x > tolX) return Infinity;
    x = xs[0]!;
  } else if (x > xs[last]!) {
    if (x - xs[last]! > tolX) return Infinity;
    x = xs[last]!;
  }
  let best = Infinity;
  for (let i = 0; i <= last; i++) {
    const xi = xs[i]!;
    if (xi === x && vs[i]! < best) best = vs[i]!;
    if (i < last) {
      const xn = xs[i + 1]!;
      if (xi < x && x < xn) {
        const v = vs[i]! + ((vs[i + 1]! - vs[i]!) * (x - xi)) / (xn - xi);
        if (v < best) best = v;
      }
    }
    if (xi > x) break;
  }
  return best;
}

/** Lower envelope of a set of segments (their union must be an interval; tiny gaps are bridged). */
function lowerEnvelope(segments: readonly Segment[]): Polyline {
  const ends = new Float64Array(2 * segments.length);
  for (let i = 0; i < segments.length; i++) {
    ends[2 * i] = segments[i]![0];
    ends[2 * i + 1] = segments[i]![1];
  }
  ends.sort();
  const events: number[] = [];
  for (let i = 0; i < ends.length; i++) if (i === 0 || ends[i] !== ends[i - 1]) events.push(ends[i]!);
  const byStart = [...segments].sort((a, b) => a[0] - b[0]);
  const xs: number[] = [];
  const vs: number[] = [];
  const push = (x: number, v: number) => {
    const n = xs.length;
    if (n && xs[n - 1] === x && vs[n - 1] === v) return;
    xs.push(x);
    vs.push(v);
  };
  const active: Segment[] = [];
  let next = 0;
  let rightLimit: number | undefined;
  for (let e = 0; e < events.length; e++) {
    const a = events[e]!;
    while (next < byStart.length && byStart[next]![0] <= a) active.push(byStart[next++]!);
    let kept = 0;
    for (let i = 0; i < active.length; i++) if (active[i]![1] >= a) active[kept++] = active[i]!;
    active.length = kept;
    // Value at the event point itself: every segment containing it.
    let pointValue = Infinity;
    for (const s of active) {
      const v = s[0] === a ? s[2] : s[1] === a ? s[3] : s[2] + ((s[3] - s[2]) * (a - s[0])) / (s[1] - s[0]);
      if (v < pointValue) pointValue = v;
    }
    if (rightLimit !== undefined) push(a, rightLimit);
    rightLimit = undefined;
    push(a, pointValue);
    if (e === events.length - 1) break;
    const b = events[e + 1]!;
    // Lines spanning the elementary interval [a, b].
    const lines: { v: number; slope: number }[] = [];
    for (const s of active) {
      if (s[1] > a && s[0] < s[1]) {
        const slope = (s[3] - s[2]) / (s[1] - s[0]);
        lines.push({ v: s[0] === a ? s[2] : s[2] + slope * (a - s[0]), slope });
      }
    }
    if (!lines.length) continue; // a gap: the neighbouring points are joined
    let cur = 0;
    for (let i = 1; i < lines.length; i++) {
      const l = lines[i]!;
      const c = lines[cur]!;
      if (l.v < c.v || (l.v === c.v && l.slope < c.slope)) cur = i;
    }
    push(a, lines[cur]!.v);
    let x = a;
    for (;;) {
      const c = lines[cur]!;
      const vc = c.v + c.slope * (x - a);
      let bestX = b;
      let best = -1;
      for (let i = 0; i < lines.length; i++) {
        const l = lines[i]!;
        if (l.slope >= c.slope) continue;
        const cross = x + Math.max(0, l.v + l.slope * (x - a) - vc) / (c.slope - l.slope);
        if (cross < bestX) {
          bestX = cross;
          best = i;
        }
      }
      if (best < 0 || bestX <= x) {
        if (best >= 0 && bestX <= x) {
          cur = best;
          continue;
        }
        break;
      }
      cur = best;
      x = bestX;
      push(x, lines[cur]!.v + lines[cur]!.slope * (x - a));
    }
    rightLimit = lines[cur]!.v + lines[cur]!.slope * (b - a);
  }
  return { xs, vs };
}

/**
 * Simplifies a polyline: points closer than `tolX` are merged (the later one snapped onto the
 * earlier), duplicate values at one x are dropped, and runs of nearly collinear points are joined
 * (each dropped point within `tolV` of the new chord). Returns the new polyline and the largest value
 * change made anywhere.
 */
function simplify(f: Polyline, tolX: number, tolV: number): { f: Polyline; error: number } {
  let error = 0;
  // 1. snap near-equal x onto the previous one; the value moves by at most |slope|·shift.
  const xs: number[] = [];
  const vs: number[] = [];
  for (let i = 0; i < f.xs.length; i++) {
    let x = f.xs[i]!;
    const v = f.vs[i]!;
    const n = xs.length;
    if (n && x - xs[n - 1]! < tolX) {
      if (i + 1 < f.xs.length && f.xs[i + 1]! > x) {
        const slope = Math.abs((f.vs[i + 1]! - v) / (f.xs[i + 1]! - x));
        error = Math.max(error, slope * (x - xs[n - 1]!));
      }
      x = xs[n - 1]!;
    }
    xs.push(x);
    vs.push(v);
  }
  // 2. at one x keep the arriving value, the lowest value and the leaving value, dropping near-duplicates.
  const px: number[] = [];
  const pv: number[] = [];
  for (let i = 0; i < xs.length; ) {
    let k = i;
    while (k + 1 < xs.length && xs[k + 1] === xs[i]) k++;
    const x = xs[i]!;
    let low = Infinity;
    for (let m = i; m <= k; m++) low = Math.min(low, vs[m]!);
    const arrive = i > 0 ? vs[i]! : low;
    const leave = k < xs.length - 1 ? vs[k]! : low;
    const keep: number[] = [];
    for (const v of [arrive, low, leave]) {
      const lastKept = keep[keep.length - 1];
      if (lastKept !== undefined && Math.abs(v - lastKept) <= tolV) {
        error = Math.max(error, Math.abs(v - lastKept));
        if (v < lastKept) keep[keep.length - 1] = v;
        continue;
      }
      keep.push(v);
    }
    // a lowered "arrive"/"leave" may have taken the low value: error already counted.
    for (const v of keep) {
      px.push(x);
      pv.push(v);
    }
    i = k + 1;
  }
  // 3. join nearly collinear points within continuous runs.
  const ox: number[] = [px[0]!];
  const ov: number[] = [pv[0]!];
  let anchor = 0;
  while (anchor < px.length - 1) {
    if (px[anchor + 1] === px[anchor]) {
      anchor++;
      ox.push(px[anchor]!);
      ov.push(pv[anchor]!);
      continue;
    }
    let end = anchor + 1;
    let endError = 0;
    for (let k = anchor + 2; k < px.length; k++) {
      if (px[k] === px[k - 1]) break;
      const x0 = px[anchor]!;
      const v0 = pv[anchor]!;
      const slope = (pv[k]! - v0) / (px[k]! - x0);
      let worst = 0;
      for (let m = anchor + 1; m < k; m++) worst = Math.max(worst, Math.abs(v0 + slope * (px[m]! - x0) - pv[m]!));
      if (worst > tolV) break;
      end = k;
      endError = worst;
    }
    error = Math.max(error, endError);
    ox.push(px[end]!);
    ov.push(pv[end]!);
    anchor = end;
  }
  return { f: { xs: ox, vs: ov }, error };
}

/** The part of a polyline on [lo, hi]; `undefined` when they do not meet. */
function clip(f: Polyline, lo: number, hi: number): Polyline | undefined {
  const { xs, vs } = f;
  const last = xs.length - 1;
  if (xs[0]! > hi || xs[last]! < lo) return undefined;
  const ox: number[] = [];
  const ov: number[] = [];
  if (xs[0]! < lo) {
    ox.push(lo);
    ov.push(evaluate(f, lo));
  }
  for (let i = 0; i <= last; i++) {
    if (xs[i]! >= lo && xs[i]! <= hi) {
      ox.push(xs[i]!);
      ov.push(vs[i]!);
    }
  }
  if (xs[last]! > hi) {
    ox.push(hi);
    ov.push(evaluate(f, hi));
  }
  return { xs: ox, vs: ov };
}

/** One piece of a step: power range, cost = costSlope·(x + inflex), stock contribution = gain·x. */
interface Piece {
  x0: number;
  x1: number;
  costSlope: number;
  gain: number;
}

function pieces(r: ResolvedProblem, bounds: ModelBounds, prices: ModelPrices, j: number): Piece[] {
  const lo = bounds.flowLo[j]!;
  const hi = Math.max(bounds.flowHi[j]!, lo);
  const inflex = r.inflex[j]!;
  const cuts = [lo, hi];
  for (const c of [0, -inflex]) if (c > lo && c < hi) cuts.push(c);
  cuts.sort((a, b) => a - b);
  const F = r.lossF[j]! * r.dtH;
  const out: Piece[] = [];
  const make = (x0: number, x1: number, probe: number): Piece => ({
    x0,
    x1,
    costSlope: r.dtH * (probe + inflex > 0 ? prices.consumption[j]! : prices.production[j]!),
    gain: F * (probe > 0 ? r.etaUp[j]! : 1 / r.etaDown[j]!),
  });
  if (lo === hi) return [make(lo, hi, lo)];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const x0 = cuts[i]!;
    const x1 = cuts[i + 1]!;
    if (x1 > x0) out.push(make(x0, x1, (x0 + x1) / 2));
  }
  return out;
}

const pieceCost = (p: Piece, x: number, inflex: number) => p.costSlope * (x + inflex);

/**
 * Runs the DP. `admissible` gives, per step j, the stock interval allowed at the end of step j
 * (finite; the caller intersects the SoC bounds with what is reachable from soc-at-start). Returns
 * `undefined` when the DP finds no feasible schedule (the caller's checks explain why).
 */
export function solveDp(
  r: ResolvedProblem,
  bounds: ModelBounds,
  prices: ModelPrices,
  admissible: { lo: number[]; hi: number[] },
): DpResult | undefined {
  const n = r.n;
  // Scales for the tolerances: the stock range and the largest cost of one step.
  let stockScale = Math.abs(r.socAtStart);
  for (let j = 0; j < n; j++) stockScale = Math.max(stockScale, Math.abs(admissible.lo[j]!), Math.abs(admissible.hi[j]!));
  stockScale = Math.max(stockScale, 1e-3);
  let costScale = 0;
  for (let j = 0; j < n; j++) {
    const flow = Math.max(Math.abs(bounds.flowLo[j]!), Math.abs(bounds.flowHi[j]!)) + Math.abs(r.inflex[j]!);
    costScale = Math.max(costScale, r.dtH * flow * Math.max(Math.abs(prices.consumption[j]!), Math.abs(prices.production[j]!)));
  }
  costScale = Math.max(costScale, 1e-6);
  const tolX = X_TOLERANCE * stockScale;
  const tolV = V_TOLERANCE * costScale * n;

  // Backward pass. values[j] is the cost-to-go from the stock at the start of step j.
  const values: Polyline[] = new Array(n + 1);
  values[n] = { xs: [admissible.lo[n - 1]!, admissible.hi[n - 1]!], vs: [0, 0] };
  if (values[n]!.xs[0] === values[n]!.xs[1]) values[n] = { xs: [values[n]!.xs[0]!], vs: [0] };
  let errorBound = 0;
  for (let j = n - 1; j >= 0; j--) {
    const V = values[j + 1]!;
    const inflex = r.inflex[j]!;
    const segments: Segment[] = [];
    for (const p of pieces(r, bounds, prices, j)) {
      const u0 = p.gain * p.x0;
      const u1 = p.gain * p.x1;
      if (p.gain <= 0 || u1 - u0 <= 0) {
        // The stock does not depend on x within the piece: take its cheapest end.
        const cost = Math.min(pieceCost(p, p.x0, inflex), pieceCost(p, p.x1, inflex));
        addShifted(segments, V, -u0, 0, cost);
        continue;
      }
      const beta = p.costSlope / p.gain;
      const alpha = p.costSlope * inflex;
      // φ(y) = V(y) + β·y; W_k(t) = α − β·t + min over the window of φ.
      addWindowMin(segments, V, beta, u0, u1, alpha);
    }
    let W = lowerEnvelope(segments);
    const eps = r.eps[j]!;
    const F = r.lossF[j]! * r.dtH;
    const offset = F * r.delta[j]!;
    const lo = j === 0 ? r.socAtStart : admissible.lo[j - 1]!;
    const hi = j === 0 ? r.socAtStart : admissible.hi[j - 1]!;
    let Vj: Polyline | undefined;
    if (eps === 0) {
      const v = evaluate(W, offset, tolX);
      if (v === Infinity) return undefined;
      Vj = lo === hi ? { xs: [lo], vs: [v] } : { xs: [lo, hi], vs: [v, v] };
    } else {
      W = { xs: W.xs.map((t) => (t - offset) / eps), vs: W.vs };
      Vj = clip(W, lo, hi);
      if (!Vj) {
        // Within the snapping tolerance, the nearest end still counts.
        const near = W.xs[0]! > hi ? W.xs[0]! - hi : lo - W.xs[W.xs.length - 1]!;
        if (near > tolX) return undefined;
        const at = W.xs[0]! > hi ? hi : lo;
        Vj = { xs: [at], vs: [evaluate(W, at, tolX)] };
      }
    }
    const simple = simplify(Vj, tolX, tolV);
    values[j] = simple.f;
    errorBound += simple.error;
  }
  const value = evaluate(values[0]!, r.socAtStart, tolX);
  if (value === Infinity) return undefined;

  // Forward pass: per step, the best power among piece ends and breakpoints of the next cost-to-go.
  const power: number[] = [];
  const direction: ('up' | 'down')[] = [];
  const stock: number[] = [];
  let s = r.socAtStart;
  for (let j = 0; j < n; j++) {
    const V = values[j + 1]!;
    const inflex = r.inflex[j]!;
    const t = r.eps[j]! * s + r.lossF[j]! * r.dtH * r.delta[j]!;
    let best = { total: Infinity, x: 0, y: t, up: true };
    const consider = (p: Piece, x: number) => {
      const xc = Math.min(p.x1, Math.max(p.x0, x));
      const y = t + p.gain * xc;
      const total = pieceCost(p, xc, inflex) + evaluate(V, y, 2 * tolX);
      if (total < best.total) best = { total, x: xc, y, up: p.x0 + p.x1 > 0 || (p.x0 === p.x1 && p.x0 >= 0) };
    };
    for (const p of pieces(r, bounds, prices, j)) {
      consider(p, p.x0);
      consider(p, p.x1);
      if (p.gain > 0) {
        const ylo = t + p.gain * p.x0;
        const yhi = t + p.gain * p.x1;
        for (const y of V.xs) if (y > ylo && y < yhi) consider(p, (y - t) / p.gain);
      }
    }
    if (best.total === Infinity) return undefined;
    power.push(best.x);
    direction.push(best.x > 0 || (best.x === 0 && best.up) ? 'up' : 'down');
    s = Math.min(Math.max(best.y, V.xs[0]!), V.xs[V.xs.length - 1]!);
    stock.push(s);
  }
  return { value, errorBound, power, stock, direction };
}

/** Segments of c + V(t + shift) (as a function of t). */
function addShifted(out: Segment[], V: Polyline, shift: number, slope: number, c: number): void {
  const { xs, vs } = V;
  if (xs.length === 1) {
    const t = xs[0]! + shift;
    out.push([t, t, c + vs[0]! + slope * t, c + vs[0]! + slope * t]);
    return;
  }
  for (let i = 0; i + 1 < xs.length; i++) {
    const t0 = xs[i]! + shift;
    const t1 = xs[i + 1]! + shift;
    out.push([t0, t1, c + vs[i]! + slope * t0, c + vs[i + 1]! + slope * t1]);
  }
}

/** Segments of α − β·t + min over y in [t + u0, t + u1] of (V(y) + β·y). */
function addWindowMin(out: Segment[], V: Polyline, beta: number, u0: number, u1: number, alpha: number): void {
  const { xs, vs } = V;
  // φ shifted by each window end: t = y − u0 and t = y − u1, value α − β·t + V(y) + β·y = α + β·u + V(y).
  addShifted(out, V, -u0, 0, alpha + beta * u0);
  addShifted(out, V, -u1, 0, alpha + beta * u1);
  // The breakpoints inside the window: breakpoint i is inside while t is in [y_i − u1, y_i − u0].
  // Their lowest φ is a step function of t, swept with a monotone deque (breakpoints enter and leave
  // in the order of y), which gives O(points) segments α + m − β·t instead of one per breakpoint.
  const n = xs.length;
  const phi = (i: number) => vs[i]! + beta * xs[i]!;
  const deque: number[] = [];
  let head = 0;
  let entered = 0;
  let left = 0;
  let cur = xs[0]! - u1;
  let last: Segment | undefined;
  let lastMin = NaN;
  for (;;) {
    while (entered < n && xs[entered]! - u1 <= cur) {
      const value = phi(entered);
      while (deque.length > head && phi(deque[deque.length - 1]!) >= value) deque.pop();
      deque.push(entered++);
    }
    while (left < n && xs[left]! - u0 < cur) left++;
    while (head < deque.length && deque[head]! < left) head++;
    if (head === deque.length) {
      if (entered >= n) break;
      cur = xs[entered]! - u1;
      continue;
    }
    const leave = xs[left]! - u0;
    const next = entered < n ? Math.min(xs[entered]! - u1, leave) : leave;
    const m = phi(deque[head]!) + alpha;
    if (last && last[1] === cur && lastMin === m) {
      last[1] = next;
      last[3] = m - beta * next;
    } else {
      last = [cur, next, m - beta * cur, m - beta * next];
      lastMin = m;
      out.push(last);
    }
    if (next === leave) {
      while (left < n && xs[left]! - u0 <= next) left++;
      while (head < deque.length && deque[head]! < left) head++;
    }
    cur = next;
  }
}
