import nunjucks from 'nunjucks';
import { describe, expect, it } from 'vitest';
import { createLayoutPartsCache, type NavigationItem } from './layout-parts';

/** Stands in for the template environment: each render says what it rendered and with what, and is counted. */
function countingViews() {
  const renders: string[] = [];
  return {
    renders,
    views: {
      render(template: string, data?: object) {
        renders.push(template);
        return `<${template} ${JSON.stringify(data)}>`;
      },
    } as Pick<nunjucks.Environment, 'render'>,
  };
}

const items = (active: string): NavigationItem[] => ['/', '/find-a-child', '/dashboard'].map((href) => ({ href, text: href, active: href === active }));

describe('the layout parts cache', () => {
  it('renders the fixed parts once and each navigation once, and hands back safe HTML', () => {
    const { views, renders } = countingViews();
    const cache = createLayoutPartsCache(views, 'A service');
    expect(renders.sort()).toEqual(['layout/parts/footer.njk', 'layout/parts/skip-link.njk']);
    const home = cache.partsFor(items('/'));
    const again = cache.partsFor(items('/'));
    const dashboard = cache.partsFor(items('/dashboard'));
    expect(again).toBe(home);
    expect(dashboard.serviceNavigation).not.toBe(home.serviceNavigation);
    expect(dashboard.footer).toBe(home.footer);
    expect(renders.filter((r) => r === 'layout/parts/service-navigation.njk')).toHaveLength(2);
    expect(home.serviceNavigation).toBeInstanceOf(nunjucks.runtime.SafeString);
    expect(String(home.serviceNavigation)).toBe(`<layout/parts/service-navigation.njk ${JSON.stringify({ serviceName: 'A service', navigation: items('/') })}>`);
  });

  it('keeps no more than a bounded number of navigations, and still renders the rest right', () => {
    const { views, renders } = countingViews();
    const cache = createLayoutPartsCache(views, 'A service');
    const many = Array.from({ length: 100 }, (_, i) => [{ href: `/${i}`, text: String(i), active: false }]);
    for (const navigation of many) cache.partsFor(navigation);
    const navigationRenders = () => renders.filter((r) => r === 'layout/parts/service-navigation.njk').length;
    expect(navigationRenders()).toBe(100);
    cache.partsFor(many[0]!);
    expect(navigationRenders()).toBe(100);
    const last = cache.partsFor(many[99]!);
    expect(navigationRenders()).toBe(101);
    expect(String(last.serviceNavigation)).toContain('"/99"');
  });
});
