import { checkProject } from '../../src/check/check-project.js';
import { loadProject } from '../../src/load/project.js';
import { SIGNIN_TABLE, tempProject } from '../helpers/temp-project.js';

/**
 * Checks a throw-away project (SigninLogs declared) and returns the diagnostics of the given codes as
 * `file:line:column CODE severity message`, so a test reads like the output a user sees.
 */
export async function findings(files: Record<string, string>, ...codes: string[]): Promise<string[]> {
  const project = await loadProject(
    tempProject({ 'content/tables/SigninLogs.yaml': SIGNIN_TABLE, ...files }),
  );
  return checkProject(project)
    .diagnostics.filter((d) => codes.includes(d.code))
    .map((d) => `${d.file}:${d.start?.line}:${d.start?.column} ${d.code} ${d.severity} ${d.message}`);
}

/** Every diagnostic of a throw-away project, for "stays silent" assertions. */
export async function allFindings(files: Record<string, string>): Promise<string[]> {
  const project = await loadProject(
    tempProject({ 'content/tables/SigninLogs.yaml': SIGNIN_TABLE, ...files }),
  );
  return checkProject(project).diagnostics.map((d) => `${d.file}:${d.start?.line} ${d.code} ${d.message}`);
}
