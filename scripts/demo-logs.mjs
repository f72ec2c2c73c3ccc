// How `npm start` shows the Hub's logs. A person reads that terminal: one short line per entry, and only
// warnings and errors unless LOG_LEVEL says otherwise (at `info` every request is a line). Production
// (NODE_ENV=production, the Docker image) runs the server directly and keeps pino's JSON.
import pretty from 'pino-pretty';

/** Whether the demo start prints readable logs, and the variables it gives the Hub for that. */
export function demoLogging(env) {
  const readable = env.NODE_ENV !== 'production';
  return { readable, hubEnv: readable ? { LOG_LEVEL: env.LOG_LEVEL ?? 'warn' } : {} };
}

/** A writable that turns pino's JSON lines into `[12:00:00] WARN: message {fields}`; other lines pass as they are. */
export function readableLogStream(destination = 1) {
  return pretty({
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,service',
    singleLine: true,
    ...(typeof destination === 'number' ? {} : { colorize: false }),
    destination,
  });
}
