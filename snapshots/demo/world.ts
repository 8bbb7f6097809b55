/**
 * The demo answering service's master data: its clients (each with a profile that drives its
 * activity), agent IDs (operators, client web users and system components), directory subjects and
 * listings. Written to cltClients, agtAgents, dirSubjects and dirListings.
 */
import type { RowValue } from '../store/bulk-writer.ts';
import type { Random } from './random.ts';
import type { Scale } from './scales.ts';

/** A messaging interface: its IS log table and the agent type that delivers through it. */
export interface Channel {
  readonly table: string;
  readonly agentType: number;
}

export const channels = {
  email: { table: 'statEmail', agentType: 11 },
  msm: { table: 'statMsm', agentType: 8 },
  sms: { table: 'statSms', agentType: 6 },
  snpp: { table: 'statSnpp', agentType: 9 },
  tap: { table: 'statTap', agentType: 7 },
  wctp: { table: 'statWctp', agentType: 10 },
  vocera: { table: 'statVocera', agentType: 14 },
  cisco: { table: 'statCisco', agentType: 19 },
  fax: { table: 'statFax', agentType: 13 },
} as const satisfies Record<string, Channel>;

type Industry = 'medical' | 'homeServices' | 'property' | 'legal' | 'general';

export interface ClientProfile {
  readonly cltID: number;
  readonly clientNumber: number;
  readonly name: string;
  readonly billingCode: string;
  readonly industry: Industry;
  readonly inactive: boolean;
  /** Active on paper but with no activity at all in the window. */
  readonly silent: boolean;
  /** Mean calls per weekday. */
  readonly callsPerDay: number;
  readonly channels: readonly Channel[];
  readonly usesDispatch: boolean;
  readonly usesMergeComm: boolean;
  /** Agent IDs the client's own staff use for IS Web, web messaging and miTeamWeb. */
  readonly webAgents: readonly number[];
  readonly subId: number;
}

export interface World {
  readonly clients: readonly ClientProfile[];
  /** Clients that generate activity (not inactive, not silent). */
  readonly activeClients: readonly ClientProfile[];
  readonly operators: readonly number[];
  /** System agent IDs by agtType (1 and 5-20, plus the uncounted 2-4). */
  readonly systemAgents: ReadonlyMap<number, readonly number[]>;
  /** Agent IDs that appear in history but whose agtAgents row was deleted. */
  readonly deletedAgents: readonly number[];
  readonly subjects: readonly number[];
}

type Write = (table: string, row: readonly RowValue[]) => void;

const industries: readonly Industry[] = ['medical', 'homeServices', 'property', 'legal', 'general'];
const industryWeights = [35, 25, 15, 10, 15];
const namesByIndustry: Readonly<Record<Industry, readonly string[]>> = {
  medical: ['Pediatrics', 'Family Medicine', 'Cardiology', 'Orthopedics', 'Dermatology', "Women's Health", 'Urgent Care', 'Hospice'],
  homeServices: ['Plumbing', 'Heating & Air', 'Electric', 'Roofing', 'Restoration', 'Pest Control', 'Locksmith'],
  property: ['Property Management', 'Apartments', 'Realty', 'HOA Services'],
  legal: ['Law Group', 'Legal Aid', 'Bail Bonds', 'Attorneys'],
  general: ['Funeral Home', 'Veterinary Clinic', 'Church', 'Towing', 'IT Services'],
};
const places = [
  'Riverside',
  'Oak Hill',
  'Lakeview',
  'Summit',
  'Prairie',
  'Cedar',
  'Northgate',
  'Maple',
  'Harbor',
  'Granite',
  'Willow Creek',
  'Pinecrest',
  'Bayside',
  'Sunrise',
  'Meadow',
  'Ironwood',
  'Silver Lake',
  'Foxborough',
];
const channelsByIndustry: Readonly<Record<Industry, readonly Channel[]>> = {
  medical: [channels.sms, channels.email, channels.tap, channels.wctp, channels.msm, channels.vocera, channels.cisco, channels.fax],
  homeServices: [channels.sms, channels.email, channels.snpp],
  property: [channels.sms, channels.email, channels.fax],
  legal: [channels.email, channels.fax, channels.sms],
  general: [channels.sms, channels.email, channels.snpp, channels.tap],
};

/** agtType values that have system agent IDs; 2-4 exist in IS but the report never counts them. */
const systemAgentTypes = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20];

