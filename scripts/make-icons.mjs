/**
 * Makes the web app manifest's icons (static/icons/) from the logo, static/favicon.svg, with
 * sharp: « any » icons at 192 and 512 px (the logo as drawn, rounded square), a maskable 512 px
 * icon (the mark alone on a full-bleed background, inside the central 80 % safe zone that
 * Android's masks keep), and a 180 px apple-touch-icon. Run again after changing the logo:
 * `node scripts/make-icons.mjs`.
 */
import sharp from 'sharp';
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const logo = readFileSync(resolve(root, 'static/favicon.svg'), 'utf8');
const out = resolve(root, 'static/icons');
mkdirSync(out, { recursive: true });

/** The logo's background colour, reused as the maskable icon's full bleed. */
const background = /<rect[^>]*fill="(#[0-9a-f]{6})"/i.exec(logo)?.[1] ?? '#1f4e79';

async function render(svg, size, file) {
	await sharp(Buffer.from(svg), { density: Math.ceil((72 * size) / 32) })
		.resize(size, size)
		.png({ compressionLevel: 9 })
		.toFile(resolve(out, file));
	console.log(`static/icons/${file}`);
}

await render(logo, 192, 'icon-192.png');
await render(logo, 512, 'icon-512.png');
await render(logo, 180, 'apple-touch-icon.png');

// Maskable: no rounded corners (the platform's mask shapes it), the mark scaled to 80 % and centred, well inside the safe zone.
const mark = logo.replace(/<rect[^>]*\/>/, '');
const maskable = mark
	.replace('<path', `<rect width="32" height="32" fill="${background}"/><g transform="translate(3.2 3.2) scale(0.8)"><path`)
	.replace('</svg>', '</g></svg>');
await render(maskable, 512, 'icon-maskable-512.png');
