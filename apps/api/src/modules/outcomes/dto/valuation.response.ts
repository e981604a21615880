import { ApiProperty } from '@nestjs/swagger';
import type { ResolvedProxy } from '@ol/persistence';

export class ResolvedProxyInputs {
  @ApiProperty({ format: 'uuid' }) proxyId!: string;
  @ApiProperty({ example: 'EMP-FT' }) proxyCode!: string;
  @ApiProperty() proxyName!: string;
  @ApiProperty({
    enum: ['library', 'partnership'],
    description: 'A library version, or the partnership’s own override',
  })
  source!: 'library' | 'partnership';
  @ApiProperty({ format: 'uuid' }) versionId!: string;
  @ApiProperty({ example: '2026-04-01' }) validFrom!: string;
  @ApiProperty({ nullable: true, type: String }) validTo!: string | null;
  @ApiProperty({ example: '14433.0000' }) valuePerUnit!: string;
  @ApiProperty({ example: 'GBP' }) currency!: string;
  @ApiProperty({ example: 2024 }) priceYear!: number;
  @ApiProperty({ example: '0.2000' }) deadweight!: string;
  @ApiProperty({ example: '0.1000' }) attribution!: string;
  @ApiProperty({ example: '0.0500' }) displacement!: string;
  @ApiProperty({ example: '0.3000' }) dropOff!: string;
  @ApiProperty({ example: 3 }) durationYears!: number;
  @ApiProperty() sourceCitation!: string;
  @ApiProperty() licence!: string;
}

export class ResolvedValuationResponse {
  @ApiProperty({ format: 'uuid' }) outcomeId!: string;
  @ApiProperty({ example: '2026-06-30' }) date!: string;
  @ApiProperty({ description: 'false: the outcome has no proxy and is reported in its own units' })
  monetised!: boolean;
  @ApiProperty({
    nullable: true,
    type: ResolvedProxyInputs,
    description: 'null when not monetised or no version covers the date',
  })
  inputs!: ResolvedProxyInputs | null;
  @ApiProperty({ nullable: true, type: String, example: 'no proxy version covers this date' })
  note!: string | null;

  static from(
    outcomeId: string,
    date: string,
    monetised: boolean,
    r: ResolvedProxy | null,
  ): ResolvedValuationResponse {
    return {
      outcomeId,
      date,
      monetised,
      inputs: r
        ? {
            proxyId: r.proxy.id,
            proxyCode: r.proxy.code,
            proxyName: r.proxy.name,
            source: r.source,
            versionId: r.versionId,
            validFrom: r.validFrom,
            validTo: r.validTo,
            valuePerUnit: r.valuePerUnit,
            currency: r.currency,
            priceYear: r.priceYear,
            deadweight: r.deadweight,
            attribution: r.attribution,
            displacement: r.displacement,
            dropOff: r.dropOff,
            durationYears: r.durationYears,
            sourceCitation: r.proxy.sourceCitation,
            licence: r.proxy.licence,
          }
        : null,
      note: !monetised
        ? 'not monetised: reported in its own units'
        : r
          ? null
          : 'no proxy version covers this date',
    };
  }
}
