export * from './auth';
export * from './errors';
export * from './health';
export * from './meta';
export * from './permissions';
