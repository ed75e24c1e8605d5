/**
 * Form parsing with zod and French messages. `parseForm` never throws: it returns either the
 * typed data or the field errors plus the raw values to echo back (passwords excluded).
 */
import { z } from 'zod';
import { parseEuros, parseRatePercent } from '../domain/money';
import { parseIsoDate } from '../domain/dates';

export type FormValues = Record<string, string>;
export type ParseResult<T> = { ok: true; data: T; values: FormValues } | { ok: false; errors: Record<string, string>; values: FormValues };

const SECRET_FIELDS = new Set(['password', 'newPassword', 'currentPassword', 'passwordConfirm']);

/** Collects string values of a form (files and secrets excluded) to echo back to the user. */
export function formValues(form: FormData): FormValues {
	const values: FormValues = {};
	for (const [k, v] of form.entries()) {
		if (typeof v !== 'string' || SECRET_FIELDS.has(k)) continue;
		// Keep the echo bounded: a 10 MB field is not sent back whole.
		if (!Object.hasOwn(values, k)) values[k] = v.slice(0, 20_000);
	}
	return values;
}

export function parseForm<S extends z.ZodType>(schema: S, form: FormData): ParseResult<z.infer<S>> {
	// No prototype: a field named `__proto__` is then a plain key, not a new prototype for `raw`.
	const raw: Record<string, unknown> = Object.create(null);
	for (const key of new Set(form.keys())) {
		const all = form.getAll(key).filter((v): v is string => typeof v === 'string');
		raw[key] = all.length > 1 ? all : all[0];
	}
	const values = formValues(form);
	const result = schema.safeParse(raw);
	if (result.success) return { ok: true, data: result.data, values };
	const errors: Record<string, string> = {};
	for (const issue of result.error.issues) {
		const key = String(issue.path[0] ?? '_form');
		errors[key] ??= issue.message;
	}
	return { ok: false, errors, values };
}

/** A trimmed text field with French messages. */
export function text(label: string, opts: { min?: number; max: number; required?: boolean }) {
	const required = opts.required ?? true;
	const s = z.string({ error: `${label} : ce champ est obligatoire.` }).transform((v) => v.replace(/\s+/g, ' ').trim());
	return s.pipe(
		z
			.string()
			.refine((v) => !required || v.length > 0, `${label} : ce champ est obligatoire.`)
			.refine((v) => v.length <= opts.max, `${label} : ${opts.max} caractères au maximum.`)
			.refine((v) => !opts.min || v.length === 0 || v.length >= opts.min, `${label} : ${opts.min} caractères au minimum.`)
	);
}

/**
 * Bidi controls (embeddings, overrides, isolates, the LRM/RLM/ALM marks) and zero-width characters
 * (U+200B–200D, word joiner, BOM). Invisible, they make a name read as something else:
 * `facture\u202Efdp.zip` is displayed « facturepiz.pdf ».
 */
const INVISIBLE_CONTROLS = /[\u061C\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/g;

/** `value` without bidi controls or zero-width characters. */
export function stripInvisibleControls(value: string): string {
	return value.replace(INVISIBLE_CONTROLS, '');
}

/** A person's or organisation's name: a `text` field without bidi controls or zero-width characters. */
export function displayName(label: string, opts: { max: number }) {
	return z
		.string({ error: `${label} : ce champ est obligatoire.` })
		.transform(stripInvisibleControls)
		.pipe(text(label, opts));
}

/** Optional multi-line text (newlines kept). */
export function longText(label: string, max: number) {
	return z
		.string()
		.optional()
		.transform((v) => (v ?? '').replace(/\r\n/g, '\n').trim())
		.pipe(z.string().max(max, `${label} : ${max} caractères au maximum.`));
}

export const email = z
	.string({ error: 'Adresse e-mail : ce champ est obligatoire.' })
	.transform((v) => v.trim().toLowerCase())
	.pipe(
		z
			.string()
			.min(1, 'Adresse e-mail : ce champ est obligatoire.')
			.max(254, 'Adresse e-mail : 254 caractères au maximum.')
			.regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, "Adresse e-mail : le format n'est pas valide (ex. nom@exemple.fr).")
	);

export const password = z.string({ error: 'Mot de passe : ce champ est obligatoire.' }).min(1, 'Mot de passe : ce champ est obligatoire.');

export function oneOf<T extends string>(label: string, options: readonly T[]) {
	return z.enum(options as unknown as [T, ...T[]], { error: `${label} : choisissez une valeur de la liste.` });
}

const SPACES = /[\s\u00A0\u202F]+/g;

