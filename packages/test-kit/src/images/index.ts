export { jpegBomb, pngBomb } from './image-bombs.js';
