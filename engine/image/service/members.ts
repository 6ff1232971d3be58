import * as F from '../faults';
import type { ImageMember, ImageRecord, MemberStatus } from '../types';
import type { Caller, ImageCore } from './core';

/**
 * Image sharing: the owner adds projects as members of a `shared` image; each member accepts or
 * rejects it (only an accepted image shows in the member's default image list).
 */
export class MemberManager {
  constructor(private readonly core: ImageCore) {}

  /** Glance's _check_visibility_and_ownership: members exist only on shared images, and only roles fit. */
  private checkShared(caller: Caller, image: ImageRecord, op: 'create' | 'update' | 'delete' | 'list'): string | undefined {
    if (image.visibility !== 'shared') return F.onlySharedHaveMembers;
    if (caller.isAdmin) return undefined;
    if (op === 'create' && image.owner !== caller.projectId) return 'You are not permitted to create image members for the image.';
    if (op === 'update' && image.owner === caller.projectId) return "You are not permitted to modify 'status' on this image member.";
    if (op === 'delete' && image.owner !== caller.projectId) return 'You cannot delete image member.';
    return undefined;
  }

  add(caller: Caller, imageId: string, memberId: string): ImageMember {
    const image = this.lookup(caller, imageId);
    caller.authorize('add_member', this.core.target(image, caller));
    if (this.checkShared(caller, image, 'create')) throw F.notAllowedCreateMembers(imageId);
    const now = this.core.now();
    const member: ImageMember = { image_id: imageId, member_id: memberId, status: 'pending', created_at: now, updated_at: now };
    return this.core.write('member.created', imageId, () => {
      if (this.core.store.member(imageId, memberId)) throw F.memberDuplicated(memberId, imageId);
      this.core.store.addMember(member);
      return member;
    });
  }

  list(caller: Caller, imageId: string): ImageMember[] {
    const image = this.lookup(caller, imageId);
    caller.authorize('get_members', this.core.target(image, caller));
    const problem = this.checkShared(caller, image, 'list');
    if (problem) throw F.notAllowedListMembers(imageId, problem);
    const all = this.core.store.membersOf(imageId);
    // a member sees only its own membership; the owner and admins see them all
    if (caller.isAdmin || image.owner === caller.projectId) return all;
    return all.filter((m) => m.member_id === caller.projectId);
  }

  show(caller: Caller, imageId: string, memberId: string): ImageMember {
    const image = this.lookup(caller, imageId);
    const target = this.core.target(image, caller);
    caller.authorize('get_member', target);
    const m = this.core.store.member(imageId, memberId);
    const mayRead = caller.isAdmin || image.owner === caller.projectId || memberId === caller.projectId;
    if (!m || !mayRead) throw F.memberNotFound(memberId, imageId);
    return m;
  }

  update(caller: Caller, imageId: string, memberId: string, status: MemberStatus): ImageMember {
    const image = this.lookup(caller, imageId);
    caller.authorize('modify_member', this.core.target(image, caller));
    if (this.checkShared(caller, image, 'update')) throw F.notAllowedUpdateMembers(imageId);
    const m = this.core.store.member(imageId, memberId);
    if (!m || (!caller.isAdmin && memberId !== caller.projectId)) throw F.memberNotFound(memberId, imageId);
    const next: ImageMember = { ...m, status, updated_at: this.core.now() };
    return this.core.write('member.updated', imageId, () => {
      this.core.store.putMember(next);
      return next;
    });
  }

  delete(caller: Caller, imageId: string, memberId: string): void {
    const image = this.lookup(caller, imageId);
    caller.authorize('delete_member', this.core.target(image, caller));
    if (this.checkShared(caller, image, 'delete')) throw F.notAllowedDeleteMembers(imageId);
    if (!this.core.store.member(imageId, memberId)) throw F.memberNotFound(memberId, imageId);
    this.core.write('member.deleted', imageId, () => this.core.store.deleteMember(imageId, memberId));
  }

  private lookup(caller: Caller, imageId: string): ImageRecord {
    const image = this.core.store.images.get(imageId);
    if (!image || !this.core.visible(image, caller)) throw F.imageNotFoundShort(imageId);
    return image;
  }
}
