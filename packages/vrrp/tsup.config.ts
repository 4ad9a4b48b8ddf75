import { packageConfig } from '../../tsup.base';

export default packageConfig(['src/index.ts', 'src/sim.ts', 'src/router.ts']);
