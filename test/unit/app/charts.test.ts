/**
 * The asset chart use cases (functions/app/charts.ts) over in-memory ports: the rows follow
 * `sensors_to_show` (only sensors of the asset's account or public ones), the data come from the
 * shown sensors' beliefs within the window, and reading needs read access on the asset.
 */
import { describe, it, expect } from '@jest/globals';
import { assetChart, assetChartData } from '../../../functions/app/charts.js';
import { postSensorData } from '../../../functions/app/sensor-data.js';
import { ForbiddenError } from '../../../functions/core/errors.js';
import { dataWorld } from './data-world.js';

const START = '2021-05-01T00:00:00+02:00';

async function withData() {
  const w = await dataWorld();
  await postSensorData(w.deps, w.member, w.power, { values: [1, 2, 3, 4], start: START, duration: 'PT1H', unit: 'kW' });
  await postSensorData(w.deps, w.member, w.price, { values: [50, 60], start: START, duration: 'PT30M', unit: 'EUR/MWh' });
  return w;
}

describe('assetChartData', () => {
  it('gives the records of the asset’s own sensors within the window', async () => {
    const w = await withData();
    const records = await assetChartData(w.deps, w.member.actor, w.battery, {
      // Events touching the window count: 00:15–00:30 ends at its start, 00:45 starts after its end.
      event_starts_after: '2021-05-01T00:30:00+02:00',
      event_ends_before: '2021-05-01T00:40:00+02:00',
    });
    expect(records.map((r) => [r.sensor.id, r.event_value])).toEqual([
      [w.power.id, 2],
      [w.power.id, 3],
      [w.price.id, 60],
    ]);
    expect(records.every((r) => r.source.name === 'prosumer user')).toBe(true);
  });

  it('shows the sensors of `sensors_to_show`, leaving out those of another account', async () => {
    const w = await withData();
    const battery = await w.assets.updateAsset(w.battery.id, { attributes: { sensors_to_show: [w.price.id, w.otherPower.id] } });
    const records = await assetChartData(w.deps, w.member.actor, battery, {});
    expect([...new Set(records.map((r) => r.sensor.id))]).toEqual([w.price.id]);
  });

  it('needs read access on the asset', async () => {
    const w = await withData();
    await expect(assetChartData(w.deps, w.outsider.actor, w.battery, {})).rejects.toBeInstanceOf(ForbiddenError);
    await expect(assetChart(w.deps, w.outsider.actor, w.battery, {})).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe('assetChart', () => {
  it('embeds the data under its dataset name only when asked', async () => {
    const w = await withData();
    const without = (await assetChart(w.deps, w.member.actor, w.battery, {})) as Record<string, unknown>;
    expect(without).not.toHaveProperty('datasets');
    const withData_ = (await assetChart(w.deps, w.member.actor, w.battery, { include_data: true, dataset_name: 'mine' })) as { datasets: Record<string, unknown[]> };
    expect(Object.keys(withData_.datasets)).toEqual(['mine']);
    expect(withData_.datasets.mine).toHaveLength(6);
  });
});
