import type { TextSpan } from './components/highlighted';

/** What the views show of a story; the API maps stored rows to this. */
export interface StoryView {
  id: number;
  title: string;
  url: string | null;
  feedTitle: string | null;
  publishedAt: Date;
  clusterSize: number;
  sourcesCount: number;
  state: 'new' | 'reviewed' | 'starred' | 'dismissed';
  watches: { id: number; name: string }[];
  titleSpans: TextSpan[];
  /** Lede shown under the title, with its spans re-based onto it. */
  excerpt: string;
  excerptSpans: TextSpan[];
  /** The event the story belongs to, when the card stands for it: then the story is its first. */
  cluster?: ClusterCoverageView | null;
}

/** How far an event has spread: what a cluster card shows, and what grows live. */
export interface ClusterCoverageView {
  id: number;
  /** Distinct outlets (feeds) carrying it. */
  outlets: number;
  /** Its stories, copies from one outlet included. */
  size: number;
  /** When its latest story was published. */
  newestAt: Date;
  /** Every outlet, earliest first. */
  sources: { feedTitle: string | null; publishedAt: Date }[];
}

export interface PageContext {
  /** The signed-in user, for the header. */
  email: string | null;
  csrfToken: string | null;
  /** Path of the current page, to mark the active nav item. */
  path: string;
  /** Its query string without `?`, to mark the saved view being looked at. */
  search?: string;
  /** The signed-in user's saved dashboard views, for the top bar. */
  savedViews?: SavedViewLink[];
}

/** A saved dashboard view: its name and the dashboard query string it opens. */
export interface SavedViewLink {
  id: number;
  name: string;
  /** Canonical query string without `?`. */
  query: string;
}
