/** The error values of the LabApi; shared with web mode, so they live in engine/ui/errors.ts. */
export { encodeIpcError, unknownChannelError } from '../../engine/ui/errors';
