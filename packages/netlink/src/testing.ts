/**
 * Test helpers of `@ha/netlink`: a fake kernel for fast, unprivileged tests of code that speaks
 * rtnetlink or generic netlink.
 *
 * @module
 */
export type { FakeKernelOptions, FakeLinkSpec, FakeTransportOptions } from './testing/fake-kernel.js';
export { encodeFamily, FakeKernel } from './testing/fake-kernel.js';
