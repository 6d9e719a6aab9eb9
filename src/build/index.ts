export * from './alert-rule.js';
export * from './duration.js';
export * from './issues.js';
export * from './saved-search.js';
