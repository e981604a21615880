/** libs/outcomes' explanation: exported through the package index (src/index.ts). */

export { explain, type ExplanationStep, type Explained } from './steps';
