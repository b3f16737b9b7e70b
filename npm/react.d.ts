// <balasan-form> in React's JSX: `import 'balasan/react'` (or `import { mount } from
// 'balasan/react'`) once, anywhere in the app. A separate entry, as it needs React's types.
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { BalasanForm, FormAttributes } from './index.js';

export * from './index.js';

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'balasan-form': DetailedHTMLProps<HTMLAttributes<BalasanForm>, BalasanForm> & FormAttributes;
    }
  }
}
