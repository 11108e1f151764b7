/**
 * The commerce backend of a production gateway given no data: nobody is found, nothing is there,
 * and an action (which can only follow a lookup that found something) is refused.
 */
import { CommerceError, type CommerceBackend } from './types.ts';

export function createEmptyCommerce(): CommerceBackend {
  const refuse = async (): Promise<never> => {
    throw new CommerceError('no commerce backend is configured (COMMERCE_API_URL)', 'not_found');
  };
  return {
    customerByAddress: async () => undefined,
    merchantByTenant: async () => undefined,
    getCustomer: async () => undefined,
    findCustomer: async () => undefined,
    listOrders: async () => [],
    getOrder: async () => undefined,
    listInstalments: async () => [],
    extendDueDate: refuse,
    listRefunds: async () => [],
    listReturns: async () => [],
    registerReturn: refuse,
    listCards: async () => [],
    freezeCards: refuse,
    listDisputes: async () => [],
    openDispute: refuse,
    recordAudit: async () => undefined,
  };
}
