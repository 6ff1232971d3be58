/** A Cinder volume type (volume_types row with its extra specs), in wire names. */
export interface VolumeType {
  id: string;
  name: string;
  description: string | null;
  is_public: boolean;
  extra_specs: Record<string, string>;
  qos_specs_id: string | null;
  created_at: string;
  updated_at: string | null;
}

/** Cinder's default volume type, created at start as Cinder's db sync does. */
export const DEFAULT_TYPE_NAME = '__DEFAULT__';
