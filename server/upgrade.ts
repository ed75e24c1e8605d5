/**
 * Routes HTTP upgrade requests: `/collab/…` goes to the collaboration server; anything else
 * is answered 404 (production) or left to other listeners (Vite dev, whose HMR shares the server).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

/** Writes a bare HTTP error on a socket that asked for an upgrade, then closes it. */
export function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
	try {
		socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
	} catch {
		socket.destroy();
	}
}

export function isCollabPath(url: string | undefined): boolean {
	return typeof url === 'string' && (url === '/collab' || url.startsWith('/collab/'));
}

/**
 * Wraps a collab handler so nothing thrown inside the upgrade listener can kill the process.
 * `others` decides what happens to non-collab upgrades.
 */
export function createUpgradeListener(collab: UpgradeHandler | null, others: 'refuse' | 'ignore'): UpgradeHandler {
	return (req, socket, head) => {
		socket.on('error', () => socket.destroy());
		try {
			if (isCollabPath(req.url)) {
				if (collab) collab(req, socket, head);
				else refuseUpgrade(socket, 503, 'Service Unavailable');
			} else if (others === 'refuse') {
				refuseUpgrade(socket, 404, 'Not Found');
			}
		} catch {
			socket.destroy();
		}
	};
}
