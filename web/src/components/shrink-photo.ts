/**
 * A phone's photo made small enough to send over a weak connection: the longer side at most 1600 px, JPEG at
 * quality 0.85, drawn on a canvas (which also drops the EXIF block, with the camera's own GPS tag — the location
 * is recorded only when the handler agrees, see OnSitePanel). Small photos and what the browser cannot decode
 * go as they are; the server checks the bytes either way (domain/security/file-sniff.ts).
 */
export const PHOTO_MAX_SIDE = 1600;
const PHOTO_QUALITY = 0.85;
/** Below this a photo that already fits goes unchanged. */
const SMALL_BYTES = 1024 * 1024;

export async function shrinkPhoto(file: File): Promise<File> {
  if (!/^image\/(jpeg|png|webp|heic|heif)$/.test(file.type) || typeof createImageBitmap !== 'function')
    return file;
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    return file;
  }
  try {
    const scale = Math.min(1, PHOTO_MAX_SIDE / Math.max(bitmap.width, bitmap.height));
    if (scale === 1 && file.size <= SMALL_BYTES) return file;
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    const g = canvas.getContext('2d');
    if (!g) return file;
    g.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob | null>((resolve) =>
      canvas.toBlob(resolve, 'image/jpeg', PHOTO_QUALITY),
    );
    if (!blob || blob.size >= file.size) return file;
    const name = `${file.name.replace(/\.[^.]*$/, '') || 'photo'}.jpg`;
    return new File([blob], name, { type: 'image/jpeg', lastModified: file.lastModified });
  } finally {
    bitmap.close();
  }
}
