import { createConnection, createServer } from 'node:net';

/** Every part of the local stack listens on the loopback interface only. */
export const LOCALHOST = '127.0.0.1';

/** Raised when a port the stack needs is taken by some other program. */
export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';
}

/**
 * Finds `count` distinct free ports by listening on port 0.
 * All listeners stay open until every port is known, so the kernel cannot hand
 * out the same port twice; they are closed before the parts bind them (a small
 * race we accept for throw-away test stacks).
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => {
      const server = createServer();
      return new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, LOCALHOST, () => resolve(server));
      });
    }),
  );
  const ports = servers.map((server) => {
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('listening on port 0 gave no port');
    return address.port;
  });
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

/** True when nothing listens on the port, tested by binding it ourselves. */
export function isPortFree(port: number, host = LOCALHOST): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE' || error.code === 'EACCES') resolve(false);
      else reject(error);
    });
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * Fails with a message naming the environment variable that moves the part,
 * instead of letting the part die later with a bind error in its own log.
 */
export async function assertPortFree(port: number, part: string, envVar: string): Promise<void> {
  if (!(await isPortFree(port))) {
    throw new PortInUseError(
      `${part} needs port ${port} on ${LOCALHOST}, but another program is using it. ` +
        `Stop that program or set ${envVar} to a free port.`,
    );
  }
}

/** True when something accepts TCP connections on host:port within the timeout. */
export function isPortOpen(port: number, host = LOCALHOST, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host });
    const done = (open: boolean): void => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Reads a port number from the environment; undefined when the variable is unset or empty. */
export function portFromEnv(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`${name} must be a port number from 1 to 65535, got "${raw}"`);
  }
  return port;
}

/** Splits "host:port" (IPv6 in brackets allowed) for reachability checks of external services. */
export function splitHostPort(address: string): { host: string; port: number } {
  const match = /^\[?([^\]]+?)\]?:(\d+)$/.exec(address.trim());
  if (!match?.[1] || !match[2]) throw new Error(`"${address}" is not host:port`);
  return { host: match[1], port: Number(match[2]) };
}
