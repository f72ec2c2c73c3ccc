export * from './auth';
export * from './chatwoot';
export * from './embed';
export * from './errors';
export * from './health';
export * from './meta';
export * from './permissions';
export * from './text';
