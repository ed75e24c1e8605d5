/**
 * A FormsInput for the form tests: the DOMAIN.md worked example's buyer-facing figures (per lot,
 * each legal member's amount HT), a mandataire with a filled profile and a member without one.
 */
import type { FormsInput, FormsMember } from '../../../src/lib/server/dossier/forms/model';

export const member = (over: Partial<FormsMember>): FormsMember => ({
	organisationId: 'o',
	name: '',
	siret: '',
	legalForm: null,
	address: null,
	email: null,
	phone: null,
	representative: null,
	representativeTitle: null,
	turnover: [
		{ year: 2025, cents: null },
		{ year: 2024, cents: null },
		{ year: 2023, cents: null }
	],
	staff: null,
	references: null,
	isMandataire: false,
	...over
});

/** The DOMAIN.md worked example's buyer-facing figures: per lot, each legal member's amount HT. */
export const FORMS_INPUT: FormsInput = {
	tender: {
		buyer: 'Communauté de communes du Pays de Saint-Flour',
		reference: 'CCSF-2026-014',
		title: 'Démarche participative et site',
		procedure: 'MAPA',
		lotCount: 2
	},
	form: 'conjoint_solidaire',
	members: [
		member({
			organisationId: 'g',
			name: 'CAE GAMMA',
			siret: '12345678900011',
			address: '3 place de la Halle, 15100 Saint-Flour',
			isMandataire: true,
			representative: 'Anne Martin',
			representativeTitle: 'Gérante',
			turnover: [
				{ year: 2025, cents: 81_200_000 },
				{ year: 2024, cents: 74_000_000 },
				{ year: 2023, cents: 69_000_000 }
			],
			staff: 42
		}),
		member({ organisationId: 'd', name: 'CAE DELTA', siret: '98765432100022' })
	],
	lots: [
		{
			number: 1,
			title: 'Concertation et ateliers',
			totalCents: 1_266_500,
			shares: [
				{ organisationId: 'g', prestations: ['Ateliers habitants'], amountCents: 1_214_013 },
				{ organisationId: 'd', prestations: ['Synthèse'], amountCents: 52_487 }
			]
		},
		{
			number: 2,
			title: 'Site et contenus',
			totalCents: 1_983_231,
			shares: [
				{ organisationId: 'g', prestations: ['Maquettes'], amountCents: 473_332 },
				{ organisationId: 'd', prestations: ['Développement du site', 'Rédaction'], amountCents: 1_509_899 }
			]
		}
	],
	vatRateBp: 2000,
	offerValidityDays: 120
};
