import { describe, expect, it } from 'vitest';
import { chooseCluster, DEFAULT_ASSIGNMENT_THRESHOLDS } from './assign-story';
import { joinProfile, startProfile, type ClusterProfile } from './cluster-profile';
import { clusterSimilarity, DEFAULT_SIMILARITY_WEIGHTS } from './cluster-similarity';
import { storyTerms } from './story-terms';
import { storyVectors, type StoryVectors } from './story-vectors';
import { InMemoryDocumentFrequencies } from './term-weighting';

interface Story {
  title: string;
  summary: string;
  content: string;
  publishedAt: string;
}

const apStocksDec01: Story = {
  title: 'How major US stock indexes fared Tuesday, 12/1/2026',
  summary: 'Wall Street rallied to its best day in two weeks, lifted by gains in technology and retail stocks.',
  content: [
    'Wall Street rallied to its best day in two weeks, lifted by gains in technology and retail stocks.',
    'On Tuesday:',
    'The S&P 500 rose 57.38 points, or 0.8%, to 7,012.45.',
    'The Dow Jones Industrial Average rose 381.02 points, or 0.8%, to 48,114.90.',
    'The Nasdaq composite rose 287.91 points, or 1.2%, to 24,236.70.',
    'The Russell 2000 index of smaller companies rose 21.44 points, or 0.9%, to 2,498.13.',
  ].join('\n\n'),
  publishedAt: '2026-12-01T21:10:00Z',
};

const apStocksDec02: Story = {
  title: 'How major US stock indexes fared Wednesday, 12/2/2026',
  summary: 'Wall Street slipped as Treasury yields climbed and Tesla dragged on technology stocks.',
  content: [
    'Wall Street slipped as Treasury yields climbed and Tesla dragged on technology stocks.',
    'On Wednesday:',
    'The S&P 500 fell 24.11 points, or 0.3%, to 6,988.34.',
    'The Dow Jones Industrial Average fell 133.52 points, or 0.3%, to 47,981.38.',
    'The Nasdaq composite fell 140.57 points, or 0.6%, to 24,096.13.',
    'The Russell 2000 index of smaller companies fell 12.30 points, or 0.5%, to 2,485.83.',
  ].join('\n\n'),
  publishedAt: '2026-12-02T21:08:00Z',
};

const launchBriefDec01: Story = {
  title: '(URGENT) N. Korea fires ballistic missile into East Sea: JCS',
  summary: "North Korea fired an unidentified ballistic missile into the East Sea on Tuesday, South Korea's Joint Chiefs of Staff said.",
  content: '',
  publishedAt: '2026-11-30T22:14:00Z',
};

const launchLeadText = [
  "North Korea fired a ballistic missile toward the East Sea on Tuesday, South Korea's military said, in its first such launch in about five weeks.",
  "The Joint Chiefs of Staff (JCS) said it detected the missile fired from the Pyongyang area at around 7:10 a.m. The missile flew about 900 kilometers before splashing into waters off the North's east coast, the JCS said.",
  '"Our military has strengthened surveillance and vigilance in preparation for additional launches," the JCS said, adding that Seoul, Washington and Tokyo were sharing information on the launch in real time.',
];

const launchLeadDec01: Story = {
  title: '(LEAD) N. Korea fires ballistic missile toward East Sea in 1st launch in 5 weeks',
  summary: launchLeadText[0]!,
  content: `SEOUL, Dec. 1 (Yonhap) -- ${launchLeadText.join('\n\n')}`,
  publishedAt: '2026-11-30T22:42:00Z',
};

/** The Yonhap text on another site, under that site's own headline and without the dateline. */
const launchWireCopy: Story = {
  title: 'North Korea test-fires missile that flew 900 km, first launch since October',
  summary: launchLeadText[0]!,
  content: launchLeadText.slice(0, 2).join('\n\n'),
  publishedAt: '2026-11-30T23:30:00Z',
};

const launchBriefDec05: Story = {
  title: '(URGENT) N. Korea fires ballistic missiles into East Sea: JCS',
  summary: "North Korea fired ballistic missiles into the East Sea on Saturday, South Korea's Joint Chiefs of Staff said.",
  content: '',
  publishedAt: '2026-12-04T22:52:00Z',
};

const launchLeadDec05: Story = {
  title: '(LEAD) N. Korea fires 2 short-range ballistic missiles into East Sea',
  summary:
    "North Korea fired two short-range ballistic missiles into the East Sea on Saturday, South Korea's military said, in its second launch in four days.",
  content: [
    "SEOUL, Dec. 5 (Yonhap) -- North Korea fired two short-range ballistic missiles into the East Sea on Saturday, South Korea's military said, in its second launch in four days.",
    'The Joint Chiefs of Staff (JCS) said it detected the missiles launched from the Wonsan area at 7:48 a.m. and 7:56 a.m. They flew around 350 km each, the JCS said.',
    'On Tuesday, the North fired what it claimed was a new hypersonic missile.',
  ].join('\n\n'),
  publishedAt: '2026-12-04T23:22:00Z',
};

