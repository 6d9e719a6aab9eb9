import type { ContentItem, Project } from '../model/content.js';
import { type AnalyzedQuery, World } from './world.js';

/** The project resolved against Kusto.Language: one World and each item's query analysed once. */
export interface ResolvedProject {
  project: Project;
  world: World;
  analysis(item: ContentItem): AnalyzedQuery;
}

/** Builds the project's World: declared tables plus every parser registered as a function with its body. */
export function resolveProject(project: Project): ResolvedProject {
  // A name declared twice is reported by the check stage; Kusto.Language gets the first declaration only.
  const names = new Set(project.tables.map((t) => t.name));
  const functions = project.items.flatMap((item) => {
    if (item.kind !== 'parser' || names.has(item.functionName)) return [];
    names.add(item.functionName);
    return [{ name: item.functionName, parameters: item.parameters, body: item.query.text }];
  });
  const world = new World(project.tables, functions);
  const cache = new Map<ContentItem, AnalyzedQuery>();
  return {
    project,
    world,
    analysis(item) {
      let result = cache.get(item);
      if (!result) {
        result =
          item.kind === 'parser'
            ? world.analyzeFunctionBody(item.query.text, item.parameters)
            : world.analyze(item.query.text);
        cache.set(item, result);
      }
      return result;
    },
  };
}
