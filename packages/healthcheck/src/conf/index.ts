/**
 * keepalived.conf (the `@ha/conf-parser` model) → health checks.
 *
 * @module
 */
export * from './checks-from-real-server.js';
export * from './options.js';
export * from './shape.js';
export * from './virtual-servers.js';
