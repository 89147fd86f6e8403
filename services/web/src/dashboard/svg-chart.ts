import { createHash } from 'node:crypto';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

export interface ChartBar {
  label: string;
  numerator: number;
  denominator: number;
  /** numerator / denominator; null when nothing was counted (drawn as no bar). */
  rate: number | null;
}

export interface RateChart {
  /** Unique on the page: the SVG's title and description are named by it. */
  id: string;
  title: string;
  description: string;
  bars: readonly ChartBar[];
}

const escapeXml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The Vega-Lite spec of a horizontal bar chart of rates (0 to 100%), each bar labelled "n of d". */
export function rateChartSpec(chart: RateChart): TopLevelSpec {
  const values = chart.bars.map((b) => ({ label: b.label, rate: b.rate ?? 0, text: b.denominator === 0 ? 'none counted' : `${Math.round((b.rate ?? 0) * 100)}% (${b.numerator} of ${b.denominator})` }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 320,
    height: { step: 26 },
    background: '#ffffff',
    config: { aria: false, font: 'Arial, sans-serif', axis: { labelColor: '#0b0c0c', titleColor: '#0b0c0c', labelFontSize: 12, labelLimit: 0 }, view: { stroke: null } },
    data: { values },
    encoding: {
      y: { field: 'label', type: 'nominal', sort: null, title: null },
      x: { field: 'rate', type: 'quantitative', scale: { domain: [0, 1] }, axis: { format: '.0%', title: 'Share met', tickCount: 5 } },
    },
    layer: [
      { mark: { type: 'bar', color: '#1d70b8' } },
      { mark: { type: 'text', align: 'left', dx: 4, color: '#0b0c0c', fontSize: 12 }, encoding: { text: { field: 'text' } } },
    ],
  };
}

const cache = new Map<string, string>();
const CACHE_SIZE = 500;

/**
 * The chart as an SVG string, drawn on the server by Vega (no browser, no canvas), with its own
 * title and description for assistive technology. The same figures give the same SVG, so answers
 * are kept (a few hundred, oldest dropped first): drawing takes milliseconds, a lookup microseconds.
 */
export async function rateChartSvg(chart: RateChart): Promise<string> {
  const key = createHash('sha256').update(JSON.stringify(chart)).digest('base64url');
  const kept = cache.get(key);
  if (kept !== undefined) return kept;
  const view = new vega.View(vega.parse(compile(rateChartSpec(chart)).spec), { renderer: 'none' });
  let svg: string;
  try {
    svg = await view.toSVG();
  } finally {
    view.finalize();
  }
  const titleId = `${chart.id}-title`;
  const descId = `${chart.id}-desc`;
  // The chart is one image to assistive technology, named by its title and description: Vega's own
  // roles on its marks (graphics-symbol, ...) would ask each bar for a name of its own.
  const accessible = svg
    .replace(/ (?:role|aria-roledescription|aria-label)="[^"]*"/g, '')
    .replace(/^<svg /, `<svg role="img" aria-labelledby="${titleId} ${descId}" focusable="false" `)
    .replace(/^(<svg[^>]*?)class="marks"/, '$1class="marks app-chart"')
    .replace(/^(<svg[^>]*>)/, `$1<title id="${titleId}">${escapeXml(chart.title)}</title><desc id="${descId}">${escapeXml(chart.description)}</desc>`);
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(key, accessible);
  return accessible;
}
