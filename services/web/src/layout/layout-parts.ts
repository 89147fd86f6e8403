import nunjucks from 'nunjucks';

/** One item of the service navigation, as the layout's `govukServiceNavigation` takes it. */
export interface NavigationItem {
  href: string;
  text: string;
  active: boolean;
}

/** The layout's parts that hold nothing of the person or the request, as HTML ready to place. */
export interface LayoutParts {
  skipLink: nunjucks.runtime.SafeString;
  serviceNavigation: nunjucks.runtime.SafeString;
  footer: nunjucks.runtime.SafeString;
}

export interface LayoutPartsCache {
  /** The parts for a page with this navigation (the same few items, one of them perhaps active). */
  partsFor(navigation: readonly NavigationItem[]): LayoutParts;
}

/**
 * Enough for every navigation the service builds (each role's items, each active or none); a key
 * beyond it is rendered and not kept, so a mistake elsewhere cannot grow the cache without bound.
 */
const MOST_NAVIGATIONS = 64;

/**
 * Renders the layout's fixed parts once and hands the same HTML to every later page. The parts are
 * the layout's own partials (`layout/parts/*.njk`, which the layout includes itself when it is given
 * no parts), so a cached part is byte for byte what the layout would have rendered. What they
 * depend on is the service's name, fixed for the process, and the navigation, which is built from
 * fixed links and the path: nothing of who is signed in, and no token. The phase banner, which
 * names the person, is not among them.
 */
export function createLayoutPartsCache(views: Pick<nunjucks.Environment, 'render'>, serviceName: string): LayoutPartsCache {
  const part = (template: string, data: object) => new nunjucks.runtime.SafeString(views.render(template, data));
  const skipLink = part('layout/parts/skip-link.njk', {});
  const footer = part('layout/parts/footer.njk', {});
  const byNavigation = new Map<string, LayoutParts>();
  return {
    partsFor(navigation) {
      const key = JSON.stringify(navigation);
      let parts = byNavigation.get(key);
      if (!parts) {
        parts = { skipLink, footer, serviceNavigation: part('layout/parts/service-navigation.njk', { serviceName, navigation }) };
        if (byNavigation.size < MOST_NAVIGATIONS) byNavigation.set(key, parts);
      }
      return parts;
    },
  };
}
