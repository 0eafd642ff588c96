import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Small facts about the installation itself, e.g. that the demo fleet was created. */
@Entity('meta')
export class MetaEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  key!: string;

  @Column({ type: 'text' })
  value!: string;
}
