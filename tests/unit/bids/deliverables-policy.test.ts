/**
 * Who may add, edit and delete price lines: the deliverable policy as a table of role × state ×
 * action × target, the way tests/unit/bids/bid-policy.test.ts holds the bid policy.
 */
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/lib/server/policies/actor';
import type { BidAccess } from '../../../src/lib/server/policies/bid.policy';
import {
	canDeliverable,
	deliverableActions,
	type DeliverableAction,
	type DeliverableTarget
} from '../../../src/lib/server/policies/deliverable.policy';

const actor: Actor = { id: 'u', organisationId: 'o', orgRole: 'entrepreneur' };
const NOW = 1_800_000_000_000;
function bid(role: BidAccess['role'], status: BidAccess['status'] = 'draft', freeze: number | null = null): BidAccess {
	return { id: 'b', status, coordinatorId: 'c', role, internalFreezeAt: freeze, dlro: NOW + 86_400_000, now: NOW };
}

const states = {
	draft: (r: BidAccess['role']) => bid(r),
	afterFreeze: (r: BidAccess['role']) => bid(r, 'draft', NOW - 1),
	submitted: (r: BidAccess['role']) => bid(r, 'submitted'),
	won: (r: BidAccess['role']) => bid(r, 'won')
} as const;

// The targets: whether the actor is on the line now (mine / other) and afterwards (keeps / leaves).
const targets: Record<string, DeliverableTarget | undefined> = {
	any: undefined,
	withMe: { assignedAfter: true },
	withoutMe: { assignedAfter: false },
	mineKeeps: { assigned: true, assignedAfter: true },
	mineLeaves: { assigned: true, assignedAfter: false },
	otherJoins: { assigned: false, assignedAfter: true },
	other: { assigned: false, assignedAfter: false }
};

// action × target × state → who may (C coordinator, M member, O observer, N not a member).
const expected: Record<DeliverableAction, Record<string, Record<keyof typeof states, string>>> = {
	addLine: {
		any: { draft: 'CM', afterFreeze: 'C', submitted: '', won: '' },
		withMe: { draft: 'CM', afterFreeze: 'C', submitted: '', won: '' },
		withoutMe: { draft: 'C', afterFreeze: 'C', submitted: '', won: '' }
	},
	editLine: {
		any: { draft: 'CM', afterFreeze: 'C', submitted: '', won: '' },
		mineKeeps: { draft: 'CM', afterFreeze: 'C', submitted: '', won: '' },
		mineLeaves: { draft: 'C', afterFreeze: 'C', submitted: '', won: '' },
		otherJoins: { draft: 'C', afterFreeze: 'C', submitted: '', won: '' },
		other: { draft: 'C', afterFreeze: 'C', submitted: '', won: '' }
	},
	deleteLine: {
		any: { draft: 'CM', afterFreeze: 'C', submitted: '', won: '' },
		mineKeeps: { draft: 'CM', afterFreeze: 'C', submitted: '', won: '' },
		other: { draft: 'C', afterFreeze: 'C', submitted: '', won: '' }
	}
};
const roles = { C: 'coordinator', M: 'member', O: 'observer', N: null } as const;

describe('deliverable policy table', () => {
	it('covers every action', () => {
		expect(Object.keys(expected).sort()).toEqual([...deliverableActions].sort());
	});
	for (const action of deliverableActions) {
		for (const [targetName, byState] of Object.entries(expected[action])) {
			for (const [state, make] of Object.entries(states) as Array<[keyof typeof states, (r: BidAccess['role']) => BidAccess]>) {
				for (const [letter, role] of Object.entries(roles)) {
					const allowed = byState[state].includes(letter);
					it(`${action} / ${targetName} / ${state} / ${role ?? 'non-member'} → ${allowed}`, () => {
						expect(canDeliverable(actor, action, make(role), targets[targetName])).toBe(allowed);
					});
				}
			}
		}
	}
});