/** Refuses with `message` inside a zod transform. */
function refuse(ctx: z.RefinementCtx, message: string): never {
	ctx.addIssue({ code: 'custom', message });
	return z.NEVER as never;
}

interface EurosOptions {
	/** Message for a negative amount; default « le montant ne peut pas être négatif ». */
	negative?: string;
	/** Zero is refused unless true. */
	allowZero?: boolean;
	/** Largest amount in cents, with its message. */
	max?: { cents: number; message: string };
	/** Message for what is not an amount (and for more than 2 decimals, unless `decimals`). */
	invalid?: string;
	decimals?: string;
}

/** The cents of a typed amount, or an issue on `ctx`; '' is handled by the callers. */
function centsOf(v: string, label: string, opts: EurosOptions, ctx: z.RefinementCtx): number {
	if (v.startsWith('-')) return refuse(ctx, opts.negative ?? `${label} : le montant ne peut pas être négatif.`);
	const decimals = /[.,](\d+)\s*€?$/.exec(v.replace(SPACES, ''))?.[1];
	if (decimals && decimals.length > 2)
		return refuse(ctx, opts.decimals ?? opts.invalid ?? `${label} : 2 décimales au maximum (les centimes).`);
	const cents = parseEuros(v);
	if (cents === null) return refuse(ctx, opts.invalid ?? `${label} : indiquez un montant en euros, par exemple 5 000 ou 1 249,90.`);
	if (cents === 0 && !opts.allowZero) return refuse(ctx, `${label} : indiquez un montant supérieur à 0.`);
	if (opts.max && cents > opts.max.cents) return refuse(ctx, opts.max.message);
	return cents;
}

/** A required euro amount typed as people write it (« 5 000,00 », « 5000.5 € ») → integer cents. */
export function euros(label: string, opts: EurosOptions = {}) {
	return z
		.string({ error: `${label} : valeur invalide.` })
		.optional()
		.transform((raw, ctx): number => {
			const v = (raw ?? '').trim();
			if (!v) return refuse(ctx, `${label} : ce champ est obligatoire.`);
			return centsOf(v, label, opts, ctx);
		});
}

/** An optional euro amount → integer cents, or null when empty. */
export function optionalEuros(label: string, opts: EurosOptions = {}) {
	return z
		.string({ error: `${label} : valeur invalide.` })
		.optional()
		.transform((raw, ctx): number | null => {
			const v = (raw ?? '').trim();
			return v ? centsOf(v, label, opts, ctx) : null;
		});
}

/** A rate typed as a percentage (« 4 », « 4,5 », « 4.5 % ») → basis points, 0 to 100 %. */
export function percent(label: string, opts: { empty?: string } = {}) {
	return z
		.string({ error: `${label} : valeur invalide.` })
		.optional()
		.transform((raw, ctx): number => {
			const v = (raw ?? '').trim();
			if (!v) return refuse(ctx, opts.empty ?? `${label} : ce champ est obligatoire.`);
			if (v.startsWith('-')) return refuse(ctx, `${label} : le taux ne peut pas être négatif.`);
			if (!/^\d+(?:[.,]\d+)?\s*%?$/.test(v)) return refuse(ctx, `${label} : indiquez un pourcentage, par exemple 4 ou 4,5.`);
			if ((/[.,](\d+)/.exec(v)?.[1]?.length ?? 0) > 2) return refuse(ctx, `${label} : 2 décimales au maximum.`);
			const bp = parseRatePercent(v);
			if (bp === null) return refuse(ctx, `${label} : le taux doit être compris entre 0 et 100 %.`);
			return bp;
		});
}

/** An optional « YYYY-MM-DD » date field (an <input type="date">) → ms at 00:00 UTC, or null when empty. */
export function isoDate(label: string) {
	return z
		.string({ error: `${label} : valeur invalide.` })
		.optional()
		.transform((raw, ctx): number | null => {
			const v = (raw ?? '').trim();
			if (!v) return null;
			return parseIsoDate(v) ?? refuse(ctx, `${label} : date invalide (jj/mm/aaaa).`);
		});
}

/** A required « YYYY-MM-DD » date field → ms at 00:00 UTC. */
export function requiredIsoDate(label: string) {
	return z
		.string({ error: `${label} : valeur invalide.` })
		.optional()
		.transform((raw, ctx): number => {
			const v = (raw ?? '').trim();
			if (!v) return refuse(ctx, `${label} : ce champ est obligatoire.`);
			return parseIsoDate(v) ?? refuse(ctx, `${label} : date invalide (jj/mm/aaaa).`);
		});
}
