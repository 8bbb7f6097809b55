import { describe, it, expect } from 'vitest';
import {
  agentTypes,
  callKinds,
  callStateColumns,
  callStates,
  codeName,
  codeTables,
  completionCodes,
  dispatchReasons,
  dispositions,
  legacyAgentTypes,
  legacyCallKinds,
  legacyCallStateColumns,
  legacyMillisecondMergeCommSources,
  legacyUncountedAgentTypes,
  legacyWebLoginStationTypes,
  maintenanceTypes,
  mergeCommSourceTypes,
  stationTypes,
  type CodeTable,
} from '../../../snapshots/schema/codes.ts';

const codesOf = (t: CodeTable): number[] => t.codes.map((x) => x.code);
const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('code tables', () => {
  it('lists every table exactly once with a unique id', () => {
    expect(codeTables).toHaveLength(9);
    expect(new Set(codeTables.map((t) => t.id)).size).toBe(codeTables.length);
    for (const t of [callKinds, callStates, completionCodes, dispositions, agentTypes, stationTypes, mergeCommSourceTypes, maintenanceTypes, dispatchReasons]) {
      expect(codeTables).toContain(t);
    }
  });

  it.each(codeTables.map((t) => [t.id, t] as const))('%s has unique codes in ascending order', (_id, t) => {
    const codes = codesOf(t);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).toEqual([...codes].sort((a, b) => a - b));
    for (const code of codes) expect(Number.isInteger(code) && code >= 0).toBe(true);
  });

  it.each(codeTables.map((t) => [t.id, t] as const))('%s has non-empty unique names and descriptions', (_id, t) => {
    const names = t.codes.map((x) => x.name);
    for (const x of t.codes) {
      expect(x.name.trim()).not.toBe('');
      expect(x.description.trim()).not.toBe('');
      if (x.legacyPrefix !== undefined) expect(x.legacyPrefix).toMatch(/^[A-Za-z][A-Za-z0-9]*$/);
    }
    expect(new Set(names).size).toBe(names.length);
    expect(t.title.trim()).not.toBe('');
    expect(t.column.trim()).not.toBe('');
    expect(t.description.trim()).not.toBe('');
  });
});

describe('call kinds', () => {
  it('cover 0..26 contiguously', () => {
    expect(codesOf(callKinds)).toEqual(range(0, 26));
  });

  it('give kinds 1..24 the Billing Export 200 prefix and kinds 0, 25, 26 none', () => {
    const prefixes = callKinds.codes.filter((x) => x.code >= 1 && x.code <= 24).map((x) => x.legacyPrefix);
    expect(prefixes).toEqual([
      'Sec',
      'Check',
      'Fetch',
      'Sched',
      'IVR',
      'WebScr',
      'VM',
      'Auto',
      'Ann',
      'MComm',
      'PgConfirm',
      'SmartPg',
      'CngClient',
      'Audio',
      'Rauland',
      'AutoAttendant',
      'ListingLookup',
      'Dispatch',
      'ParkOrbit',
      'VMCallBack',
      'Cue',
      'Repeat',
      'ConfBridge',
      'Orbit',
    ]);
    for (const code of [0, 25, 26]) {
      expect(callKinds.codes.find((x) => x.code === code)?.legacyPrefix).toBeUndefined();
    }
    expect(legacyCallKinds).toEqual(range(1, 24));
  });
});

describe('agent types', () => {
  it('cover 0..20 contiguously', () => {
    expect(codesOf(agentTypes)).toEqual(range(0, 20));
  });

  it('leave 2, 3 and 4 uncounted and prefix the others as Billing Export 200 does', () => {
    expect(legacyUncountedAgentTypes).toEqual([2, 3, 4]);
    expect(agentTypes.codes.filter((x) => x.legacyPrefix !== undefined).map((x) => x.legacyPrefix)).toEqual([
      'User',
      'Sys',
      'Inf',
      'Sms',
      'Tap',
      'Msm',
      'Snpp',
      'Wctp',
      'Email',
      'Vm',
      'Fax',
      'Vocera',
      'Hl7',
      'MergeComm',
      'TapTerm',
      'Auto',
      'Cisco',
      'Smtp',
    ]);
    expect(legacyAgentTypes).toEqual([0, 1, ...range(5, 20)]);
    for (const code of [2, 3, 4]) {
      const x = agentTypes.codes.find((a) => a.code === code);
      expect(x?.name).toBe(`Unknown ${code}`);
      expect(x?.description).toMatch(/BE200 never counts/);
    }
  });
});

