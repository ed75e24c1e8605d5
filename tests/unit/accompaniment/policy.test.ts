/**
 * The accompaniment policy as a table (issue 20, « Done when »): role in the organisation ×
 * relation to the bid (or the help request) × action → allowed?
 */
import { describe, expect, it } from 'vitest';
import {
	accompanimentActions,
	canAccompany,
	type AccompanimentAction,
	type AccompanimentTarget
} from '../../../src/lib/server/policies/accompaniment.policy';
import type { Actor } from '../../../src/lib/server/policies/actor';
import type { OrgRole } from '../../../src/lib/server/db/schema';

const ORG = 'gamma';
const actor = (role: OrgRole | null): Actor => ({ id: 'u', organisationId: role ? ORG : null, orgRole: role });

/** The relations an actor may have to a bid and to a help request on it. */
const RELATIONS: Record<string, AccompanimentTarget> = {
	'own CAE in the bid, not following': { bidRole: null, participantOrganisations: [ORG, 'delta'], helpOrganisationId: ORG },
	'own CAE in the bid, follow pending': { bidRole: null, participantOrganisations: [ORG], pendingFollow: true, helpOrganisationId: ORG },
	'own CAE in the bid, observer': { bidRole: 'observer', participantOrganisations: [ORG], helpOrganisationId: ORG },
	'own CAE in the bid, member': { bidRole: 'member', participantOrganisations: [ORG], helpOrganisationId: ORG },
	'own CAE in the bid, coordinator': { bidRole: 'coordinator', participantOrganisations: [ORG], helpOrganisationId: ORG },
	'other CAE only, not following': { bidRole: null, participantOrganisations: ['delta'], helpOrganisationId: 'delta' },
	'other CAE only, observer': { bidRole: 'observer', participantOrganisations: ['delta'], helpOrganisationId: 'delta' }
};

// Expected answers: one string per action in accompanimentActions' order
// (viewPage viewSummary requestFollow decideFollow askHelp viewHelp answerHelp handleHelp exportCsv), 1 = allowed.
const TABLE: Array<[OrgRole | null, string, string]> = [
	['support', 'own CAE in the bid, not following', '111001011'],
	['support', 'own CAE in the bid, follow pending', '110001011'],
	['support', 'own CAE in the bid, observer', '110001111'],
	['support', 'own CAE in the bid, member', '110011111'],
	['support', 'own CAE in the bid, coordinator', '110111111'],
	['support', 'other CAE only, not following', '100000001'],
	['support', 'other CAE only, observer', '100000001'],
	['admin', 'own CAE in the bid, not following', '111001011'],
	['admin', 'own CAE in the bid, coordinator', '110111111'],
	['admin', 'other CAE only, not following', '100000001'],
	['entrepreneur', 'own CAE in the bid, not following', '000000000'],
	['entrepreneur', 'own CAE in the bid, observer', '000000000'],
	['entrepreneur', 'own CAE in the bid, member', '000010000'],
	['entrepreneur', 'own CAE in the bid, coordinator', '000110000'],
	['entrepreneur', 'other CAE only, not following', '000000000'],
	[null, 'own CAE in the bid, member', '000000000'],
	[null, 'other CAE only, not following', '000000000']
];

describe('accompaniment policy (role × relation × action)', () => {
	it('lists nine actions in the table order', () => {
		expect(accompanimentActions).toEqual([
			'viewPage',
			'viewSummary',
			'requestFollow',
			'decideFollow',
			'askHelp',
			'viewHelp',
			'answerHelp',
			'handleHelp',
			'exportCsv'
		]);
	});
	for (const [role, relation, expected] of TABLE) {
		it(`${role ?? 'no organisation'} — ${relation}`, () => {
			const got = accompanimentActions
				.map((a: AccompanimentAction) => (canAccompany(actor(role), a, RELATIONS[relation]) ? '1' : '0'))
				.join('');
			expect(got).toBe(expected);
		});
	}
});
