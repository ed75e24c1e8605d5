/**
 * The only reader of process.env. Validated once at start-up; a bad value stops the
 * process with a one-line message naming the variable.
 */
import { mkdirSync, accessSync, constants, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export interface Config {
	port: number;
	host: string;
	/** Public origin, e.g. https://cotrait.example.org; undefined means "derive from the request". */
	origin: string | undefined;
	/** True when cookies must carry the Secure flag (ORIGIN is https). */
	secureCookies: boolean;
	databasePath: string;
	/** Directory for uploaded files (defaults to <database dir>/files). */
	dataDir: string;
	demo: boolean;
	smtpUrl: string | undefined;
	mailFrom: string;
	logLevel: 'debug' | 'info' | 'warn' | 'error';
	/** Largest accepted request body in bytes (uploads are limited to 50 MB each). */
	bodySizeLimit: number;
	/** Sign-ups accepted per IP address per 15 minutes (SIGNUP_LIMIT_PER_IP). */
	signupLimitPerIp: number;
	/**
	 * Longest uploaded file name kept, in characters (FILE_NAME_MAX_CHARS, default 180, at least
	 * 32); a longer name is shortened before its extension.
	 */
	fileNameMaxChars: number;
	/**
	 * Storage each organisation may use, in bytes (ORG_STORAGE_QUOTA_MB, in mebibytes): uploaded
	 * files and co-written documents of its tenders and bids (lib/server/quota/storage.ts).
	 */
	orgStorageQuotaBytes: number;
	/**
	 * Sign-in limits (docs/SECURITY.md). Attempts from a browser holding a valid device cookie
	 * for the account are counted on that cookie (`deviceCookies`); all others on the IP address
	 * and on the e-mail address.
	 */
	signIn: {
		/** Failures per IP address per 15 minutes before it is refused (SIGNIN_LIMIT_PER_IP). */
		limitPerIp: number;
		/** Failures for an address before clients without a device cookie must wait. */
		freeFailures: number;
		/** The wait after the `freeFailures`-th failure; it doubles with each further one… */
		delayBaseMs: number;
		/** …up to this (the cap against brute force, and the longest an owner can be made to wait on a new browser). */
		delayMaxMs: number;
		/** How long a failure counts for its address. */
		failureWindowMs: number;
	};
	/** Device cookies (OWASP « Slow Down Online Guessing Attacks with Device Cookies »). */
	deviceCookies: {
		/** Lifetime of a device cookie. */
		ttlMs: number;
		/** Failures through one device cookie before it is locked… */
		failureLimit: number;
		/** …for this long (failures older than this no longer count). */
		lockoutMs: number;
		/** Device cookies kept per account; the oldest go first. */
		perUser: number;
	};
	passwordReset: {
		/** Requests accepted per IP address per 15 minutes (RESET_LIMIT_PER_IP). */
		limitPerIp: number;
		/**
		 * Reset e-mails per address (or per device cookie) per `linkTtlMs`; further requests are
		 * answered the same but send nothing. The window equals the link's lifetime, so whenever a
		 * request is dropped the newest link sent is still valid.
		 */
		mailsPerAddress: number;
		/** Lifetime of a reset link. */
		linkTtlMs: number;
	};
	/** The outbox job, which sends every e-mail outside the requests (docs/SECURITY.md). */
	outbox: {
		/** Tries per message before giving up (MAIL_MAX_ATTEMPTS). */
		maxAttempts: number;
		/** Wait after the first failed try; doubles after each further one… */
		retryBaseMs: number;
		/** …up to this. */
		retryMaxMs: number;
		/** Longest wait for the SMTP server to connect, greet or answer a command. */
		sendTimeoutMs: number;
		/** How often the job looks for messages due. */
		pollMs: number;
		/** A queued message wakes the job after this long, up to twice as long (at random). */
		wakeDelayMs: number;
	};
}

/**
 * Default ORG_STORAGE_QUOTA_MB: 2 GiB. A CAE answers a few dozen tenders a year and their DCEs
 * weigh up to 50 MB each (the per-file limit), mostly far less; co-written text is small (a
 * 30-page section is well under 1 MB with its history). 2 GiB holds about forty full 50 MB DCEs
 * with their bids; an instance with 50 organisations at their quota needs 100 GiB of disk.
 */
export const DEFAULT_ORG_STORAGE_QUOTA_MB = 2048;

export class ConfigError extends Error {
	constructor(
		readonly variable: string,
		message: string
	) {
		super(`${variable}: ${message}`);
	}
}

function parsePort(raw: string | undefined): number {
	if (raw === undefined || raw === '') return 3000;
	if (!/^\d+$/.test(raw)) throw new ConfigError('PORT', `must be an integer between 0 and 65535, got "${raw}"`);
	const n = Number(raw);
	if (n > 65535) throw new ConfigError('PORT', `must be an integer between 0 and 65535, got "${raw}"`);
	return n;
}

function parseOrigin(raw: string | undefined): string | undefined {
	if (!raw) return undefined;
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		throw new ConfigError('ORIGIN', `must be an absolute http(s) URL, got "${raw}"`);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw new ConfigError('ORIGIN', `must start with http:// or https://, got "${raw}"`);
	}
	return url.origin;
}

