import { createHmac } from 'node:crypto';
import { ValidationError } from '../errors.ts';
import type { Logger } from '../gateway/channel.ts';
import type { PersonData, PrivacyStore, Subject } from './types.ts';

/** Who a request is about: exactly one of a phone number, an e-mail address or an id. */
export interface SubjectQuery {
  phone?: string;
  email?: string;
  /** A gateway customer id (`c_…`), an address of any channel (web user id, Slack user), or the commerce customer id. */
  id?: string;
}

/**
 * The commerce records the gateway itself holds (the embedded demo's tables). A commerce
 * backend of your own (`COMMERCE_API_URL`) keeps its records in its own system: erase there.
 */
export interface CommerceRecords {
  /** The commerce customer reached at any of these addresses or with this id. */
  customerFor(addresses: string[]): string | undefined;
  addressesOf(customerId: string): string[];
  export(customerId: string): Promise<unknown>;
  erase(customerId: string): Record<string, number>;
}

export interface PrivacyRequestsDeps {
  store: PrivacyStore;
  commerce?: CommerceRecords;
  /** Said in reports when `commerce` is absent. */
  commerceNote: string;
  logger: Logger;
}

export interface ErasureReport {
  found: boolean;
  /** The gateway customers and addresses that were this person. */
  customers: number;
  addresses: number;
  /** Rows removed (or anonymised, as named) per table. */
  removed: Record<string, number>;
  /** The audit log's record of this request: a keyed hash, not the address. */
  auditedAs: string;
  note?: string;
}

const E164 = /^\+[1-9]\d{6,14}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Checks and normalises a request: one selector, a phone in E.164, a plausible e-mail. */
export function normaliseQuery(query: SubjectQuery): { kind: 'phone' | 'email' | 'id'; value: string } {
  const given = (['phone', 'email', 'id'] as const).filter((kind) => typeof query[kind] === 'string' && query[kind]!.trim() !== '');
  if (given.length !== 1) throw new ValidationError('Name the person with exactly one of phone (--phone), email (--email) or id (--id).', ['phone|email|id: give exactly one']);
  const kind = given[0]!;
  const raw = query[kind]!.trim();
  if (kind === 'phone') {
    const phone = raw.replace(/^(whatsapp|sms):/i, '').replace(/[\s().-]/g, '');
    if (!E164.test(phone)) throw new ValidationError(`"${raw}" is not a phone number in international form (E.164), such as +46701234567.`, ['phone: must be E.164']);
    return { kind, value: phone };
  }
  if (kind === 'email') {
    if (!EMAIL.test(raw)) throw new ValidationError(`"${raw}" is not an e-mail address.`, ['email: must be an e-mail address']);
    return { kind, value: raw.toLowerCase() };
  }
  if (raw.length > 200) throw new ValidationError('The id is longer than any id Switchboard gives (200 characters at most).', ['id: too long']);
  return { kind, value: raw };
}

/** Erasure and export on request (GDPR articles 15, 17 and 20), audited. */
export class PrivacyRequests {
  constructor(private readonly deps: PrivacyRequestsDeps) {}

  /** Every gateway customer and commerce record that is this person, found through each other's addresses. */
  private async resolve(query: SubjectQuery): Promise<{ subject: Subject; commerceId?: string; request: string }> {
    const { kind, value } = normaliseQuery(query);
    const { store, commerce } = this.deps;
    // An id may be a customer id or any channel address (a web user id), so it is looked up as both.
    let subject = await store.findSubject([value], kind === 'id' ? [value] : []);
    const commerceId = commerce?.customerFor([value, ...subject.addresses]);
    if (commerceId) {
      const more = commerce!.addressesOf(commerceId);
      subject = await store.findSubject([...subject.addresses, ...more], subject.customerIds);
      subject = { ...subject, addresses: [...new Set([...subject.addresses, ...more.map((address) => address.toLowerCase())])] };
    }
    return { subject, ...(commerceId ? { commerceId } : {}), request: `${kind}:${value}` };
  }

  private async hash(request: string): Promise<string> {
    return createHmac('sha256', await this.deps.store.privacyKey()).update(request).digest('hex').slice(0, 32);
  }

  /** What an erasure would touch, counted, without touching it (and without an audit entry: nothing is disclosed or changed). */
  async preview(query: SubjectQuery): Promise<{ customers: number; addresses: number; messages: number; replies: number; tickets: number; commerce: boolean }> {
    const { subject, commerceId } = await this.resolve(query);
    const data = await this.deps.store.collect(subject);
    return {
      customers: subject.customerIds.length,
      addresses: subject.addresses.length,
      messages: data.messages.length,
      replies: data.replies.length,
      tickets: data.tickets.length,
      commerce: commerceId !== undefined,
    };
  }

  /** Removes or anonymises everything about the person; `actor` is recorded in the audit log. */
  async erase(query: SubjectQuery, actor: string): Promise<ErasureReport> {
    const { subject, commerceId, request } = await this.resolve(query);
    const removed = subject.customerIds.length > 0 || subject.addresses.length > 0 ? await this.deps.store.erase(subject) : {};
    if (commerceId) Object.assign(removed, this.deps.commerce!.erase(commerceId));
    const auditedAs = await this.hash(request);
    await this.deps.store.audit({ at: new Date(), actor, action: 'erase', subjectHash: auditedAs, counts: removed });
    this.deps.logger.info({ actor, subject: auditedAs, removed }, 'customer data erased on request');
    return {
      found: Object.keys(removed).length > 0,
      customers: subject.customerIds.length,
      addresses: subject.addresses.length,
      removed,
      auditedAs,
      ...(this.deps.commerce ? {} : { note: this.deps.commerceNote }),
    };
  }

  /** Everything held about the person, as one JSON document. */
  async export(query: SubjectQuery, actor: string): Promise<Record<string, unknown>> {
    const { subject, commerceId, request } = await this.resolve(query);
    const data: PersonData = await this.deps.store.collect(subject);
    const auditedAs = await this.hash(request);
    const counts = { customers: data.customers.length, messages: data.messages.length, replies: data.replies.length, tickets: data.tickets.length };
    await this.deps.store.audit({ at: new Date(), actor, action: 'export', subjectHash: auditedAs, counts });
    this.deps.logger.info({ actor, subject: auditedAs, counts }, 'customer data exported on request');
    return {
      format: 'switchboard-customer-export/1',
      exportedAt: new Date().toISOString(),
      request: query,
      addresses: subject.addresses,
      customers: data.customers,
      languages: data.customers.map((customer) => ({ customer: customer.id, language: customer.language ?? null, chosen: customer.languageChosen })),
      markets: data.customers.map((customer) => ({ customer: customer.id, market: customer.market ?? null })),
      messages: data.messages,
      replies: data.replies,
      tickets: data.tickets,
      ratings: data.tickets.filter((ticket) => ticket.rating !== undefined).map((ticket) => ({ ticket: ticket.number, rating: ticket.rating })),
      channelState: data.channelState,
      commerce: commerceId
        ? await this.deps.commerce!.export(commerceId)
        : { note: this.deps.commerce ? 'the demo commerce backend holds no record of this person' : this.deps.commerceNote },
    };
  }
}
