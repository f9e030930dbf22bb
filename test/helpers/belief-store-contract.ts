/**
 * THE contract every belief store adapter must pass (functions/core/ports/beliefs.ts). Each
 * adapter's test file calls `beliefStoreContract` with a factory; the capabilities say where an
 * adapter honestly differs (Timestream cannot delete, cannot tell an identical re-write from a new
 * write, and does not report the stored value of a conflict).
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import {
  UnstorableBeliefError,
  latestPerEventAndSource,
  type Belief,
  type BeliefStore,
} from '../../functions/core/ports/beliefs.js';

export interface ContractCapabilities {
  /** `deleteSensorData` removes beliefs. */
  deletes: boolean;
  /** `insert` reports identical re-writes as `unchanged` (otherwise as `inserted`). */
  tellsUnchanged: boolean;
  /** Conflicts carry the stored value (otherwise null). */
  reportsStoredValue: boolean;
}

export interface ContractSubject {
  store: BeliefStore;
  capabilities: ContractCapabilities;
  close?: () => Promise<void>;
}

const T = (iso: string) => Date.parse(iso);
const MIN = 60_000;

let nextSensor = 7_000 + Math.floor(Math.random() * 1000) * 100;
/** A sensor id no other test uses (every test gets its own series). */
export function freshSensor(): number {
  return nextSensor++;
}

/** A belief with the defaults of a POSTed value (cp 0.5). */
export function belief(sensorId: number, eventStart: string, beliefTime: string, sourceId: number, value: number): Belief {
  return { sensorId, eventStart: T(eventStart), beliefTime: T(beliefTime), sourceId, cumulativeProbability: 0.5, value };
}

/** `n` events every `stepMin` minutes from `start`, all believed at `beliefTime` by `sourceId`. */
export function series(sensorId: number, start: string, n: number, stepMin: number, beliefTime: string, sourceId: number, value: (i: number) => number): Belief[] {
  return Array.from({ length: n }, (_, i) => ({
    sensorId,
    eventStart: T(start) + i * stepMin * MIN,
    beliefTime: T(beliefTime),
    sourceId,
    cumulativeProbability: 0.5,
    value: value(i),
  }));
}

const byKey = (a: Belief, b: Belief) =>
  a.eventStart - b.eventStart || a.beliefTime - b.beliefTime || a.sourceId - b.sourceId || a.cumulativeProbability - b.cumulativeProbability;
const sorted = (list: readonly Belief[]) => [...list].sort(byKey);

