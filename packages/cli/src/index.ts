export { loadConfig, type Config } from './config';
export { startRuntime, type Roles, type Runtime } from './runtime';
export { createLogger } from './logger';
