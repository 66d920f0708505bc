/** Campaign attribution on a hand-computed log. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { channelPerformance, type ChannelRow } from '../../src/scoring/channels.ts';
import { campaignOf } from '../../src/events/schema.ts';

const rules = { intent: { eventTypes: ['calculator_completed', 'meeting_booked'], ctaKinds: ['meeting'] }, engagedSecondsCap: 600 };
const row = (over: Partial<ChannelRow>): ChannelRow => ({ campaign: null, account: 'alpha', persona: null, stakeholder: null, visitor: null, type: 'page_view', value: null, label: null, ...over });

test('a beacon campaign is stored as source/medium/campaign, cleaned, or not at all', () => {
  assert.equal(campaignOf('newsletter|email|q4-cfo-briefing'), 'newsletter/email/q4-cfo-briefing');
  assert.equal(campaignOf('LinkedIn||'), 'linkedin//');
  assert.equal(campaignOf('||'), null);
  assert.equal(campaignOf(undefined), null);
  assert.equal(campaignOf('a<script>|b"c|d/e'), 'ascript/bc/de');
});

test('per campaign: accounts and personas reached, identified people, engaged time (capped) and intent', () => {
  const mail = 'newsletter/email/q4-cfo-briefing';
  const ads = 'linkedin/paid-social/ops-awareness';
  const rows: ChannelRow[] = [
    row({ campaign: mail, account: 'alpha', persona: 'cfo', stakeholder: 'cfo-1' }),
    row({ campaign: mail, account: 'alpha', persona: 'cfo', stakeholder: 'cfo-1', type: 'engaged_time', value: 120 }),
    row({ campaign: mail, account: 'alpha', persona: 'cfo', stakeholder: 'cfo-1', type: 'calculator_completed', value: 180 }),
    row({ campaign: mail, account: 'beta', persona: 'ceo' }),
    row({ campaign: mail, account: 'beta', persona: 'ceo', type: 'engaged_time', value: 5_000 }),
    row({ campaign: mail, account: 'beta', persona: 'ceo', type: 'cta_click', label: 'meeting' }),
    row({ campaign: mail, account: 'beta', persona: 'ceo', type: 'cta_click', label: 'download' }),
    row({ campaign: ads, account: 'gamma' }),
    row({ campaign: ads, account: 'gamma', type: 'engaged_time', value: 30 }),
    row({ campaign: null, account: 'delta', type: 'calculator_completed' }),
  ];
  assert.deepEqual(channelPerformance(rows, rules), [
    { source: 'newsletter', medium: 'email', campaign: 'q4-cfo-briefing', accounts: ['alpha', 'beta'], personas: ['ceo', 'cfo'], stakeholders: 1, pageViews: 2, engagedSeconds: 720, intentSignals: 2 },
    { source: 'linkedin', medium: 'paid-social', campaign: 'ops-awareness', accounts: ['gamma'], personas: [], stakeholders: 0, pageViews: 1, engagedSeconds: 30, intentSignals: 0 },
  ]);
});

test('first touch: a person who first came by a campaign brings it credit for later visits without one', () => {
  const mail = 'newsletter/email/q4-cfo-briefing';
  const ads = 'linkedin/paid-social/ops-awareness';
  const rows: ChannelRow[] = [
    row({ campaign: mail, stakeholder: 'cfo-1', visitor: 'v1', persona: 'cfo' }),
    // Days later, a direct visit by the same stakeholder: the calculator counts for the newsletter.
    row({ stakeholder: 'cfo-1', visitor: 'v1', persona: 'cfo', type: 'calculator_completed' }),
    // A second campaign does not take the first touch away.
    row({ campaign: ads, stakeholder: 'cfo-1', visitor: 'v1', persona: 'cfo' }),
    row({ stakeholder: 'cfo-1', visitor: 'v1', type: 'cta_click', label: 'meeting' }),
    // An anonymous visitor id works the same way; someone who never came by a campaign counts nowhere.
    row({ campaign: ads, account: 'beta', visitor: 'v2' }),
    row({ account: 'beta', visitor: 'v2', type: 'meeting_booked' }),
    row({ account: 'gamma', visitor: 'v3', type: 'calculator_completed' }),
  ];
  const result = channelPerformance(rows, rules);
  assert.deepEqual(result.map((c) => [c.campaign, c.accounts, c.intentSignals]), [
    ['q4-cfo-briefing', ['alpha'], 2],
    ['ops-awareness', ['alpha', 'beta'], 1],
  ]);
});
