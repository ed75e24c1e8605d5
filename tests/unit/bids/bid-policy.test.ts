import { describe, expect, it } from 'vitest';
import { bidActions, canBid, canWriteSection, type BidAccess, type BidAction } from '../../../src/lib/server/policies/bid.policy';
import { effectiveForm } from '../../../src/lib/server/bids/bid-rules';
import type { Actor } from '../../../src/lib/server/policies/actor';

const actor: Actor = { id: 'u', organisationId: 'o', orgRole: 'entrepreneur' };
const NOW = 1_800_000_000_000;
function bid(role: BidAccess['role'], status: BidAccess['status'] = 'draft', freeze: number | null = null): BidAccess {
	return { id: 'b', status, coordinatorId: 'c', role, internalFreezeAt: freeze, dlro: NOW + 86_400_000, now: NOW };
}

// role × state × action → allowed? (C coordinator, M member, O observer, N not a member)
const expected: Record<BidAction, { draft: string; afterFreeze: string; submitted: string }> = {
	view: { draft: 'CMO', afterFreeze: 'CMO', submitted: 'CMO' },
	downloadFile: { draft: 'CMO', afterFreeze: 'CMO', submitted: 'CMO' },
	manage: { draft: 'C', afterFreeze: 'C', submitted: '' },
	invite: { draft: 'C', afterFreeze: 'C', submitted: '' },
	removeMember: { draft: 'C', afterFreeze: 'C', submitted: '' },
	setFee: { draft: 'C', afterFreeze: 'C', submitted: '' },
	leave: { draft: 'MO', afterFreeze: 'MO', submitted: '' },
	editPieces: { draft: 'CM', afterFreeze: 'C', submitted: '' },
	uploadFile: { draft: 'CM', afterFreeze: 'C', submitted: '' },
	writeSections: { draft: 'CM', afterFreeze: 'C', submitted: '' },
	acceptSplit: { draft: 'CM', afterFreeze: 'CM', submitted: '' },
	submit: { draft: 'C', afterFreeze: 'C', submitted: '' },
	recordDeposit: { draft: 'C', afterFreeze: 'C', submitted: 'C' },
	decide: { draft: '', afterFreeze: '', submitted: 'C' }
};
const roles = { C: 'coordinator', M: 'member', O: 'observer', N: null } as const;

describe('bid policy table', () => {
	it('covers every action', () => {
		expect(Object.keys(expected).sort()).toEqual([...bidActions].sort());
	});
	for (const action of bidActions) {
		for (const [state, make] of [
			['draft', (r: BidAccess['role']) => bid(r)],
			['afterFreeze', (r: BidAccess['role']) => bid(r, 'draft', NOW - 1)],
			['submitted', (r: BidAccess['role']) => bid(r, 'submitted')]
		] as const) {
			for (const [letter, role] of Object.entries(roles)) {
				const allowed = expected[action][state].includes(letter);
				it(`${action} / ${state} / ${role ?? 'non-member'} → ${allowed}`, () => {
					expect(canBid(actor, action, make(role))).toBe(allowed);
				});
			}
		}
	}

	it('a validated section is read-only even for the coordinator', () => {
		expect(canWriteSection(actor, bid('coordinator'), { state: 'validated' })).toBe(false);
		expect(canWriteSection(actor, bid('coordinator'), { state: 'review' })).toBe(true);
		expect(canWriteSection(actor, bid('observer'), { state: 'draft' })).toBe(false);
	});
});

describe('group form rule', () => {
	it('one organisation is always a « candidature unique »', () => {
		expect(effectiveForm('solidaire', 1)).toBe('unique');
		expect(effectiveForm('conjoint', 0)).toBe('unique');
	});
	it('several organisations form a groupement, conjoint by default', () => {
		expect(effectiveForm('unique', 2)).toBe('conjoint');
		expect(effectiveForm('solidaire', 3)).toBe('solidaire');
		expect(effectiveForm('conjoint_solidaire', 2)).toBe('conjoint_solidaire');
	});
});
