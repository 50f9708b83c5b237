/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** See features/map/settings.ts. */
  readonly VITE_MAP_TILE_URL?: string;
}