describe('station types', () => {
  it('cover 0..30 but omit the absent 5 and 28', () => {
    expect(codesOf(stationTypes)).toEqual(range(0, 30).filter((n) => n !== 5 && n !== 28));
  });

  it('mark WebDirectory, WebMessaging and MiTeamWeb as the web logins Billing Export 200 counts', () => {
    expect(legacyWebLoginStationTypes).toEqual([2, 18, 26]);
    expect(legacyWebLoginStationTypes.map((n) => codeName(stationTypes, n))).toEqual(['WebDirectory', 'WebMessaging', 'MiTeamWeb']);
  });
});

describe('call states', () => {
  it('cover 0..15 without the Max States end marker', () => {
    expect(codesOf(callStates)).toEqual(range(0, 15));
  });

  it('map exactly the 14 statCallEnd sel/unsel pairs of section A.9, Bridge included', () => {
    const stems = [
      'Disc',
      'Ring',
      'Talk',
      'Talk1',
      'Talk2',
      'Conference',
      'Hold',
      'InProgress',
      'VoiceMail',
      'Auto',
      'OutboundQueue',
      'AutoHold',
      'Patch',
      'Bridge',
    ];
    expect(Object.keys(callStateColumns).sort()).toEqual([...stems].sort());
    for (const stem of stems) {
      expect(callStateColumns[stem]?.selected).toBe(`sel${stem}`);
      expect(callStateColumns[stem]?.unselected).toBe(`unsel${stem}`);
    }
    expect(callStateColumns.Disc).toEqual({ selected: 'selDisc', unselected: 'unselDisc', state: 2 });
    expect(callStateColumns.OutboundQueue?.state).toBe(11);
    expect(callStateColumns.Auto?.state).toBe(12);
    expect(callStateColumns.Bridge).toEqual({ selected: 'selBridge', unselected: 'unselBridge', state: 15 });
  });

  it('leave only Bridge out of the 13 pairs Billing Export 200 sums', () => {
    expect(legacyCallStateColumns).toHaveLength(13);
    expect(legacyCallStateColumns).not.toContain('Bridge');
  });
});

describe('MergeComm sources', () => {
  it('cover 0..15 with prefixes that form the Billing Export 200 <Prefix>Source columns', () => {
    expect(codesOf(mergeCommSourceTypes)).toEqual(range(0, 15));
    expect(mergeCommSourceTypes.codes.map((x) => `${x.legacyPrefix}Source`)).toEqual([
      'OtherSource',
      'ScriptSource',
      'ScheduleSource',
      'PhoneSource',
      'SmsSource',
      'MsmSource',
      'Hl7Source',
      'SmtpSource',
      'EmailSource',
      'WctpSource',
      'VoceraSource',
      'FaxSource',
      'TapSource',
      'SnppSource',
      'RaulandBorgSource',
      'WebServiceSource',
    ]);
    expect(legacyMillisecondMergeCommSources).toEqual([14, 15]);
  });
});

describe('other code tables', () => {
  it('hold the completion, disposition, maintenance and dispatch codes of section B', () => {
    expect(codesOf(completionCodes)).toEqual([0, 1, 2, 3]);
    expect(codesOf(dispositions)).toEqual([0, 1, 2, 35, 36]);
    expect(maintenanceTypes.codes.map((x) => [x.code, x.name])).toEqual([
      [0, 'Client Setup'],
      [1, 'Script edit'],
    ]);
    expect(dispatchReasons.codes.map((x) => [x.code, x.name])).toEqual([
      [0, 'Saved'],
      [1, 'Delivered'],
      [2, 'Deleted'],
    ]);
  });
});

describe('codeName', () => {
  it('returns the name of a known code', () => {
    expect(codeName(callKinds, 1)).toBe('Secretarial');
    expect(codeName(completionCodes, 3)).toBe('Abandoned');
  });

  it('returns undefined for an unknown code', () => {
    expect(codeName(callKinds, 27)).toBeUndefined();
    expect(codeName(stationTypes, 5)).toBeUndefined();
    expect(codeName(dispositions, 3)).toBeUndefined();
    expect(codeName(agentTypes, -1)).toBeUndefined();
  });
});
