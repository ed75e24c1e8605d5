/**
 * The state of a bid in words, the same on every page (issue 14, « honest states »). Approval
 * by the coordinator freezes the bid — it is not yet on the buyer's platform: « Figée — à
 * déposer ». It is « Déposée » only once the deposit on the platform is recorded (time and
 * receipt). Then the buyer's decision: « Attribuée » or « Non retenue ».
 */
export type BidStatus = 'draft' | 'submitted' | 'won' | 'lost';

export type BidState = 'preparing' | 'frozen' | 'deposited' | 'won' | 'lost';

export function bidState(status: BidStatus, depositedAt: number | null): BidState {
	if (status === 'draft') return 'preparing';
	if (status === 'submitted') return depositedAt === null ? 'frozen' : 'deposited';
	return status;
}

const SHORT: Record<BidState, string> = {
	preparing: 'En préparation',
	frozen: 'Figée — à déposer',
	deposited: 'Déposée',
	won: 'Attribuée',
	lost: 'Non retenue'
};

const LONG: Record<BidState, string> = {
	preparing: 'En préparation',
	frozen: 'Figée — à déposer sur la plateforme de l’acheteur',
	deposited: 'Déposée sur la plateforme de l’acheteur',
	won: 'Attribuée au groupement',
	lost: 'Non retenue'
};

/** « Figée — à déposer », as badges and lists show it. */
export function bidStateLabel(status: BidStatus, depositedAt: number | null): string {
	return SHORT[bidState(status, depositedAt)];
}

/** « Figée — à déposer sur la plateforme de l’acheteur », as a bid's header says it. */
export function bidStateSentence(status: BidStatus, depositedAt: number | null): string {
	return LONG[bidState(status, depositedAt)];
}
