/**
 * One writer process for the concurrent-writers test (bundled by esbuild, run with node): its own
 * SQLite connection on the shared file (openDatabase: WAL, busy_timeout), the collaboration
 * server's UpdateWriter with its prepared-statement appender, typing into its own rooms and
 * compacting as it goes, as a worker owning those rooms would. Env: WRITER_DB, WRITER_ROOMS
 * (comma-separated), WRITER_UPDATES (per room). Prints one JSON line: the final text of each room.
 */
import * as Y from 'yjs';
import { UpdateWriter } from '../../../server/collab/writer';
import { updateAppender } from '../../../src/lib/server/collab/persistence';
import { openDatabase } from '../../../src/lib/server/db/index';

const database = openDatabase(process.env.WRITER_DB!);
const writer = new UpdateWriter(database.db, {
	flushDelayMs: 2,
	compactEvery: 40,
	now: () => Date.now(),
	append: updateAppender(database.sqlite)
});
const rooms = process.env.WRITER_ROOMS!.split(',');
const perRoom = Number(process.env.WRITER_UPDATES);
const docs = rooms.map((room) => {
	const doc = new Y.Doc();
	doc.on('update', (u: Uint8Array) => writer.push(room, u));
	writer.opened(room, 0);
	return doc;
});
for (let i = 0; i < perRoom; i++) {
	docs.forEach((doc, r) => doc.getText('t').insert(doc.getText('t').length, `${rooms[r]}:${i} `));
	// Let the writer's flushes and compactions run between edits, as the server's would.
	if (i % 5 === 0) await new Promise((r) => setTimeout(r, 1));
}
await writer.close();
process.stdout.write(JSON.stringify(Object.fromEntries(rooms.map((room, r) => [room, docs[r]!.getText('t').toString()]))) + '\n');
await database.close();
