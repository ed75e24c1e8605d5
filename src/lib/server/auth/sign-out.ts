/**
 * What a sign-out answer tells the browser to forget (issue 17): the HTTP cache and the origin's
 * storage — the service worker's stored pages (Cache Storage), the sections' offline copies and the
 * pictures waiting for upload (IndexedDB), the comment queues (localStorage) and the service worker
 * registration itself. Cookies are not listed: the session cookie is cleared by the answer, and the
 * device cookie outlives sign-out on purpose (docs/SECURITY.md). Browsers honour it on https and on
 * localhost; the page also wipes what it can itself before posting (src/lib/components/offline).
 */
export const CLEAR_SITE_DATA = '"cache", "storage"';
