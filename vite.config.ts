/// <reference types="vitest/config" />
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig, type Plugin } from 'vite';

/**
 * Routes `/collab/…` upgrades under `vite dev` to the same collaboration server as in
 * production; other upgrades (Vite's HMR) are left alone.
 */
function collabDevPlugin(): Plugin {
	return {
		name: 'cotrait-collab-dev',
		apply: 'serve',
		configureServer(server) {
			server.httpServer?.on('upgrade', async (req, socket, head) => {
				if (!req.url || !(req.url === '/collab' || req.url.startsWith('/collab/'))) return;
				try {
					const { getContext } = await server.ssrLoadModule('/src/lib/server/context.ts');
					const { createUpgradeListener } = await server.ssrLoadModule('/server/upgrade.ts');
					const { devCollab } = await server.ssrLoadModule('/server/collab/dev.ts');
					const collab = devCollab(await getContext());
					createUpgradeListener(collab.handleUpgrade, 'ignore')(req, socket, head);
				} catch {
					socket.destroy();
				}
			});
		}
	};
}

export default defineConfig({
	plugins: [sveltekit(), collabDevPlugin()],
	server: { port: 5173 },
	test: {
		include: ['tests/unit/**/*.test.ts'],
		environment: 'node',
		testTimeout: 20000,
		hookTimeout: 30000,
		pool: 'forks'
	}
});
