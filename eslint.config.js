// ESLint (flat config): typescript-eslint's recommended rules on TypeScript, eslint-plugin-svelte's
// on components; formatting is Prettier's job (eslint-config-prettier turns the style rules off).
import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import svelteConfig from './svelte.config.js';

export default ts.config(
	{ ignores: ['build/', '.svelte-kit/', 'node_modules/', 'test-results/', 'tests/.tmp/', '.cache/', 'data/'] },
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } }
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts'],
		languageOptions: { parserOptions: { projectService: true, extraFileExtensions: ['.svelte'], parser: ts.parser, svelteConfig } }
	},
	{
		rules: {
			// Unused names starting with _ are deliberate (ignored parameters, destructuring).
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
			// The app is served at the root (no kit.paths.base): its links are plain paths.
			'svelte/no-navigation-without-resolve': 'off',
			// The $state + $effect pairs here set values only in the browser after hydration (the
			// viewer's time zone, « hydrated », a form's default choice): a $derived would compute them
			// during server rendering too.
			'svelte/prefer-writable-derived': 'off',
			// {' '} is how a Svelte 5 template keeps a space it would otherwise trim (before an
			// element at the start of a block): not a useless mustache.
			'svelte/no-useless-mustaches': 'off'
		}
	},
	{
		// Migrations describe the database as it was then, not today's schema type (Kysely's own advice).
		files: ['src/lib/server/db/migrations/*.ts'],
		rules: { '@typescript-eslint/no-explicit-any': 'off' }
	}
);
