/**
 * The scale bench's arithmetic and output (no timings): sizes as people write them, log-log
 * slopes (0 flat, 1 proportional), the table with one slope column per step, and an SVG chart
 * that draws every measured series.
 */
import { describe, expect, it } from 'vitest';
import { parseSizes, scaleTable, sizeLabel, slope, type ScaleResult } from '../../bench/scale-bench.js';
import { scaleChartSvg } from '../../bench/lib/scale-chart.js';

describe('scale bench output', () => {
  it('reads sizes like 10k and 1m, and writes them back', () => {
    expect(parseSizes('10k,100k,1m,10M')).toEqual([10_000, 100_000, 1_000_000, 10_000_000]);
    expect(parseSizes('2500')).toEqual([2500]);
    expect(() => parseSizes('ten')).toThrow(/not a size/);
    expect([10_000, 1_000_000, 2500].map(sizeLabel)).toEqual(['10k', '1M', '2500']);
  });

  it('gives log-log slopes: 0 when flat, 1 when proportional, none when a value is missing', () => {
    expect(slope(10_000, 5, 100_000, 5)).toBe(0);
    expect(slope(10_000, 2, 100_000, 20)).toBeCloseTo(1, 12);
    expect(slope(10_000, 2, 1_000_000, 20)).toBeCloseTo(0.5, 12);
    expect(slope(10_000, null, 100_000, 3)).toBeNull();
  });

  it('prints one row per measure with a slope per step, and draws each series', () => {
    const result: ScaleResult = {
      sizes: [10_000, 100_000],
      measures: [
        { key: 'startup', label: 'start-up', unit: 'ms', values: [400, 400] },
        { key: 'verify', label: 'verify', unit: 's', values: [0.5, 5] },
      ],
      portfolioSizes: [10_000, 100_000],
      portfolio: [{ key: 'csvSeconds', label: 'CSV <wall>', unit: 's', values: [1, null] }],
      notes: [],
    };
    const table = scaleTable(result.sizes, result.measures).split('\n');
    expect(table[0]).toMatch(/measure .*\| 10k .*\| 100k .*\| slope 10k→100k/);
    expect(table[2]).toMatch(/start-up .*\| 0\.00 +\|$/);
    expect(table[3]).toMatch(/verify .*\| 1\.00 +\|$/);
    const svg = scaleChartSvg(result, 'caption & load');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<polyline/g)).toHaveLength(2); // the portfolio series has one point only: not drawn
    expect(svg).toContain('caption &amp; load');
  });
});
