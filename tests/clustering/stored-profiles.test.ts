import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClustersFor, saveClusterProfiles, sql, type DatabaseHandle } from '@newswatch/db';
import { figureTexts, packTerms, startProfile } from '../../packages/ingest/src/cluster/cluster-profile';
import { StoredRecentClusters } from '../../packages/ingest/src/cluster/stored-recent-clusters';
import { storyTerms } from '../../packages/ingest/src/cluster/story-terms';
import { storyVectors } from '../../packages/ingest/src/cluster/story-vectors';
import { InMemoryDocumentFrequencies } from '../../packages/ingest/src/cluster/term-weighting';
import { TermVector } from '../../packages/ingest/src/cluster/term-vector';
import { Vocabulary } from '../../packages/ingest/src/cluster/vocabulary';
import { createTestDatabase, testBackends } from '../support/databases';

const publishedAt = new Date('2026-12-05T08:00:00Z');

/** A cluster profile of a story with figures, as placement makes one. */
function profileOfStory() {
  const terms = storyTerms(
    'North Korea fires ballistic missile 1,000 km into East Sea',
    'The missile flew 1,000 km at an altitude of 6,400 km for 71 minutes, the JCS said on 12/5.',
    '',
  );
  const frequencies = new InMemoryDocumentFrequencies();
  frequencies.addStory(terms);
  return startProfile(storyVectors(terms, frequencies), publishedAt);
}

describe.each(testBackends())('stored cluster profiles on %s', (backend) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase(backend);
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('read back packed, weights and figures as another process placed them', async () => {
    const { db } = handle;
    const profile = profileOfStory();
    const [cluster] = await createClustersFor(db, [0]);
    await saveClusterProfiles(db, 1, [
      {
        clusterId: cluster!.id,
        titleTerms: packTerms(profile.title),
        textTerms: packTerms(profile.text),
        figures: figureTexts(profile.text),
        firstPublishedAt: publishedAt,
        lastPublishedAt: publishedAt,
        size: 1,
      },
    ]);
    expect(figureTexts(profile.text).split(' ').sort()).toEqual(['1,000', '12/5', '6,400', '71']);

    // A process that never saw the story's words: the figures' text comes from the row.
    const copy = new StoredRecentClusters();
    await db.transaction().execute((trx) => copy.include(trx, [cluster!.id]));
    const read = copy.clusters.profile(cluster!.id)!;
    expect([...read.text.ids]).toEqual([...profile.text.ids]);
    expect([...read.text.weights]).toEqual([...Float32Array.from(profile.text.weights)]);
    expect([...read.title.ids]).toEqual([...profile.title.ids]);
    expect(figureTexts(read.text).split(' ').sort()).toEqual(['1,000', '12/5', '6,400', '71']);
  });

  it('writes a batch of profiles in one statement, each read back as its own', async () => {
    const { db } = handle;
    const terms = [
      ['UN Security Council adopts resolution on Sudan ceasefire', 'The council voted 13-0 with two abstentions.'],
      ['Typhoon Kalmaegi makes landfall in central Vietnam', 'Winds of 150 km/h tore roofs off in Quang Ngai.'],
      ['Kim Jong Un inspects tank factory', ''],
    ].map(([title, lede]) => {
      const t = storyTerms(title!, lede!, '');
      const frequencies = new InMemoryDocumentFrequencies();
      frequencies.addStory(t);
      return startProfile(storyVectors(t, frequencies), publishedAt);
    });
    const clusters = [...(await createClustersFor(db, [0])), ...(await createClustersFor(db, [0])), ...(await createClustersFor(db, [0]))];
    await saveClusterProfiles(
      db,
      3,
      terms.map((profile, k) => ({
        clusterId: clusters[k]!.id,
        titleTerms: packTerms(profile.title),
        textTerms: packTerms(profile.text),
        figures: figureTexts(profile.text),
        firstPublishedAt: publishedAt,
        lastPublishedAt: publishedAt,
        size: k + 1,
      })),
    );
    const copy = new StoredRecentClusters();
    await db.transaction().execute((trx) =>
      copy.include(
        trx,
        clusters.map((c) => c.id),
      ),
    );
    terms.forEach((profile, k) => {
      const read = copy.clusters.profile(clusters[k]!.id)!;
      expect([...read.title.ids]).toEqual([...profile.title.ids]);
      expect([...read.text.ids]).toEqual([...profile.text.ids]);
      expect([...read.text.weights]).toEqual([...Float32Array.from(profile.text.weights)]);
      expect(read.size).toBe(k + 1);
    });
  });

  it("learns the text of figures only another process's vocabulary has seen", async () => {
    const { db } = handle;
    const theirs = new Vocabulary();
    const ids = [theirs.idOf('8,765,432'), theirs.idOf('tunnel')].sort((a, b) => a - b);
    const vector = new TermVector(Int32Array.from(ids), Float32Array.from([0.6, 0.8]), theirs);
    expect(figureTexts(vector)).toBe('8,765,432');
    const [cluster] = await createClustersFor(db, [0]);
    const packed = { titleTerms: packTerms(vector), textTerms: packTerms(vector), figures: figureTexts(vector) };
    await saveClusterProfiles(db, 2, [{ clusterId: cluster!.id, ...packed, firstPublishedAt: publishedAt, lastPublishedAt: publishedAt, size: 1 }]);
    const copy = new StoredRecentClusters();
    await db.transaction().execute((trx) => copy.include(trx, [cluster!.id]));
    expect(figureTexts(copy.clusters.profile(cluster!.id)!.text)).toBe('8,765,432');
  });

  it('still reads profiles stored as text before vectors were packed', async () => {
    const { db } = handle;
    const [cluster] = await createClustersFor(db, [0]);
    await sql`
      insert into cluster_profiles (cluster_id, title_vector, text_vector, first_published_at, last_published_at, size, written_by)
      values (${cluster!.id}, '#-5 0.6 #7 0.8', '#-5 0.5 2,500 0.5 #7 0.7071', ${publishedAt.toISOString()}, ${publishedAt.toISOString()}, 2, 1)`.execute(db);
    const copy = new StoredRecentClusters();
    await db.transaction().execute((trx) => copy.include(trx, [cluster!.id]));
    const read = copy.clusters.profile(cluster!.id)!;
    expect([...read.title.ids]).toEqual([-5, 7]);
    expect(read.text.size).toBe(3);
    expect(figureTexts(read.text)).toBe('2,500');
    expect(read.size).toBe(2);
  });
});