function parsePositiveInt(variable: string, raw: string | undefined, fallback: number): number {
	if (raw === undefined || raw === '') return fallback;
	if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new ConfigError(variable, `must be a positive integer, got "${raw}"`);
	return Number(raw);
}

function ensureWritableFile(variable: string, file: string): void {
	const dir = dirname(file);
	try {
		mkdirSync(dir, { recursive: true });
		accessSync(dir, constants.W_OK);
		if (existsSync(file)) accessSync(file, constants.R_OK | constants.W_OK);
	} catch {
		throw new ConfigError(variable, `cannot write to "${file}" (check the folder exists and is writable)`);
	}
}

/** Reads and validates the environment. Throws ConfigError on the first bad value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
	const port = parsePort(env.PORT);
	const host = env.HOST || '0.0.0.0';
	const origin = parseOrigin(env.ORIGIN);
	const demo = env.COTRAIT_DEMO === '1';
	const databasePath = resolve(env.DATABASE_PATH || (demo ? './data/demo.db' : './data/cotrait.db'));
	ensureWritableFile('DATABASE_PATH', databasePath);
	const dataDir = resolve(env.DATA_DIR || resolve(dirname(databasePath), demo ? 'demo-files' : 'files'));
	try {
		mkdirSync(dataDir, { recursive: true });
		accessSync(dataDir, constants.W_OK);
	} catch {
		throw new ConfigError('DATA_DIR', `cannot write to "${dataDir}"`);
	}
	const logLevel = (env.LOG_LEVEL || 'info') as Config['logLevel'];
	if (!['debug', 'info', 'warn', 'error'].includes(logLevel)) {
		throw new ConfigError('LOG_LEVEL', `must be one of debug, info, warn, error, got "${env.LOG_LEVEL}"`);
	}
	const smtpUrl = env.SMTP_URL || undefined;
	if (smtpUrl && !/^smtps?:\/\//.test(smtpUrl)) {
		throw new ConfigError('SMTP_URL', 'must start with smtp:// or smtps://');
	}
	const fileNameMaxChars = parsePositiveInt('FILE_NAME_MAX_CHARS', env.FILE_NAME_MAX_CHARS, 180);
	if (fileNameMaxChars < 32) throw new ConfigError('FILE_NAME_MAX_CHARS', `must be at least 32, got "${env.FILE_NAME_MAX_CHARS}"`);
	return {
		port,
		host,
		origin,
		secureCookies: origin?.startsWith('https:') ?? false,
		databasePath,
		dataDir,
		demo,
		smtpUrl,
		mailFrom: env.MAIL_FROM || 'Cotrait <no-reply@cotrait.local>',
		logLevel,
		bodySizeLimit: 60 * 1024 * 1024,
		signupLimitPerIp: parsePositiveInt('SIGNUP_LIMIT_PER_IP', env.SIGNUP_LIMIT_PER_IP, 10),
		fileNameMaxChars,
		orgStorageQuotaBytes: parsePositiveInt('ORG_STORAGE_QUOTA_MB', env.ORG_STORAGE_QUOTA_MB, DEFAULT_ORG_STORAGE_QUOTA_MB) * 1024 * 1024,
		// 5 free failures, then 1 s, 2 s, 4 s … 512 s, 15 min: an attacker without the owner's
		// device cookie gets about 100 guesses per address per day.
		signIn: {
			limitPerIp: parsePositiveInt('SIGNIN_LIMIT_PER_IP', env.SIGNIN_LIMIT_PER_IP, 20),
			freeFailures: 5,
			delayBaseMs: 1000,
			delayMaxMs: 15 * 60_000,
			failureWindowMs: 24 * 3600_000
		},
		deviceCookies: {
			ttlMs: 365 * 24 * 3600_000,
			failureLimit: 5,
			lockoutMs: 15 * 60_000,
			perUser: 20
		},
		passwordReset: {
			limitPerIp: parsePositiveInt('RESET_LIMIT_PER_IP', env.RESET_LIMIT_PER_IP, 10),
			mailsPerAddress: 3,
			linkTtlMs: 3600_000
		},
		// 8 tries 1, 2, 4, 8, 16, 32, 60 min apart: a message is given up about 2 h after it was queued.
		outbox: {
			maxAttempts: parsePositiveInt('MAIL_MAX_ATTEMPTS', env.MAIL_MAX_ATTEMPTS, 8),
			retryBaseMs: 60_000,
			retryMaxMs: 60 * 60_000,
			sendTimeoutMs: 30_000,
			pollMs: 60_000,
			wakeDelayMs: 250
		}
	};
}
