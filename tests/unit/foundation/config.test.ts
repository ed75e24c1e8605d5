import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/lib/server/config';

describe('config', () => {
	it('has working defaults', () => {
		const c = loadConfig({ DATABASE_PATH: '/tmp/cotrait-config-test/x.db' });
		expect(c.port).toBe(3000);
		expect(c.secureCookies).toBe(false);
		expect(c.fileNameMaxChars).toBe(180);
		expect(c.orgStorageQuotaBytes).toBe(2048 * 1024 * 1024);
		expect(loadConfig({ DATABASE_PATH: '/tmp/cotrait-config-test/x.db', ORG_STORAGE_QUOTA_MB: '5' }).orgStorageQuotaBytes).toBe(
			5 * 1024 * 1024
		);
		expect(c.passwordReset.limitPerIp).toBe(10);
		expect(c.signIn.limitPerIp).toBe(20);
	});

	it.each([
		['PORT', { PORT: 'abc' }],
		['PORT', { PORT: '70000' }],
		['ORIGIN', { ORIGIN: 'not a url' }],
		['ORIGIN', { ORIGIN: 'ftp://x.example' }],
		['DATABASE_PATH', { DATABASE_PATH: '/dev/null/cannot/x.db' }],
		['LOG_LEVEL', { LOG_LEVEL: 'loud' }],
		['FILE_NAME_MAX_CHARS', { FILE_NAME_MAX_CHARS: '12' }],
		['FILE_NAME_MAX_CHARS', { FILE_NAME_MAX_CHARS: 'long' }],
		['ORG_STORAGE_QUOTA_MB', { ORG_STORAGE_QUOTA_MB: '0' }],
		['ORG_STORAGE_QUOTA_MB', { ORG_STORAGE_QUOTA_MB: '2 Go' }],
		['RESET_LIMIT_PER_IP', { RESET_LIMIT_PER_IP: '0' }],
		['SIGNIN_LIMIT_PER_IP', { SIGNIN_LIMIT_PER_IP: 'beaucoup' }],
		['MAIL_MAX_ATTEMPTS', { MAIL_MAX_ATTEMPTS: '-1' }]
	])('rejects a bad %s naming the variable', (variable, env) => {
		try {
			loadConfig({ DATABASE_PATH: '/tmp/cotrait-config-test/x.db', ...env });
			expect.unreachable();
		} catch (e) {
			expect(e).toBeInstanceOf(ConfigError);
			expect((e as ConfigError).variable).toBe(variable);
			expect((e as Error).message.startsWith(variable)).toBe(true);
		}
	});

	it('marks cookies Secure when ORIGIN is https', () => {
		expect(loadConfig({ DATABASE_PATH: '/tmp/cotrait-config-test/x.db', ORIGIN: 'https://cotrait.example.org/' }).secureCookies).toBe(true);
	});
});
