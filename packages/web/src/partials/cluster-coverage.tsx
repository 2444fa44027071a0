import { RelativeTime } from '../components/relative-time';
import type { ClusterCoverageView } from '../view-models';

/** Id of the card standing for a cluster: the target a live update swaps into. */
export const clusterCardId = (clusterId: number) => `cluster-${clusterId}`;

/** Outlets named on a card before the rest are only counted. */
const NAMED_OUTLETS = 3;

/**
 * How far an event has spread, in a card's meta line: "N outlets", the other outlets by name,
 * and when the latest copy was published. The live stream replaces it in place (see
 * {@link ClusterCoverageUpdate}) as copies arrive.
 */
export function ClusterCoverage({ cluster, oob = false }: { cluster: ClusterCoverageView; oob?: boolean }) {
  // The first outlet already heads the card.
  const others = cluster.sources.slice(1);
  const named = others.slice(0, NAMED_OUTLETS).map((s) => s.feedTitle ?? 'Unknown source');
  const more = others.length - named.length;
  return (
    <span
      class={oob ? 'cluster-coverage grew' : 'cluster-coverage'}
      data-outlets={String(cluster.outlets)}
      {...(oob ? { 'hx-swap-oob': `outerHTML:#${clusterCardId(cluster.id)} .cluster-coverage` } : {})}
    >
      <span class={cluster.outlets > 1 ? 'badge sources' : 'badge'} title={`${cluster.size} ${cluster.size === 1 ? 'story' : 'stories'}`}>
        {cluster.outlets} {cluster.outlets === 1 ? 'outlet' : 'outlets'}
      </span>
      {named.length > 0 ? (
        <span class="also">
          also {named.join(', ')}
          {more > 0 ? ` +${more} more` : ''}
        </span>
      ) : null}
      {cluster.size > 1 ? (
        <span class="latest">
          latest <RelativeTime date={cluster.newestAt} />
        </span>
      ) : null}
    </span>
  );
}

/** The live stream's answer to a copy of an event already on the page: its card's coverage, swapped in place. */
export function ClusterCoverageUpdate({ cluster }: { cluster: ClusterCoverageView }) {
  return <ClusterCoverage cluster={cluster} oob />;
}
