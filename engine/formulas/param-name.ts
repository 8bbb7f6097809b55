/**
 * The name of a formula parameter, as a formula file declares it (`params: - name: time_cap_minutes`)
 * and as a billing setup's statistics and a scenario set it: lower_snake_case. Kept apart from the
 * file formats so that the browser can check a name as it is typed.
 */
import { z } from 'zod';

export const paramName = z.string().regex(/^[a-z][a-z0-9_]*$/, 'parameter names are lower_snake_case');
