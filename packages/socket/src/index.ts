/**
 * `@ha/socket`
 *
 * @packageDocumentation
 */
export {};
