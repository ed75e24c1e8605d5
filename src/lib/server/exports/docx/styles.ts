/**
 * The Word styles every DOCX export declares: the default run and paragraph, Heading 1–4, the
 * footer's paragraph style, and the numbering definitions of bullet lists and of each ordered
 * list start met in the document.
 */
import { AlignmentType, LevelFormat, LineRuleType, type IStylesOptions, type INumberingOptions, type ILevelsOptions } from 'docx';
import type { DocxContext } from './context';
import { ACCENT, FONT, FOOTER_STYLE, GREY, INDENT_STEP } from './theme';

function bulletLevels(): ILevelsOptions[] {
	const symbols = ['•', '◦', '▪'];
	return Array.from({ length: 9 }, (_, level) => ({
		level,
		format: LevelFormat.BULLET,
		text: symbols[level % 3]!,
		alignment: AlignmentType.LEFT,
		style: { paragraph: { indent: { left: INDENT_STEP * 1.5 * (level + 1), hanging: INDENT_STEP } } }
	}));
}

function orderedLevels(start: number): ILevelsOptions[] {
	const formats = [LevelFormat.DECIMAL, LevelFormat.LOWER_LETTER, LevelFormat.LOWER_ROMAN];
	return Array.from({ length: 9 }, (_, level) => ({
		level,
		format: formats[level % 3]!,
		text: `%${level + 1}.`,
		start: level === 0 ? start : 1,
		alignment: AlignmentType.LEFT,
		style: { paragraph: { indent: { left: INDENT_STEP * 1.5 * (level + 1), hanging: INDENT_STEP } } }
	}));
}

/** Default text, headings and the footer style. */
export function documentStyles(): IStylesOptions {
	return {
		default: {
			document: { run: { font: FONT, size: 22 }, paragraph: { spacing: { after: 120, line: 276, lineRule: LineRuleType.AUTO } } },
			heading1: {
				run: { font: FONT, size: 32, bold: true, color: ACCENT },
				paragraph: { spacing: { before: 360, after: 160 }, keepNext: true }
			},
			heading2: {
				run: { font: FONT, size: 28, bold: true, color: ACCENT },
				paragraph: { spacing: { before: 240, after: 120 }, keepNext: true }
			},
			heading3: {
				run: { font: FONT, size: 24, bold: true, color: ACCENT },
				paragraph: { spacing: { before: 200, after: 100 }, keepNext: true }
			},
			heading4: {
				run: { font: FONT, size: 22, bold: true, italics: true, color: ACCENT },
				paragraph: { spacing: { before: 160, after: 80 }, keepNext: true }
			}
		},
		paragraphStyles: [
			{
				id: FOOTER_STYLE,
				name: 'Cotrait footer',
				basedOn: 'Normal',
				run: { size: 18, color: GREY },
				paragraph: { spacing: { after: 0 } }
			}
		]
	};
}

/** Bullets, and one numbering definition per ordered-list start value the document used. */
export function documentNumbering(ctx: DocxContext): INumberingOptions {
	return {
		config: [
			{ reference: 'bullets', levels: bulletLevels() },
			...[...ctx.orderedStarts].map((start) => ({ reference: `ordered-${start}`, levels: orderedLevels(start) }))
		]
	};
}
