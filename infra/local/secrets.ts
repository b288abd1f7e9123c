import { createServer, type Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AddressInfo } from 'node:net';

/**
 * A Secrets Manager stand-in with the one call the functions make (`GetSecretValue`) and the secrets the
 * stack generates on AWS: each is 32 random bytes (hex) made on first start and kept in the data directory,
 * so cursors stay valid across restarts of `npm start` and never carry over to another data directory.
 * The handlers reach it through `AWS_ENDPOINT_URL_SECRETS_MANAGER`, as they reach every emulator.
 */
export interface LocalSecrets {
  endpoint: string;
  close(): Promise<void>;
}

export async function startLocalSecrets(secrets: Record<string, string>): Promise<LocalSecrets> {
  const values = new Map<string, string>();
  for (const [name, file] of Object.entries(secrets)) {
    if (!existsSync(file)) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
    }
    values.set(name, readFileSync(file, 'utf8').trim());
  }
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(body));
    };
    const target = String(req.headers['x-amz-target'] ?? '');
    if (target !== 'secretsmanager.GetSecretValue') return reply(400, { __type: 'UnsupportedOperation', message: `${target} is not supported locally` });
    let id: unknown;
    try {
      id = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { SecretId?: unknown }).SecretId;
    } catch {
      return reply(400, { __type: 'InvalidRequestException', message: 'body is not JSON' });
    }
    const value = typeof id === 'string' ? values.get(id) : undefined;
    if (value === undefined) return reply(400, { __type: 'ResourceNotFoundException', message: `Secrets Manager can't find the specified secret.` });
    return reply(200, { ARN: `arn:aws:secretsmanager:local:000000000000:secret:${String(id)}`, Name: id, SecretString: value, VersionId: 'local', VersionStages: ['AWSCURRENT'], CreatedDate: 0 });
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok());
  });
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}
