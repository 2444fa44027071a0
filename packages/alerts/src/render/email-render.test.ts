import { describe, expect, it } from 'vitest';
import { renderEmailHtml } from './email-html';
import { renderEmailSubject } from './email-subject';
import { renderEmailText } from './email-text';
import { digestAlert, storyAlert, testAlert } from './testdata/alert-payloads';

const context = { publicUrl: 'https://watch.example.org/', channelName: 'Desk <inbox>' };

describe('renderEmailSubject', () => {
  it('names the watches and the story', () => {
    expect(renderEmailSubject(storyAlert())).toBe(
      '[newswatch] Kim Jong Un, Arms transfers, UN resolutions: Kim Jong Un 🚆 crosses into Russia for talks on arms <sale> & missiles',
    );
  });

  it('counts a digest and shows its window', () => {
    expect(renderEmailSubject(digestAlert(2))).toBe('[newswatch] Digest: 2 stories, 2026-11-28 08:00–09:00 UTC');
    expect(renderEmailSubject(digestAlert(1))).toBe('[newswatch] Digest: 1 story, 2026-11-28 08:00–09:00 UTC');
  });

  it('stays on one line and bounded whatever the feed put in the title', () => {
    const subject = renderEmailSubject(storyAlert({ title: `Breaking\r\nBcc: victim@example.com ${'x'.repeat(400)}` }));
    expect(subject).not.toMatch(/[\r\n]/);
    expect(subject.length).toBeLessThanOrEqual(200);
    expect(renderEmailSubject(testAlert())).toBe('[newswatch] Test: Hello from newswatch: this channel works.');
  });
});

describe('renderEmailHtml', () => {
  const html = renderEmailHtml(storyAlert(), context);

  it('marks matched words and escapes everything else', () => {
    expect(html).toMatch(/<mark[^>]*>Kim Jong Un<\/mark> 🚆 crosses/);
    expect(html).toMatch(/<mark[^>]*>arms &lt;sale&gt;<\/mark> &amp; missiles/);
    expect(html).toMatch(/\(<mark[^>]*>김정은<\/mark> 위원장이\)/);
    expect(html).toMatch(/<mark[^>]*>supplying rockets and missiles 🚀<\/mark> in breach/);
    expect(html).not.toContain('<sale>');
    expect(html).toContain('Desk &lt;inbox&gt;');
  });

  it('lists a match found only in the article body', () => {
    expect(html).toMatch(/Also matched: <mark[^>]*>Security Council resolution 2397<\/mark>/);
  });

  it('links the story, the dashboard and the rules page, escaping the URLs', () => {
    expect(html).toContain('href="https://news.example.com/2026/11/28/kim-train-russia?utm_source=rss&amp;x=1"');
    expect(html).toContain('href="https://watch.example.org/stories/42"');
    expect(html).toContain('href="https://watch.example.org/rules"');
  });

  it('never links a javascript: URL from a feed', () => {
    const unsafe = renderEmailHtml(storyAlert({ url: 'javascript:alert(1)', dashboardUrl: null }), context);
    expect(unsafe).not.toContain('javascript:');
  });

  it('renders every story of a digest', () => {
    const digest = renderEmailHtml(digestAlert(3), context);
    expect(digest).toContain('Digest: 3 stories, 2026-11-28 08:00–09:00 UTC');
    expect(digest.match(/stories\/10[012]"/g)).toHaveLength(3);
  });
});

describe('renderEmailText', () => {
  it('shows matched words as **word** with links spelled out', () => {
    const text = renderEmailText(storyAlert(), context);
    expect(text).toContain('**Kim Jong Un** 🚆 crosses into Russia for talks on **arms <sale>** & missiles');
    expect(text).toContain('(**김정은** 위원장이)');
    expect(text).toContain('**supplying rockets and missiles 🚀** in breach of **resolutions of the UN Security Council**.');
    expect(text).toContain('Open in newswatch: https://watch.example.org/stories/42');
    expect(text).toContain('Mute or change the rules that send these alerts: https://watch.example.org/rules');
  });

  it('numbers the stories of a digest', () => {
    const text = renderEmailText(digestAlert(2), context);
    expect(text).toMatch(/^Digest: 2 stories/);
    expect(text).toContain('1. **Kim Jong Un**');
    expect(text).toContain('2. **Kim Jong Un**');
  });

  it('leaves out dashboard links when the public URL is unknown', () => {
    const text = renderEmailText(testAlert(), { publicUrl: null, channelName: 'Desk' });
    expect(text).toContain('Hello from newswatch: this channel works.');
    expect(text).not.toContain('Dashboard:');
  });
});
