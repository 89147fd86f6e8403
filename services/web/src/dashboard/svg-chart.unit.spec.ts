import { describe, expect, it } from 'vitest';
import { rateChartSpec, rateChartSvg } from './svg-chart';

const bars = [
  { label: 'Advice within six weeks', numerator: 3, denominator: 4, rate: 0.75 },
  { label: 'Audits <good>', numerator: 0, denominator: 0, rate: null },
];

describe('the server-drawn SVG chart', () => {
  it('is one SVG image named by its own title and description, with a bar per figure', async () => {
    const svg = await rateChartSvg({ id: 'test-chart', title: 'Measures & more', description: 'A bar for each measure.', bars });
    expect(svg.startsWith('<svg role="img" aria-labelledby="test-chart-title test-chart-desc"')).toBe(true);
    expect(svg).toContain('<title id="test-chart-title">Measures &#38; more</title>');
    expect(svg).toContain('<desc id="test-chart-desc">A bar for each measure.</desc>');
    expect(svg.match(/<svg /g)).toHaveLength(1);
    // One role, the image's: none on the marks inside it.
    expect(svg.match(/ role="/g)).toHaveLength(1);
    expect(svg).not.toContain('aria-roledescription');
    expect(svg.match(/class="[^"]*"/)![0]).toBe('class="marks app-chart"');
    // Each bar's label and its "n of d" text, escaped.
    expect(svg).toContain('Advice within six weeks');
    expect(svg).toContain('75% (3 of 4)');
    expect(svg).toContain('Audits &lt;good&gt;');
    expect(svg).toContain('none counted');
    // The page's Content Security Policy allows no inline style and no script.
    expect(svg).not.toMatch(/style=|<script|<style/);
  });

  it('draws a longer bar for a higher rate', async () => {
    const svg = await rateChartSvg({ id: 'widths', title: 't', description: 'd', bars: [{ label: 'Half', numerator: 1, denominator: 2, rate: 0.5 }, { label: 'All', numerator: 2, denominator: 2, rate: 1 }] });
    const rects = /class="mark-rect[^"]*"[^>]*>([\s\S]*?)<\/g>/.exec(svg)![1]!;
    const barWidths = [...rects.matchAll(/d="M0,[\d.]+h([\d.]+)v/g)].map((m) => Number(m[1]));
    expect(barWidths).toHaveLength(2);
    const [half, all] = barWidths;
    expect(all! / half!).toBeCloseTo(2, 1);
  });

  it('gives the same SVG for the same figures, and a different one when a figure changes', async () => {
    const chart = { id: 'same', title: 't', description: 'd', bars };
    expect(await rateChartSvg(chart)).toBe(await rateChartSvg({ ...chart, bars: bars.map((b) => ({ ...b })) }));
    expect(await rateChartSvg({ ...chart, bars: [{ ...bars[0]!, numerator: 4, rate: 1 }] })).not.toBe(await rateChartSvg(chart));
  });

  it('scales every bar to 0..100%', () => {
    const spec = rateChartSpec({ id: 'x', title: 't', description: 'd', bars }) as { encoding: { x: { scale: { domain: number[] } } } };
    expect(spec.encoding.x.scale.domain).toEqual([0, 1]);
  });
});
