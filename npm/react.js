// The module entry, for React apps: the same exports; react.d.ts types <balasan-form> in
// React's JSX (`import 'balasan/react'` once, anywhere in the app).
export * from './index.js';
