export { type RedisServer, type RedisServerSettings, startRedisServer } from './start-redis-server.js';
