/**
 * A minimal SMTP server for tests (node:net): 220, EHLO/HELO → 250, MAIL/RCPT → 250,
 * DATA → 354, '.' → 250, QUIT → 221. Every reply can be delayed (`latencyMs`) so that a
 * request that waits for SMTP is unmistakable, and the first `failFirst` messages can be
 * refused at the end of DATA with a temporary error (451), to exercise retries.
 */
import net from 'node:net';

export interface SinkMessage {
	from: string;
	to: string[];
	/** The raw message as received (headers and body, dot-unstuffed). */
	raw: string;
	/** The body decoded (quoted-printable or base64 as the headers say), UTF-8. */
	text: string;
	at: number;
}

export interface SmtpSink {
	port: number;
	url: string;
	messages: SinkMessage[];
	/** Messages refused so far (451 at the end of DATA). */
	refused: number;
	/** Resolves with the first message (already received or to come) matching `pred`. */
	waitFor(pred: (m: SinkMessage) => boolean, timeoutMs?: number): Promise<SinkMessage>;
	close(): Promise<void>;
}

function decodeBody(raw: string): string {
	const split = raw.indexOf('\r\n\r\n');
	const headers = split >= 0 ? raw.slice(0, split) : '';
	const body = split >= 0 ? raw.slice(split + 4) : raw;
	const encoding = /^content-transfer-encoding:\s*(\S+)/im.exec(headers)?.[1]?.toLowerCase();
	if (encoding === 'quoted-printable') {
		const bytes: number[] = [];
		const soft = body.replace(/=\r\n/g, '');
		for (let i = 0; i < soft.length; i++) {
			const hex = soft.slice(i + 1, i + 3);
			if (soft[i] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
				bytes.push(parseInt(hex, 16));
				i += 2;
			} else {
				bytes.push(...Buffer.from(soft[i]!, 'utf8'));
			}
		}
		return Buffer.from(bytes).toString('utf8');
	}
	if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
	return body;
}

export async function startSmtpSink(opts: { latencyMs?: number; failFirst?: number } = {}): Promise<SmtpSink> {
	const latency = opts.latencyMs ?? 0;
	let toRefuse = opts.failFirst ?? 0;
	const messages: SinkMessage[] = [];
	const waiters: Array<{ pred: (m: SinkMessage) => boolean; resolve: (m: SinkMessage) => void }> = [];
	const sockets = new Set<net.Socket>();
	const sink: Partial<SmtpSink> = { messages, refused: 0 };

	const server = net.createServer((socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		socket.on('error', () => socket.destroy());
		let buffer = '';
		let inData = false;
		let data: string[] = [];
		let from = '';
		let to: string[] = [];
		// Replies go out in order, each after the latency.
		let chain = Promise.resolve();
		const reply = (line: string, end = false) => {
			chain = chain
				.then(() => new Promise((r) => setTimeout(r, latency)))
				.then(() => {
					if (socket.destroyed) return;
					socket.write(`${line}\r\n`);
					if (end) socket.end();
				});
		};
		const onLine = (line: string) => {
			if (inData) {
				if (line !== '.') {
					data.push(line.startsWith('..') ? line.slice(1) : line);
					return;
				}
				inData = false;
				if (toRefuse > 0) {
					toRefuse--;
					sink.refused!++;
					reply('451 4.3.0 Try again later');
					return;
				}
				const raw = data.join('\r\n');
				const message: SinkMessage = { from, to, raw, text: decodeBody(raw), at: Date.now() };
				messages.push(message);
				for (const w of [...waiters]) {
					if (w.pred(message)) {
						waiters.splice(waiters.indexOf(w), 1);
						w.resolve(message);
					}
				}
				reply('250 2.0.0 Queued');
				return;
			}
			const verb = line.slice(0, 4).toUpperCase();
			if (verb === 'EHLO' || verb === 'HELO') reply('250 sink.test');
			else if (verb === 'MAIL') {
				from = /<([^>]*)>/.exec(line)?.[1] ?? '';
				to = [];
				reply('250 2.1.0 OK');
			} else if (verb === 'RCPT') {
				to.push(/<([^>]*)>/.exec(line)?.[1] ?? '');
				reply('250 2.1.5 OK');
			} else if (verb === 'DATA') {
				inData = true;
				data = [];
				reply('354 End data with <CR><LF>.<CR><LF>');
			} else if (verb === 'RSET' || verb === 'NOOP') reply('250 2.0.0 OK');
			else if (verb === 'QUIT') reply('221 2.0.0 Bye', true);
			else reply('502 5.5.2 Command not implemented');
		};
		socket.on('data', (chunk) => {
			buffer += chunk.toString('utf8');
			let i: number;
			while ((i = buffer.indexOf('\r\n')) >= 0) {
				const line = buffer.slice(0, i);
				buffer = buffer.slice(i + 2);
				onLine(line);
			}
		});
		reply('220 sink.test ESMTP test sink');
	});

	const port = await new Promise<number>((resolve) => {
		server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port));
	});
	sink.port = port;
	sink.url = `smtp://127.0.0.1:${port}`;
	sink.waitFor = (pred, timeoutMs = 15_000) => {
		const found = messages.find(pred);
		if (found) return Promise.resolve(found);
		return new Promise((resolve, reject) => {
			const w = { pred, resolve: (m: SinkMessage) => (clearTimeout(timer), resolve(m)) };
			const timer = setTimeout(() => {
				waiters.splice(waiters.indexOf(w), 1);
				reject(new Error(`no matching e-mail reached the SMTP sink within ${timeoutMs} ms (${messages.length} received)`));
			}, timeoutMs);
			waiters.push(w);
		});
	};
	sink.close = () =>
		new Promise<void>((resolve) => {
			for (const s of sockets) s.destroy();
			server.close(() => resolve());
		});
	return sink as SmtpSink;
}
