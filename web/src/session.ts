/**
 * Who is signed in on this device: the API token and the viewer it belongs to, kept in localStorage so the app
 * opens signed in after a reload, offline too (the viewer is the last one the API answered).
 */
import { useEffect, useState } from 'preact/hooks';
import { setToken } from './api';
import type { ResultOf } from './graphql';
import type { ViewerQuery } from './ops';

type Answer = ResultOf<typeof ViewerQuery>;
/** The viewer query's answer for a signed-in user (the API answers `viewer: null` only without a token). */
export type Viewer = Omit<Answer, 'viewer'> & { viewer: NonNullable<Answer['viewer']> };
export function signedIn(a: Answer): Viewer | null {
  return a.viewer ? (a as Viewer) : null;
}
export type Role = Viewer['viewer']['role'];
const TOKEN = 'coop.token';
const VIEWER = 'coop.viewer';

let current: { token: string; viewer: Viewer } | null = null;
{
  const token = localStorage.getItem(TOKEN);
  const viewer = localStorage.getItem(VIEWER);
  if (token && viewer) {
    current = { token, viewer: JSON.parse(viewer) as Viewer };
    setToken(token);
  }
}

const listeners = new Set<() => void>();

export function session() {
  return current;
}

export function signIn(token: string, viewer: Viewer) {
  localStorage.setItem(TOKEN, token);
  localStorage.setItem(VIEWER, JSON.stringify(viewer));
  setToken(token);
  current = { token, viewer };
  for (const l of listeners) l();
}

export function refreshViewer(answer: Answer) {
  const viewer = signedIn(answer);
  if (!current || !viewer) return;
  localStorage.setItem(VIEWER, JSON.stringify(viewer));
  current = { ...current, viewer };
  for (const l of listeners) l();
}

export function signOut() {
  localStorage.removeItem(TOKEN);
  localStorage.removeItem(VIEWER);
  setToken(null);
  current = null;
  for (const l of listeners) l();
}

/** The outbox's owner on this device: items are only sent with their own user's token. */
export function userKey(v: Viewer): string {
  return `${v.viewer.role}:${v.viewer.name}:${v.viewer.plant?.code ?? ''}`;
}

export function useSession() {
  const [, set] = useState(0);
  useEffect(() => {
    const l = () => set((n) => n + 1);
    listeners.add(l);
    return () => listeners.delete(l);
  }, []);
  return current;
}

/** The campaign in force today, else the latest that has started (its sales settle after it), else the newest. */
export function currentCampaign(v: Viewer, today = new Date().toISOString().slice(0, 10)) {
  const started = v.harvestCampaigns
    .filter((c) => c.startsOn <= today)
    .sort((a, b) => (a.startsOn < b.startsOn ? 1 : -1));
  return started[0] ?? v.harvestCampaigns[0];
}
