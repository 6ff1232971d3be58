import type { VolumeActionHandler } from '../http';

/** The attach/detach volume actions (os-reserve, os-attach, os-detach, …), merged into the volume action route. */
export const attachmentActions: Record<string, VolumeActionHandler> = {};
