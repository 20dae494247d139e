/**
 * The renderer's entry: Monaco from the bundle, the OS theme, then the app (inside an error boundary, so a crash
 * shows what happened and how to recover rather than a blank window).
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { ViewErrorBoundary } from './components/view-error-boundary';
import { keepEditsAndReload } from './features/workbench/use-session';
import { setupMonaco } from './monaco';
import { followSystemTheme } from './store/theme-store';
import './styles.css';

setupMonaco();
followSystemTheme();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ViewErrorBoundary what="Rolecall" onReload={() => void keepEditsAndReload()}>
      <App />
    </ViewErrorBoundary>
  </StrictMode>,
);
