/**
 * The form of an organisation's profile for the public procurement forms (DC2): its fields
 * parsed with French messages, and the profile shown back as the form's values (the e-mail is
 * `contactEmail`: `email` is the invitation form's field on the same page). Three financial
 * years, each a year and a turnover HT in euros (`tYear1`/`tAmount1` … `tYear3`/`tAmount3`).
 */
import { z } from 'zod';
import { longText, optionalEuros, text } from '$lib/server/validation';
import type { OrganisationProfile, OrganisationProfileInput } from '$lib/server/accounts/organisation-profiles.service';
import { formatCentsPlain } from '$lib/domain/money';

export const TURNOVER_ROWS = [1, 2, 3] as const;

const optionalText = (label: string, max: number) => text(label, { max, required: false }).optional();

const year = (label: string) =>
	z
		.string()
		.optional()
		.transform((raw, ctx): number | null => {
			const v = (raw ?? '').trim();
			if (!v) return null;
			const n = Number(v);
			if (!/^\d{4}$/.test(v) || n < 1990 || n > 2100) {
				ctx.addIssue({ code: 'custom', message: `${label} : indiquez une année sur quatre chiffres, par exemple 2025.` });
				return z.NEVER;
			}
			return n;
		});

export const profileSchema = z
	.object({
		legalForm: optionalText('Forme juridique', 80),
		address: longText('Adresse', 300),
		contactEmail: z
			.string()
			.optional()
			.transform((v) => (v ?? '').trim().toLowerCase())
			.refine((v) => v === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), "Courriel : le format n'est pas valide (ex. nom@exemple.fr).")
			.refine((v) => v.length <= 254, 'Courriel : 254 caractères au maximum.'),
		phone: optionalText('Téléphone', 30).refine(
			(v) => !v || /^[+0-9 ().-]{6,30}$/.test(v),
			'Téléphone : chiffres, espaces et + seulement (ex. 05 55 12 34 56).'
		),
		representativeName: optionalText('Représentant (nom)', 120),
		representativeTitle: optionalText('Représentant (qualité)', 80),
		staff: z
			.string()
			.optional()
			.transform((raw, ctx): number | null => {
				const v = (raw ?? '').replace(/[\s\u00a0\u202f]/g, '');
				if (!v) return null;
				if (!/^\d{1,6}$/.test(v)) {
					ctx.addIssue({ code: 'custom', message: 'Effectif moyen : indiquez un nombre entier de personnes, par exemple 12.' });
					return z.NEVER;
				}
				return Number(v);
			}),
		tYear1: year('Exercice 1'),
		tAmount1: optionalEuros('Chiffre d’affaires HT (exercice 1)', { allowZero: true }),
		tYear2: year('Exercice 2'),
		tAmount2: optionalEuros('Chiffre d’affaires HT (exercice 2)', { allowZero: true }),
		tYear3: year('Exercice 3'),
		tAmount3: optionalEuros('Chiffre d’affaires HT (exercice 3)', { allowZero: true }),
		references: longText('Références', 4000)
	})
	.superRefine((d, ctx) => {
		const seen = new Set<number>();
		for (const i of TURNOVER_ROWS) {
			const y = d[`tYear${i}`];
			const a = d[`tAmount${i}`];
			if (y === null && a !== null)
				ctx.addIssue({ code: 'custom', path: [`tYear${i}`], message: `Exercice ${i} : indiquez l’année de ce chiffre d’affaires.` });
			if (y !== null && a === null)
				ctx.addIssue({
					code: 'custom',
					path: [`tAmount${i}`],
					message: `Chiffre d’affaires HT (exercice ${i}) : indiquez le montant de ${y}.`
				});
			if (y !== null && seen.has(y))
				ctx.addIssue({ code: 'custom', path: [`tYear${i}`], message: `Exercice ${i} : l’année ${y} est déjà indiquée.` });
			if (y !== null) seen.add(y);
		}
	});

/** The parsed form as the use case takes it. */
export function profileInput(d: z.infer<typeof profileSchema>): OrganisationProfileInput {
	const turnover = TURNOVER_ROWS.flatMap((i) => {
		const y = d[`tYear${i}`];
		const a = d[`tAmount${i}`];
		return y !== null && a !== null ? [{ year: y, cents: a }] : [];
	});
	return {
		legalForm: d.legalForm ?? null,
		address: d.address || null,
		email: d.contactEmail || null,
		phone: d.phone ?? null,
		representativeName: d.representativeName ?? null,
		representativeTitle: d.representativeTitle ?? null,
		staff: d.staff,
		turnover,
		references: d.references || null
	};
}

/** The stored profile as the form's values. */
export function profileValues(p: OrganisationProfile): Record<string, string> {
	const values: Record<string, string> = {
		legalForm: p.legalForm ?? '',
		address: p.address ?? '',
		contactEmail: p.email ?? '',
		phone: p.phone ?? '',
		representativeName: p.representativeName ?? '',
		representativeTitle: p.representativeTitle ?? '',
		staff: p.staff === null ? '' : String(p.staff),
		references: p.references ?? ''
	};
	TURNOVER_ROWS.forEach((i, k) => {
		const t = p.turnover[k];
		values[`tYear${i}`] = t ? String(t.year) : '';
		values[`tAmount${i}`] = t ? formatCentsPlain(t.cents) : '';
	});
	return values;
}