export function buildWorld(random: Random, scale: Scale, write: Write): World {
  const subjectCount = Math.max(3, Math.ceil(scale.clients / 25));
  const subjects = Array.from({ length: subjectCount }, (_, i) => 1 + i);
  let nextAgent = 100;
  const operators = Array.from({ length: Math.max(8, Math.ceil(scale.clients / 10)) }, () => nextAgent++);
  const systemAgents = new Map<number, number[]>();
  for (const type of systemAgentTypes) systemAgents.set(type, [nextAgent++]);
  (systemAgents.get(1) as number[]).push(nextAgent++); // two system agent IDs, as larger sites have
  const deletedAgents = [nextAgent++, nextAgent++];

  const clients: ClientProfile[] = [];
  let clientNumber = 1000;
  for (let i = 0; i < scale.clients; i++) {
    clientNumber += random.chance(0.15) ? random.int(2, 40) : 1; // numbering has gaps, as real sites do
    const industry = industries[random.weighted(industryWeights)] as Industry;
    const name = `${random.pick(places)} ${random.pick(namesByIndustry[industry])}`;
    const usesWeb = random.chance(0.5);
    const webAgents = usesWeb ? Array.from({ length: random.int(1, 3) }, () => nextAgent++) : [];
    const available = channelsByIndustry[industry];
    clients.push({
      cltID: 1 + i,
      clientNumber,
      name: i % 7 === 3 ? `${name} #${i}` : name,
      billingCode: `BC${String(clientNumber).padStart(6, '0')}`,
      industry,
      inactive: random.chance(0.04),
      silent: random.chance(0.03),
      callsPerDay: scale.callsPerClientDay * random.logNormal(1, 0.9) * 0.67,
      channels: available.filter((_, index) => index < 2 || random.chance(0.5)),
      usesDispatch: random.chance(industry === 'medical' ? 0.5 : 0.2),
      usesMergeComm: random.chance(0.4),
      webAgents,
      subId: subjects[i % subjects.length] as number,
    });
  }
  shareBillingCodes(random, clients);
  ensureEdgeClients(clients);

  writeClients(write, clients);
  writeAgents(write, operators, systemAgents, clients);
  writeDirectory(random, write, subjects, clients);

  const activeClients = clients.filter((client) => !client.inactive && !client.silent);
  return { clients, activeClients, operators, systemAgents, deletedAgents, subjects };
}

/** Master/sub accounts: about one client in ten is billed under another client's billing code. */
function shareBillingCodes(random: Random, clients: ClientProfile[]): void {
  for (let i = 1; i < clients.length; i++) {
    if (random.chance(0.1)) {
      const master = clients[random.int(0, i - 1)] as ClientProfile;
      clients[i] = { ...(clients[i] as ClientProfile), billingCode: master.billingCode };
    }
  }
}

/** Even the tiny scale needs an inactive client, a silent one and web users on two clients. */
function ensureEdgeClients(clients: ClientProfile[]): void {
  const last = clients.length - 1;
  clients[last] = { ...(clients[last] as ClientProfile), inactive: true, silent: false };
  clients[last - 1] = { ...(clients[last - 1] as ClientProfile), inactive: false, silent: true };
  for (const index of [0, 1]) {
    const client = clients[index] as ClientProfile;
    if (client.webAgents.length === 0) clients[index] = { ...client, webAgents: [900_000 + index] };
  }
}

const clientStamp = Date.UTC(2015, 0, 5, 9, 30);

function writeClients(write: Write, clients: readonly ClientProfile[]): void {
  for (const client of clients) {
    write('cltClients', [client.cltID, client.clientNumber, client.name, client.billingCode, client.inactive, clientStamp + client.cltID * 3_600_000]);
  }
}

function writeAgents(
  write: Write,
  operators: readonly number[],
  systemAgents: ReadonlyMap<number, readonly number[]>,
  clients: readonly ClientProfile[],
): void {
  operators.forEach((agtId, i) => {
    write('agtAgents', [agtId, 0, null, `Operator ${i + 1}`, `OP${i + 1}`]);
  });
  for (const [type, ids] of systemAgents) {
    for (const agtId of ids) write('agtAgents', [agtId, type, null, `System component ${type}`, `S${type}`]);
  }
  for (const client of clients) {
    client.webAgents.forEach((agtId, i) => {
      write('agtAgents', [agtId, 0, client.subId, `${client.name} web user ${i + 1}`, `W${i + 1}`]);
    });
  }
}

/**
 * One listing per web user, carrying the user's agent ID and client, in the user's default
 * subject, plus listings without agent IDs. Two deliberate oddities of real directories: the first
 * client's web user also sits on a listing of the second client (a listing shared by two clients),
 * and the second client's web user has two listings for the same client.
 */
function writeDirectory(random: Random, write: Write, subjects: readonly number[], clients: readonly ClientProfile[]): void {
  subjects.forEach((subId, i) => {
    const billingClient = random.chance(0.8) ? (clients[(i * 7) % clients.length] as ClientProfile).cltID : null;
    write('dirSubjects', [subId, `Directory ${i + 1}`, billingClient]);
  });
  let listId = 1;
  for (const client of clients) {
    for (const agtId of client.webAgents) write('dirListings', [listId++, agtId, client.subId, client.cltID]);
    for (let k = random.int(0, 2); k > 0; k--) write('dirListings', [listId++, null, client.subId, client.cltID]);
  }
  const [first, second] = clients as [ClientProfile, ClientProfile];
  write('dirListings', [listId++, first.webAgents[0] as number, first.subId, second.cltID]);
  write('dirListings', [listId++, second.webAgents[0] as number, second.subId, second.cltID]);
}
