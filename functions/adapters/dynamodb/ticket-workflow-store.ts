import { BatchWriteCommand, DeleteCommand, TransactWriteCommand, UpdateCommand, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { queueClock } from '#core/tickets/sla';
import type { TicketClassification } from '#core/tickets/attribution';
import type { Charge } from '#core/ledger/ledger';
import type { Reclassification, Ticket } from '#core/tickets/tickets';
import type { Attention, Contest, Findings, TicketWorkflowStore, WorkflowRun } from '#core/tickets/workflow';
import { documentClient } from './client';
import { cancelledOn } from './idempotency';
import { fromItem } from './items';
import { keys } from './keys';


/** This round is the ticket's current one (every ticket has a round from its creation). */
const ROUND_IS = '#round = :round';

/**
 * The workflow's writes to the ticket item (keys in `keys.ts`). Each is one conditional UpdateItem; a
 * status change moves the ticket in the status queue (gsi2) in the same write.
 */
export class DynamoTicketWorkflowStore implements TicketWorkflowStore {
  constructor(private readonly tableName: string) {}

  /**
   * Runs an update; `undefined` when its condition did not hold. Every update but the task token's (internal)
   * grows the ticket's `revision`, so a technician's write made on what the ticket was is refused (409).
   */
  private async update(input: Omit<UpdateCommandInput, 'TableName' | 'Key'> & { id: string; internal?: true }): Promise<Ticket | undefined> {
    const { id, internal, ...rest } = input;
    const bumped = internal
      ? rest
      : {
          ...rest,
          UpdateExpression: `${rest.UpdateExpression} ADD #revision :revisionStep`,
          ExpressionAttributeNames: { ...rest.ExpressionAttributeNames, '#revision': 'revision' },
          ExpressionAttributeValues: { ...rest.ExpressionAttributeValues, ':revisionStep': 1 },
        };
    try {
      const out = await documentClient().send(new UpdateCommand({ TableName: this.tableName, Key: keys.ticket(id), ReturnValues: 'ALL_NEW', ...bumped }));
      return fromItem<Ticket>(out.Attributes!);
    } catch (err) {
      if ((err as Error).name === 'ConditionalCheckFailedException') return undefined;
      throw err;
    }
  }

  async storeTaskToken(ticketId: string, round: number, token: string): Promise<Ticket | undefined> {
    return this.update({
      id: ticketId,
      internal: true,
      UpdateExpression: 'SET taskToken = :token',
      ConditionExpression: `attribute_exists(pk) AND ${ROUND_IS}`,
      ExpressionAttributeNames: { '#round': 'round' },
      ExpressionAttributeValues: { ':token': token, ':round': round },
    });
  }

  async recordFindings(ticketId: string, findings: Findings, expectedRevision?: number): Promise<Ticket | 'refused'> {
    const out = await this.update({
      id: ticketId,
      UpdateExpression:
        'SET rootCause = :rootCause, resolutionSummary = :summary, resolvedBy = :by, resolvedAt = :at, firstResponseAt = if_not_exists(firstResponseAt, :at), #status = :resolved, gsi2pk = :queue',
      ConditionExpression: `#status IN (:open, :inProgress)${expectedRevision === undefined ? '' : ' AND #revision = :seenRevision'}`,
      ExpressionAttributeNames: { '#status': 'status', ...(expectedRevision === undefined ? {} : { '#revision': 'revision' }) },
      ExpressionAttributeValues: {
        ...(expectedRevision === undefined ? {} : { ':seenRevision': expectedRevision }),
        ':rootCause': findings.rootCause,
        ':summary': findings.summary,
        ':by': findings.by,
        ':at': findings.at,
        ':resolved': 'resolved',
        ':queue': keys.statusTickets('resolved').gsi2pk,
        ':open': 'open',
        ':inProgress': 'in_progress',
      },
    });
    if (out) await this.leaveQueue(out);
    return out ?? 'refused';
  }

  /**
   * A resolved ticket leaves the technicians' queue: its entry is at its first-response or its resolution
   * due instant (which one depends on whether it had been answered), so both are deleted. After the
   * resolution's write, not with it; an entry left by a failure here is dropped by the queue's reader.
   */
  private async leaveQueue(ticket: Ticket): Promise<void> {
    const open = { ...ticket, status: 'open' as const };
    const { firstResponseAt: _answered, ...unanswered } = open;
    const dues = [queueClock(unanswered)?.dueAt, queueClock({ ...open, firstResponseAt: open.firstResponseAt ?? open.createdAt })?.dueAt].filter((d): d is string => !!d);
    if (!dues.length) return;
    await documentClient().send(new BatchWriteCommand({ RequestItems: { [this.tableName]: [...new Set(dues)].map((due) => ({ DeleteRequest: { Key: keys.queueEntry(due, ticket.id) } })) } }));
  }

  async recordIncident(ticketId: string, incidentId: string): Promise<void> {
    await this.update({
      id: ticketId,
      UpdateExpression: 'SET incidentId = if_not_exists(incidentId, :incident)',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':incident': incidentId },
    });
  }

  async recordClassification(ticketId: string, round: number, classification: TicketClassification): Promise<void> {
    await this.update({
      id: ticketId,
      UpdateExpression: 'SET classification = :classification',
      ConditionExpression: ROUND_IS,
      ExpressionAttributeNames: { '#round': 'round' },
      ExpressionAttributeValues: { ':classification': classification, ':round': round },
    });
  }

  async recordSettlement(ticketId: string, round: number, billableMinutes: number, charges: Charge[], policy: NonNullable<Ticket['billingPolicy']>): Promise<void> {
    await this.update({
      id: ticketId,
      UpdateExpression: 'SET billableMinutes = :billable, charges = :charges, billingPolicy = :policy',
      ConditionExpression: ROUND_IS,
      ExpressionAttributeNames: { '#round': 'round' },
      ExpressionAttributeValues: { ':billable': billableMinutes, ':charges': charges, ':policy': { billingIncrementMinutes: policy.billingIncrementMinutes, onSiteMinimumMinutes: policy.onSiteMinimumMinutes }, ':round': round },
    });
  }

  async close(ticketId: string, round: number, at: string): Promise<void> {
    // Once per round: a re-run finds `closedRound` already at this round and changes nothing.
    await this.update({
      id: ticketId,
      UpdateExpression: 'SET #status = :closed, gsi2pk = :queue, closedAt = :at, closedRound = :round REMOVE taskToken, attention',
      ConditionExpression: `${ROUND_IS} AND (attribute_not_exists(closedRound) OR closedRound < :round)`,
      ExpressionAttributeNames: { '#status': 'status', '#round': 'round' },
      ExpressionAttributeValues: { ':closed': 'closed', ':queue': keys.statusTickets('closed').gsi2pk, ':at': at, ':round': round },
    });
  }

  async flag(ticketId: string, attention: Attention, round: number): Promise<void> {
    // With its marker in the `ATTENTION` partition, in one transaction, so a supervisor lists it without a Scan.
    try {
      await documentClient().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: keys.ticket(ticketId),
                UpdateExpression: 'SET attention = :attention',
                ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(closedRound) OR closedRound < :round)',
                ExpressionAttributeValues: { ':attention': attention, ':round': round },
              },
            },
            { Put: { TableName: this.tableName, Item: { ...keys.attentionMark(ticketId), type: 'attention-mark', ticketId, at: attention.at, reason: attention.reason } } },
          ],
        }),
      );
    } catch (err) {
      if (cancelledOn(err, 0)) return;
      throw err;
    }
  }

  async recordRerun(ticketId: string, seen: Pick<Ticket, 'status' | 'round' | 'attention' | 'workflowRuns'>, run: WorkflowRun): Promise<Ticket | 'refused'> {
    const runs = seen.workflowRuns ?? 0;
    const out = await this.update({
      id: ticketId,
      UpdateExpression: 'SET workflowRun = :run, workflowRuns = :next REMOVE attention, taskToken',
      ConditionExpression: [
        '#status = :status',
        ROUND_IS,
        seen.attention ? 'attention.#at = :attentionAt' : 'attribute_not_exists(attention)',
        runs ? 'workflowRuns = :runs' : 'attribute_not_exists(workflowRuns)',
      ].join(' AND '),
      ExpressionAttributeNames: { '#status': 'status', '#round': 'round', ...(seen.attention ? { '#at': 'at' } : {}) },
      ExpressionAttributeValues: {
        ':run': run,
        ':next': runs + 1,
        ':status': seen.status,
        ':round': seen.round,
        ...(seen.attention ? { ':attentionAt': seen.attention.at } : {}),
        ...(runs ? { ':runs': runs } : {}),
      },
    });
    if (out && seen.attention) {
      // The marker of the attention this re-run answered (not a newer one); if this fails, the list re-checks the ticket.
      await documentClient().send(
        new DeleteCommand({ TableName: this.tableName, Key: keys.attentionMark(ticketId), ConditionExpression: 'attribute_not_exists(pk) OR #at = :at', ExpressionAttributeNames: { '#at': 'at' }, ExpressionAttributeValues: { ':at': seen.attention.at } }),
      ).catch((err: Error) => {
        if (err.name !== 'ConditionalCheckFailedException') throw err;
      });
    }
    return out ?? 'refused';
  }

  async reclassify(ticketId: string, seen: { round: number; kind: Reclassification['classification'] }, reclassification: Reclassification): Promise<Ticket | 'refused'> {
    const out = await this.update({
      id: ticketId,
      UpdateExpression: 'SET reclassification = :rec, #round = :next, #status = :resolved, gsi2pk = :queue',
      ConditionExpression: `#status = :closed AND classification.kind = :kind AND ${ROUND_IS}`,
      ExpressionAttributeNames: { '#status': 'status', '#round': 'round' },
      ExpressionAttributeValues: {
        ':rec': reclassification,
        ':next': reclassification.round,
        ':resolved': 'resolved',
        ':queue': keys.statusTickets('resolved').gsi2pk,
        ':closed': 'closed',
        ':kind': seen.kind,
        ':round': seen.round,
      },
    });
    return out ?? 'refused';
  }

  async openContest(ticketId: string, contest: Contest): Promise<Ticket | 'refused'> {
    const out = await this.update({
      id: ticketId,
      UpdateExpression: 'SET contest = :contest, #status = :contested, gsi2pk = :queue',
      ConditionExpression: '#status = :closed AND classification.kind = :billable AND attribute_not_exists(contest)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':contest': contest, ':contested': 'contested', ':queue': keys.statusTickets('contested').gsi2pk, ':closed': 'closed', ':billable': 'billable' },
    });
    return out ?? 'refused';
  }

  async decideContest(ticketId: string, decision: Pick<Contest, 'status' | 'decidedBy' | 'decidedAt' | 'note'>): Promise<Ticket | 'refused'> {
    const common = {
      ConditionExpression: '#status = :contested AND contest.#cstatus = :pending',
      ExpressionAttributeNames: { '#status': 'status', '#cstatus': 'status' },
    };
    const decided = { ':decision': decision.status, ':by': decision.decidedBy, ':at': decision.decidedAt, ':note': decision.note ?? '', ':contested': 'contested', ':pending': 'pending' };
    const out =
      decision.status === 'accepted'
        ? // Accepted: the next round will attribute it again and give every minute back; it stays `contested` until then.
          await this.update({
            id: ticketId,
            ...common,
            UpdateExpression: 'SET contest.#cstatus = :decision, contest.decidedBy = :by, contest.decidedAt = :at, contest.note = :note, #round = #round + :one',
            ExpressionAttributeNames: { ...common.ExpressionAttributeNames, '#round': 'round' },
            ExpressionAttributeValues: { ...decided, ':one': 1 },
          })
        : await this.update({
            id: ticketId,
            ...common,
            UpdateExpression: 'SET contest.#cstatus = :decision, contest.decidedBy = :by, contest.decidedAt = :at, contest.note = :note, #status = :closed, gsi2pk = :queue',
            ExpressionAttributeValues: { ...decided, ':closed': 'closed', ':queue': keys.statusTickets('closed').gsi2pk },
          });
    return out ?? 'refused';
  }
}
