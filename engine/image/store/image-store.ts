import type { LabDatabase } from '../../core/db';
import { DocTable } from '../../core/doc-table';
import { Table } from '../../core/table';
import type { ImageMember, ImageRecord } from '../types';
import { imageMigrations } from './migrations';

/** Glance's rows: images as JSON documents (wire names) and their members. */
export class ImageStore {
  readonly images: DocTable<ImageRecord>;
  readonly members: Table<ImageMember & Record<string, unknown>>;

  constructor(readonly db: LabDatabase) {
    db.migrate('image', imageMigrations);
    this.images = new DocTable<ImageRecord>(db.raw, 'glance_image', {
      owner: (i) => i.owner,
      visibility: (i) => i.visibility,
      status: (i) => i.status,
      name: (i) => i.name,
    });
    this.members = new Table(db.raw, {
      name: 'glance_image_member',
      columns: ['image_id', 'member_id', 'status', 'created_at', 'updated_at'],
      primaryKey: 'image_id',
    });
  }

  member(imageId: string, memberId: string): ImageMember | undefined {
    return this.db.raw.prepare('SELECT * FROM glance_image_member WHERE image_id = ? AND member_id = ?').get(imageId, memberId) as ImageMember | undefined;
  }

  membersOf(imageId: string): ImageMember[] {
    return this.db.raw.prepare('SELECT * FROM glance_image_member WHERE image_id = ? ORDER BY created_at, member_id').all(imageId) as ImageMember[];
  }

  /** Image id → the member row of `projectId`, for every image shared with that project. */
  membershipsOf(projectId: string): Map<string, ImageMember> {
    const rows = this.db.raw.prepare('SELECT * FROM glance_image_member WHERE member_id = ?').all(projectId) as ImageMember[];
    return new Map(rows.map((r) => [r.image_id, r]));
  }

  addMember(m: ImageMember): void {
    this.members.insert({ ...m });
  }

  putMember(m: ImageMember): void {
    this.db.raw.prepare('UPDATE glance_image_member SET status = ?, updated_at = ? WHERE image_id = ? AND member_id = ?').run(m.status, m.updated_at, m.image_id, m.member_id);
  }

  deleteMember(imageId: string, memberId: string): boolean {
    return this.db.raw.prepare('DELETE FROM glance_image_member WHERE image_id = ? AND member_id = ?').run(imageId, memberId).changes > 0;
  }
}
