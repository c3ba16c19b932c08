/**
 * Every GraphQL operation the web app sends. Each is registered at build time as a persisted operation
 * (build/persisted.ts) and sent by its hash; operation names must be unique.
 */
import { graphql } from './graphql.ts';

export const ViewerQuery = graphql(`
  query Viewer {
    viewer {
      name
      role
      cooperative { id code name }
      plant { id code name }
      lender { id code name }
    }
    consortium { name timeZone baseCurrency }
    harvestCampaigns { id code startsOn endsOn moistureLimitPercent }
  }
`);

export const FarmersPageQuery = graphql(`
  query FarmersPage($after: String, $search: String) {
    farmers(first: 100, after: $after, filter: { search: $search }) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes { id fullName nationalId cooperative { code name } plots { name } }
    }
  }
`);

const LotFields = graphql(`
  fragment LotFields on Lot {
    id code status receivedAt receivedOn bags moisturePercent aboveMoistureLimit productForm
    grossWeight { kg quintals }
    tareWeight { kg quintals }
    netWeight { kg quintals }
    advancePaid { amount currency }
    farmer { fullName nationalId }
    cooperative { code name }
    plant { code name }
    grading { exportableYieldPercent cupScore specialty organic grade }
    rejection { reason }
  }
`);

const IssueFields = graphql(`
  fragment ErrorFields on Error {
    __typename
    message
    ... on InvalidInputError { issues { path code message } }
    ... on ConflictError { code }
  }
`);

export const RecordLotIntakeMutation = graphql(
  `
  mutation RecordLotIntake($input: RecordLotIntakeInput!) {
    recordLotIntake(input: $input) {
      __typename
      ... on RecordLotIntakePayload { replayed lot { ...LotFields } }
      ... on Error { ...ErrorFields }
    }
  }
`,
  [LotFields, IssueFields],
);

export const GradeLotMutation = graphql(
  `
  mutation GradeLot($input: GradeLotInput!) {
    gradeLot(input: $input) {
      __typename
      ... on GradeLotPayload { replayed lot { ...LotFields } }
      ... on Error { ...ErrorFields }
    }
  }
`,
  [LotFields, IssueFields],
);

export const RejectLotMutation = graphql(
  `
  mutation RejectLot($input: RejectLotInput!) {
    rejectLot(input: $input) {
      __typename
      ... on RejectLotPayload { replayed lot { ...LotFields } }
      ... on Error { ...ErrorFields }
    }
  }
`,
  [LotFields, IssueFields],
);

export const PlantLotsQuery = graphql(
  `
  query PlantLots($status: [LotStatus!]) {
    lots(first: 50, filter: { status: $status }) {
      totalCount
      nodes { ...LotFields }
    }
  }
`,
  [LotFields],
);

export const LotActivitySubscription = graphql(`
  subscription LotActivity($plantId: ID!) {
    lotActivity(plantId: $plantId) {
      kind at
      lot { id code status netWeight { kg quintals } farmer { fullName } cooperative { code } }
    }
  }
`);

export const ManagerDashboardQuery = graphql(`
  query ManagerDashboard($campaignId: ID!, $asOf: Date) {
    viewer {
      cooperative {
        id code name
        campaignSummary(campaignId: $campaignId) {
          lotCount rejectedLotCount cuppedLotCount averageCupScore specialtyLotSharePercent
          delivered { kg quintals }
        }
        statement(campaignId: $campaignId, asOf: $asOf) {
          asOf paymentsSettled
          advancesPaid { amount currency }
          sold { kg quintals }
          settled { currency loanRepayments { amount currency } retention { amount currency } toFarmers { amount currency } processingFees { amount currency } commissions { amount currency } }
          farmersToPay { amount currency }
          farmersCarriedDebt { amount currency }
        }
      }
    }
  }
`);

export const CooperativeFarmersQuery = graphql(`
  query CooperativeFarmers($search: String, $after: String) {
    farmers(first: 50, after: $after, filter: { search: $search }) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes { id fullName nationalId gender cooperative { code } plots { name areaHectares } }
    }
  }
`);

export const FarmerStatementQuery = graphql(`
  query FarmerStatement($id: ID!, $campaignId: ID!, $to: Date) {
    node(id: $id) {
      __typename
      ... on Farmer {
        id fullName nationalId cooperative { code name }
        statement(campaignId: $campaignId, to: $to) {
          from to
          delivered { kg quintals }
          currencies {
            currency
            advancesPaid { amount currency }
            closingOwedToFarmer { amount currency }
            lines { occurredOn kind lot { code } paidToFarmer { amount currency } creditedToFarmer { amount currency } owedToFarmer { amount currency } }
          }
        }
      }
    }
  }
`);

export const PortfolioQuery = graphql(`
  query Portfolio($asOf: Date) {
    loanPortfolio(asOf: $asOf) {
      asOf
      currencies {
        currency loans par30
        outstandingPrincipal { amount currency }
        interestDue { amount currency }
        totalDue { amount currency }
        repaid { amount currency }
        aging { bucket loans outstandingPrincipal { amount currency } }
      }
      loans {
        daysPastDue agingBucket
        loan { id code currency maturity cooperative { code name } lender { code } }
        outstandingPrincipal { amount currency }
        interestDue { amount currency }
      }
    }
  }
`);

export const LoanRepaymentsQuery = graphql(`
  query LoanRepayments($id: ID!) {
    node(id: $id) {
      __typename
      ... on CampaignLoan {
        id code currency cooperative { code name } lender { code name }
        repayments {
          id occurredOn kind
          paid { amount currency }
          interest { amount currency }
          principal { amount currency }
          sale { deliveryCode contractCode receivedOn exchangeRate cooperativeWeight { kg quintals } lots { lotCode weight { kg quintals } } }
        }
      }
    }
  }
`);

export const BooksQuery = graphql(`
  query Books($asOf: Date) {
    trialBalance(asOf: $asOf) {
      asOf balanced
      currencies { currency balanced debits { amount currency } credits { amount currency } }
      accounts { code purpose ownerType debits { amount currency } credits { amount currency } balance { amount currency } }
    }
  }
`);

export const AuditVerificationQuery = graphql(`
  query AuditVerification {
    auditVerification { ok entries head lotsChecked journalEntriesChecked problems }
  }
`);

export const JournalPageQuery = graphql(`
  query JournalPage($after: String, $from: Date, $to: Date) {
    journalEntries(first: 100, after: $after, from: $from, to: $to) {
      pageInfo { hasNextPage endCursor }
      nodes { id occurredOn kind description lines { account { code } amount { amount currency } memo } }
    }
  }
`);
