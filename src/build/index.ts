export * from '../model/duration.js';
export * from './alert-rule.js';
export * from './arm-template.js';
export * from './issues.js';
export * from './metadata.js';
export * from './saved-search.js';
