/**
 * Durations as content authors write them (`5m`, `1h`, `14d`, as in the Azure-Sentinel repository) and as
 * Security Insights wants them (ISO 8601: `PT5M`, `PT1H`, `P14D`).
 */

const SHORT = /^(\d+)\s*([smhd])$/;
// Years and months have no fixed length, so they are refused rather than guessed.
const ISO = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Converts `5m`/`1h`/`14d`/`30s` to ISO 8601; ISO input is returned upper-cased. Undefined when malformed. */
export function toIsoDuration(text: string): string | undefined {
  const s = text.trim();
  const short = SHORT.exec(s);
  if (short) {
    const n = Number(short[1]);
    switch (short[2]) {
      case 's':
        return `PT${n}S`;
      case 'm':
        return `PT${n}M`;
      case 'h':
        return `PT${n}H`;
      default:
        return `P${n}D`;
    }
  }
  const upper = s.toUpperCase();
  return durationSeconds(upper) === undefined ? undefined : upper;
}

/** Length in seconds of an ISO 8601 duration without years or months; undefined when not one. */
export function durationSeconds(iso: string): number | undefined {
  const m = ISO.exec(iso.trim().toUpperCase());
  if (!m || iso.trim().toUpperCase() === 'P' || /T$/.test(iso.trim())) return undefined;
  const [, w, d, h, min, sec] = m;
  return (
    Number(w ?? 0) * 604_800 +
    Number(d ?? 0) * 86_400 +
    Number(h ?? 0) * 3_600 +
    Number(min ?? 0) * 60 +
    Number(sec ?? 0)
  );
}
