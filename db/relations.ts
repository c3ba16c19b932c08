import { defineRelations } from 'drizzle-orm';
import * as core from './schema.js';
import * as money from './tables-money.js';

// db/schema.ts and the area files (db/tables-<area>.ts, which import from it) make one schema.
const schema = { ...core, ...money };

// Tables only: the views (batch_takes, live_*) are read with raw SQL, not through relational queries.
const {
  batchTakes: _takes,
  liveSalePayments: _livePayments,
  liveSettlementLines: _liveLines,
  liveLoanEvents: _liveLoanEvents,
  ...tables
} = schema;

export const relations = defineRelations(tables, (r) => ({
  consortium: {
    shareholdings: r.many.shareholdings({ from: r.consortium.id, to: r.shareholdings.consortiumId }),
  },
  shareholdings: {
    consortium: r.one.consortium({ from: r.shareholdings.consortiumId, to: r.consortium.id, optional: false }),
    cooperative: r.one.cooperatives({ from: r.shareholdings.cooperativeId, to: r.cooperatives.id }),
    lender: r.one.lenders({ from: r.shareholdings.lenderId, to: r.lenders.id }),
  },
  cooperatives: {
    farmers: r.many.farmers({ from: r.cooperatives.id, to: r.farmers.cooperativeId }),
    lots: r.many.lots({ from: r.cooperatives.id, to: r.lots.cooperativeId }),
    loans: r.many.campaignLoans({ from: r.cooperatives.id, to: r.campaignLoans.cooperativeId }),
    certifications: r.many.cooperativeCertifications({
      from: r.cooperatives.id,
      to: r.cooperativeCertifications.cooperativeId,
    }),
  },
  cooperativeCertifications: {
    cooperative: r.one.cooperatives({
      from: r.cooperativeCertifications.cooperativeId,
      to: r.cooperatives.id,
      optional: false,
    }),
  },
  farmers: {
    cooperative: r.one.cooperatives({ from: r.farmers.cooperativeId, to: r.cooperatives.id, optional: false }),
    plots: r.many.plots({ from: r.farmers.id, to: r.plots.farmerId }),
    certifications: r.many.farmerCertifications({ from: r.farmers.id, to: r.farmerCertifications.farmerId }),
    lots: r.many.lots({ from: r.farmers.id, to: r.lots.farmerId }),
    payouts: r.many.farmerPayouts({ from: r.farmers.id, to: r.farmerPayouts.farmerId }),
  },
  plots: {
    farmer: r.one.farmers({ from: r.plots.farmerId, to: r.farmers.id, optional: false }),
    geolocations: r.many.plotGeolocations({ from: r.plots.id, to: r.plotGeolocations.plotId }),
    assessments: r.many.plotDeforestationAssessments({ from: r.plots.id, to: r.plotDeforestationAssessments.plotId }),
    tenureDocuments: r.many.plotTenureDocuments({ from: r.plots.id, to: r.plotTenureDocuments.plotId }),
  },
  farmerCertifications: {
    farmer: r.one.farmers({ from: r.farmerCertifications.farmerId, to: r.farmers.id, optional: false }),
  },
  harvestCampaigns: {
    lots: r.many.lots({ from: r.harvestCampaigns.id, to: r.lots.campaignId }),
  },
  plants: {
    lots: r.many.lots({ from: r.plants.id, to: r.lots.plantId }),
    warehouses: r.many.warehouses({ from: r.plants.id, to: r.warehouses.plantId }),
    runs: r.many.processingRuns({ from: r.plants.id, to: r.processingRuns.plantId }),
  },
  warehouses: {
    plant: r.one.plants({ from: r.warehouses.plantId, to: r.plants.id, optional: false }),
  },
  lots: {
    campaign: r.one.harvestCampaigns({ from: r.lots.campaignId, to: r.harvestCampaigns.id, optional: false }),
    plant: r.one.plants({ from: r.lots.plantId, to: r.plants.id, optional: false }),
    farmer: r.one.farmers({ from: r.lots.farmerId, to: r.farmers.id, optional: false }),
    cooperative: r.one.cooperatives({ from: r.lots.cooperativeId, to: r.cooperatives.id, optional: false }),
    recorder: r.one.users({ from: r.lots.recordedBy, to: r.users.id, optional: false }),
    gradings: r.many.lotGradings({ from: r.lots.id, to: r.lotGradings.lotId }),
    plots: r.many.plots({ from: r.lots.id.through(r.lotPlots.lotId), to: r.plots.id.through(r.lotPlots.plotId) }),
    grading: r.one.lotGradings({ from: r.lots.currentGradingId, to: r.lotGradings.id }),
    rejection: r.one.lotRejections({ from: r.lots.id, to: r.lotRejections.lotId }),
    batchShares: r.many.batchShares({ from: r.lots.id, to: r.batchShares.lotId }),
    saleTakes: r.many.saleTakes({ from: r.lots.id, to: r.saleTakes.lotId }),
  },
  lotGradings: {
    lot: r.one.lots({ from: r.lotGradings.lotId, to: r.lots.id, optional: false }),
    grader: r.one.users({ from: r.lotGradings.gradedBy, to: r.users.id, optional: false }),
  },
  lotRejections: {
    lot: r.one.lots({ from: r.lotRejections.lotId, to: r.lots.id, optional: false }),
  },
  users: {
    cooperative: r.one.cooperatives({ from: r.users.cooperativeId, to: r.cooperatives.id }),
    plant: r.one.plants({ from: r.users.plantId, to: r.plants.id }),
    lender: r.one.lenders({ from: r.users.lenderId, to: r.lenders.id }),
  },
  processingRuns: {
    plant: r.one.plants({ from: r.processingRuns.plantId, to: r.plants.id, optional: false }),
    recorder: r.one.users({ from: r.processingRuns.recordedBy, to: r.users.id, optional: false }),
    outputs: r.many.stockBatches({ from: r.processingRuns.id, to: r.stockBatches.runId }),
    inputs: r.many.runInputs({ from: r.processingRuns.id, to: r.runInputs.runId }),
    lotLosses: r.many.runLotLosses({ from: r.processingRuns.id, to: r.runLotLosses.runId }),
  },
  stockBatches: {
    run: r.one.processingRuns({ from: r.stockBatches.runId, to: r.processingRuns.id, optional: false }),
    plant: r.one.plants({ from: r.stockBatches.plantId, to: r.plants.id, optional: false }),
    warehouse: r.one.warehouses({ from: r.stockBatches.warehouseId, to: r.warehouses.id, optional: false }),
    shares: r.many.batchShares({ from: r.stockBatches.id, to: r.batchShares.batchId }),
  },
  batchShares: {
    batch: r.one.stockBatches({ from: r.batchShares.batchId, to: r.stockBatches.id, optional: false }),
    lot: r.one.lots({ from: r.batchShares.lotId, to: r.lots.id, optional: false }),
    cooperative: r.one.cooperatives({ from: r.batchShares.cooperativeId, to: r.cooperatives.id, optional: false }),
  },
  runInputs: {
    run: r.one.processingRuns({ from: r.runInputs.runId, to: r.processingRuns.id, optional: false }),
    batch: r.one.stockBatches({ from: r.runInputs.batchId, to: r.stockBatches.id }),
    lot: r.one.lots({ from: r.runInputs.lotId, to: r.lots.id, optional: false }),
  },
  runLotLosses: {
    run: r.one.processingRuns({ from: r.runLotLosses.runId, to: r.processingRuns.id, optional: false }),
    lot: r.one.lots({ from: r.runLotLosses.lotId, to: r.lots.id, optional: false }),
  },
  journalEntries: {
    lines: r.many.journalLines({ from: r.journalEntries.id, to: r.journalLines.entryId }),
    reverses: r.one.journalEntries({
      from: r.journalEntries.reversesEntryId,
      to: r.journalEntries.id,
      alias: 'reversal',
    }),
    reversedBy: r.one.journalEntries({
      from: r.journalEntries.id,
      to: r.journalEntries.reversesEntryId,
      alias: 'reversal',
    }),
    recorder: r.one.users({ from: r.journalEntries.recordedBy, to: r.users.id, optional: false }),
  },
  journalLines: {
    entry: r.one.journalEntries({ from: r.journalLines.entryId, to: r.journalEntries.id, optional: false }),
    account: r.one.ledgerAccounts({ from: r.journalLines.accountId, to: r.ledgerAccounts.id, optional: false }),
    lot: r.one.lots({ from: r.journalLines.lotId, to: r.lots.id }),
  },
  ledgerAccounts: {
    lines: r.many.journalLines({ from: r.ledgerAccounts.id, to: r.journalLines.accountId }),
  },
  advancePrices: {
    cooperative: r.one.cooperatives({ from: r.advancePrices.cooperativeId, to: r.cooperatives.id, optional: false }),
    campaign: r.one.harvestCampaigns({ from: r.advancePrices.campaignId, to: r.harvestCampaigns.id, optional: false }),
  },
  buyers: {
    contracts: r.many.salesContracts({ from: r.buyers.id, to: r.salesContracts.buyerId }),
  },
  salesContracts: {
    buyer: r.one.buyers({ from: r.salesContracts.buyerId, to: r.buyers.id, optional: false }),
    campaign: r.one.harvestCampaigns({ from: r.salesContracts.campaignId, to: r.harvestCampaigns.id, optional: false }),
    deliveries: r.many.saleDeliveries({ from: r.salesContracts.id, to: r.saleDeliveries.contractId }),
    unitPrices: r.many.contractUnitPrices({ from: r.salesContracts.id, to: r.contractUnitPrices.contractId }),
  },
  contractUnitPrices: {
    contract: r.one.salesContracts({ from: r.contractUnitPrices.contractId, to: r.salesContracts.id, optional: false }),
  },
  saleDeliveryLines: {
    delivery: r.one.saleDeliveries({ from: r.saleDeliveryLines.deliveryId, to: r.saleDeliveries.id, optional: false }),
    batch: r.one.stockBatches({ from: r.saleDeliveryLines.batchId, to: r.stockBatches.id, optional: false }),
  },
  saleDeliveries: {
    contract: r.one.salesContracts({ from: r.saleDeliveries.contractId, to: r.salesContracts.id, optional: false }),
    plant: r.one.plants({ from: r.saleDeliveries.plantId, to: r.plants.id, optional: false }),
    takes: r.many.saleTakes({ from: r.saleDeliveries.id, to: r.saleTakes.deliveryId }),
    lines: r.many.saleDeliveryLines({ from: r.saleDeliveries.id, to: r.saleDeliveryLines.deliveryId }),
    payments: r.many.salePayments({ from: r.saleDeliveries.id, to: r.salePayments.deliveryId }),
    dueDiligence: r.many.deliveryDueDiligence({ from: r.saleDeliveries.id, to: r.deliveryDueDiligence.deliveryId }),
  },
  saleTakes: {
    delivery: r.one.saleDeliveries({ from: r.saleTakes.deliveryId, to: r.saleDeliveries.id, optional: false }),
    batch: r.one.stockBatches({ from: r.saleTakes.batchId, to: r.stockBatches.id, optional: false }),
    lot: r.one.lots({ from: r.saleTakes.lotId, to: r.lots.id, optional: false }),
    cooperative: r.one.cooperatives({ from: r.saleTakes.cooperativeId, to: r.cooperatives.id, optional: false }),
  },
  salePayments: {
    delivery: r.one.saleDeliveries({ from: r.salePayments.deliveryId, to: r.saleDeliveries.id, optional: false }),
    exchangeRate: r.one.exchangeRates({ from: r.salePayments.exchangeRateId, to: r.exchangeRates.id }),
    entry: r.one.journalEntries({ from: r.salePayments.entryId, to: r.journalEntries.id, optional: false }),
    lines: r.many.settlementLines({ from: r.salePayments.id, to: r.settlementLines.paymentId }),
    reversal: r.one.salePaymentReversals({ from: r.salePayments.id, to: r.salePaymentReversals.paymentId }),
  },
  settlementLines: {
    payment: r.one.salePayments({ from: r.settlementLines.paymentId, to: r.salePayments.id, optional: false }),
    cooperative: r.one.cooperatives({ from: r.settlementLines.cooperativeId, to: r.cooperatives.id, optional: false }),
    farmer: r.one.farmers({ from: r.settlementLines.farmerId, to: r.farmers.id }),
  },
  campaignLoans: {
    lender: r.one.lenders({ from: r.campaignLoans.lenderId, to: r.lenders.id, optional: false }),
    cooperative: r.one.cooperatives({ from: r.campaignLoans.cooperativeId, to: r.cooperatives.id, optional: false }),
    campaign: r.one.harvestCampaigns({ from: r.campaignLoans.campaignId, to: r.harvestCampaigns.id, optional: false }),
    events: r.many.loanEvents({ from: r.campaignLoans.id, to: r.loanEvents.loanId }),
    instalments: r.many.loanInstalments({ from: r.campaignLoans.id, to: r.loanInstalments.loanId }),
    requests: r.many.loanRequests({ from: r.campaignLoans.id, to: r.loanRequests.loanId }),
  },
  loanEvents: {
    loan: r.one.campaignLoans({ from: r.loanEvents.loanId, to: r.campaignLoans.id, optional: false }),
    payment: r.one.salePayments({ from: r.loanEvents.paymentId, to: r.salePayments.id }),
    entry: r.one.journalEntries({ from: r.loanEvents.entryId, to: r.journalEntries.id, optional: false }),
    reversal: r.one.loanEventReversals({ from: r.loanEvents.id, to: r.loanEventReversals.eventId }),
  },
  loanRequests: {
    loan: r.one.campaignLoans({ from: r.loanRequests.loanId, to: r.campaignLoans.id, optional: false }),
    decision: r.one.loanRequestDecisions({ from: r.loanRequests.id, to: r.loanRequestDecisions.requestId }),
  },
  lenders: {
    shareholdings: r.many.shareholdings({ from: r.lenders.id, to: r.shareholdings.lenderId }),
    loans: r.many.campaignLoans({ from: r.lenders.id, to: r.campaignLoans.lenderId }),
    creditLines: r.many.creditLines({ from: r.lenders.id, to: r.creditLines.lenderId }),
  },
  creditLines: {
    lender: r.one.lenders({ from: r.creditLines.lenderId, to: r.lenders.id, optional: false }),
    events: r.many.creditLineEvents({ from: r.creditLines.id, to: r.creditLineEvents.lineId }),
  },
  creditLineEvents: {
    line: r.one.creditLines({ from: r.creditLineEvents.lineId, to: r.creditLines.id, optional: false }),
  },
  farmerPayouts: {
    farmer: r.one.farmers({ from: r.farmerPayouts.farmerId, to: r.farmers.id, optional: false }),
    cooperative: r.one.cooperatives({ from: r.farmerPayouts.cooperativeId, to: r.cooperatives.id, optional: false }),
    campaign: r.one.harvestCampaigns({ from: r.farmerPayouts.campaignId, to: r.harvestCampaigns.id, optional: false }),
    run: r.one.farmerPayoutRuns({ from: r.farmerPayouts.runId, to: r.farmerPayoutRuns.id }),
    entry: r.one.journalEntries({ from: r.farmerPayouts.entryId, to: r.journalEntries.id, optional: false }),
    reversal: r.one.farmerPayoutReversals({ from: r.farmerPayouts.id, to: r.farmerPayoutReversals.payoutId }),
    recorder: r.one.users({ from: r.farmerPayouts.recordedBy, to: r.users.id, optional: false }),
  },
  farmerPayoutRuns: {
    payouts: r.many.farmerPayouts({ from: r.farmerPayoutRuns.id, to: r.farmerPayouts.runId }),
    cooperative: r.one.cooperatives({ from: r.farmerPayoutRuns.cooperativeId, to: r.cooperatives.id, optional: false }),
  },
  farmerPayoutReversals: {
    payout: r.one.farmerPayouts({ from: r.farmerPayoutReversals.payoutId, to: r.farmerPayouts.id, optional: false }),
  },
}));
