/**
 * Demo data for `npm run demo` (database ./data/demo.db): the people and organisations of
 * the worked example in docs/DOMAIN.md. Seeded once, when the database has no user.
 * Accounts are written through the accounts repositories (no sign-up: the demo skips the
 * e-mail checks and sets every profile at once); the bids through the use cases.
 */
import type { AppContext } from '../context';
import { hashPassword } from '../auth/password';
import { hasAnyUser, insertUser } from '../accounts/accounts.repository';
import { insertMembership, insertOrganisation } from '../accounts/organisations.repository';
import { newId } from '../ids';
import type { OrgRole } from '../db/schema';
import { seedDemoBid } from './bid-seed';
import { seedSubmittedDemoBid } from './submitted-bid-seed';
import { seedDemoHelpRequest } from './accompaniment-seed';
import { seedDemoLibrary } from './library-seed';

export const DEMO_PASSWORD = 'cotrait-demo-2026';

export const DEMO_ACCOUNTS = [
	{
		key: 'anne',
		email: 'anne@demo.test',
		name: 'Anne Martin',
		org: 'gamma',
		role: 'admin',
		trade: 'Formatrice en communication',
		skills: ['formation', 'animation', 'communication'],
		department: '23',
		region: 'Nouvelle-Aquitaine',
		note: 'coordinatrice, CAE GAMMA'
	},
	{
		key: 'bruno',
		email: 'bruno@demo.test',
		name: 'Bruno Petit',
		org: 'gamma',
		role: 'entrepreneur',
		trade: 'Graphiste',
		skills: ['identité visuelle', 'mise en page', 'illustration'],
		department: '87',
		region: 'Nouvelle-Aquitaine',
		note: 'CAE GAMMA'
	},
	{
		key: 'chloe',
		email: 'chloe@demo.test',
		name: 'Chloé Bernard',
		org: 'delta',
		role: 'admin',
		trade: 'Développeuse web',
		skills: ['site web', 'accessibilité', 'rédaction web'],
		department: '19',
		region: 'Nouvelle-Aquitaine',
		note: 'CAE DELTA'
	},
	{
		key: 'dora',
		email: 'dora@demo.test',
		name: 'Dora Lefèvre',
		org: 'gamma',
		role: 'support',
		trade: "Chargée d'accompagnement",
		skills: ['accompagnement'],
		department: '23',
		region: 'Nouvelle-Aquitaine',
		note: "chargée d'accompagnement GAMMA, observatrice"
	}
] as const;

export const DEMO_ORGS = {
	gamma: { name: 'CAE GAMMA', siret: '73282932000074', rateBp: 1100, region: 'Nouvelle-Aquitaine' },
	delta: { name: 'CAE DELTA', siret: '44306184100047', rateBp: 900, region: 'Nouvelle-Aquitaine' }
} as const;

export interface DemoIds {
	users: Record<(typeof DEMO_ACCOUNTS)[number]['key'], string>;
	orgs: Record<keyof typeof DEMO_ORGS, string>;
}

/** Seeds the demo database when it holds no user yet. Extended by each feature. */
export async function seedDemoIfEmpty(ctx: AppContext): Promise<void> {
	if (await hasAnyUser(ctx.db)) return;
	const now = ctx.now();
	const hash = await hashPassword(DEMO_PASSWORD);
	const ids: DemoIds = { users: {} as DemoIds['users'], orgs: {} as DemoIds['orgs'] };
	await ctx.db.transaction().execute(async (trx) => {
		for (const [key, o] of Object.entries(DEMO_ORGS) as [keyof typeof DEMO_ORGS, (typeof DEMO_ORGS)[keyof typeof DEMO_ORGS]][]) {
			ids.orgs[key] = newId();
			await insertOrganisation(trx, {
				id: ids.orgs[key],
				name: o.name,
				kind: 'cae',
				siret: o.siret,
				contribution_rate_bp: o.rateBp,
				region: o.region,
				created_at: now
			});
		}
		for (const a of DEMO_ACCOUNTS) {
			ids.users[a.key] = newId();
			await insertUser(trx, {
				id: ids.users[a.key],
				email: a.email,
				name: a.name,
				password_hash: hash,
				trade: a.trade,
				skills: JSON.stringify(a.skills),
				department: a.department,
				region: a.region,
				bio: '',
				public_fields: JSON.stringify(['trade', 'skills', 'department', 'region']),
				created_at: now
			});
			await insertMembership(trx, {
				id: newId(),
				organisation_id: ids.orgs[a.org],
				user_id: ids.users[a.key],
				role: a.role as OrgRole,
				contribution_rate_bp: null,
				created_at: now
			});
		}
	});
	for (const extend of demoExtensions) await extend(ctx, ids);
}

/** Later features register their part of the demo here (bids, sections, split…). */
export const demoExtensions: Array<(ctx: AppContext, ids: DemoIds) => Promise<void>> = [
	async (ctx, ids) => {
		const bidId = await seedDemoBid(ctx, ids);
		await seedDemoHelpRequest(ctx, ids, bidId); // issue 20: Dora's Accompagnement page has a request waiting
	},
	async (ctx, ids) => {
		await seedSubmittedDemoBid(ctx, ids);
	},
	async (ctx, ids) => {
		await seedDemoLibrary(ctx, ids);
	}
];

/** The lines printed by `npm run demo`. */
export function demoBanner(url: string): string {
	const lines = [
		'',
		'Démo Cotrait — comptes de démonstration :',
		...DEMO_ACCOUNTS.map((a) => `  ${a.email.padEnd(18)} ${a.name} (${a.note})`),
		`Mot de passe : ${DEMO_PASSWORD}`,
		`Ouvrez ${url}`,
		''
	];
	return lines.join('\n') + '\n';
}
