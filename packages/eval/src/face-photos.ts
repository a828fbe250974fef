import { fileURLToPath } from 'node:url';

/** Test data: the folder of real face photographs (../shared/models/faces/, see its README). */
export const FACES_DIR = fileURLToPath(new URL('../../../../shared/models/faces/', import.meta.url));

/** Debian opencv-doc's fruit photograph (no faces), installed by scripts/ensure-test-deps.sh. */
export const FRUITS_PHOTO = '/usr/share/doc/opencv-doc/examples/data/fruits.jpg';

/**
 * Frontal faces in each photograph, counted by eye once. group-1 (a crowd of about fifty small faces)
 * is left out: its count is not certain by eye.
 */
export const FACE_COUNTS: Readonly<Record<string, number>> = {
  'single-4.jpg': 1,
  'group-13.jpg': 2,
  'group-23.jpg': 3,
  'group-2.jpg': 4,
  'group-19.jpg': 5,
  'group-20.jpg': 10,
};
