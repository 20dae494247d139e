/**
 * Light or dark, following the operating system (`prefers-color-scheme`), live.
 */
import { create } from 'zustand';

/** The two themes. */
export type Theme = 'light' | 'dark';

const query =
  typeof window !== 'undefined' && window.matchMedia ? window.matchMedia('(prefers-color-scheme: dark)') : null;

/** The theme store: `theme` follows the OS until something sets it. */
export const useThemeStore = create<{ theme: Theme; setTheme(theme: Theme): void }>((set) => ({
  theme: query?.matches ? 'dark' : 'light',
  setTheme: (theme) => set({ theme }),
}));

/** Keeps the store (and the document's `data-theme`) in step with the OS; returns the unsubscribe function. */
export function followSystemTheme(): () => void {
  const apply = () => {
    const theme: Theme = query?.matches ? 'dark' : 'light';
    document.documentElement.dataset.theme = theme;
    useThemeStore.getState().setTheme(theme);
  };
  apply();
  query?.addEventListener('change', apply);
  return () => query?.removeEventListener('change', apply);
}
