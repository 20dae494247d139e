/**
 * The renderer's entry: Monaco from the bundle, the OS theme, then the app.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { setupMonaco } from './monaco';
import { followSystemTheme } from './store/theme-store';
import './styles.css';

setupMonaco();
followSystemTheme();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
