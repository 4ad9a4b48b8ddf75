import { packageConfig } from '../../tsup.base';

// import.meta.url locates the addon from the CJS build too.
export default packageConfig(['src/index.ts'], { shims: true });
