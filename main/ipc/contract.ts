/**
 * The one IPC contract between the renderer and main. It is the LabApi contract that web mode's
 * WebSocket also carries, so it lives where both hosts can import it at run time:
 * engine/ui/contract.ts (read its header for the channels, the envelopes and how the renderer reaches
 * the OpenStack APIs). This module re-exports it under main's name.
 */
export * from '../../engine/ui/contract';
