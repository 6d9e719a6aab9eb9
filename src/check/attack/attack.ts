import pack from './attack.json' with { type: 'json' };

/**
 * ATT&CK facts for the tactic and technique checks, from the pack that scripts/build-attack-pack.ts
 * makes out of ../shared/reference/attack (ATT&CK Enterprise 17.1 plus the Azure-Sentinel CI table).
 */
export interface Technique {
  name: string;
  /** Sentinel tactic names (PascalCase), in ATT&CK's kill-chain order. */
  tactics: string[];
  deprecated?: boolean;
  replacedBy?: string;
}

const data = pack as {
  version: string;
  tactics: string[];
  techniques: Record<string, Technique>;
  revoked: Record<string, string>;
  sentinelCi: Record<string, string[]>;
};

export const attackVersion = data.version;

/** The values Sentinel's `tactics` field takes (ATT&CK's 14 enterprise tactics and two ICS ones). */
export const sentinelTactics: readonly string[] = data.tactics;

/** A technique or sub-technique of ATT&CK Enterprise (current or deprecated), by id. */
export function technique(id: string): Technique | undefined {
  return Object.hasOwn(data.techniques, id) ? data.techniques[id] : undefined;
}

/** The id that replaced a revoked technique id, if ATT&CK revoked it. */
export function revokedTo(id: string): string | undefined {
  return Object.hasOwn(data.revoked, id) ? data.revoked[id] : undefined;
}

/** The tactics the Azure-Sentinel repository's CI accepts for a parent technique id, if it lists it. */
export function sentinelCiTactics(id: string): readonly string[] | undefined {
  return Object.hasOwn(data.sentinelCi, id) ? data.sentinelCi[id] : undefined;
}

/** The highest parent technique number in the pack: a larger one may come from a newer ATT&CK. */
export const highestTechniqueNumber = Math.max(
  ...Object.keys(data.techniques).map((id) => Number(id.slice(1, 5))),
);
