import { expect, test } from '@playwright/test';
import { screenshot } from './support';

test('the home page is in French and explains the product', async ({ page }) => {
	await page.goto('/');
	await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText("Répondez ensemble aux appels d'offres publics");
	await expect(page.getByRole('link', { name: 'Créer un compte' }).first()).toBeVisible();
	await expect(page.getByRole('contentinfo')).toContainText("coopératives d'activité et d'emploi");
	await screenshot(page, 'home');
});

test('an unknown page answers 404 in French without a stack trace', async ({ page }) => {
	const response = await page.goto('/cette-page-n-existe-pas');
	expect(response?.status()).toBe(404);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page introuvable');
	await expect(page.getByRole('link', { name: "Retour à l'accueil" })).toBeVisible();
	const html = await page.content();
	expect(html).not.toMatch(/at .*\.js:\d+/);
	await screenshot(page, 'not-found');
});

test('health check answers ok', async ({ request }) => {
	const r = await request.get('/healthz');
	expect(r.status()).toBe(200);
	expect(await r.json()).toEqual({ status: 'ok' });
});

test('security headers are set', async ({ request }) => {
	const r = await request.get('/');
	const h = r.headers();
	expect(h['content-security-policy']).toContain("frame-ancestors 'none'");
	// Connections (fetch, WebSocket) only to the page's own origin: no bare ws:/wss: (any host).
	const connect = h['content-security-policy']!.split(';')
		.map((d) => d.trim())
		.find((d) => d.startsWith('connect-src'));
	expect(connect).toBe("connect-src 'self'");
	expect(h['x-content-type-options']).toBe('nosniff');
	expect(h['referrer-policy']).toBe('strict-origin-when-cross-origin');
});
