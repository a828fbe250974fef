export { HUB_DEFAULT_ENDPOINT } from './hub-endpoint.js';
export { hubFolderUrl } from './hub-folder-url.js';
export { type HubModelId, isHubModelId, parseHubModelId } from './parse-hub-model-id.js';
