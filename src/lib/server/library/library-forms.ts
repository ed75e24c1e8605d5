/**
 * The library entry form (issue 16), read on the server: zod with French messages, the input
 * echoed back on refusal like every form. Field names: `title`, `kind`, `tags` (comma-separated),
 * `owner` ('me' | 'organisation', on creation), `visibility`, `reviewBy` (YYYY-MM-DD, empty: a
 * year after this edit), the reference's `buyer`, `year`, `amount`, `lot`, `contactName`,
 * `contactReach`, `contactConsent`, the profile's `trades`, `yearsExperience`, `diplomas`; the
 * text as `contentJson` (ProseMirror JSON from the editor) or, without scripts, `contentText`.
 */
import { z } from 'zod';
import { formatCentsPlain } from '../../domain/money';
import { LIBRARY_KINDS, LIBRARY_VISIBILITIES, type LibraryFields } from '../../domain/library';
import { isoDate, oneOf, optionalEuros, parseForm, text, type ParseResult } from '../validation';
import { ContentError, paragraphsDocument, parseContentJson } from './content';
import type { EntryInput } from './library.service';

const MAX_TAGS = 12;
const MAX_AMOUNT_CENTS = 100_000_000_000;

function optionalInt(label: string, min: number, max: number) {
	return z
		.string()
		.optional()
		.transform((v, c): number | null => {
			const raw = (v ?? '').trim();
			if (raw === '') return null;
			if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
				c.addIssue({ code: 'custom', message: `${label} : indiquez un nombre entier entre ${min} et ${max}.` });
				return z.NEVER;
			}
			return Number(raw);
		});
}

const tags = z
	.string()
	.optional()
	.transform((v, c): string[] => {
		const list = [
			...new Set(
				(v ?? '')
					.split(',')
					.map((t) => t.replace(/\s+/g, ' ').trim().toLowerCase())
					.filter(Boolean)
			)
		];
		if (list.length > MAX_TAGS) c.addIssue({ code: 'custom', message: `Mots-clés : ${MAX_TAGS} au maximum.` });
		if (list.some((t) => t.length > 40)) c.addIssue({ code: 'custom', message: 'Mots-clés : 40 caractères au maximum chacun.' });
		return list;
	});

const schema = z.object({
	title: text('Titre', { max: 160 }),
	kind: oneOf('Type de fiche', LIBRARY_KINDS),
	tags,
	owner: z.enum(['me', 'organisation'], { error: 'Propriétaire : choisissez une valeur de la liste.' }).optional(),
	visibility: oneOf('Visible par', LIBRARY_VISIBILITIES),
	reviewBy: isoDate('À revoir avant le'),
	buyer: text('Acheteur', { max: 160, required: false }).optional(),
	year: optionalInt('Année', 1950, 2100),
	amount: optionalEuros('Montant HT', {
		allowZero: true,
		max: { cents: MAX_AMOUNT_CENTS, message: 'Montant HT : montant trop élevé (1 milliard d’euros au maximum).' }
	}),
	lot: text('Lot ou métier', { max: 160, required: false }).optional(),
	contactName: text('Contact', { max: 120, required: false }).optional(),
	contactReach: text('Téléphone ou e-mail du contact', { max: 160, required: false }).optional(),
	contactConsent: z.string().optional(),
	trades: text('Métiers', { max: 300, required: false }).optional(),
	yearsExperience: optionalInt("Années d'expérience", 0, 80),
	diplomas: text('Diplômes', { max: 600, required: false }).optional(),
	contentJson: z.string().optional(),
	contentText: z.string().optional()
});

type Parsed = z.infer<typeof schema>;

/** The kind's structured fields out of the parsed form (others are not kept). */
function fieldsOf(d: Parsed): LibraryFields {
	if (d.kind === 'reference') {
		return {
			buyer: d.buyer ?? '',
			year: d.year,
			amountCents: d.amount,
			lot: d.lot ?? '',
			contactName: d.contactName ?? '',
			contactReach: d.contactReach ?? '',
			contactConsent: d.contactConsent !== undefined
		};
	}
	if (d.kind === 'profile') return { trades: d.trades ?? '', yearsExperience: d.yearsExperience, diplomas: d.diplomas ?? '' };
	return {};
}

/** The entry form as an EntryInput, or the French errors and the echoed values. */
export function readEntryForm(form: FormData): ParseResult<EntryInput & { owner: 'me' | 'organisation' }> {
	const parsed = parseForm(schema, form);
	if (!parsed.ok) return parsed;
	const d = parsed.data;
	const errors: Record<string, string> = {};
	const fields = fieldsOf(d);
	if (d.kind === 'reference' && (fields.contactName || fields.contactReach) && !fields.contactConsent) {
		errors.contactConsent = 'Contact : cochez « accepte d’être contacté·e » si la personne est d’accord, ou laissez le contact vide.';
	}
	if (d.kind === 'reference' && fields.contactConsent && !fields.contactReach) {
		errors.contactReach = 'Téléphone ou e-mail du contact : indiquez comment le ou la joindre.';
	}
	let content: EntryInput['content'] = { type: 'doc', content: [] };
	try {
		content = d.contentJson ? parseContentJson(d.contentJson) : paragraphsDocument(d.contentText ?? '');
	} catch (e) {
		if (!(e instanceof ContentError)) throw e;
		errors.content =
			e.message === 'size' || e.message === 'length'
				? 'Texte : trop long pour une fiche (150 000 caractères au maximum).'
				: e.message === 'depth'
					? 'Texte : trop d’imbrications (listes ou tableaux les uns dans les autres).'
					: 'Texte : contenu illisible ; rechargez la page et réessayez.';
	}
	// The editor's JSON is not echoed (it can be large); the text is.
	const values = { ...parsed.values, contentJson: '' };
	if (Object.keys(errors).length) return { ok: false, errors, values };
	return {
		ok: true,
		values,
		data: {
			title: d.title,
			kind: d.kind,
			tags: d.tags,
			fields,
			owner: d.owner ?? 'me',
			visibility: d.visibility,
			reviewBy: d.reviewBy,
			content
		}
	};
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The form's values for an existing entry (its page's edit form). */
export function entryFormValues(
	entry: { title: string; kind: string; tags: string[]; visibility: string; reviewBy: number; fields: LibraryFields },
	text: string
): Record<string, string> {
	const f = entry.fields;
	return {
		title: entry.title,
		kind: entry.kind,
		tags: entry.tags.join(', '),
		visibility: entry.visibility,
		reviewBy: isoDay(entry.reviewBy),
		buyer: f.buyer ?? '',
		year: f.year != null ? String(f.year) : '',
		amount: f.amountCents != null ? formatCentsPlain(f.amountCents) : '',
		lot: f.lot ?? '',
		contactName: f.contactName ?? '',
		contactReach: f.contactReach ?? '',
		contactConsent: f.contactConsent ? 'on' : '',
		trades: f.trades ?? '',
		yearsExperience: f.yearsExperience != null ? String(f.yearsExperience) : '',
		diplomas: f.diplomas ?? '',
		contentText: text
	};
}
