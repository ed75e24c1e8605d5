/** Zod schemas of the tender and lot forms (French messages), shared by the routes. */
import { z } from 'zod';
import { resolveParisLocal } from '../../domain/dates';
import { oneOf, optionalEuros, percent, text } from '../validation';
import { DC2_SCOPES, MAX_AMOUNT_CENTS, PRICE_FORMS, PROCEDURES, SCOPES } from './tender-rules';
import type { PriceForm, RequirementScope } from '../db/schema';

/** An optional amount of the tender forms (an estimate): zero allowed, at most MAX_AMOUNT_CENTS. */
function estimate(label: string) {
	const invalid = `${label} : montant invalide (ex. 12 500 ou 3875,25 ; 2 décimales au maximum).`;
	return optionalEuros(label, {
		allowZero: true,
		invalid,
		max: { cents: MAX_AMOUNT_CENTS, message: `${label} : montant trop élevé (1 milliard d'euros au maximum).` }
	});
}

export function parisDateTime(label: string, required: boolean) {
	return z
		.string()
		.optional()
		.transform((v, c) => {
			const raw = (v ?? '').trim();
			if (raw === '') {
				if (required) c.addIssue({ code: 'custom', message: `${label} : ce champ est obligatoire.` });
				return null;
			}
			const r = resolveParisLocal(raw);
			if (r.kind === 'invalid') {
				c.addIssue({ code: 'custom', message: `${label} : date et heure invalides (format JJ/MM/AAAA HH:MM).` });
				return z.NEVER;
			}
			if (r.kind === 'nonexistent') {
				c.addIssue({
					code: 'custom',
					message: `${label} : cette heure n'existe pas à Paris (passage à l'heure d'été) ; choisissez-en une autre.`
				});
				return z.NEVER;
			}
			return r.utcMs;
		});
}

const optionalInt = (label: string, min: number, max: number) =>
	z
		.string()
		.optional()
		.transform((v, c) => {
			const raw = (v ?? '').trim();
			if (raw === '') return null;
			if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
				c.addIssue({ code: 'custom', message: `${label} : un nombre entier entre ${min} et ${max}.` });
				return z.NEVER;
			}
			return Number(raw);
		});

export const tenderSchema = z.object({
	buyer: text('Acheteur', { max: 200 }),
	reference: text('Référence', { max: 100 }),
	title: text('Intitulé', { max: 300 }),
	procedure: oneOf('Procédure', Object.keys(PROCEDURES)),
	platformUrl: z
		.string()
		.optional()
		.transform((v) => (v ?? '').trim())
		.refine(
			(v) => v === '' || /^https?:\/\/[^\s]+$/.test(v),
			'URL de la plateforme : adresse web invalide (ex. https://www.marches-publics.gouv.fr/…).'
		)
		.refine((v) => v.length <= 500, 'URL de la plateforme : 500 caractères au maximum.'),
	estimate: estimate('Montant estimé HT'),
	aapcAt: parisDateTime("Publication de l'avis (AAPC)", false),
	questionsDeadline: parisDateTime('Date limite des questions', false),
	answersDeadline: parisDateTime('Date limite des réponses aux questions', false),
	dlro: parisDateTime('Date limite de remise des offres', true),
	offerValidity: optionalInt("Validité de l'offre (jours)", 1, 1000),
	// Left empty, the usual French rate.
	vatRate: z
		.string()
		.optional()
		.transform((v): string | undefined => (v ?? '').trim() || '20')
		.pipe(percent('Taux de TVA')),
	dc2Scope: z
		.string()
		.optional()
		.transform((v) => v || 'member')
		.pipe(oneOf('DC2 et attestation d’assurance', Object.keys(DC2_SCOPES) as Array<keyof typeof DC2_SCOPES>))
});

export function toTenderInput(d: z.infer<typeof tenderSchema>) {
	return {
		buyer: d.buyer,
		reference: d.reference,
		title: d.title,
		procedure: d.procedure,
		platformUrl: d.platformUrl,
		estimateCents: d.estimate,
		questionsDeadline: d.questionsDeadline,
		dlro: d.dlro!,
		answersDeadline: d.answersDeadline,
		aapcAt: d.aapcAt,
		offerValidityDays: d.offerValidity,
		vatRateBp: d.vatRate,
		dc2PerLot: d.dc2Scope === 'member_lot'
	};
}

/** Lot form: criteria come as rows criterionLabel1..5 / criterionWeight1..5. */
export const lotSchema = z
	.object({
		number: z
			.string({ error: 'Numéro : ce champ est obligatoire.' })
			.regex(/^\d{1,3}$/, 'Numéro : un nombre entier entre 1 et 999.')
			.transform(Number)
			.refine((n) => n >= 1, 'Numéro : un nombre entier entre 1 et 999.'),
		title: text('Intitulé du lot', { max: 300 }),
		estimate: estimate('Montant estimé HT'),
		priceForm: oneOf('Forme de prix', Object.keys(PRICE_FORMS) as PriceForm[]),
		pageLimit: optionalInt('Limite de pages', 1, 1000)
	})
	.passthrough();

export function parseCriteriaRows(values: Record<string, string>): {
	criteria: Array<{ label: string; weightPct: number }>;
	error: string | null;
} {
	const criteria: Array<{ label: string; weightPct: number }> = [];
	for (let i = 1; i <= 5; i++) {
		const label = (values[`criterionLabel${i}`] ?? '').replace(/\s+/g, ' ').trim();
		const weight = (values[`criterionWeight${i}`] ?? '').trim();
		if (!label && !weight) continue;
		if (!label) return { criteria, error: `Critère ${i} : indiquez son intitulé.` };
		if (label.length > 120) return { criteria, error: `Critère ${i} : 120 caractères au maximum.` };
		if (!/^\d{1,3}$/.test(weight) || Number(weight) < 1 || Number(weight) > 100) {
			return { criteria, error: `Pondération ${i} : un pourcentage entier entre 1 et 100.` };
		}
		criteria.push({ label, weightPct: Number(weight) });
	}
	return { criteria, error: null };
}

export const requirementSchema = z.object({
	label: text('Intitulé de la pièce', { max: 200 }),
	scope: oneOf('Portée', Object.keys(SCOPES) as RequirementScope[])
});
