import { Injectable } from '@nestjs/common';
import {
  AuditRepository,
  Db,
  OrganisationRepository,
  type Actor,
  type Organisation,
  type Paged,
} from '@ol/persistence';
import { ProblemException } from '../../common/problems/problem';
import type {
  CreateOrganisationDto,
  ListOrganisationsQuery,
  UpdateOrganisationDto,
} from './dto/organisation.dto';

@Injectable()
export class OrganisationsService {
  constructor(
    private readonly db: Db,
    private readonly organisations: OrganisationRepository,
    private readonly audit: AuditRepository,
  ) {}

  create(actor: Actor, dto: CreateOrganisationDto): Promise<Organisation> {
    return this.db.transaction(async () => {
      const org = await this.organisations.create({
        name: dto.name.trim(),
        kind: dto.kind,
        reference: dto.reference ?? null,
      });
      await this.audit.recordPlatform(actor, {
        action: 'organisation.created',
        entityType: 'organisation',
        entityId: org.id,
        details: { ...dto },
      });
      return org;
    });
  }

  async get(id: string): Promise<Organisation> {
    const org = await this.organisations.findById(id);
    if (!org) throw ProblemException.notFound('Organisation');
    return org;
  }

  update(actor: Actor, id: string, dto: UpdateOrganisationDto): Promise<Organisation> {
    return this.db.transaction(async () => {
      await this.get(id);
      const org = await this.organisations.update(id, {
        ...dto,
        ...(dto.name ? { name: dto.name.trim() } : {}),
      });
      await this.audit.recordPlatform(actor, {
        action: 'organisation.updated',
        entityType: 'organisation',
        entityId: id,
        details: { ...dto },
      });
      return org;
    });
  }

  list(query: ListOrganisationsQuery): Promise<Paged<Organisation>> {
    return this.organisations.list({ kind: query.kind, q: query.q }, query);
  }
}
