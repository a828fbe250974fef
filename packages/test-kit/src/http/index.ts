export { sendJson } from './send-json.js';
export {
  type ScriptedHandler,
  type ScriptedRequest,
  type ScriptedServer,
  type ScriptedServerSettings,
  startScriptedServer,
} from './start-scripted-server.js';
