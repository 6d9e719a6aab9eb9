import { createHash } from 'node:crypto';

/** kqlc's namespace for name-based ids (RFC 4122 §4.3, version 5). */
const NAMESPACE = Buffer.from('6f2b8e0a4c1d4b7e9a3f5d2c1b0e8f7a', 'hex');

/**
 * A GUID derived from a name (UUID version 5), for content that has no id of its own: ASIM parsers,
 * legacy `.kql` parsers and gallery workbooks. The same name always gives the same id, so publishing
 * stays an update as long as the name does not change.
 */
export function stableGuid(name: string): string {
  const hash = createHash('sha1').update(NAMESPACE).update(name, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
