/**
 * The wire, shared by the server, the portal, the tests and the benches: import what you need from its
 * modules (`#contracts/client`, `#contracts/vocabulary`, …) so a bundle takes only that; this index is
 * for scripts and tests that want everything.
 */
export * from './vocabulary';
export * from './problem';
export * from './endpoints';
export * from './operations';
export * from './client';
export * from './portal';
export * as requests from './requests';
export * as responses from './responses';
export * as files from './files';
