// Creates environments through the admin API, the way an operator would.
import { randomUUID } from 'node:crypto';

export function flagSet({ color, limit }) {
  return {
    flags: {
      'dark-mode': {
        state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'off',
        targeting: { if: [{ ends_with: [{ var: 'email' }, '@example.com'] }, 'on', null] },
      },
      'banner-color': { state: 'ENABLED', variants: { red: 'red', blue: 'blue' }, defaultVariant: color },
      'max-items': { state: 'ENABLED', variants: { few: limit, many: 30 }, defaultVariant: 'few' },
      ratio: { state: 'ENABLED', variants: { quarter: 0.25, half: 0.5 }, defaultVariant: 'quarter' },
      layout: { state: 'ENABLED', variants: { grid: { columns: 2, dense: false } }, defaultVariant: 'grid' },
    },
  };
}

export async function putFlags(baseUrl, adminToken, project, document) {
  const response = await fetch(`${baseUrl}/admin/v1/projects/${project}/environments/prod/flags`, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(document),
  });
  if (response.status !== 200) throw new Error(`PUT flags answered ${response.status}: ${await response.text()}`);
}

export async function createEnvironment(baseUrl, adminToken, document) {
  const project = `node-${randomUUID().slice(0, 8)}`;
  await putFlags(baseUrl, adminToken, project, document);
  const response = await fetch(`${baseUrl}/admin/v1/projects/${project}/environments/prod/keys`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ kind: 'client' }),
  });
  if (response.status !== 201) throw new Error(`POST keys answered ${response.status}: ${await response.text()}`);
  return { project, key: (await response.json()).key };
}
