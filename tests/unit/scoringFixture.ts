/** The account the scoring tests score: three committee members, no names (tests that need names spread their own). */
import type { ScoringAccount } from '../../src/scoring/engine.ts';

export const acme: ScoringAccount = {
  id: 'acme',
  name: 'Acme',
  domain: 'acme.example',
  owner: 'Olivia',
  committee: [
    { id: 'ceo-1', title: 'CEO', persona: 'ceo', role: 'decision-maker' },
    { id: 'cfo-1', title: 'CFO', persona: 'cfo', role: 'decision-maker' },
    { id: 'user-1', title: 'Engineer', persona: 'end-user', role: 'user' },
  ],
};
