import { createContext, useContext, type ReactNode } from 'react';
import type { Client } from '../../../shared/contract/client';
import { isKinerjaError } from '../../../shared/contract/errors';
import { translateError } from './error-text';

const ClientContext = createContext<Client | null>(null);

export function ClientProvider({ client, children }: { client: Client; children: ReactNode }) {
  return <ClientContext.Provider value={client}>{children}</ClientContext.Provider>;
}

export function useClient(): Client {
  const client = useContext(ClientContext);
  if (!client) throw new Error('useClient needs a ClientProvider above it');
  return client;
}

/**
 * The message of a failed call in the UI language where the error carries a code, else as the
 * core wrote it (it names the file, field or value).
 */
export function errorMessage(e: unknown): string {
  if (isKinerjaError(e)) return translateError(e.detail) ?? e.message;
  return e instanceof Error ? e.message : String(e);
}
