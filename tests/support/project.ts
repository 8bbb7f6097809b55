/** The project's root folder, wherever the checkout is (CI clones it elsewhere). */
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
