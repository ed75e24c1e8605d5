/** The mapping form's column fields, in the order the page shows them, with their French names. */
export const COLUMN_FIELDS = [
	{ name: 'code', label: 'Code', required: false },
	{ name: 'designation', label: 'Désignation', required: true },
	{ name: 'unit', label: 'Unité', required: false },
	{ name: 'quantity', label: 'Quantité', required: false },
	{ name: 'unitPrice', label: 'Prix unitaire', required: true },
	{ name: 'amount', label: 'Montant', required: false }
] as const;