export function beliefStoreContract(name: string, make: () => Promise<ContractSubject>): void {
  describe(`belief store contract: ${name}`, () => {
    let subject: ContractSubject;
    let store: BeliefStore;
    beforeAll(async () => {
      subject = await make();
      store = subject.store;
    });
    afterAll(async () => {
      await subject?.close?.();
    });

    const all = (sensorId: number) => store.query({ sensorId, from: T('1970-01-01T00:00:00Z'), to: T('2100-01-01T00:00:00Z') });

    it('answers its readiness ping', async () => {
      expect(await store.ping()).toBe(true);
    });

    it('reads nothing for a sensor without beliefs', async () => {
      expect(await all(freshSensor())).toEqual([]);
    });

    it('stores new beliefs and reads them back exactly, in event/belief-time/source order', async () => {
      const s = freshSensor();
      const beliefs = [
        belief(s, '2021-05-01T22:10:00Z', '2021-05-01T22:20:00Z', 2, 91.7),
        belief(s, '2021-05-01T22:00:00Z', '2021-05-01T22:10:00Z', 2, 91.3),
        belief(s, '2021-05-01T22:00:00Z', '2021-05-01T22:10:00Z', 1, -0.01128),
        belief(s, '2021-05-01T22:00:00Z', '2021-05-01T22:05:00Z', 3, 1e-9),
        { ...belief(s, '2021-05-01T22:20:00Z', '2021-05-01T22:30:00Z', 2, 0), cumulativeProbability: 0.1587 },
        belief(s, '2021-05-01T22:20:00Z', '2021-05-01T22:30:00Z', 2, -67.67999999999999),
      ];
      const outcome = await store.insert(beliefs);
      expect(sorted(outcome.inserted)).toEqual(sorted(beliefs));
      expect(outcome.unchanged).toEqual([]);
      expect(outcome.conflicts).toEqual([]);
      expect(await all(s)).toEqual(sorted(beliefs));
    });

    it('writes absent beliefs with its optional writeNew (a leased writer) so that reads, retries and conflicts see them', async () => {
      if (!store.writeNew) return;
      const s = freshSensor();
      const beliefs = [...series(s, '2021-05-31T23:00:00Z', 8, 15, '2021-05-30T00:00:00Z', 2, (i) => i / 4), belief(s, '2021-06-01T01:00:00Z', '2021-05-30T00:00:00Z', 2, NaN)];
      await store.writeNew(beliefs);
      const read = await all(s);
      expect(read.map((b) => b.eventStart)).toEqual(sorted(beliefs).map((b) => b.eventStart));
      expect(read.slice(0, -1).map((b) => b.value)).toEqual(sorted(beliefs).slice(0, -1).map((b) => b.value));
      expect(read.at(-1)!.value).toBeNaN();
      expect((await store.insert(beliefs)).conflicts).toEqual([]);
      expect((await store.insert([{ ...beliefs[0]!, value: 99 }])).conflicts).toHaveLength(1);
      expect((await store.stats(s)).map((x) => x.countValues)).toEqual([9]);
    });

    it('keeps every finite double exactly, including subnormal and huge ones', async () => {
      const s = freshSensor();
      const extremes = [5e-324, -5e-324, 1e-131, 2.2250738585072014e-308, 1.7976931348623157e308, -1e126, 0.1 + 0.2, 123456789.12345679, -0];
      const beliefs = extremes.map((v, i) => belief(s, `2021-05-01T${String(i).padStart(2, '0')}:00:00Z`, '2021-05-02T00:00:00Z', 1, v));
      await store.insert(beliefs);
      expect((await all(s)).map((b) => b.value)).toEqual(extremes.map((v) => (Object.is(v, -0) ? 0 : v)));
      expect((await store.insert(beliefs)).conflicts).toEqual([]);
    });

    it('keeps NaN values (they count in statistics, not in sums)', async () => {
      const s = freshSensor();
      const beliefs = [belief(s, '2021-05-01T22:00:00Z', '2021-05-01T22:10:00Z', 4, NaN), belief(s, '2021-05-01T22:10:00Z', '2021-05-01T22:20:00Z', 4, 92.1)];
      await store.insert(beliefs);
      const read = await all(s);
      expect(read).toHaveLength(2);
      expect(read[0]!.value).toBeNaN();
      expect(read[1]!.value).toBe(92.1);
      // Re-inserting the NaN is a harmless retry, not a replacement.
      const again = await store.insert([beliefs[0]!]);
      expect(again.conflicts).toEqual([]);
    });

    it('makes a retried insert harmless: identical beliefs change nothing', async () => {
      const s = freshSensor();
      const beliefs = series(s, '2021-06-06T22:00:00Z', 6, 10, '2021-06-06T23:00:00Z', 5, () => -11.28);
      await store.insert(beliefs);
      const again = await store.insert(beliefs);
      expect(again.conflicts).toEqual([]);
      if (subject.capabilities.tellsUnchanged) {
        expect(sorted(again.unchanged)).toEqual(sorted(beliefs));
        expect(again.inserted).toEqual([]);
      } else {
        expect(sorted(again.inserted)).toEqual(sorted(beliefs));
      }
      expect(await all(s)).toEqual(sorted(beliefs));
    });

    it('refuses a different value for a stored key (a replacement) and keeps the stored one', async () => {
      const s = freshSensor();
      const beliefs = series(s, '2021-06-06T22:00:00Z', 3, 10, '2021-06-06T23:00:00Z', 5, () => -11.28);
      await store.insert(beliefs);
      const changed = { ...beliefs[0]!, value: 100 };
      const outcome = await store.insert([changed]);
      expect(outcome.inserted).toEqual([]);
      expect(outcome.unchanged).toEqual([]);
      expect(outcome.conflicts).toEqual([{ belief: changed, storedValue: subject.capabilities.reportsStoredValue ? -11.28 : null }]);
      expect(await all(s)).toEqual(sorted(beliefs));
    });

    it('classifies a mixed insert per belief and writes only the new ones', async () => {
      const s = freshSensor();
      const stored = series(s, '2021-06-06T22:00:00Z', 2, 10, '2021-06-06T23:00:00Z', 5, (i) => i);
      await store.insert(stored);
      const same = stored[0]!;
      const conflicting = { ...stored[1]!, value: 42 };
      const fresh = belief(s, '2021-06-06T22:20:00Z', '2021-06-06T23:00:00Z', 5, 2);
      const outcome = await store.insert([same, conflicting, fresh]);
      expect(outcome.conflicts.map((c) => c.belief)).toEqual([conflicting]);
      if (subject.capabilities.tellsUnchanged) {
        expect(outcome.unchanged).toEqual([same]);
        expect(outcome.inserted).toEqual([fresh]);
      } else {
        expect(sorted(outcome.inserted)).toEqual(sorted([same, fresh]));
      }
      expect(await all(s)).toEqual(sorted([...stored, fresh]));
    });

    it('counts a key named twice in one insert once', async () => {
      const s = freshSensor();
      const b = belief(s, '2021-06-06T22:00:00Z', '2021-06-06T23:00:00Z', 5, 1);
      const outcome = await store.insert([b, { ...b }]);
      expect(outcome.inserted).toEqual([b]);
      expect(await all(s)).toEqual([b]);
    });

    it('stores a later belief about the same event as a new belief, next to the earlier one', async () => {
      const s = freshSensor();
      const early = belief(s, '2021-06-07T10:00:00Z', '2021-06-06T12:00:00Z', 5, 10);
      const late = belief(s, '2021-06-07T10:00:00Z', '2021-06-07T09:00:00Z', 5, 11);
      await store.insert([early]);
      expect((await store.insert([late])).inserted).toEqual([late]);
      expect(await all(s)).toEqual([early, late]);
    });

    it('reads the half-open event-start window [from, to) across month and year boundaries', async () => {
      const s = freshSensor();
      const beliefs = series(s, '2021-12-31T23:30:00Z', 8, 15, '2022-01-02T00:00:00Z', 5, (i) => i);
      await store.insert(beliefs);
      const window = await store.query({ sensorId: s, from: T('2021-12-31T23:45:00Z'), to: T('2022-01-01T00:45:00Z') });
      expect(window.map((b) => b.value)).toEqual([1, 2, 3, 4]);
      const multiMonth = series(s, '2022-01-15T00:00:00Z', 4, 30 * 24 * 60, '2022-05-01T00:00:00Z', 5, (i) => 100 + i);
      await store.insert(multiMonth);
      const spanning = await store.query({ sensorId: s, from: T('2021-12-01T00:00:00Z'), to: T('2022-04-15T00:00:00Z') });
      expect(spanning.map((b) => b.value)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 100, 101, 102]);
      expect(await store.query({ sensorId: s, from: T('2022-01-01T00:00:00Z'), to: T('2022-01-01T00:00:00Z') })).toEqual([]);
      expect(await store.query({ sensorId: s, from: T('2022-02-01T00:00:00Z'), to: T('2022-01-01T00:00:00Z') })).toEqual([]);
    });

    it('keeps beliefs with a belief time at or before `beliefTimeAtMost` (inclusive)', async () => {
      const s = freshSensor();
      const a = belief(s, '2021-06-07T10:00:00Z', '2021-06-07T08:00:00Z', 5, 1);
      const b = belief(s, '2021-06-07T10:00:00Z', '2021-06-07T09:00:00Z', 5, 2);
      const c = belief(s, '2021-06-07T10:00:00Z', '2021-06-07T10:00:00Z', 5, 3);
      await store.insert([a, b, c]);
      const q = { sensorId: s, from: T('2021-06-07T00:00:00Z'), to: T('2021-06-08T00:00:00Z') };
      expect(await store.query({ ...q, beliefTimeAtMost: T('2021-06-07T09:00:00Z') })).toEqual([a, b]);
      expect(await store.query({ ...q, beliefTimeAtMost: T('2021-06-07T07:59:59Z') })).toEqual([]);
    });

    it('filters by source; an empty source list matches nothing', async () => {
      const s = freshSensor();
      const beliefs = [1, 2, 3].map((src) => belief(s, '2021-06-07T10:00:00Z', '2021-06-07T10:10:00Z', src, src * 10));
      await store.insert(beliefs);
      const q = { sensorId: s, from: T('2021-06-07T00:00:00Z'), to: T('2021-06-08T00:00:00Z') };
      expect((await store.query({ ...q, sourceIds: [3, 1] })).map((b) => b.sourceId)).toEqual([1, 3]);
      expect(await store.query({ ...q, sourceIds: [] })).toEqual([]);
      expect(await store.query({ ...q, sourceIds: [99] })).toEqual([]);
    });

    it('honours `latestOnly` as a hint: what it returns holds the latest belief per event, source and cp', async () => {
      const s = freshSensor();
      const beliefs = [
        belief(s, '2021-06-07T10:00:00Z', '2021-06-07T08:00:00Z', 1, 1),
        belief(s, '2021-06-07T10:00:00Z', '2021-06-07T09:00:00Z', 1, 2),
        belief(s, '2021-06-07T10:00:00Z', '2021-06-07T08:30:00Z', 2, 3),
        belief(s, '2021-06-07T10:15:00Z', '2021-06-07T08:00:00Z', 1, 4),
        belief(s, '2021-06-07T10:15:00Z', '2021-06-07T09:30:00Z', 1, 5),
      ];
      await store.insert(beliefs);
      const q = { sensorId: s, from: T('2021-06-07T00:00:00Z'), to: T('2021-06-08T00:00:00Z') };
      const latest = await store.query({ ...q, latestOnly: true });
      // Read order within an event is by belief time: source 2's 08:30 comes before source 1's 09:00.
      expect(latestPerEventAndSource(latest).map((b) => b.value)).toEqual([3, 2, 5]);
      const asOf = await store.query({ ...q, latestOnly: true, beliefTimeAtMost: T('2021-06-07T08:45:00Z') });
      expect(latestPerEventAndSource(asOf).map((b) => b.value)).toEqual([1, 3, 4]);
    });

    it('keeps sensors apart (sensor 1 is not a prefix of sensor 10)', async () => {
      const base = freshSensor() * 10;
      const one = belief(base + 1, '2021-06-07T10:00:00Z', '2021-06-07T10:10:00Z', 1, 1);
      const ten = belief((base + 1) * 10, '2021-06-07T10:00:00Z', '2021-06-07T10:10:00Z', 1, 10);
      await store.insert([one, ten]);
      expect(await all(base + 1)).toEqual([one]);
      expect(await all((base + 1) * 10)).toEqual([ten]);
    });

    it('overwrites values with `put` and stores new keys with it', async () => {
      const s = freshSensor();
      const beliefs = series(s, '2021-06-07T00:00:00Z', 3, 60, '2021-06-06T12:00:00Z', 9, (i) => i);
      await store.insert(beliefs);
      const replaced = beliefs.map((b) => ({ ...b, value: b.value + 0.5 }));
      const extra = belief(s, '2021-06-07T03:00:00Z', '2021-06-06T12:00:00Z', 9, 7);
      await store.put([...replaced, extra]);
      expect(await all(s)).toEqual(sorted([...replaced, extra]));
    });

    it('refuses unstorable beliefs before writing any of them', async () => {
      const s = freshSensor();
      const good = belief(s, '2021-06-07T00:00:00Z', '2021-06-07T01:00:00Z', 1, 1);
      await expect(store.insert([good, { ...good, eventStart: good.eventStart + 900_000, value: Infinity }])).rejects.toBeInstanceOf(UnstorableBeliefError);
      await expect(store.insert([good, { ...good, eventStart: Date.parse('9999-12-31T23:59:59.999Z') + 1 }])).rejects.toBeInstanceOf(UnstorableBeliefError);
      await expect(store.put([good, { ...good, sourceId: -1 }])).rejects.toBeInstanceOf(UnstorableBeliefError);
      expect(await all(s)).toEqual([]);
    });

    it('writes and reads back ten days of 15-minute data from two sources', async () => {
      const s = freshSensor();
      const month = [
        ...series(s, '2021-03-08T00:00:00Z', 10 * 96, 15, '2021-04-01T00:00:00Z', 1, (i) => i / 4),
        ...series(s, '2021-03-15T00:00:00Z', 96, 15, '2021-04-01T00:00:00Z', 2, (i) => -i - 1),
      ];
      const outcome = await store.insert(month);
      expect(outcome.inserted).toHaveLength(month.length);
      const read = await all(s);
      expect(read).toHaveLength(month.length);
      expect(read).toEqual(sorted(month));
      const oneDay = await store.query({ sensorId: s, from: T('2021-03-15T00:00:00Z'), to: T('2021-03-16T00:00:00Z'), sourceIds: [2] });
      expect(oneDay.map((b) => b.value)).toEqual(Array.from({ length: 96 }, (_, i) => -i - 1));
    });

    it('reports statistics per source over all beliefs (NaN counted, not summed)', async () => {
      const s = freshSensor();
      await store.insert([
        belief(s, '2021-05-01T22:00:00Z', '2021-05-01T22:10:00Z', 11, 91.3),
        belief(s, '2021-05-01T22:10:00Z', '2021-05-01T22:20:00Z', 11, 91.7),
        belief(s, '2021-05-01T22:20:00Z', '2021-05-01T22:30:00Z', 11, 92.1),
        belief(s, '2021-05-01T22:00:00Z', '2021-05-01T22:10:00Z', 12, 91.3),
        belief(s, '2021-05-01T22:10:00Z', '2021-05-01T22:20:00Z', 12, NaN),
        belief(s, '2021-05-01T22:20:00Z', '2021-05-01T22:30:00Z', 12, 92.1),
        belief(s, '2021-06-01T00:00:00Z', '2021-05-01T22:30:00Z', 13, NaN),
      ]);
      const stats = await store.stats(s);
      expect(stats.map((x) => x.sourceId)).toEqual([11, 12, 13]);
      const [a, b, c] = stats;
      expect(a).toMatchObject({ minEventStart: T('2021-05-01T22:00:00Z'), maxEventStart: T('2021-05-01T22:20:00Z'), minValue: 91.3, maxValue: 92.1, countValues: 3, countNumbers: 3 });
      expect(a!.sumValues).toBeCloseTo(275.1, 10);
      expect(b).toMatchObject({ minValue: 91.3, maxValue: 92.1, countValues: 3, countNumbers: 2 });
      expect(b!.sumValues).toBeCloseTo(183.4, 10);
      expect(c).toEqual({
        sourceId: 13, minEventStart: T('2021-06-01T00:00:00Z'), maxEventStart: T('2021-06-01T00:00:00Z'),
        minValue: null, maxValue: null, sumValues: 0, countValues: 1, countNumbers: 0,
      });
      expect(await store.stats(freshSensor())).toEqual([]);
    });

    it('deletes all beliefs of a sensor, and only those (where the store can delete)', async () => {
      const s = freshSensor();
      const other = freshSensor();
      const beliefs = [
        ...series(s, '2021-01-31T23:00:00Z', 8, 15, '2021-02-02T00:00:00Z', 1, (i) => i),
        belief(s, '2021-05-01T00:00:00Z', '2021-05-01T00:10:00Z', 2, 5),
      ];
      const kept = belief(other, '2021-02-01T00:00:00Z', '2021-02-02T00:00:00Z', 1, 1);
      await store.insert([...beliefs, kept]);
      await store.deleteSensorData(s);
      expect(await all(other)).toEqual([kept]);
      if (subject.capabilities.deletes) {
        expect(store.canDelete).toBe(true);
        expect(await all(s)).toEqual([]);
        expect(await store.stats(s)).toEqual([]);
        // A later insert of the same keys is new again.
        expect((await store.insert(beliefs)).inserted).toHaveLength(beliefs.length);
      } else {
        expect(store.canDelete).toBe(false);
        expect(await all(s)).toEqual(sorted(beliefs));
      }
    });
  });
}
