import { describe, expect, it } from 'vitest';
import { abilities, authorize, can } from '../../../src/lib/server/policies';
import type { Actor } from '../../../src/lib/server/policies/actor';
import { DomainError } from '../../../src/lib/server/errors';

const ORG = { id: 'org-a' };
const actors: Record<string, Actor> = {
	admin: { id: 'u1', organisationId: 'org-a', orgRole: 'admin' },
	entrepreneur: { id: 'u2', organisationId: 'org-a', orgRole: 'entrepreneur' },
	support: { id: 'u3', organisationId: 'org-a', orgRole: 'support' },
	otherOrgAdmin: { id: 'u4', organisationId: 'org-b', orgRole: 'admin' },
	noOrg: { id: 'u5', organisationId: null, orgRole: null }
};

// role × action → allowed?
const table: Array<[keyof typeof actors, 'view' | 'update' | 'invite' | 'setMemberRate' | 'removeMember' | 'answerJoinRequest', boolean]> =
	[
		['admin', 'view', true],
		['admin', 'update', true],
		['admin', 'invite', true],
		['admin', 'setMemberRate', true],
		['admin', 'removeMember', true],
		['admin', 'answerJoinRequest', true],
		['entrepreneur', 'view', true],
		['entrepreneur', 'update', false],
		['entrepreneur', 'invite', false],
		['entrepreneur', 'setMemberRate', false],
		['entrepreneur', 'removeMember', false],
		['entrepreneur', 'answerJoinRequest', false],
		['support', 'view', true],
		['support', 'update', false],
		['support', 'invite', false],
		['support', 'setMemberRate', false],
		['support', 'removeMember', false],
		['support', 'answerJoinRequest', false],
		['otherOrgAdmin', 'view', false],
		['otherOrgAdmin', 'update', false],
		['otherOrgAdmin', 'setMemberRate', false],
		['otherOrgAdmin', 'answerJoinRequest', false],
		['noOrg', 'view', false],
		['noOrg', 'invite', false]
	];

describe('organisation policy', () => {
	it.each(table)('%s → %s = %s', (who, action, allowed) => {
		expect(can(actors[who]!, 'organisation', action, ORG)).toBe(allowed);
		expect(abilities(actors[who]!, 'organisation', ORG)[action]).toBe(allowed);
	});

	it('authorize answers 404 to outsiders and 403 to members without the right', () => {
		const outsider = () => authorize(actors.otherOrgAdmin!, 'organisation', 'update', ORG);
		expect(outsider).toThrow(DomainError);
		try {
			outsider();
		} catch (e) {
			expect((e as DomainError).status).toBe(404);
		}
		try {
			authorize(actors.entrepreneur!, 'organisation', 'update', ORG);
			expect.unreachable();
		} catch (e) {
			expect((e as DomainError).status).toBe(403);
		}
		expect(() => authorize(actors.admin!, 'organisation', 'update', ORG)).not.toThrow();
	});
});
