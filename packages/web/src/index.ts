export { Highlighted, normalizeSpans, type TextSpan } from './components/highlighted';
export { PageLayout } from './layouts/page-layout';
export { DashboardPage, type DashboardFilters, type DashboardProps } from './pages/dashboard-page';
export { ErrorPage } from './pages/error-page';
export { LoginPage } from './pages/login-page';
export { StoryPage, type StoryPageProps } from './pages/story-page';
export { StoryList, StoryListItems, STORY_LIST_ID } from './partials/story-list';
export { loadStaticAssets, type StaticAsset } from './static-assets';
export type { PageContext, StoryView } from './view-models';
