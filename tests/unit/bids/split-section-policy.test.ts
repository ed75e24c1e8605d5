/**
 * The policies that were tested by hand inside the services (issue 13): the review of a section
 * and the follow-up of a won bid, as tables of role × state × target → allowed.
 */
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/lib/server/policies/actor';
import type { BidAccess } from '../../../src/lib/server/policies/bid.policy';
import { reviewAbilities, type ReviewSection } from '../../../src/lib/server/policies/section.policy';
import { canSplit, splitActions, type SplitAction, type SplitTarget } from '../../../src/lib/server/policies/split.policy';
import type { SectionState } from '../../../src/lib/server/db/schema';

const NOW = 1_800_000_000_000;
const me: Actor = { id: 'me', organisationId: 'org-me', orgRole: 'entrepreneur' };
const roles = { C: 'coordinator', M: 'member', O: 'observer', N: null } as const;
function bid(role: BidAccess['role'], status: BidAccess['status'], freeze: number | null = null): BidAccess {
	return {
		id: 'b',
		status,
		coordinatorId: role === 'coordinator' ? 'me' : 'c',
		role,
		internalFreezeAt: freeze,
		dlro: NOW + 86_400_000,
		now: NOW
	};
}
const allowed = (letters: string, test: (role: BidAccess['role']) => boolean) =>
	Object.entries(roles)
		.filter(([, role]) => test(role))
		.map(([l]) => l)
		.join('') === letters;

describe('split policy (won bids)', () => {
	const cases: Array<[SplitAction, SplitTarget, string]> = [
		['trackLine', { assigned: true }, 'CM'],
		['trackLine', { assigned: false }, 'C'],
		['recordPayments', {}, 'CM'],
		['recordPaymentFor', { payee: { organisationId: 'org-me', actorOrganisationId: 'org-me' } }, 'CM'],
		['recordPaymentFor', { payee: { organisationId: 'org-other', actorOrganisationId: 'org-me' } }, 'C'],
		['deletePayment', { recordedBy: 'me' }, 'CM'],
		['deletePayment', { recordedBy: 'someone' }, 'C'],
		['deleteAnyPayment', {}, 'C']
	];
	it('covers every action', () => {
		expect([...new Set(cases.map(([a]) => a))].sort()).toEqual([...splitActions].sort());
	});
	it.each(cases)('%s %o on a won bid: %s', (action, target, letters) => {
		expect(allowed(letters, (role) => canSplit(me, action, bid(role, 'won'), target))).toBe(true);
	});
	it.each(['draft', 'submitted', 'lost'] as const)('nobody acts on the follow-up of a bid %s', (status) => {
		for (const [action, target] of cases)
			for (const role of Object.values(roles)) expect(canSplit(me, action, bid(role, status), target)).toBe(false);
	});
});

describe('section review policy', () => {
	const section = (state: SectionState, who: 'author' | 'reviewer' | 'none'): ReviewSection => ({
		id: 's',
		state,
		reviewerId: who === 'reviewer' ? 'me' : 'r',
		authorIds: who === 'author' ? ['me'] : ['a']
	});
	// state × relation → the roles (C, M) for which each transition is allowed on a draft bid.
	const table: Array<
		[SectionState, 'author' | 'reviewer' | 'none', { requestReview: string; validate: string; requestChanges: string; reopen: string }]
	> = [
		['draft', 'author', { requestReview: 'CM', validate: 'C', requestChanges: '', reopen: '' }],
		['draft', 'none', { requestReview: 'C', validate: 'C', requestChanges: '', reopen: '' }],
		['changes_requested', 'author', { requestReview: 'CM', validate: 'C', requestChanges: '', reopen: '' }],
		['review', 'reviewer', { requestReview: '', validate: 'CM', requestChanges: 'CM', reopen: '' }],
		['review', 'author', { requestReview: '', validate: 'C', requestChanges: 'C', reopen: '' }],
		['validated', 'reviewer', { requestReview: '', validate: '', requestChanges: '', reopen: 'C' }]
	];
	it.each(table)('%s section, actor %s', (state, who, expected) => {
		for (const transition of ['requestReview', 'validate', 'requestChanges', 'reopen'] as const) {
			const got = (['C', 'M', 'O', 'N'] as const)
				.filter((l) => reviewAbilities(me, bid(roles[l], 'draft'), section(state, who))[transition])
				.join('');
			expect(got, transition).toBe(expected[transition]);
		}
	});
	it('after the internal freeze only the coordinator moves sections; once submitted nobody does', () => {
		const s = section('review', 'reviewer');
		expect(reviewAbilities(me, bid('member', 'draft', NOW - 1), s).validate).toBe(false);
		expect(reviewAbilities(me, bid('coordinator', 'draft', NOW - 1), s).validate).toBe(true);
		expect(Object.values(reviewAbilities(me, bid('coordinator', 'submitted'), section('validated', 'none')))).toEqual([
			false,
			false,
			false,
			false
		]);
	});
});
