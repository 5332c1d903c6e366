// Redis connections for BullMQ, from REDIS_URL.
import { Redis } from 'ioredis';

/**
 * A worker's blocking connection must wait out a Redis restart rather than fail its commands:
 * `maxRetriesPerRequest: null`, as BullMQ requires for workers. Producers (the queue that the
 * council commands update) give up after one retry, and their callers bound the wait, so a command
 * never hangs on a Redis that is down.
 */
export function redisConnection(url: string, role: 'worker' | 'producer'): Redis {
  return role === 'worker'
    ? new Redis(url, { maxRetriesPerRequest: null })
    : new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 3000 });
}
