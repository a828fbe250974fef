export { folderListing } from './folder-listing.js';
export { type MutatedBytes, mutateBytes } from './mutate-bytes.js';
