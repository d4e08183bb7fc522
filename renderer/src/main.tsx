/** Renderer entry: mounts the app, its screen picker, and the desktop hooks (notifications, display awake). */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { startDesktopHooks } from './call/desktop-hooks';
import { ScreenPicker } from './components/ScreenPicker';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
startDesktopHooks();
createRoot(root).render(
  <StrictMode>
    <App />
    <ScreenPicker />
  </StrictMode>,
);
