import { ConfigProvider, type ThemeConfig } from 'antd';
import { useSyncExternalStore, type ReactNode } from 'react';

const REDUCED_MOTION = '(prefers-reduced-motion: reduce)';
const STILL: ThemeConfig = { token: { motion: false } };
const MOVING: ThemeConfig = { token: { motion: true } };

function subscribe(onChange: () => void): () => void {
  const list = window.matchMedia(REDUCED_MOTION);
  list.addEventListener('change', onChange);
  return () => list.removeEventListener('change', onChange);
}

/**
 * Dialogs, drawers and menus open without animating for users whose system
 * asks for less motion, following the setting as it changes.
 */
export function MotionPreference({ children }: { children: ReactNode }) {
  const reduced = useSyncExternalStore(subscribe, () => window.matchMedia(REDUCED_MOTION).matches);
  return <ConfigProvider theme={reduced ? STILL : MOVING}>{children}</ConfigProvider>;
}
