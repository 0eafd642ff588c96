import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Any Symphony object (Target now; Solutions, Instances, Campaigns later), its JSON body kept whole. */
@Entity('symphony_objects')
@Index(['kind', 'namespace'])
export class SymphonyObjectEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  kind!: string;

  @PrimaryColumn({ type: 'varchar', length: 63 })
  namespace!: string;

  @PrimaryColumn({ type: 'varchar', length: 253 })
  name!: string;

  @Column({ type: 'simple-json' })
  body!: unknown;

  /** Bumped on every change of the body, as Symphony does. */
  @Column({ type: 'integer' })
  generation!: number;

  @Column({ type: 'varchar', length: 32 })
  createdAt!: string;

  @Column({ type: 'varchar', length: 32 })
  updatedAt!: string;
}
