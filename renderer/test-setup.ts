import { cleanup, configure } from '@testing-library/react';
import { afterEach, vi } from 'vitest';

// Screens with large grids render slowly in jsdom while the rest of the suite runs in parallel;
// findBy* waits up to 5 s instead of 1 s before it gives up.
configure({ asyncUtilTimeout: 5000 });

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  window.localStorage.clear();
  window.location.hash = '';
});
