/** A problem found while building a resource: `path` is the field of the content item, dotted. */
export interface BuildIssue {
  severity: 'error' | 'warning';
  path: string;
  message: string;
}

/** A built resource, or undefined when an error made it unsafe to send. */
export interface Built<T> {
  resource: T | undefined;
  issues: BuildIssue[];
}
