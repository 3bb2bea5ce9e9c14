import { helloReceiver } from './hello-receiver.js';
import { scaleProcessor } from './scale-processor.js';

export { helloReceiver } from './hello-receiver.js';
export { scaleBatch, scaleProcessor } from './scale-processor.js';

// settle loads a plugin through its default export: one definition or a list of them.
export default [helloReceiver, scaleProcessor];
