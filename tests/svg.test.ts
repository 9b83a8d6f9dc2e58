/** The HTML report's bar charts: where a bar's value is written. */
import { describe, expect, it } from 'vitest';
import { barChart } from '../src/report/svg.js';

/** The x of each value's text and of each line, read back from the SVG. */
function placed(svg: string) {
  const values = [...svg.matchAll(/<text x="([\d.]+)" y="[\d.]+">([\d.,]+)<\/text>/g)].map((m) => ({ x: Number(m[1]), text: m[2]! }));
  const lines = [...svg.matchAll(/<line x1="([\d.]+)"/g)].map((m) => Number(m[1]));
  return { values, lines };
}

describe('bar charts', () => {
  it('write a value after its bar, and after a target or milestone line its text would cross', () => {
    const bars = [
      { label: 'a', value: 97.02, status: 'fail' as const },
      { label: 'b', value: 40, status: 'fail' as const },
      { label: 'c', value: 100, status: 'pass' as const },
    ];
    const { values, lines } = placed(
      barChart('t', bars, { target: 100, milestone: 42, targetLabel: 'target', milestoneLabel: 'milestone' }),
    );
    expect(lines).toHaveLength(2);
    expect(values.map((v) => v.text)).toEqual(['97.02', '40', '100']);
    // Lines are drawn from the lowest value up.
    const [milestone, target] = [lines[0]!, lines[1]!];
    const [short, early, met] = [values[0]!.x, values[1]!.x, values[2]!.x];
    // 97.02 ends its bar just short of the target line: written after the line, not across it.
    expect(short).toBeGreaterThan(target);
    // 40 ends its bar just short of the milestone at 42: after that line.
    expect(early).toBeGreaterThan(milestone);
    expect(early).toBeLessThan(target);
    // A bar ending on a line is written just after both.
    expect(met).toBeCloseTo(target + 4, 0);
  });

  it('write a value far from any line right after its bar', () => {
    const { values, lines } = placed(
      barChart('t', [{ label: 'a', value: 10, status: 'fail' }], { target: 100, targetLabel: 'target', milestoneLabel: 'milestone' }),
    );
    expect(values[0]!.x).toBeLessThan(lines[0]! - 50);
  });

  it('write the labels of lines too close for both under them turned away from each other, their values to two decimals', () => {
    const bars = [{ label: '示例区', value: 56, status: 'pass' as const }];
    const svg = barChart('t', bars, { target: 60, milestone: 55.9167, targetLabel: '目标', milestoneLabel: '进度目标' });
    const labels = [...svg.matchAll(/<text x="([\d.]+)" y="[\d.]+" text-anchor="(\w+)" class="axis">([^<]+)<\/text>/g)].map((m) => ({
      x: Number(m[1]),
      anchor: m[2],
      text: m[3],
    }));
    const [milestone, target] = placed(svg).lines;
    expect(labels).toEqual([
      { x: milestone! - 3, anchor: 'end', text: '进度目标 55.92' },
      { x: target! + 3, anchor: 'start', text: '目标 60' },
    ]);
    // Lines far apart keep their labels under them.
    const far = barChart('t', bars, { target: 100, milestone: 20, targetLabel: 'target', milestoneLabel: 'milestone' });
    expect([...far.matchAll(/text-anchor="(\w+)" class="axis"/g)].map((m) => m[1])).toEqual(['middle', 'middle']);
  });
});
