/** The three sizes of demo IS database. */
import { SnapshotError } from '../errors.ts';

export interface Scale {
  readonly name: ScaleName;
  readonly clients: number;
  /** Days of the requested period the scale covers (a month at most, but for `year`). */
  readonly days: number;
  /** Mean calls per active client per weekday; clients vary around it (log-normal). */
  readonly callsPerClientDay: number;
  readonly description: string;
}

export type ScaleName = 'tiny' | 'small' | 'large' | 'year';

export const scales: Readonly<Record<ScaleName, Scale>> = {
  tiny: { name: 'tiny', clients: 20, days: 7, callsPerClientDay: 14, description: '~20 clients, one week; for tests' },
  small: { name: 'small', clients: 200, days: 31, callsPerClientDay: 18, description: '~200 clients, one month, ~100k calls' },
  large: {
    name: 'large',
    clients: 2000,
    days: 31,
    callsPerClientDay: 31,
    description: '2,000 clients, one month, over 1.5 million calls and 3 million message histories',
  },
  year: {
    name: 'year',
    clients: 2000,
    days: 366,
    callsPerClientDay: 31,
    description: '2,000 clients as large, over twelve months (give a 12-month period): ~18 million calls; for the benchmark of how cost grows',
  },
};

export function scaleNamed(name: string): Scale {
  const scale = scales[name as ScaleName];
  if (!scale) {
    throw new SnapshotError('bad_scale', `Unknown scale "${name}": choose one of ${Object.keys(scales).join(', ')}.`);
  }
  return scale;
}
