import type { BoardMetrics } from '@whatpro/contracts';
import { describe, expect, it } from 'vitest';
import { distributionRows } from './MetricsView';

describe('distributionRows', () => {
  it('names each bucket by its bounds, hours under a day and days from there', () => {
    const metrics = {
      distribution: {
        edges_hours: [1, 4, 8, 24, 72, 168, 336, 720],
        lead_time: [0, 0, 1, 0, 3, 1, 0, 0, 2],
        cycle_time: [0, 0, 0, 2, 1, 0, 0, 0, 0],
      },
    } as BoardMetrics;
    expect(distributionRows(metrics)).toEqual([
      { bucket: '< 1 h', lead: 0, cycle: 0 },
      { bucket: '1 h–4 h', lead: 0, cycle: 0 },
      { bucket: '4 h–8 h', lead: 1, cycle: 0 },
      { bucket: '8 h–1 d', lead: 0, cycle: 2 },
      { bucket: '1 d–3 d', lead: 3, cycle: 1 },
      { bucket: '3 d–7 d', lead: 1, cycle: 0 },
      { bucket: '7 d–14 d', lead: 0, cycle: 0 },
      { bucket: '14 d–30 d', lead: 0, cycle: 0 },
      { bucket: '≥ 30 d', lead: 2, cycle: 0 },
    ]);
  });
});
