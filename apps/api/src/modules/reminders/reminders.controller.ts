import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Actor } from '@ol/persistence';
import { Allow, Authenticated } from '../../common/auth/access.decorators';
import { CurrentActor } from '../../common/auth/auth-context';
import { UuidParam } from '../../common/http/openapi';
import { pageOf } from '../../common/http/pagination.query';
import { UuidPipe } from '../../common/http/uuid.pipe';
import {
  EmailPage,
  EmailResponse,
  ListEmailsQuery,
  ReminderPolicyDto,
  ReminderPolicyResponse,
} from './dto/reminder-policy.dto';
import { RemindersService } from './reminders.service';

@ApiTags('reminders and notifications')
@Authenticated()
@Controller('v1/partnerships/:partnershipId')
export class RemindersController {
  constructor(private readonly service: RemindersService) {}

  @Get('reminder-policy')
  @Allow('settings', 'read')
  @UuidParam('partnershipId')
  @ApiOperation({ summary: 'Who is reminded and escalated to, and when (in working days)' })
  @ApiOkResponse({ type: ReminderPolicyResponse })
  async policy(@Param('partnershipId', UuidPipe) pid: string): Promise<ReminderPolicyResponse> {
    const { policy, isSet } = await this.service.policy(pid);
    return ReminderPolicyResponse.from(policy, isSet);
  }

  @Put('reminder-policy')
  @Allow('settings', 'update')
  @UuidParam('partnershipId')
  @ApiOperation({
    summary: 'Set the reminder policy (partnership admin)',
    description:
      'Reminders before a deadline and while overdue go to the provider’s users; the escalation of an overdue obligation to the partnership admins; an unacknowledged trigger to its finance users; an unanswered dispute to its verifiers and admins. Each step is sent once, on each recipient’s channels (in-app, email) and to the partnership’s webhooks.',
  })
  @ApiOkResponse({ type: ReminderPolicyResponse })
  @ApiUnprocessableEntityResponse({
    description:
      'A reminder after the escalation (overdueEveryWorkingDays ≥ escalateAfterWorkingDays)',
  })
  async savePolicy(
    @Param('partnershipId', UuidPipe) pid: string,
    @CurrentActor() actor: Actor,
    @Body() dto: ReminderPolicyDto,
  ): Promise<ReminderPolicyResponse> {
    const { policy, isSet } = await this.service.savePolicy(pid, actor, dto);
    return ReminderPolicyResponse.from(policy, isSet);
  }

  @Get('emails')
  @Allow('emails', 'read')
  @UuidParam('partnershipId')
  @ApiOperation({
    summary: 'Emails of the partnership’s reminders and escalations (partnership admin)',
    description:
      'Sent, pending, failed, or `not_sent` when no SMTP server is configured: the text is kept so admins can read what would have gone.',
  })
  @ApiOkResponse({ type: EmailPage })
  async emails(
    @Param('partnershipId', UuidPipe) pid: string,
    @Query() query: ListEmailsQuery,
  ): Promise<EmailPage> {
    return pageOf(await this.service.listEmails(pid, query), query, EmailResponse.from);
  }
}
