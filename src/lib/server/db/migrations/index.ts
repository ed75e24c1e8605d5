/**
 * Every migration, imported explicitly so the list works both under Vite and in the
 * esbuild bundle of server/ (Kysely's FileMigrationProvider does not survive bundling).
 * Add new migrations at the end; names are date-prefixed and sort in order.
 */
import type { Migration } from 'kysely';
import * as m0001 from './2026-11-27T0001-accounts';
import * as m0002 from './2026-11-27T0002-tenders-bids';
import * as m0003 from './2026-11-27T0003-collab';
import * as m0004 from './2026-11-27T0004-payments';
import * as m0005 from './2026-11-27T0005-discussion-versions';
import * as m0006 from './2026-11-27T0006-submissions';
import * as m0007 from './2026-11-27T0007-indexes';
import * as m0008 from './2026-11-27T0008-notification-emails';
import * as m0009 from './2026-11-30T0009-storage-quota';
import * as m0010 from './2026-11-30T0010-outbox-delivery';
import * as m0011 from './2026-11-30T0011-device-cookies';
import * as m0012 from './2026-12-01T0012-dossier-journeys';
import * as m0013 from './2026-12-01T0013-unread-notifications';
import * as m0014 from './2026-12-01T0014-section-images';
import * as m0015 from './2026-12-01T0015-anchored-comments';
import * as m0016 from './2026-12-01T0016-suggestions';
import * as m0017 from './2026-12-01T0017-search';
import * as m0018 from './2026-12-01T0018-bid-origin';
import * as m0019 from './2026-12-01T0019-library';
import * as m0020 from './2026-12-01T0020-accompaniment';
import * as m0021 from './2026-12-01T0021-section-library-uses';

export const migrations: Record<string, Migration> = {
	'2026-11-27T0001-accounts': m0001,
	'2026-11-27T0002-tenders-bids': m0002,
	'2026-11-27T0003-collab': m0003,
	'2026-11-27T0004-payments': m0004,
	'2026-11-27T0005-discussion-versions': m0005,
	'2026-11-27T0006-submissions': m0006,
	'2026-11-27T0007-indexes': m0007,
	'2026-11-27T0008-notification-emails': m0008,
	'2026-11-30T0009-storage-quota': m0009,
	'2026-11-30T0010-outbox-delivery': m0010,
	'2026-11-30T0011-device-cookies': m0011,
	'2026-12-01T0012-dossier-journeys': m0012,
	'2026-12-01T0013-unread-notifications': m0013,
	'2026-12-01T0014-section-images': m0014,
	'2026-12-01T0015-anchored-comments': m0015,
	'2026-12-01T0016-suggestions': m0016,
	'2026-12-01T0017-search': m0017,
	'2026-12-01T0018-bid-origin': m0018,
	'2026-12-01T0019-library': m0019,
	'2026-12-01T0020-accompaniment': m0020,
	'2026-12-01T0021-section-library-uses': m0021
};
