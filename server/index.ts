/**
 * Production entry: one Node process serves the SvelteKit app (adapter-node handler) and
 * the collaboration WebSocket on the same origin. Bundled by esbuild into build/server.js.
 */
import http from 'node:http';
import { ConfigError, loadConfig, type Config } from '../src/lib/server/config';
import { createContext, installContext, type AppContext } from '../src/lib/server/context';
import { log } from '../src/lib/server/log';
import { createUpgradeListener } from './upgrade';
import { startCollab } from './collab/start';
import { demoBanner, seedDemoIfEmpty } from '../src/lib/server/demo/seed';
import { createExportPool } from './export-pool';
import { startNotificationJobs } from '../src/lib/server/notifications/jobs';
import { startOutboxDelivery } from '../src/lib/server/mail/outbox-delivery';
import { catchUpRoomIndex } from '../src/lib/server/search/room-index';

const PROTO_HEADER = 'x-cotrait-local-proto';

function fail(message: string): never {
	process.stderr.write(`cotrait: ${message}\n`);
	process.exit(1);
}

async function main(): Promise<void> {
	let config: Config;
	try {
		config = loadConfig();
	} catch (e) {
		if (e instanceof ConfigError) fail(`invalid configuration: ${e.message}`);
		throw e;
	}

	let ctx: AppContext;
	try {
		ctx = await createContext(config);
	} catch (e) {
		fail(`cannot open the database at ${config.databasePath}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
	}
	// The demo (npm run demo, COTRAIT_DEMO=1) is seeded here, by the entry, through the services:
	// the context itself knows nothing of it.
	if (config.demo) await seedDemoIfEmpty(ctx);
	if (process.argv.includes('--migrate-only')) {
		await ctx.close();
		process.stdout.write(`cotrait: database ${config.databasePath} is up to date\n`);
		return;
	}
	installContext(ctx);

	// adapter-node reads these from the environment when its handler is imported.
	process.env.BODY_SIZE_LIMIT ??= String(config.bodySizeLimit);
	if (config.origin) {
		process.env.ORIGIN = config.origin;
	} else {
		// Without ORIGIN, adapter-node would assume https; this process only ever speaks plain
		// HTTP on its socket, so tell it so through a private header no client can set.
		process.env.PROTOCOL_HEADER = PROTO_HEADER;
	}
	const handlerUrl = new URL('./handler.js', import.meta.url).href;
	const { handler } = (await import(/* @vite-ignore */ handlerUrl)) as { handler: http.RequestListener };

	const server = http.createServer((req, res) => {
		if (!config.origin) req.headers[PROTO_HEADER] = 'http';
		handler(req, res);
	});
	const collab = startCollab(ctx);
	const exportPool = createExportPool(new URL('./export-worker.js', import.meta.url));
	ctx.renderer = exportPool;
	// Co-written texts stored since they were last indexed (all of them right after the upgrade
	// that adds search): indexed in the background, one room at a time.
	catchUpRoomIndex(ctx).catch((e) => log.error('search: cannot index co-written texts', { error: String(e) }));
	const jobs = startNotificationJobs(ctx);
	const outbox = startOutboxDelivery(ctx);
	server.on('upgrade', createUpgradeListener(collab.handleUpgrade, 'refuse'));

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(config.port, config.host, () => resolve());
	}).catch((e: NodeJS.ErrnoException) => fail(`cannot listen on ${config.host}:${config.port}: ${e.code ?? e.message}`));

	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : config.port;
	log.info('listening', { url: `http://localhost:${port}`, host: config.host, port });
	process.stdout.write(`Cotrait est prêt : http://localhost:${port}\n`);
	if (config.demo) process.stdout.write(demoBanner(`http://localhost:${port}`));

	let stopping = false;
	const shutdown = async (signal: string) => {
		if (stopping) return;
		stopping = true;
		log.info('shutting down', { signal });
		const force = setTimeout(() => {
			log.error('shutdown took too long, forcing exit');
			process.exit(1);
		}, 4500);
		force.unref();
		const closed = new Promise<void>((resolve) => server.close(() => resolve()));
		// Finish in-flight requests; drop keep-alive connections as soon as they are idle.
		const idle = setInterval(() => server.closeIdleConnections(), 50);
		server.closeIdleConnections();
		await collab.shutdown();
		await exportPool.close();
		await jobs.stop();
		await outbox.stop();
		await closed;
		clearInterval(idle);
		await ctx.close();
		log.info('stopped');
		process.exit(0);
	};
	process.on('SIGTERM', () => void shutdown('SIGTERM'));
	process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((e) => fail(e instanceof Error ? e.message : String(e)));
