export { type HubFileHashes, hubFileHashes } from './hub-file-hashes.js';
export { readRepoFiles } from './read-repo-files.js';
export { type FakeHub, type FakeHubRepo, type FakeHubRequest, startFakeHub } from './start-fake-hub.js';
