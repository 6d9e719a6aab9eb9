/** A JUnit XML document, the shape GitHub Actions, Azure DevOps and GitLab read. */
export interface JunitCase {
  name: string;
  classname: string;
  timeSeconds?: number;
  /** A failed case: a one-line message and the details. */
  failure?: { message: string; text: string };
  /** An errored case (could not run). */
  error?: { message: string; text: string };
  skipped?: string;
}

export interface JunitSuite {
  name: string;
  cases: JunitCase[];
}

const escapeXml = (s: string) =>
  s
    // XML 1.0 cannot carry most control characters at all, so they are dropped.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

export function formatJunit(suites: readonly JunitSuite[]): string {
  const count = (s: JunitSuite, f: (c: JunitCase) => boolean) => s.cases.filter(f).length;
  const time = (cases: readonly JunitCase[]) =>
    cases.reduce((t, c) => t + (c.timeSeconds ?? 0), 0).toFixed(3);
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const all = suites.flatMap((s) => s.cases);
  lines.push(
    `<testsuites name="kqlc" tests="${all.length}" failures="${all.filter((c) => c.failure).length}" errors="${all.filter((c) => c.error).length}" skipped="${all.filter((c) => c.skipped !== undefined).length}" time="${time(all)}">`,
  );
  for (const s of suites) {
    lines.push(
      `  <testsuite name="${escapeXml(s.name)}" tests="${s.cases.length}" failures="${count(s, (c) => !!c.failure)}" errors="${count(s, (c) => !!c.error)}" skipped="${count(s, (c) => c.skipped !== undefined)}" time="${time(s.cases)}">`,
    );
    for (const c of s.cases) {
      const open = `    <testcase name="${escapeXml(c.name)}" classname="${escapeXml(c.classname)}" time="${(c.timeSeconds ?? 0).toFixed(3)}"`;
      const body: string[] = [];
      if (c.failure)
        body.push(
          `      <failure message="${escapeXml(c.failure.message)}">${escapeXml(c.failure.text)}</failure>`,
        );
      if (c.error)
        body.push(`      <error message="${escapeXml(c.error.message)}">${escapeXml(c.error.text)}</error>`);
      if (c.skipped !== undefined) body.push(`      <skipped message="${escapeXml(c.skipped)}"/>`);
      lines.push(body.length ? `${open}>\n${body.join('\n')}\n    </testcase>` : `${open}/>`);
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}
