import { describe, expect, it } from 'vitest';
import { OutageDetector } from './outage-detector';

describe('OutageDetector', () => {
  it('calls it our outage when nearly every recent fetch, across hosts, got no answer', () => {
    const detector = new OutageDetector();
    for (let i = 0; i < 20; i++) detector.record(`site${i}.example`, i !== 7);
    expect(detector.verdict()).toMatchObject({ outage: true, failed: 19, total: 20, hosts: 19 });
  });

  it('blames the feeds when enough other fetches still get answers', () => {
    const detector = new OutageDetector();
    for (let i = 0; i < 20; i++) detector.record(`site${i}.example`, i % 4 === 0);
    expect(detector.verdict().outage).toBe(false);
  });

  it('does not take one dead host with many feeds for an outage', () => {
    const detector = new OutageDetector();
    for (let i = 0; i < 20; i++) detector.record(i < 18 ? 'dead.example' : `ok${i}.example`, i < 18);
    expect(detector.verdict()).toMatchObject({ outage: false, hosts: 1 });
  });

  it('needs a few samples before judging', () => {
    const detector = new OutageDetector();
    for (const host of ['a', 'b', 'c', 'd']) detector.record(host, true);
    expect(detector.verdict().outage).toBe(false);
    detector.record('e', true);
    expect(detector.verdict().outage).toBe(true);
  });

  it('looks only at the latest fetches: recovery ends the outage', () => {
    const detector = new OutageDetector({ window: 10 });
    for (let i = 0; i < 10; i++) detector.record(`h${i}`, true);
    expect(detector.verdict().outage).toBe(true);
    for (let i = 0; i < 2; i++) detector.record(`h${i}`, false);
    expect(detector.verdict().outage).toBe(false);
    expect(detector.recorded).toBe(12);
  });

  it('forgets old fetches', () => {
    const detector = new OutageDetector({ maxAgeMs: 1000 });
    for (let i = 0; i < 10; i++) detector.record(`h${i}`, true, 0);
    expect(detector.verdict(500).outage).toBe(true);
    expect(detector.verdict(5000)).toMatchObject({ outage: false, total: 0 });
  });
});
