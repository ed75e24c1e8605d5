/**
 * Names of Object.prototype's members (`constructor`, `toString`, `__proto__`…) sent where the
 * server looks a value up in a table: a deliverable status, a form action name. Against the
 * built demo server: a French validation error or a 404, nothing stored, never a 500.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startServer, type RunningServer } from '../../support/server';
import { HttpSession } from '../../support/http-session';

const DEMO_PASSWORD = 'cotrait-demo-2026';
const SUBMITTED_DEMO = '2026-OTMV-007';
const PROTOTYPE_KEYS = [
	'constructor',
	'toString',
	'__proto__',
	'hasOwnProperty',
	'valueOf',
	'isPrototypeOf',
	'toLocaleString',
	'__defineGetter__'
];
const STATUS_ERROR = 'Statut : choisissez une valeur de la liste.';

let server: RunningServer;
let dir: string;
let bidId: string;
let anne: HttpSession;
let bruno: HttpSession;
/** Deliverables of the submitted demo bid: one Anne (coordinator) is on, one Bruno is on. */
let anneLine: string;
let brunoLine: string;

function db<T>(fn: (db: Database.Database) => T): T {
	const d = new Database(join(dir, 'demo.db'), { readonly: true, fileMustExist: true });
	try {
		return fn(d);
	} finally {
		d.close();
	}
}

function statuses(): Record<string, string> {
	return db((d) =>
		Object.fromEntries(
			(d.prepare('select id, status from deliverables where bid_id = ?').all(bidId) as Array<{ id: string; status: string }>).map((r) => [
				r.id,
				r.status
			])
		)
	);
}

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'cotrait-keys-'));
	server = await startServer({ COTRAIT_DEMO: '1', DATABASE_PATH: join(dir, 'demo.db'), DATA_DIR: join(dir, 'files') });
	({ bidId, anneLine, brunoLine } = db((d) => {
		const bid = d
			.prepare('select bids.id from bids join tenders on tenders.id = bids.tender_id where tenders.reference = ?')
			.get(SUBMITTED_DEMO) as { id: string };
		const lineOf = (email: string) =>
			(
				d
					.prepare(
						`select d.id from deliverables d join deliverable_assignees da on da.deliverable_id = d.id join users u on u.id = da.user_id
						 where d.bid_id = ? and u.email = ? and (select count(*) from deliverable_assignees x where x.deliverable_id = d.id) = 1`
					)
					.get(bid.id, email) as { id: string }
			).id;
		return { bidId: bid.id, anneLine: lineOf('anne@demo.test'), brunoLine: lineOf('bruno@demo.test') };
	}));
	anne = new HttpSession(server.url);
	await anne.signIn('anne@demo.test', DEMO_PASSWORD);
	bruno = new HttpSession(server.url);
	await bruno.signIn('bruno@demo.test', DEMO_PASSWORD);
	// The buyer's decision opens the tracking of deliverables.
	const decided = await anne.post(`/reponses/${bidId}/repartition?/decide`, { outcome: 'won' });
	expect(decided.status).toBe(200);
});

afterAll(async () => {
	server?.child.kill('SIGTERM');
	await server?.exited;
	rmSync(dir, { recursive: true, force: true });
});

describe('deliverable status', () => {
	it('a prototype member name is refused in French for the coordinator and for an assignee, and nothing is stored', async () => {
		const before = statuses();
		for (const status of PROTOTYPE_KEYS) {
			for (const [who, session, lineId] of [
				['coordinator', anne, anneLine],
				['assignee', bruno, brunoLine]
			] as const) {
				const res = await session.post(`/reponses/${bidId}/repartition?/track`, { lineId, status, dueOn: '', deliveredOn: '' });
				const label = `${who} ${status}`;
				expect(res.status, label).toBe(400);
				expect(await res.text(), label).toContain(STATUS_ERROR);
				// The enhanced (JavaScript) form gets the same failure.
				const json = await session.post(
					`/reponses/${bidId}/repartition?/track`,
					{ lineId, status },
					{ accept: 'application/json', 'x-sveltekit-action': 'true' }
				);
				expect(json.status, label).toBe(200);
				const body = (await json.json()) as { type: string; status: number; data: string };
				expect([body.type, body.status], label).toEqual(['failure', 400]);
				expect(body.data, label).toContain(STATUS_ERROR);
			}
		}
		expect(statuses()).toEqual(before);
		const activity = db(
			(d) => d.prepare("select count(*) n from activity where bid_id = ? and action = 'tracked'").get(bidId) as { n: number }
		);
		expect(activity.n).toBe(0);
	});

	it('a listed status is still taken, from the assignee', async () => {
		const res = await bruno.post(`/reponses/${bidId}/repartition?/track`, {
			lineId: brunoLine,
			status: 'in_progress',
			dueOn: '',
			deliveredOn: ''
		});
		expect(res.status).toBe(200);
		expect(statuses()[brunoLine]).toBe('in_progress');
		const page = await anne.get(`/reponses/${bidId}/repartition`);
		expect(page.status).toBe(200);
	});
});

describe('form action names', () => {
	it('?/<prototype member> answers 404, signed in or not, HTML or enhanced', async () => {
		const anonymous = new HttpSession(server.url);
		for (const name of PROTOTYPE_KEYS) {
			for (const [session, path] of [
				[anonymous, '/connexion'],
				[anonymous, '/inscription'],
				[anne, `/reponses/${bidId}/repartition`],
				[anne, '/profil']
			] as const) {
				const label = `${path}?/${name}`;
				const html = await session.post(`${path}?/${name}`, { email: 'x@y.fr', password: 'x', status: 'todo' });
				expect(html.status, label).toBe(404);
				const json = await session.post(
					`${path}?/${name}`,
					{ email: 'x@y.fr' },
					{ accept: 'application/json', 'x-sveltekit-action': 'true' }
				);
				expect(json.status, label).toBe(404);
			}
		}
		expect(server.stderr()).not.toContain('"level":"error"');
	});
});
