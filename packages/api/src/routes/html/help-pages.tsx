import { HelpPage } from '@newswatch/web';
import { Hono } from 'hono';
import type { AppEnv } from '../../env';
import { loadQueryGuide } from '../../help/query-guide';
import { pageContext } from './page-context';

/** `/help/query-language`: docs/query-language.md as a page, for users who only have a browser. */
export function helpPages() {
  return new Hono<AppEnv>().get('/help/query-language', async (c) => {
    const guide = await loadQueryGuide();
    return c.html(<HelpPage ctx={pageContext(c)} title={guide.title} html={guide.html} sections={guide.sections} />);
  });
}