/** Unrelated news, so that document frequencies tell common words from telling ones. */
const background: Story[] = [
  ['Arsenal beat Chelsea 2-1 in London derby', 'Arsenal came from behind to beat Chelsea at the Emirates on Saturday.'],
  ['Heavy snow advisory issued for Seoul', 'The weather agency issued a heavy snow advisory for Seoul on Wednesday, the first of the season.'],
  ['OPEC+ extends output pause into next year', 'OPEC+ agreed on Sunday to keep its oil output policy unchanged, the group said.'],
  ["Japan's economy minister says growth is recovering", 'The government said on Tuesday that the economy was recovering at a moderate pace.'],
  ['Tesla sales in China fall for a second month', 'Tesla sold fewer cars in China in November, industry data showed on Wednesday.'],
  ['Earthquake of magnitude 5.9 strikes Sulawesi', 'A strong earthquake struck Indonesia on Thursday, the geophysics agency said.'],
].map(([title, summary]) => ({ title: title!, summary: summary!, content: '', publishedAt: '2026-11-30T00:00:00Z' }));

function vectorsOf(stories: readonly Story[]): (story: Story) => StoryVectors {
  const frequencies = new InMemoryDocumentFrequencies();
  for (const story of stories) {
    const terms = storyTerms(story.title, story.summary, story.content);
    frequencies.addStory(terms);
  }
  return (story) => storyVectors(storyTerms(story.title, story.summary, story.content), frequencies);
}

const corpus = [apStocksDec01, apStocksDec02, launchBriefDec01, launchLeadDec01, launchWireCopy, launchBriefDec05, launchLeadDec05, ...background];
const vectors = vectorsOf(corpus);

function clusterOf(...stories: Story[]): ClusterProfile {
  const [first, ...rest] = stories;
  let profile = startProfile(vectors(first!), new Date(first!.publishedAt));
  for (const story of rest) profile = joinProfile(profile, vectors(story), new Date(story.publishedAt));
  return profile;
}

const score = (story: Story, cluster: ClusterProfile, weights = DEFAULT_SIMILARITY_WEIGHTS) =>
  clusterSimilarity(vectors(story), new Date(story.publishedAt), cluster, weights);
const join = DEFAULT_ASSIGNMENT_THRESHOLDS.join;

describe('clusterSimilarity', () => {
  it('keeps a template headline on another day apart: the figures differ', () => {
    const dec01 = clusterOf(apStocksDec01);
    expect(score(apStocksDec02, dec01)).toBeLessThan(join);
    // Without the figures the same words a day apart would join.
    expect(score(apStocksDec02, dec01, { ...DEFAULT_SIMILARITY_WEIGHTS, figureMismatch: 1 })).toBeGreaterThanOrEqual(join);
  });

  it('keeps a second missile launch four days later apart from the first', () => {
    const dec01 = clusterOf(launchBriefDec01, launchLeadDec01, launchWireCopy);
    expect(score(launchBriefDec05, dec01)).toBeLessThan(join);
    expect(score(launchLeadDec05, dec01)).toBeLessThan(join);
    expect(chooseCluster([{ clusterId: 'dec01', score: score(launchBriefDec05, dec01) }])).toBeNull();
  });

  it('joins a wire copy carried under a new headline to its event', () => {
    const dec01 = clusterOf(launchBriefDec01, launchLeadDec01);
    const copy = score(launchWireCopy, dec01);
    expect(copy).toBeGreaterThanOrEqual(join);
    const stocks = clusterOf(apStocksDec01);
    expect(
      chooseCluster([
        { clusterId: 'stocks', score: score(launchWireCopy, stocks) },
        { clusterId: 'launch', score: copy },
      ]),
    ).toBe('launch');
  });

  it('does not join two stories over one word in common, even while the archive is too small to say it is common', () => {
    const story = (title: string, summary: string): Story => ({ title, summary, content: '', publishedAt: '2026-12-01T09:00:00Z' });
    const talks = story('Zephyrine talks resume', '.');
    const shipments = story(
      'Ostravine shipments to resume next week',
      'Officials in the port city said on Monday that ostravine shipments would resume next week after a three-month halt.',
    );
    const small = vectorsOf([talks, shipments]);
    const profile = startProfile(small(talks), new Date(talks.publishedAt));
    expect(clusterSimilarity(small(shipments), new Date(shipments.publishedAt), profile)).toBe(0);
  });
});
