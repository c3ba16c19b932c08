/* eslint-disable */
/* prettier-ignore */

export type introspection_types = {
  AccountBalance: {
    kind: 'OBJECT';
    name: 'AccountBalance';
    fields: {
      balance: {
        name: 'balance';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
      code: {
        name: 'code';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      credits: {
        name: 'credits';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
      debits: {
        name: 'debits';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
      ownerId: { name: 'ownerId'; type: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
      ownerType: {
        name: 'ownerType';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'AccountOwnerType'; ofType: null } };
      };
      purpose: {
        name: 'purpose';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'AccountPurpose'; ofType: null } };
      };
    };
  };
  AccountOwnerType: {
    name: 'AccountOwnerType';
    enumValues: 'BUYER' | 'CONSORTIUM' | 'COOPERATIVE' | 'FARMER' | 'LENDER';
  };
  AccountPurpose: {
    name: 'AccountPurpose';
    enumValues:
      | 'CASH'
      | 'COMMISSION_INCOME'
      | 'CREDIT_LINE'
      | 'EXCHANGE'
      | 'FARMER_BALANCE'
      | 'FEE_INCOME'
      | 'GUARANTEE_RECOVERY'
      | 'INTEREST_EXPENSE'
      | 'LOAN_PAYABLE'
      | 'LOAN_RECEIVABLE'
      | 'PAYABLE'
      | 'PREMIUM_FUND'
      | 'PREMIUM_TO_SETTLE'
      | 'PROCEEDS_TO_SETTLE'
      | 'RECEIVABLE'
      | 'RETENTION_FUND';
  };
  AdvancePrice: {
    kind: 'OBJECT';
    name: 'AdvancePrice';
    fields: {
      campaign: {
        name: 'campaign';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'HarvestCampaign'; ofType: null } };
      };
      cooperative: {
        name: 'cooperative';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Cooperative'; ofType: null } };
      };
      currency: {
        name: 'currency';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'Currency'; ofType: null } };
      };
      effectiveFrom: {
        name: 'effectiveFrom';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Date'; ofType: null } };
      };
      pricePerKg: {
        name: 'pricePerKg';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Decimal'; ofType: null } };
      };
    };
  };
  AgingBucket: { name: 'AgingBucket'; enumValues: 'CURRENT' | 'DAYS_1_30' | 'DAYS_31_60' | 'DAYS_61_90' | 'OVER_90' };
  AgingLine: {
    kind: 'OBJECT';
    name: 'AgingLine';
    fields: {
      bucket: {
        name: 'bucket';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'AgingBucket'; ofType: null } };
      };
      loans: {
        name: 'loans';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
      };
      outstandingPrincipal: {
        name: 'outstandingPrincipal';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
    };
  };
  AuditChainBreak: {
    kind: 'OBJECT';
    name: 'AuditChainBreak';
    fields: {
      kind: {
        name: 'kind';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      reason: {
        name: 'reason';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      seq: {
        name: 'seq';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
      };
    };
  };
  AuditEntry: {
    kind: 'OBJECT';
    name: 'AuditEntry';
    fields: {
      hash: {
        name: 'hash';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      inputDigest: {
        name: 'inputDigest';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      occurredAt: {
        name: 'occurredAt';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'DateTime'; ofType: null } };
      };
      operation: {
        name: 'operation';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      outcome: {
        name: 'outcome';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      prevHash: {
        name: 'prevHash';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      result: {
        name: 'result';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      role: {
        name: 'role';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      seq: {
        name: 'seq';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
      };
      user: {
        name: 'user';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      wrote: {
        name: 'wrote';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
    };
  };
  AuditVerification: {
    kind: 'OBJECT';
    name: 'AuditVerification';
    fields: {
      entries: {
        name: 'entries';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
      };
      firstBreak: { name: 'firstBreak'; type: { kind: 'OBJECT'; name: 'AuditChainBreak'; ofType: null } };
      head: { name: 'head'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      journalEntriesChecked: {
        name: 'journalEntriesChecked';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
      };
      lotsChecked: {
        name: 'lotsChecked';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
      };
      ok: {
        name: 'ok';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      };
      problems: {
        name: 'problems';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
          };
        };
      };
    };
  };
  Backlog: {
    kind: 'OBJECT';
    name: 'Backlog';
    fields: {
      daysOfHulling: { name: 'daysOfHulling'; type: { kind: 'SCALAR'; name: 'Decimal'; ofType: null } };
      graded: {
        name: 'graded';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Weight'; ofType: null } };
      };
      gradedLots: {
        name: 'gradedLots';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
      };
      ungraded: {
        name: 'ungraded';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Weight'; ofType: null } };
      };
      ungradedLots: {
        name: 'ungradedLots';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
      };
    };
  };
  BalanceSubject: { name: 'BalanceSubject'; enumValues: 'BATCH' | 'COOPERATIVE' | 'LOT' | 'RUN' };
  BatchForm: { name: 'BatchForm'; enumValues: 'GREEN' | 'PACKED' | 'ROASTED' };
  BatchInputLine: {
    kind: 'INPUT_OBJECT';
    name: 'BatchInputLine';
    isOneOf: false;
    inputFields: [
      {
        name: 'batchId';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'kg';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Decimal'; ofType: null } };
        defaultValue: null;
      },
    ];
  };
  BatchShare: {
    kind: 'OBJECT';
    name: 'BatchShare';
    fields: {
      batch: {
        name: 'batch';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'StockBatch'; ofType: null } };
      };
      cooperative: {
        name: 'cooperative';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Cooperative'; ofType: null } };
      };
      lot: {
        name: 'lot';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Lot'; ofType: null } };
      };
      remaining: {
        name: 'remaining';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Weight'; ofType: null } };
      };
      weight: {
        name: 'weight';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Weight'; ofType: null } };
      };
    };
  };
  Boolean: unknown;
  Buyer: {
    kind: 'OBJECT';
    name: 'Buyer';
    fields: {
      code: {
        name: 'code';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      country: {
        name: 'country';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      id: { name: 'id'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } } };
      name: {
        name: 'name';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
    };
  };
  CallGuaranteeInput: {
    kind: 'INPUT_OBJECT';
    name: 'CallGuaranteeInput';
    isOneOf: false;
    inputFields: [
      {
        name: 'calledOn';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Date'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'idempotencyKey';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'loanId';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } };
        defaultValue: null;
      },
    ];
  };
  CallGuaranteeResult: {
    kind: 'UNION';
    name: 'CallGuaranteeResult';
    fields: {};
    possibleTypes: 'ConflictError' | 'ForbiddenError' | 'InvalidInputError' | 'LoanEventPayload' | 'NotFoundError';
  };
  CampaignLoan: {
    kind: 'OBJECT';
    name: 'CampaignLoan';
    fields: {
      campaign: {
        name: 'campaign';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'HarvestCampaign'; ofType: null } };
      };
      code: {
        name: 'code';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      convention: {
        name: 'convention';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'InterestConvention'; ofType: null } };
      };
      cooperative: {
        name: 'cooperative';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Cooperative'; ofType: null } };
      };
      coverage: {
        name: 'coverage';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'LoanCoverage'; ofType: null } };
      };
      currency: {
        name: 'currency';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'Currency'; ofType: null } };
      };
      endorsed: {
        name: 'endorsed';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
      events: {
        name: 'events';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'LoanEvent'; ofType: null } };
          };
        };
      };
      fee: {
        name: 'fee';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
      id: { name: 'id'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } } };
      instalments: {
        name: 'instalments';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'LoanInstalment'; ofType: null } };
          };
        };
      };
      lender: {
        name: 'lender';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Lender'; ofType: null } };
      };
      maturity: {
        name: 'maturity';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Date'; ofType: null } };
      };
      position: {
        name: 'position';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'LoanPosition'; ofType: null } };
      };
      principal: {
        name: 'principal';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
      ratePercent: {
        name: 'ratePercent';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Decimal'; ofType: null } };
      };
      repayments: {
        name: 'repayments';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'LoanEvent'; ofType: null } };
          };
        };
      };
      signedOn: {
        name: 'signedOn';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Date'; ofType: null } };
      };
    };
  };
  CampaignLoanConnection: {
    kind: 'OBJECT';
    name: 'CampaignLoanConnection';
    fields: {
      edges: {
        name: 'edges';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: {
              kind: 'NON_NULL';
              name: never;
              ofType: { kind: 'OBJECT'; name: 'CampaignLoanEdge'; ofType: null };
            };
          };
        };
      };
      nodes: {
        name: 'nodes';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'CampaignLoan'; ofType: null } };
          };
        };
      };
      pageInfo: {
        name: 'pageInfo';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'PageInfo'; ofType: null } };
      };
      totalCount: {
        name: 'totalCount';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
      };
    };
  };
  CampaignLoanEdge: {
    kind: 'OBJECT';
    name: 'CampaignLoanEdge';
    fields: {
      cursor: {
        name: 'cursor';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      node: {
        name: 'node';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'CampaignLoan'; ofType: null } };
      };
    };
  };
  CampaignLoanPayload: {
    kind: 'OBJECT';
    name: 'CampaignLoanPayload';
    fields: {
      loan: {
        name: 'loan';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'CampaignLoan'; ofType: null } };
      };
      replayed: {
        name: 'replayed';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      };
    };
  };
  CertificationScheme: {
    name: 'CertificationScheme';
    enumValues: 'BIRD_FRIENDLY' | 'CAFE_PRACTICES' | 'FAIRTRADE' | 'ORGANIC' | 'RAINFOREST_ALLIANCE';
  };
  ConflictError: {
    kind: 'OBJECT';
    name: 'ConflictError';
    fields: {
      code: {
        name: 'code';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      message: {
        name: 'message';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
    };
  };
  Consortium: {
    kind: 'OBJECT';
    name: 'Consortium';
    fields: {
      baseCurrency: {
        name: 'baseCurrency';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      country: {
        name: 'country';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      defaultMoistureLimitPercent: {
        name: 'defaultMoistureLimitPercent';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Decimal'; ofType: null } };
      };
      name: {
        name: 'name';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      shareholdings: {
        name: 'shareholdings';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Shareholding'; ofType: null } };
          };
        };
      };
      timeZone: {
        name: 'timeZone';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      totalStakePercent: {
        name: 'totalStakePercent';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Decimal'; ofType: null } };
      };
      yieldTolerancePercent: {
        name: 'yieldTolerancePercent';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Decimal'; ofType: null } };
      };
    };
  };
  ContractPricing: { name: 'ContractPricing'; enumValues: 'DIFFERENTIAL' | 'FIXED' | 'PER_UNIT' };
  Cooperative: {
    kind: 'OBJECT';
    name: 'Cooperative';
    fields: {
      campaignSummary: {
        name: 'campaignSummary';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: { kind: 'OBJECT'; name: 'CooperativeCampaignSummary'; ofType: null };
        };
      };
      certifications: {
        name: 'certifications';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: {
              kind: 'NON_NULL';
              name: never;
              ofType: { kind: 'OBJECT'; name: 'CooperativeCertification'; ofType: null };
            };
          };
        };
      };
      code: {
        name: 'code';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      farmers: {
        name: 'farmers';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: { kind: 'OBJECT'; name: 'CooperativeFarmersConnection'; ofType: null };
        };
      };
      id: { name: 'id'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } } };
      loans: {
        name: 'loans';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'CampaignLoan'; ofType: null } };
          };
        };
      };
      lots: {
        name: 'lots';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: { kind: 'OBJECT'; name: 'CooperativeLotsConnection'; ofType: null };
        };
      };
      membership: {
        name: 'membership';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'Membership'; ofType: null } };
      };
      name: {
        name: 'name';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      region: {
        name: 'region';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      statement: {
        name: 'statement';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'MoneyStatement'; ofType: null } };
      };
    };
  };
  CooperativeCampaignSummary: {
    kind: 'OBJECT';
    name: 'CooperativeCampaignSummary';
    fields: {
      averageCupScore: { name: 'averageCupScore'; type: { kind: 'SCALAR'; name: 'Decimal'; ofType: null } };
      cooperative: {
        name: 'cooperative';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Cooperative'; ofType: null } };
      };
      cuppedLotCount: {
        name: 'cuppedLotCount';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
      };
      delivered: {
        name: 'delivered';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Weight'; ofType: null } };
      };
      lotCount: {
        name: 'lotCount';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
      };
      rejectedLotCount: {
        name: 'rejectedLotCount';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
      };
      specialtyLotSharePercent: {
        name: 'specialtyLotSharePercent';
        type: { kind: 'SCALAR'; name: 'Decimal'; ofType: null };
      };
      specialtyWeightSharePercent: {
        name: 'specialtyWeightSharePercent';
        type: { kind: 'SCALAR'; name: 'Decimal'; ofType: null };
      };
    };
  };
  CooperativeCertification: {
    kind: 'OBJECT';
    name: 'CooperativeCertification';
    fields: {
      certificateNumber: { name: 'certificateNumber'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      scheme: {
        name: 'scheme';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'CertificationScheme'; ofType: null } };
      };
      validFrom: {
        name: 'validFrom';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Date'; ofType: null } };
      };
      validTo: {
        name: 'validTo';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Date'; ofType: null } };
      };
      validToday: {
        name: 'validToday';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      };
    };
  };
  CooperativeConnection: {
    kind: 'OBJECT';
    name: 'CooperativeConnection';
    fields: {
      edges: {
        name: 'edges';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: {
              kind: 'NON_NULL';
              name: never;
              ofType: { kind: 'OBJECT'; name: 'CooperativeEdge'; ofType: null };
            };
          };
        };
      };
      nodes: {
        name: 'nodes';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Cooperative'; ofType: null } };
          };
        };
      };
      pageInfo: {
        name: 'pageInfo';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'PageInfo'; ofType: null } };
      };
      totalCount: {
        name: 'totalCount';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
      };
    };
  };
  CooperativeEdge: {
    kind: 'OBJECT';
    name: 'CooperativeEdge';
    fields: {
      cursor: {
        name: 'cursor';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      node: {
        name: 'node';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Cooperative'; ofType: null } };
      };
    };
  };
  CooperativeFarmersConnection: {
    kind: 'OBJECT';
    name: 'CooperativeFarmersConnection';
    fields: {
      edges: {
        name: 'edges';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: {
              kind: 'NON_NULL';
              name: never;
              ofType: { kind: 'OBJECT'; name: 'CooperativeFarmersConnectionEdge'; ofType: null };
            };
          };
        };
      };
      nodes: {
        name: 'nodes';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Farmer'; ofType: null } };
          };
        };
      };
      pageInfo: {
        name: 'pageInfo';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'PageInfo'; ofType: null } };
      };
      totalCount: {
        name: 'totalCount';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
      };
    };
  };
  CooperativeFarmersConnectionEdge: {
    kind: 'OBJECT';
    name: 'CooperativeFarmersConnectionEdge';
    fields: {
      cursor: {
        name: 'cursor';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      node: {
        name: 'node';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Farmer'; ofType: null } };
      };
    };
  };
  CooperativeFilter: {
    kind: 'INPUT_OBJECT';
    name: 'CooperativeFilter';
    isOneOf: false;
    inputFields: [
      { name: 'certification'; type: { kind: 'ENUM'; name: 'CertificationScheme'; ofType: null }; defaultValue: null },
      { name: 'certifiedOn'; type: { kind: 'SCALAR'; name: 'Date'; ofType: null }; defaultValue: null },
      { name: 'membership'; type: { kind: 'ENUM'; name: 'Membership'; ofType: null }; defaultValue: null },
      { name: 'region'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      { name: 'search'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
    ];
  };
  CooperativeLotsConnection: {
    kind: 'OBJECT';
    name: 'CooperativeLotsConnection';
    fields: {
      edges: {
        name: 'edges';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: {
              kind: 'NON_NULL';
              name: never;
              ofType: { kind: 'OBJECT'; name: 'CooperativeLotsConnectionEdge'; ofType: null };
            };
          };
        };
      };
      nodes: {
        name: 'nodes';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Lot'; ofType: null } };
          };
        };
      };
      pageInfo: {
        name: 'pageInfo';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'PageInfo'; ofType: null } };
      };
      totalCount: {
        name: 'totalCount';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
      };
    };
  };
  CooperativeLotsConnectionEdge: {
    kind: 'OBJECT';
    name: 'CooperativeLotsConnectionEdge';
    fields: {
      cursor: {
        name: 'cursor';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      node: {
        name: 'node';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Lot'; ofType: null } };
      };
    };
  };
  CooperativeSaleShare: {
    kind: 'OBJECT';
    name: 'CooperativeSaleShare';
    fields: {
      cooperative: {
        name: 'cooperative';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Cooperative'; ofType: null } };
      };
      premium: {
        name: 'premium';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
      value: {
        name: 'value';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
      weight: {
        name: 'weight';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Weight'; ofType: null } };
      };
    };
  };
  CooperativeSettlement: {
    kind: 'OBJECT';
    name: 'CooperativeSettlement';
    fields: {
      commission: {
        name: 'commission';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
      cooperative: {
        name: 'cooperative';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Cooperative'; ofType: null } };
      };
      farmers: {
        name: 'farmers';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: {
              kind: 'NON_NULL';
              name: never;
              ofType: { kind: 'OBJECT'; name: 'FarmerSettlementCredit'; ofType: null };
            };
          };
        };
      };
      loanRepayments: {
        name: 'loanRepayments';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
          };
        };
      };
      loans: {
        name: 'loans';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'LoanEvent'; ofType: null } };
          };
        };
      };
      premium: {
        name: 'premium';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
      processingFee: {
        name: 'processingFee';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
      retention: {
        name: 'retention';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
      share: {
        name: 'share';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
      toFarmers: {
        name: 'toFarmers';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
      weight: {
        name: 'weight';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Weight'; ofType: null } };
      };
    };
  };
  CooperativeShare: {
    kind: 'OBJECT';
    name: 'CooperativeShare';
    fields: {
      cooperative: {
        name: 'cooperative';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Cooperative'; ofType: null } };
      };
      remaining: {
        name: 'remaining';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Weight'; ofType: null } };
      };
      weight: {
        name: 'weight';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Weight'; ofType: null } };
      };
    };
  };
  CreateBuyerInput: {
    kind: 'INPUT_OBJECT';
    name: 'CreateBuyerInput';
    isOneOf: false;
    inputFields: [
      {
        name: 'code';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'country';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'idempotencyKey';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'name';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
    ];
  };
  CreateBuyerPayload: {
    kind: 'OBJECT';
    name: 'CreateBuyerPayload';
    fields: {
      buyer: {
        name: 'buyer';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Buyer'; ofType: null } };
      };
      replayed: {
        name: 'replayed';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      };
    };
  };
  CreateBuyerResult: {
    kind: 'UNION';
    name: 'CreateBuyerResult';
    fields: {};
    possibleTypes: 'ConflictError' | 'CreateBuyerPayload' | 'ForbiddenError' | 'InvalidInputError' | 'NotFoundError';
  };
  CreateCampaignLoanInput: {
    kind: 'INPUT_OBJECT';
    name: 'CreateCampaignLoanInput';
    isOneOf: false;
    inputFields: [
      {
        name: 'campaignId';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'code';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'convention';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'InterestConvention'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'cooperativeId';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'currency';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'Currency'; ofType: null } };
        defaultValue: null;
      },
      { name: 'endorsed'; type: { kind: 'SCALAR'; name: 'Decimal'; ofType: null }; defaultValue: null },
      { name: 'fee'; type: { kind: 'SCALAR'; name: 'Decimal'; ofType: null }; defaultValue: null },
      {
        name: 'idempotencyKey';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'instalments';
        type: {
          kind: 'LIST';
          name: never;
          ofType: {
            kind: 'NON_NULL';
            name: never;
            ofType: { kind: 'INPUT_OBJECT'; name: 'LoanInstalmentInput'; ofType: null };
          };
        };
        defaultValue: null;
      },
      {
        name: 'lenderId';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'maturity';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Date'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'principal';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Decimal'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'ratePercent';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Decimal'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'signedOn';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Date'; ofType: null } };
        defaultValue: null;
      },
    ];
  };
  CreateCampaignLoanResult: {
    kind: 'UNION';
    name: 'CreateCampaignLoanResult';
    fields: {};
    possibleTypes: 'CampaignLoanPayload' | 'ConflictError' | 'ForbiddenError' | 'InvalidInputError' | 'NotFoundError';
  };
  CreateCreditLineInput: {
    kind: 'INPUT_OBJECT';
    name: 'CreateCreditLineInput';
    isOneOf: false;
    inputFields: [
      {
        name: 'code';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'convention';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'InterestConvention'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'currency';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'Currency'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'idempotencyKey';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'lenderId';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'limit';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Decimal'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'maturesOn';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Date'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'opensOn';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Date'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'ratePercent';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Decimal'; ofType: null } };
        defaultValue: null;
      },
    ];
  };
  CreateCreditLineResult: {
    kind: 'UNION';
    name: 'CreateCreditLineResult';
    fields: {};
    possibleTypes: 'ConflictError' | 'CreditLinePayload' | 'ForbiddenError' | 'InvalidInputError' | 'NotFoundError';
  };
  CreateDomesticContractInput: {
    kind: 'INPUT_OBJECT';
    name: 'CreateDomesticContractInput';
    isOneOf: false;
    inputFields: [
      {
        name: 'buyerId';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'campaignId';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'code';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'idempotencyKey';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'prices';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: {
              kind: 'NON_NULL';
              name: never;
              ofType: { kind: 'INPUT_OBJECT'; name: 'UnitPriceInput'; ofType: null };
            };
          };
        };
        defaultValue: null;
      },
      {
        name: 'signedOn';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Date'; ofType: null } };
        defaultValue: null;
      },
    ];
  };
  CreateDomesticContractResult: {
    kind: 'UNION';
    name: 'CreateDomesticContractResult';
    fields: {};
    possibleTypes:
      | 'ConflictError'
      | 'CreateSalesContractPayload'
      | 'ForbiddenError'
      | 'InvalidInputError'
      | 'NotFoundError';
  };
  CreateLenderInput: {
    kind: 'INPUT_OBJECT';
    name: 'CreateLenderInput';
    isOneOf: false;
    inputFields: [
      {
        name: 'code';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'country';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'idempotencyKey';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'kind';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'LenderKind'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'name';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
    ];
  };
  CreateLenderPayload: {
    kind: 'OBJECT';
    name: 'CreateLenderPayload';
    fields: {
      lender: {
        name: 'lender';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Lender'; ofType: null } };
      };
      replayed: {
        name: 'replayed';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      };
    };
  };
  CreateLenderResult: {
    kind: 'UNION';
    name: 'CreateLenderResult';
    fields: {};
    possibleTypes: 'ConflictError' | 'CreateLenderPayload' | 'ForbiddenError' | 'InvalidInputError' | 'NotFoundError';
  };
  CreateSalesContractInput: {
    kind: 'INPUT_OBJECT';
    name: 'CreateSalesContractInput';
    isOneOf: false;
    inputFields: [
      { name: 'bags'; type: { kind: 'SCALAR'; name: 'Int'; ofType: null }; defaultValue: null },
      {
        name: 'buyerId';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'campaignId';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'code';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'currency';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'Currency'; ofType: null } };
        defaultValue: null;
      },
      { name: 'differentialPerLb'; type: { kind: 'SCALAR'; name: 'Decimal'; ofType: null }; defaultValue: null },
      {
        name: 'fairtrade';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'grade';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'GreenGrade'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'idempotencyKey';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'organic';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
        defaultValue: null;
      },
      { name: 'pricePerLb'; type: { kind: 'SCALAR'; name: 'Decimal'; ofType: null }; defaultValue: null },
      { name: 'quantityKg'; type: { kind: 'SCALAR'; name: 'Decimal'; ofType: null }; defaultValue: null },
      { name: 'referenceMarket'; type: { kind: 'ENUM'; name: 'ReferenceMarket'; ofType: null }; defaultValue: null },
      {
        name: 'signedOn';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Date'; ofType: null } };
        defaultValue: null;
      },
    ];
  };
  CreateSalesContractPayload: {
    kind: 'OBJECT';
    name: 'CreateSalesContractPayload';
    fields: {
      contract: {
        name: 'contract';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'SalesContract'; ofType: null } };
      };
      replayed: {
        name: 'replayed';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      };
    };
  };
  CreateSalesContractResult: {
    kind: 'UNION';
    name: 'CreateSalesContractResult';
    fields: {};
    possibleTypes:
      | 'ConflictError'
      | 'CreateSalesContractPayload'
      | 'ForbiddenError'
      | 'InvalidInputError'
      | 'NotFoundError';
  };
  CreditLine: {
    kind: 'OBJECT';
    name: 'CreditLine';
    fields: {
      available: {
        name: 'available';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
      code: {
        name: 'code';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      convention: {
        name: 'convention';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'InterestConvention'; ofType: null } };
      };
      currency: {
        name: 'currency';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'Currency'; ofType: null } };
      };
      drawn: {
        name: 'drawn';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
      id: { name: 'id'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } } };
      interestDue: {
        name: 'interestDue';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
      lender: {
        name: 'lender';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Lender'; ofType: null } };
      };
      limit: {
        name: 'limit';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
      maturesOn: {
        name: 'maturesOn';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Date'; ofType: null } };
      };
      movements: {
        name: 'movements';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: {
              kind: 'NON_NULL';
              name: never;
              ofType: { kind: 'OBJECT'; name: 'CreditLineMovement'; ofType: null };
            };
          };
        };
      };
      opensOn: {
        name: 'opensOn';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Date'; ofType: null } };
      };
      ratePercent: {
        name: 'ratePercent';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Decimal'; ofType: null } };
      };
      totalDue: {
        name: 'totalDue';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
    };
  };
  CreditLineMovement: {
    kind: 'OBJECT';
    name: 'CreditLineMovement';
    fields: {
      amount: {
        name: 'amount';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
      interest: {
        name: 'interest';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
      kind: {
        name: 'kind';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      occurredOn: {
        name: 'occurredOn';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Date'; ofType: null } };
      };
      principal: {
        name: 'principal';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
    };
  };
  CreditLineMovementInput: {
    kind: 'INPUT_OBJECT';
    name: 'CreditLineMovementInput';
    isOneOf: false;
    inputFields: [
      {
        name: 'amount';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Decimal'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'idempotencyKey';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'lineId';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'on';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Date'; ofType: null } };
        defaultValue: null;
      },
    ];
  };
  CreditLineMovementPayload: {
    kind: 'OBJECT';
    name: 'CreditLineMovementPayload';
    fields: {
      creditLine: {
        name: 'creditLine';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'CreditLine'; ofType: null } };
      };
      replayed: {
        name: 'replayed';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      };
    };
  };
  CreditLinePayload: {
    kind: 'OBJECT';
    name: 'CreditLinePayload';
    fields: {
      creditLine: {
        name: 'creditLine';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'CreditLine'; ofType: null } };
      };
      replayed: {
        name: 'replayed';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      };
    };
  };
  CupProtocol: { name: 'CupProtocol'; enumValues: 'COE' | 'CQI_Q' | 'SCA' };
  Currency: { name: 'Currency'; enumValues: 'PEN' | 'USD' };
  CurrencyTrialTotals: {
    kind: 'OBJECT';
    name: 'CurrencyTrialTotals';
    fields: {
      balanced: {
        name: 'balanced';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      };
      credits: {
        name: 'credits';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
      currency: {
        name: 'currency';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'Currency'; ofType: null } };
      };
      debits: {
        name: 'debits';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
    };
  };
  Date: unknown;
  DateTime: unknown;
  DecideLoanRequestInput: {
    kind: 'INPUT_OBJECT';
    name: 'DecideLoanRequestInput';
    isOneOf: false;
    inputFields: [
      {
        name: 'approve';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'idempotencyKey';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
      { name: 'reason'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      {
        name: 'requestId';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } };
        defaultValue: null;
      },
    ];
  };
  DecideLoanRequestResult: {
    kind: 'UNION';
    name: 'DecideLoanRequestResult';
    fields: {};
    possibleTypes: 'ConflictError' | 'ForbiddenError' | 'InvalidInputError' | 'LoanRequestPayload' | 'NotFoundError';
  };
  Decimal: unknown;
  DeliveryInputLine: {
    kind: 'INPUT_OBJECT';
    name: 'DeliveryInputLine';
    isOneOf: false;
    inputFields: [
      {
        name: 'batchId';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'kg';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Decimal'; ofType: null } };
        defaultValue: null;
      },
    ];
  };
  DomesticDeliveryLineInput: {
    kind: 'INPUT_OBJECT';
    name: 'DomesticDeliveryLineInput';
    isOneOf: false;
    inputFields: [
      {
        name: 'batchId';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'units';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
        defaultValue: null;
      },
    ];
  };
  DrawCreditLineResult: {
    kind: 'UNION';
    name: 'DrawCreditLineResult';
    fields: {};
    possibleTypes:
      | 'ConflictError'
      | 'CreditLineMovementPayload'
      | 'ForbiddenError'
      | 'InvalidInputError'
      | 'NotFoundError';
  };
  Error: {
    kind: 'INTERFACE';
    name: 'Error';
    fields: {
      message: {
        name: 'message';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
    };
    possibleTypes: 'ConflictError' | 'ForbiddenError' | 'InvalidInputError' | 'NotFoundError';
  };
  ExchangeRate: {
    kind: 'OBJECT';
    name: 'ExchangeRate';
    fields: {
      base: {
        name: 'base';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'Currency'; ofType: null } };
      };
      quote: {
        name: 'quote';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'Currency'; ofType: null } };
      };
      rate: {
        name: 'rate';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Decimal'; ofType: null } };
      };
      ratedOn: {
        name: 'ratedOn';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Date'; ofType: null } };
      };
      source: {
        name: 'source';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
    };
  };
  ExchangeRateInput: {
    kind: 'INPUT_OBJECT';
    name: 'ExchangeRateInput';
    isOneOf: false;
    inputFields: [
      {
        name: 'rate';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Decimal'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'source';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
    ];
  };
  Farmer: {
    kind: 'OBJECT';
    name: 'Farmer';
    fields: {
      certifications: {
        name: 'certifications';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: {
              kind: 'NON_NULL';
              name: never;
              ofType: { kind: 'OBJECT'; name: 'FarmerCertification'; ofType: null };
            };
          };
        };
      };
      cooperative: {
        name: 'cooperative';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Cooperative'; ofType: null } };
      };
      fullName: {
        name: 'fullName';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      gender: { name: 'gender'; type: { kind: 'ENUM'; name: 'Gender'; ofType: null } };
      id: { name: 'id'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } } };
      lots: {
        name: 'lots';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'FarmerLotsConnection'; ofType: null } };
      };
      nationalId: {
        name: 'nationalId';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      plots: {
        name: 'plots';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Plot'; ofType: null } };
          };
        };
      };
      statement: {
        name: 'statement';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'FarmerStatement'; ofType: null } };
      };
    };
  };
  FarmerCertification: {
    kind: 'OBJECT';
    name: 'FarmerCertification';
    fields: {
      scheme: {
        name: 'scheme';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'CertificationScheme'; ofType: null } };
      };
      validFrom: {
        name: 'validFrom';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Date'; ofType: null } };
      };
      validTo: {
        name: 'validTo';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Date'; ofType: null } };
      };
    };
  };
  FarmerConnection: {
    kind: 'OBJECT';
    name: 'FarmerConnection';
    fields: {
      edges: {
        name: 'edges';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'FarmerEdge'; ofType: null } };
          };
        };
      };
      nodes: {
        name: 'nodes';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Farmer'; ofType: null } };
          };
        };
      };
      pageInfo: {
        name: 'pageInfo';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'PageInfo'; ofType: null } };
      };
      totalCount: {
        name: 'totalCount';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
      };
    };
  };
  FarmerEdge: {
    kind: 'OBJECT';
    name: 'FarmerEdge';
    fields: {
      cursor: {
        name: 'cursor';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      node: {
        name: 'node';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Farmer'; ofType: null } };
      };
    };
  };
  FarmerFilter: {
    kind: 'INPUT_OBJECT';
    name: 'FarmerFilter';
    isOneOf: false;
    inputFields: [
      { name: 'certification'; type: { kind: 'ENUM'; name: 'CertificationScheme'; ofType: null }; defaultValue: null },
      { name: 'certifiedOn'; type: { kind: 'SCALAR'; name: 'Date'; ofType: null }; defaultValue: null },
      { name: 'cooperativeId'; type: { kind: 'SCALAR'; name: 'ID'; ofType: null }; defaultValue: null },
      { name: 'gender'; type: { kind: 'ENUM'; name: 'Gender'; ofType: null }; defaultValue: null },
      { name: 'search'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
    ];
  };
  FarmerLotsConnection: {
    kind: 'OBJECT';
    name: 'FarmerLotsConnection';
    fields: {
      edges: {
        name: 'edges';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: {
              kind: 'NON_NULL';
              name: never;
              ofType: { kind: 'OBJECT'; name: 'FarmerLotsConnectionEdge'; ofType: null };
            };
          };
        };
      };
      nodes: {
        name: 'nodes';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Lot'; ofType: null } };
          };
        };
      };
      pageInfo: {
        name: 'pageInfo';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'PageInfo'; ofType: null } };
      };
      totalCount: {
        name: 'totalCount';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
      };
    };
  };
  FarmerLotsConnectionEdge: {
    kind: 'OBJECT';
    name: 'FarmerLotsConnectionEdge';
    fields: {
      cursor: {
        name: 'cursor';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      node: {
        name: 'node';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Lot'; ofType: null } };
      };
    };
  };
  FarmerSettlementCredit: {
    kind: 'OBJECT';
    name: 'FarmerSettlementCredit';
    fields: {
      amount: {
        name: 'amount';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
      farmer: {
        name: 'farmer';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Farmer'; ofType: null } };
      };
      weight: {
        name: 'weight';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Weight'; ofType: null } };
      };
    };
  };
  FarmerStatement: {
    kind: 'OBJECT';
    name: 'FarmerStatement';
    fields: {
      currencies: {
        name: 'currencies';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: {
              kind: 'NON_NULL';
              name: never;
              ofType: { kind: 'OBJECT'; name: 'FarmerStatementCurrency'; ofType: null };
            };
          };
        };
      };
      delivered: {
        name: 'delivered';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Weight'; ofType: null } };
      };
      deliveries: {
        name: 'deliveries';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Lot'; ofType: null } };
          };
        };
      };
      from: {
        name: 'from';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Date'; ofType: null } };
      };
      to: {
        name: 'to';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Date'; ofType: null } };
      };
    };
  };
  FarmerStatementCurrency: {
    kind: 'OBJECT';
    name: 'FarmerStatementCurrency';
    fields: {
      advancesPaid: {
        name: 'advancesPaid';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
      closingOwedToFarmer: {
        name: 'closingOwedToFarmer';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
      currency: {
        name: 'currency';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'Currency'; ofType: null } };
      };
      lines: {
        name: 'lines';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: {
              kind: 'NON_NULL';
              name: never;
              ofType: { kind: 'OBJECT'; name: 'FarmerStatementLine'; ofType: null };
            };
          };
        };
      };
      openingOwedToFarmer: {
        name: 'openingOwedToFarmer';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
    };
  };
  FarmerStatementLine: {
    kind: 'OBJECT';
    name: 'FarmerStatementLine';
    fields: {
      creditedToFarmer: { name: 'creditedToFarmer'; type: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      description: {
        name: 'description';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      kind: {
        name: 'kind';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      lot: { name: 'lot'; type: { kind: 'OBJECT'; name: 'Lot'; ofType: null } };
      occurredOn: {
        name: 'occurredOn';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Date'; ofType: null } };
      };
      owedToFarmer: {
        name: 'owedToFarmer';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
      paidToFarmer: { name: 'paidToFarmer'; type: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
    };
  };
  ForbiddenError: {
    kind: 'OBJECT';
    name: 'ForbiddenError';
    fields: {
      message: {
        name: 'message';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
    };
  };
  Gender: { name: 'Gender'; enumValues: 'FEMALE' | 'MALE' | 'OTHER' };
  GradeLotInput: {
    kind: 'INPUT_OBJECT';
    name: 'GradeLotInput';
    isOneOf: false;
    inputFields: [
      {
        name: 'category1Defects';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'category2Defects';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
        defaultValue: null;
      },
      { name: 'cupProtocol'; type: { kind: 'ENUM'; name: 'CupProtocol'; ofType: null }; defaultValue: null },
      { name: 'cupScore'; type: { kind: 'SCALAR'; name: 'Decimal'; ofType: null }; defaultValue: null },
      {
        name: 'exportableYieldPercent';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Decimal'; ofType: null } };
        defaultValue: null;
      },
      { name: 'grade'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      { name: 'gradedAt'; type: { kind: 'SCALAR'; name: 'DateTime'; ofType: null }; defaultValue: null },
      {
        name: 'idempotencyKey';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'lotId';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'organic';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
        defaultValue: null;
      },
    ];
  };
  GradeLotPayload: {
    kind: 'OBJECT';
    name: 'GradeLotPayload';
    fields: {
      lot: {
        name: 'lot';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Lot'; ofType: null } };
      };
      replayed: {
        name: 'replayed';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      };
    };
  };
  GradeLotResult: {
    kind: 'UNION';
    name: 'GradeLotResult';
    fields: {};
    possibleTypes: 'ConflictError' | 'ForbiddenError' | 'GradeLotPayload' | 'InvalidInputError' | 'NotFoundError';
  };
  GreenGrade: { name: 'GreenGrade'; enumValues: 'EXPORT' | 'PASILLA' | 'SECOND' };
  HarvestCampaign: {
    kind: 'OBJECT';
    name: 'HarvestCampaign';
    fields: {
      advancePrices: {
        name: 'advancePrices';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'AdvancePrice'; ofType: null } };
          };
        };
      };
      code: {
        name: 'code';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      cooperativeSummaries: {
        name: 'cooperativeSummaries';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: {
              kind: 'NON_NULL';
              name: never;
              ofType: { kind: 'OBJECT'; name: 'CooperativeCampaignSummary'; ofType: null };
            };
          };
        };
      };
      endsOn: {
        name: 'endsOn';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Date'; ofType: null } };
      };
      id: { name: 'id'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } } };
      moistureLimitPercent: {
        name: 'moistureLimitPercent';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Decimal'; ofType: null } };
      };
      moneySummary: {
        name: 'moneySummary';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'MoneyStatement'; ofType: null } };
      };
      name: {
        name: 'name';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      startsOn: {
        name: 'startsOn';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Date'; ofType: null } };
      };
    };
  };
  HullingInputLine: {
    kind: 'INPUT_OBJECT';
    name: 'HullingInputLine';
    isOneOf: false;
    inputFields: [
      {
        name: 'kg';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Decimal'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'lotId';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } };
        defaultValue: null;
      },
    ];
  };
  HullingOutputLine: {
    kind: 'INPUT_OBJECT';
    name: 'HullingOutputLine';
    isOneOf: false;
    inputFields: [
      {
        name: 'grade';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'GreenGrade'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'kg';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Decimal'; ofType: null } };
        defaultValue: null;
      },
    ];
  };
  ID: unknown;
  InputIssue: {
    kind: 'OBJECT';
    name: 'InputIssue';
    fields: {
      code: {
        name: 'code';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      message: {
        name: 'message';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      path: {
        name: 'path';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
          };
        };
      };
    };
  };
  Int: unknown;
  InterestConvention: { name: 'InterestConvention'; enumValues: 'SIMPLE_ACT_360' | 'SIMPLE_ACT_365' | 'TEA_360' };
  InvalidInputError: {
    kind: 'OBJECT';
    name: 'InvalidInputError';
    fields: {
      issues: {
        name: 'issues';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'InputIssue'; ofType: null } };
          };
        };
      };
      message: {
        name: 'message';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
    };
  };
  InvoiceTotals: {
    kind: 'OBJECT';
    name: 'InvoiceTotals';
    fields: {
      currency: {
        name: 'currency';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'Currency'; ofType: null } };
      };
      invoiced: {
        name: 'invoiced';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
      outstanding: {
        name: 'outstanding';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
      received: {
        name: 'received';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
    };
  };
  JournalEntry: {
    kind: 'OBJECT';
    name: 'JournalEntry';
    fields: {
      description: {
        name: 'description';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      id: { name: 'id'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } } };
      kind: {
        name: 'kind';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      lines: {
        name: 'lines';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'JournalLine'; ofType: null } };
          };
        };
      };
      occurredOn: {
        name: 'occurredOn';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Date'; ofType: null } };
      };
      postedAt: {
        name: 'postedAt';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'DateTime'; ofType: null } };
      };
      reversedBy: { name: 'reversedBy'; type: { kind: 'OBJECT'; name: 'JournalEntry'; ofType: null } };
      reverses: { name: 'reverses'; type: { kind: 'OBJECT'; name: 'JournalEntry'; ofType: null } };
      sourceType: { name: 'sourceType'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
    };
  };
  JournalEntryConnection: {
    kind: 'OBJECT';
    name: 'JournalEntryConnection';
    fields: {
      edges: {
        name: 'edges';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: {
              kind: 'NON_NULL';
              name: never;
              ofType: { kind: 'OBJECT'; name: 'JournalEntryEdge'; ofType: null };
            };
          };
        };
      };
      nodes: {
        name: 'nodes';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'JournalEntry'; ofType: null } };
          };
        };
      };
      pageInfo: {
        name: 'pageInfo';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'PageInfo'; ofType: null } };
      };
    };
  };
  JournalEntryEdge: {
    kind: 'OBJECT';
    name: 'JournalEntryEdge';
    fields: {
      cursor: {
        name: 'cursor';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      node: {
        name: 'node';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'JournalEntry'; ofType: null } };
      };
    };
  };
  JournalLine: {
    kind: 'OBJECT';
    name: 'JournalLine';
    fields: {
      account: {
        name: 'account';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'LedgerAccount'; ofType: null } };
      };
      amount: {
        name: 'amount';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
      lot: { name: 'lot'; type: { kind: 'OBJECT'; name: 'Lot'; ofType: null } };
      memo: { name: 'memo'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
    };
  };
  LedgerAccount: {
    kind: 'OBJECT';
    name: 'LedgerAccount';
    fields: {
      code: {
        name: 'code';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      currency: {
        name: 'currency';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'Currency'; ofType: null } };
      };
      ownerId: { name: 'ownerId'; type: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
      ownerType: {
        name: 'ownerType';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'AccountOwnerType'; ofType: null } };
      };
      purpose: {
        name: 'purpose';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'AccountPurpose'; ofType: null } };
      };
    };
  };
  Lender: {
    kind: 'OBJECT';
    name: 'Lender';
    fields: {
      code: {
        name: 'code';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      country: {
        name: 'country';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      creditLines: {
        name: 'creditLines';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'CreditLine'; ofType: null } };
          };
        };
      };
      exposure: {
        name: 'exposure';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'LenderExposure'; ofType: null } };
          };
        };
      };
      id: { name: 'id'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } } };
      kind: {
        name: 'kind';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'LenderKind'; ofType: null } };
      };
      loans: {
        name: 'loans';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'CampaignLoan'; ofType: null } };
          };
        };
      };
      name: {
        name: 'name';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      portfolio: {
        name: 'portfolio';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'LoanPortfolio'; ofType: null } };
      };
    };
  };
  LenderExposure: {
    kind: 'OBJECT';
    name: 'LenderExposure';
    fields: {
      campaignLoans: {
        name: 'campaignLoans';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
      creditLines: {
        name: 'creditLines';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
      currency: {
        name: 'currency';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'Currency'; ofType: null } };
      };
      equity: {
        name: 'equity';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
      equityValuedOn: { name: 'equityValuedOn'; type: { kind: 'SCALAR'; name: 'Date'; ofType: null } };
      total: {
        name: 'total';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
    };
  };
  LenderKind: { name: 'LenderKind'; enumValues: 'BANK' | 'COPAC' | 'SOCIAL_INVESTOR' };
  LoanCoverage: {
    kind: 'OBJECT';
    name: 'LoanCoverage';
    fields: {
      asOf: {
        name: 'asOf';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Date'; ofType: null } };
      };
      owed: {
        name: 'owed';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
          };
        };
      };
      ratio: { name: 'ratio'; type: { kind: 'SCALAR'; name: 'Decimal'; ofType: null } };
      referencePricePerLb: {
        name: 'referencePricePerLb';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Decimal'; ofType: null } };
      };
      unsoldGreen: {
        name: 'unsoldGreen';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Weight'; ofType: null } };
      };
      unsoldValue: {
        name: 'unsoldValue';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
    };
  };
  LoanEvent: {
    kind: 'OBJECT';
    name: 'LoanEvent';
    fields: {
      amount: {
        name: 'amount';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
      entry: { name: 'entry'; type: { kind: 'OBJECT'; name: 'JournalEntry'; ofType: null } };
      exchangeRate: { name: 'exchangeRate'; type: { kind: 'OBJECT'; name: 'ExchangeRate'; ofType: null } };
      fees: {
        name: 'fees';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
      id: { name: 'id'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } } };
      interest: {
        name: 'interest';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
      interestCharged: {
        name: 'interestCharged';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
      kind: {
        name: 'kind';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'LoanEventKind'; ofType: null } };
      };
      loan: {
        name: 'loan';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'CampaignLoan'; ofType: null } };
      };
      occurredOn: {
        name: 'occurredOn';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Date'; ofType: null } };
      };
      paid: { name: 'paid'; type: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      principal: {
        name: 'principal';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
      reversal: { name: 'reversal'; type: { kind: 'OBJECT'; name: 'LoanEventReversal'; ofType: null } };
      reversed: {
        name: 'reversed';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      };
      sale: { name: 'sale'; type: { kind: 'OBJECT'; name: 'LoanRepaymentSale'; ofType: null } };
      source: {
        name: 'source';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'LoanEventSource'; ofType: null } };
      };
      why: {
        name: 'why';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
    };
  };
  LoanEventKind: {
    name: 'LoanEventKind';
    enumValues: 'DISBURSEMENT' | 'FEE' | 'GUARANTEE_CALL' | 'REPAYMENT' | 'WRITE_OFF';
  };
  LoanEventPayload: {
    kind: 'OBJECT';
    name: 'LoanEventPayload';
    fields: {
      event: {
        name: 'event';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'LoanEvent'; ofType: null } };
      };
      replayed: {
        name: 'replayed';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      };
    };
  };
  LoanEventReversal: {
    kind: 'OBJECT';
    name: 'LoanEventReversal';
    fields: {
      reason: {
        name: 'reason';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      reversedOn: {
        name: 'reversedOn';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Date'; ofType: null } };
      };
    };
  };
  LoanEventSource: { name: 'LoanEventSource'; enumValues: 'GUARANTEE' | 'MANUAL' | 'REQUEST' | 'SALE' };
  LoanFilter: {
    kind: 'INPUT_OBJECT';
    name: 'LoanFilter';
    isOneOf: false;
    inputFields: [
      { name: 'campaignId'; type: { kind: 'SCALAR'; name: 'ID'; ofType: null }; defaultValue: null },
      { name: 'cooperativeId'; type: { kind: 'SCALAR'; name: 'ID'; ofType: null }; defaultValue: null },
      { name: 'lenderId'; type: { kind: 'SCALAR'; name: 'ID'; ofType: null }; defaultValue: null },
    ];
  };
  LoanInstalment: {
    kind: 'OBJECT';
    name: 'LoanInstalment';
    fields: {
      dueOn: {
        name: 'dueOn';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Date'; ofType: null } };
      };
      principal: {
        name: 'principal';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
    };
  };
  LoanInstalmentInput: {
    kind: 'INPUT_OBJECT';
    name: 'LoanInstalmentInput';
    isOneOf: false;
    inputFields: [
      {
        name: 'dueOn';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Date'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'principal';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Decimal'; ofType: null } };
        defaultValue: null;
      },
    ];
  };
  LoanPortfolio: {
    kind: 'OBJECT';
    name: 'LoanPortfolio';
    fields: {
      asOf: {
        name: 'asOf';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Date'; ofType: null } };
      };
      currencies: {
        name: 'currencies';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: {
              kind: 'NON_NULL';
              name: never;
              ofType: { kind: 'OBJECT'; name: 'PortfolioCurrency'; ofType: null };
            };
          };
        };
      };
      loans: {
        name: 'loans';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'LoanPosition'; ofType: null } };
          };
        };
      };
    };
  };
  LoanPosition: {
    kind: 'OBJECT';
    name: 'LoanPosition';
    fields: {
      agingBucket: {
        name: 'agingBucket';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'AgingBucket'; ofType: null } };
      };
      asOf: {
        name: 'asOf';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Date'; ofType: null } };
      };
      daysPastDue: {
        name: 'daysPastDue';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
      };
      endorsementHeld: {
        name: 'endorsementHeld';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
      feesCharged: {
        name: 'feesCharged';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
      feesDue: {
        name: 'feesDue';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
      interestAccrued: {
        name: 'interestAccrued';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
      interestAccruedExact: {
        name: 'interestAccruedExact';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Decimal'; ofType: null } };
      };
      interestDue: {
        name: 'interestDue';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
      interestPaid: {
        name: 'interestPaid';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
      lateSince: { name: 'lateSince'; type: { kind: 'SCALAR'; name: 'Date'; ofType: null } };
      loan: {
        name: 'loan';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'CampaignLoan'; ofType: null } };
      };
      outstandingPrincipal: {
        name: 'outstandingPrincipal';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
      principalDisbursed: {
        name: 'principalDisbursed';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
      principalRepaid: {
        name: 'principalRepaid';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
      totalDue: {
        name: 'totalDue';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
    };
  };
  LoanRepaymentLot: {
    kind: 'OBJECT';
    name: 'LoanRepaymentLot';
    fields: {
      lotCode: {
        name: 'lotCode';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      weight: {
        name: 'weight';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Weight'; ofType: null } };
      };
    };
  };
  LoanRepaymentSale: {
    kind: 'OBJECT';
    name: 'LoanRepaymentSale';
    fields: {
      contractCode: {
        name: 'contractCode';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      cooperativeWeight: {
        name: 'cooperativeWeight';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Weight'; ofType: null } };
      };
      deliveredOn: {
        name: 'deliveredOn';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Date'; ofType: null } };
      };
      deliveryCode: {
        name: 'deliveryCode';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      exchangeRate: { name: 'exchangeRate'; type: { kind: 'SCALAR'; name: 'Decimal'; ofType: null } };
      lots: {
        name: 'lots';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: {
              kind: 'NON_NULL';
              name: never;
              ofType: { kind: 'OBJECT'; name: 'LoanRepaymentLot'; ofType: null };
            };
          };
        };
      };
      payment: {
        name: 'payment';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
      receivedOn: {
        name: 'receivedOn';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Date'; ofType: null } };
      };
    };
  };
  LoanRequest: {
    kind: 'OBJECT';
    name: 'LoanRequest';
    fields: {
      amount: { name: 'amount'; type: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      decidedBy: { name: 'decidedBy'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      effectiveOn: {
        name: 'effectiveOn';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Date'; ofType: null } };
      };
      id: { name: 'id'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } } };
      kind: {
        name: 'kind';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      loan: {
        name: 'loan';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'CampaignLoan'; ofType: null } };
      };
      reason: {
        name: 'reason';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      requestedBy: {
        name: 'requestedBy';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      status: {
        name: 'status';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'LoanRequestStatus'; ofType: null } };
      };
    };
  };
  LoanRequestPayload: {
    kind: 'OBJECT';
    name: 'LoanRequestPayload';
    fields: {
      replayed: {
        name: 'replayed';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      };
      request: {
        name: 'request';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'LoanRequest'; ofType: null } };
      };
    };
  };
  LoanRequestStatus: { name: 'LoanRequestStatus'; enumValues: 'APPROVED' | 'PENDING' | 'REJECTED' };
  Lot: {
    kind: 'OBJECT';
    name: 'Lot';
    fields: {
      aboveMoistureLimit: {
        name: 'aboveMoistureLimit';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      };
      advancePaid: { name: 'advancePaid'; type: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      bags: {
        name: 'bags';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
      };
      campaign: {
        name: 'campaign';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'HarvestCampaign'; ofType: null } };
      };
      code: {
        name: 'code';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      cooperative: {
        name: 'cooperative';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Cooperative'; ofType: null } };
      };
      farmer: {
        name: 'farmer';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Farmer'; ofType: null } };
      };
      grading: { name: 'grading'; type: { kind: 'OBJECT'; name: 'LotGrading'; ofType: null } };
      gradings: {
        name: 'gradings';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'LotGrading'; ofType: null } };
          };
        };
      };
      grossWeight: {
        name: 'grossWeight';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Weight'; ofType: null } };
      };
      id: { name: 'id'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } } };
      moisturePercent: {
        name: 'moisturePercent';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Decimal'; ofType: null } };
      };
      netWeight: {
        name: 'netWeight';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Weight'; ofType: null } };
      };
      notes: { name: 'notes'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      parchmentRemaining: {
        name: 'parchmentRemaining';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Weight'; ofType: null } };
      };
      plant: {
        name: 'plant';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Plant'; ofType: null } };
      };
      productForm: {
        name: 'productForm';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'ProductForm'; ofType: null } };
      };
      receivedAt: {
        name: 'receivedAt';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'DateTime'; ofType: null } };
      };
      receivedOn: {
        name: 'receivedOn';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Date'; ofType: null } };
      };
      rejection: { name: 'rejection'; type: { kind: 'OBJECT'; name: 'LotRejection'; ofType: null } };
      soldIn: {
        name: 'soldIn';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'SaleTake'; ofType: null } };
          };
        };
      };
      status: {
        name: 'status';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'LotStatus'; ofType: null } };
      };
      tareWeight: {
        name: 'tareWeight';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Weight'; ofType: null } };
      };
      usedIn: {
        name: 'usedIn';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'BatchShare'; ofType: null } };
          };
        };
      };
    };
  };
  LotConnection: {
    kind: 'OBJECT';
    name: 'LotConnection';
    fields: {
      edges: {
        name: 'edges';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'LotEdge'; ofType: null } };
          };
        };
      };
      nodes: {
        name: 'nodes';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Lot'; ofType: null } };
          };
        };
      };
      pageInfo: {
        name: 'pageInfo';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'PageInfo'; ofType: null } };
      };
      totalCount: {
        name: 'totalCount';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
      };
    };
  };
  LotEdge: {
    kind: 'OBJECT';
    name: 'LotEdge';
    fields: {
      cursor: {
        name: 'cursor';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      node: {
        name: 'node';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Lot'; ofType: null } };
      };
    };
  };
  LotEvent: {
    kind: 'OBJECT';
    name: 'LotEvent';
    fields: {
      at: {
        name: 'at';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'DateTime'; ofType: null } };
      };
      kind: {
        name: 'kind';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'LotEventKind'; ofType: null } };
      };
      lot: {
        name: 'lot';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Lot'; ofType: null } };
      };
    };
  };
  LotEventKind: { name: 'LotEventKind'; enumValues: 'GRADED' | 'RECEIVED' | 'REJECTED' };
  LotFilter: {
    kind: 'INPUT_OBJECT';
    name: 'LotFilter';
    isOneOf: false;
    inputFields: [
      { name: 'campaignId'; type: { kind: 'SCALAR'; name: 'ID'; ofType: null }; defaultValue: null },
      { name: 'certification'; type: { kind: 'ENUM'; name: 'CertificationScheme'; ofType: null }; defaultValue: null },
      { name: 'cooperativeId'; type: { kind: 'SCALAR'; name: 'ID'; ofType: null }; defaultValue: null },
      { name: 'farmerId'; type: { kind: 'SCALAR'; name: 'ID'; ofType: null }; defaultValue: null },
      { name: 'organic'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null }; defaultValue: null },
      { name: 'plantId'; type: { kind: 'SCALAR'; name: 'ID'; ofType: null }; defaultValue: null },
      { name: 'productForm'; type: { kind: 'ENUM'; name: 'ProductForm'; ofType: null }; defaultValue: null },
      { name: 'receivedFrom'; type: { kind: 'SCALAR'; name: 'Date'; ofType: null }; defaultValue: null },
      { name: 'receivedTo'; type: { kind: 'SCALAR'; name: 'Date'; ofType: null }; defaultValue: null },
      {
        name: 'status';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'LotStatus'; ofType: null } };
        };
        defaultValue: null;
      },
    ];
  };
  LotGrading: {
    kind: 'OBJECT';
    name: 'LotGrading';
    fields: {
      category1Defects: {
        name: 'category1Defects';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
      };
      category2Defects: {
        name: 'category2Defects';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
      };
      cupProtocol: { name: 'cupProtocol'; type: { kind: 'ENUM'; name: 'CupProtocol'; ofType: null } };
      cupScore: { name: 'cupScore'; type: { kind: 'SCALAR'; name: 'Decimal'; ofType: null } };
      exportableYieldPercent: {
        name: 'exportableYieldPercent';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Decimal'; ofType: null } };
      };
      grade: { name: 'grade'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      gradedAt: {
        name: 'gradedAt';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'DateTime'; ofType: null } };
      };
      organic: {
        name: 'organic';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      };
      specialty: {
        name: 'specialty';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      };
    };
  };
  LotRejection: {
    kind: 'OBJECT';
    name: 'LotRejection';
    fields: {
      reason: {
        name: 'reason';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      rejectedAt: {
        name: 'rejectedAt';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'DateTime'; ofType: null } };
      };
    };
  };
  LotStatus: { name: 'LotStatus'; enumValues: 'GRADED' | 'RECEIVED' | 'REJECTED' };
  MassBalance: {
    kind: 'OBJECT';
    name: 'MassBalance';
    fields: {
      balanced: {
        name: 'balanced';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      };
      batchesChecked: {
        name: 'batchesChecked';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
      };
      cooperativesChecked: {
        name: 'cooperativesChecked';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
      };
      differences: {
        name: 'differences';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: {
              kind: 'NON_NULL';
              name: never;
              ofType: { kind: 'OBJECT'; name: 'MassBalanceLine'; ofType: null };
            };
          };
        };
      };
      in: {
        name: 'in';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Weight'; ofType: null } };
      };
      loss: {
        name: 'loss';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Weight'; ofType: null } };
      };
      lotsChecked: {
        name: 'lotsChecked';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
      };
      out: {
        name: 'out';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Weight'; ofType: null } };
      };
      runsChecked: {
        name: 'runsChecked';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
      };
      stock: {
        name: 'stock';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Weight'; ofType: null } };
      };
    };
  };
  MassBalanceLine: {
    kind: 'OBJECT';
    name: 'MassBalanceLine';
    fields: {
      code: {
        name: 'code';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      differenceGrams: {
        name: 'differenceGrams';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'SafeInt'; ofType: null } };
      };
      in: {
        name: 'in';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Weight'; ofType: null } };
      };
      loss: {
        name: 'loss';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Weight'; ofType: null } };
      };
      out: {
        name: 'out';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Weight'; ofType: null } };
      };
      stock: {
        name: 'stock';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Weight'; ofType: null } };
      };
      subject: {
        name: 'subject';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'BalanceSubject'; ofType: null } };
      };
    };
  };
  Membership: { name: 'Membership'; enumValues: 'AFFILIATED' | 'SHAREHOLDER' };
  Money: {
    kind: 'OBJECT';
    name: 'Money';
    fields: {
      amount: {
        name: 'amount';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Decimal'; ofType: null } };
      };
      currency: {
        name: 'currency';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'Currency'; ofType: null } };
      };
      minorUnits: {
        name: 'minorUnits';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
    };
  };
  MoneyStatement: {
    kind: 'OBJECT';
    name: 'MoneyStatement';
    fields: {
      advancesPaid: {
        name: 'advancesPaid';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
          };
        };
      };
      asOf: {
        name: 'asOf';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Date'; ofType: null } };
      };
      creditedToFarmers: {
        name: 'creditedToFarmers';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
          };
        };
      };
      farmersCarriedDebt: { name: 'farmersCarriedDebt'; type: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      farmersToPay: { name: 'farmersToPay'; type: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      paymentsSettled: {
        name: 'paymentsSettled';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
      };
      revenue: {
        name: 'revenue';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'InvoiceTotals'; ofType: null } };
        };
      };
      settled: {
        name: 'settled';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: {
              kind: 'NON_NULL';
              name: never;
              ofType: { kind: 'OBJECT'; name: 'SettlementBreakdown'; ofType: null };
            };
          };
        };
      };
      sold: {
        name: 'sold';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Weight'; ofType: null } };
      };
    };
  };
  Mutation: {
    kind: 'OBJECT';
    name: 'Mutation';
    fields: {
      callGuarantee: {
        name: 'callGuarantee';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'UNION'; name: 'CallGuaranteeResult'; ofType: null } };
      };
      createBuyer: {
        name: 'createBuyer';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'UNION'; name: 'CreateBuyerResult'; ofType: null } };
      };
      createCampaignLoan: {
        name: 'createCampaignLoan';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: { kind: 'UNION'; name: 'CreateCampaignLoanResult'; ofType: null };
        };
      };
      createCreditLine: {
        name: 'createCreditLine';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: { kind: 'UNION'; name: 'CreateCreditLineResult'; ofType: null };
        };
      };
      createDomesticContract: {
        name: 'createDomesticContract';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: { kind: 'UNION'; name: 'CreateDomesticContractResult'; ofType: null };
        };
      };
      createLender: {
        name: 'createLender';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'UNION'; name: 'CreateLenderResult'; ofType: null } };
      };
      createSalesContract: {
        name: 'createSalesContract';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: { kind: 'UNION'; name: 'CreateSalesContractResult'; ofType: null };
        };
      };
      decideLoanRequest: {
        name: 'decideLoanRequest';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: { kind: 'UNION'; name: 'DecideLoanRequestResult'; ofType: null };
        };
      };
      drawCreditLine: {
        name: 'drawCreditLine';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'UNION'; name: 'DrawCreditLineResult'; ofType: null } };
      };
      gradeLot: {
        name: 'gradeLot';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'UNION'; name: 'GradeLotResult'; ofType: null } };
      };
      recordDomesticDelivery: {
        name: 'recordDomesticDelivery';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: { kind: 'UNION'; name: 'RecordDomesticDeliveryResult'; ofType: null };
        };
      };
      recordExchangeRate: {
        name: 'recordExchangeRate';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: { kind: 'UNION'; name: 'RecordExchangeRateResult'; ofType: null };
        };
      };
      recordHullingRun: {
        name: 'recordHullingRun';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: { kind: 'UNION'; name: 'RecordHullingRunResult'; ofType: null };
        };
      };
      recordLoanRepayment: {
        name: 'recordLoanRepayment';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: { kind: 'UNION'; name: 'RecordLoanRepaymentResult'; ofType: null };
        };
      };
      recordLotIntake: {
        name: 'recordLotIntake';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'UNION'; name: 'RecordLotIntakeResult'; ofType: null } };
      };
      recordPackingRun: {
        name: 'recordPackingRun';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: { kind: 'UNION'; name: 'RecordPackingRunResult'; ofType: null };
        };
      };
      recordRoastingBatch: {
        name: 'recordRoastingBatch';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: { kind: 'UNION'; name: 'RecordRoastingBatchResult'; ofType: null };
        };
      };
      recordSaleDelivery: {
        name: 'recordSaleDelivery';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: { kind: 'UNION'; name: 'RecordSaleDeliveryResult'; ofType: null };
        };
      };
      recordSalePayment: {
        name: 'recordSalePayment';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: { kind: 'UNION'; name: 'RecordSalePaymentResult'; ofType: null };
        };
      };
      rejectLot: {
        name: 'rejectLot';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'UNION'; name: 'RejectLotResult'; ofType: null } };
      };
      repayCreditLine: {
        name: 'repayCreditLine';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'UNION'; name: 'RepayCreditLineResult'; ofType: null } };
      };
      requestLoanDisbursement: {
        name: 'requestLoanDisbursement';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: { kind: 'UNION'; name: 'RequestLoanDisbursementResult'; ofType: null };
        };
      };
      requestLoanWriteOff: {
        name: 'requestLoanWriteOff';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: { kind: 'UNION'; name: 'RequestLoanWriteOffResult'; ofType: null };
        };
      };
      reverseJournalEntry: {
        name: 'reverseJournalEntry';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: { kind: 'UNION'; name: 'ReverseJournalEntryResult'; ofType: null };
        };
      };
      reverseLoanEvent: {
        name: 'reverseLoanEvent';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: { kind: 'UNION'; name: 'ReverseLoanEventResult'; ofType: null };
        };
      };
      reverseSalePayment: {
        name: 'reverseSalePayment';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: { kind: 'UNION'; name: 'ReverseSalePaymentResult'; ofType: null };
        };
      };
      setAdvancePrice: {
        name: 'setAdvancePrice';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'UNION'; name: 'SetAdvancePriceResult'; ofType: null } };
      };
      setCooperativeRetention: {
        name: 'setCooperativeRetention';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: { kind: 'UNION'; name: 'SetCooperativeRetentionResult'; ofType: null };
        };
      };
      setEndorsementLimit: {
        name: 'setEndorsementLimit';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: { kind: 'UNION'; name: 'SetEndorsementLimitResult'; ofType: null };
        };
      };
      setSettlementTerms: {
        name: 'setSettlementTerms';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: { kind: 'UNION'; name: 'SetSettlementTermsResult'; ofType: null };
        };
      };
    };
  };
  Node: {
    kind: 'INTERFACE';
    name: 'Node';
    fields: {
      id: { name: 'id'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } } };
    };
    possibleTypes:
      | 'Buyer'
      | 'CampaignLoan'
      | 'Cooperative'
      | 'CreditLine'
      | 'Farmer'
      | 'HarvestCampaign'
      | 'JournalEntry'
      | 'Lender'
      | 'LoanEvent'
      | 'LoanRequest'
      | 'Lot'
      | 'Plant'
      | 'ProcessingRun'
      | 'SaleDelivery'
      | 'SalePayment'
      | 'SalesContract'
      | 'StockBatch'
      | 'Warehouse';
  };
  NotFoundError: {
    kind: 'OBJECT';
    name: 'NotFoundError';
    fields: {
      id: {
        name: 'id';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      message: {
        name: 'message';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      path: {
        name: 'path';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
          };
        };
      };
    };
  };
  PackingOutputLine: {
    kind: 'INPUT_OBJECT';
    name: 'PackingOutputLine';
    isOneOf: false;
    inputFields: [
      {
        name: 'brand';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'sku';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'unitSizeGrams';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'units';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
        defaultValue: null;
      },
    ];
  };
  PageInfo: {
    kind: 'OBJECT';
    name: 'PageInfo';
    fields: {
      endCursor: { name: 'endCursor'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      hasNextPage: {
        name: 'hasNextPage';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      };
      hasPreviousPage: {
        name: 'hasPreviousPage';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      };
      startCursor: { name: 'startCursor'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
    };
  };
  Period: { name: 'Period'; enumValues: 'DAY' | 'WEEK' };
  Plant: {
    kind: 'OBJECT';
    name: 'Plant';
    fields: {
      backlog: {
        name: 'backlog';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Backlog'; ofType: null } };
      };
      code: {
        name: 'code';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      hullingCapacityPerDay: { name: 'hullingCapacityPerDay'; type: { kind: 'OBJECT'; name: 'Weight'; ofType: null } };
      id: { name: 'id'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } } };
      kind: {
        name: 'kind';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'PlantKind'; ofType: null } };
      };
      name: {
        name: 'name';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      packingCapacityUnitsPerDay: {
        name: 'packingCapacityUnitsPerDay';
        type: { kind: 'SCALAR'; name: 'Int'; ofType: null };
      };
      region: {
        name: 'region';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      roastingCapacityPerDay: {
        name: 'roastingCapacityPerDay';
        type: { kind: 'OBJECT'; name: 'Weight'; ofType: null };
      };
      throughput: {
        name: 'throughput';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: {
              kind: 'NON_NULL';
              name: never;
              ofType: { kind: 'OBJECT'; name: 'ThroughputPeriod'; ofType: null };
            };
          };
        };
      };
      warehouses: {
        name: 'warehouses';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Warehouse'; ofType: null } };
          };
        };
      };
    };
  };
  PlantKind: { name: 'PlantKind'; enumValues: 'COLLECTION_CENTER' | 'PLANT' };
  Plot: {
    kind: 'OBJECT';
    name: 'Plot';
    fields: {
      altitudeMeters: {
        name: 'altitudeMeters';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
      };
      areaHectares: {
        name: 'areaHectares';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Decimal'; ofType: null } };
      };
      name: {
        name: 'name';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
    };
  };
  PortfolioCurrency: {
    kind: 'OBJECT';
    name: 'PortfolioCurrency';
    fields: {
      aging: {
        name: 'aging';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'AgingLine'; ofType: null } };
          };
        };
      };
      currency: {
        name: 'currency';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'Currency'; ofType: null } };
      };
      feesDue: {
        name: 'feesDue';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
      interestDue: {
        name: 'interestDue';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
      loans: {
        name: 'loans';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
      };
      outstandingPrincipal: {
        name: 'outstandingPrincipal';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
      par30: {
        name: 'par30';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Decimal'; ofType: null } };
      };
      principalDisbursed: {
        name: 'principalDisbursed';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
      repaid: {
        name: 'repaid';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
      totalDue: {
        name: 'totalDue';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
    };
  };
  ProcessingRun: {
    kind: 'OBJECT';
    name: 'ProcessingRun';
    fields: {
      actualExportYieldPercent: {
        name: 'actualExportYieldPercent';
        type: { kind: 'SCALAR'; name: 'Decimal'; ofType: null };
      };
      code: {
        name: 'code';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      expectedExportYieldPercent: {
        name: 'expectedExportYieldPercent';
        type: { kind: 'SCALAR'; name: 'Decimal'; ofType: null };
      };
      finishedAt: {
        name: 'finishedAt';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'DateTime'; ofType: null } };
      };
      finishedOn: {
        name: 'finishedOn';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Date'; ofType: null } };
      };
      flagged: {
        name: 'flagged';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      };
      huskWeight: {
        name: 'huskWeight';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Weight'; ofType: null } };
      };
      id: { name: 'id'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } } };
      inputWeight: {
        name: 'inputWeight';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Weight'; ofType: null } };
      };
      inputs: {
        name: 'inputs';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'RunInput'; ofType: null } };
          };
        };
      };
      kind: {
        name: 'kind';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'RunKind'; ofType: null } };
      };
      lossWeight: {
        name: 'lossWeight';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Weight'; ofType: null } };
      };
      notes: { name: 'notes'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      outputWeight: {
        name: 'outputWeight';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Weight'; ofType: null } };
      };
      outputs: {
        name: 'outputs';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'StockBatch'; ofType: null } };
          };
        };
      };
      plant: {
        name: 'plant';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Plant'; ofType: null } };
      };
      roastLossPercent: { name: 'roastLossPercent'; type: { kind: 'SCALAR'; name: 'Decimal'; ofType: null } };
      roastProfile: { name: 'roastProfile'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      startedAt: {
        name: 'startedAt';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'DateTime'; ofType: null } };
      };
      totalBeanYieldPercent: { name: 'totalBeanYieldPercent'; type: { kind: 'SCALAR'; name: 'Decimal'; ofType: null } };
      unitsPacked: { name: 'unitsPacked'; type: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
      yieldTolerancePercent: { name: 'yieldTolerancePercent'; type: { kind: 'SCALAR'; name: 'Decimal'; ofType: null } };
    };
  };
  ProcessingRunConnection: {
    kind: 'OBJECT';
    name: 'ProcessingRunConnection';
    fields: {
      edges: {
        name: 'edges';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: {
              kind: 'NON_NULL';
              name: never;
              ofType: { kind: 'OBJECT'; name: 'ProcessingRunEdge'; ofType: null };
            };
          };
        };
      };
      nodes: {
        name: 'nodes';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'ProcessingRun'; ofType: null } };
          };
        };
      };
      pageInfo: {
        name: 'pageInfo';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'PageInfo'; ofType: null } };
      };
      totalCount: {
        name: 'totalCount';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
      };
    };
  };
  ProcessingRunEdge: {
    kind: 'OBJECT';
    name: 'ProcessingRunEdge';
    fields: {
      cursor: {
        name: 'cursor';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      node: {
        name: 'node';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'ProcessingRun'; ofType: null } };
      };
    };
  };
  ProcessingRunFilter: {
    kind: 'INPUT_OBJECT';
    name: 'ProcessingRunFilter';
    isOneOf: false;
    inputFields: [
      { name: 'finishedFrom'; type: { kind: 'SCALAR'; name: 'Date'; ofType: null }; defaultValue: null },
      { name: 'finishedTo'; type: { kind: 'SCALAR'; name: 'Date'; ofType: null }; defaultValue: null },
      { name: 'flagged'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null }; defaultValue: null },
      { name: 'kind'; type: { kind: 'ENUM'; name: 'RunKind'; ofType: null }; defaultValue: null },
      { name: 'plantId'; type: { kind: 'SCALAR'; name: 'ID'; ofType: null }; defaultValue: null },
    ];
  };
  ProductForm: { name: 'ProductForm'; enumValues: 'CHERRY' | 'DRIED_PARCHMENT' | 'GREEN' };
  Query: {
    kind: 'OBJECT';
    name: 'Query';
    fields: {
      auditEntries: {
        name: 'auditEntries';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'AuditEntry'; ofType: null } };
          };
        };
      };
      auditVerification: {
        name: 'auditVerification';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'AuditVerification'; ofType: null } };
      };
      buyers: {
        name: 'buyers';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Buyer'; ofType: null } };
          };
        };
      };
      campaignLoans: {
        name: 'campaignLoans';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: { kind: 'OBJECT'; name: 'CampaignLoanConnection'; ofType: null };
        };
      };
      consortium: {
        name: 'consortium';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Consortium'; ofType: null } };
      };
      cooperatives: {
        name: 'cooperatives';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: { kind: 'OBJECT'; name: 'CooperativeConnection'; ofType: null };
        };
      };
      creditLines: {
        name: 'creditLines';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'CreditLine'; ofType: null } };
          };
        };
      };
      farmers: {
        name: 'farmers';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'FarmerConnection'; ofType: null } };
      };
      harvestCampaigns: {
        name: 'harvestCampaigns';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: {
              kind: 'NON_NULL';
              name: never;
              ofType: { kind: 'OBJECT'; name: 'HarvestCampaign'; ofType: null };
            };
          };
        };
      };
      journalEntries: {
        name: 'journalEntries';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: { kind: 'OBJECT'; name: 'JournalEntryConnection'; ofType: null };
        };
      };
      lenders: {
        name: 'lenders';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Lender'; ofType: null } };
          };
        };
      };
      loanPortfolio: {
        name: 'loanPortfolio';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'LoanPortfolio'; ofType: null } };
      };
      loanRequests: {
        name: 'loanRequests';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'LoanRequest'; ofType: null } };
          };
        };
      };
      lots: {
        name: 'lots';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'LotConnection'; ofType: null } };
      };
      massBalance: {
        name: 'massBalance';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'MassBalance'; ofType: null } };
      };
      node: { name: 'node'; type: { kind: 'INTERFACE'; name: 'Node'; ofType: null } };
      nodes: {
        name: 'nodes';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: { kind: 'LIST'; name: never; ofType: { kind: 'INTERFACE'; name: 'Node'; ofType: null } };
        };
      };
      plants: {
        name: 'plants';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Plant'; ofType: null } };
          };
        };
      };
      processingRuns: {
        name: 'processingRuns';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: { kind: 'OBJECT'; name: 'ProcessingRunConnection'; ofType: null };
        };
      };
      salesContracts: {
        name: 'salesContracts';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: { kind: 'OBJECT'; name: 'SalesContractConnection'; ofType: null };
        };
      };
      stock: {
        name: 'stock';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'StockPosition'; ofType: null } };
          };
        };
      };
      stockBatches: {
        name: 'stockBatches';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'StockBatchConnection'; ofType: null } };
      };
      trialBalance: {
        name: 'trialBalance';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'TrialBalance'; ofType: null } };
      };
      viewer: { name: 'viewer'; type: { kind: 'OBJECT'; name: 'Viewer'; ofType: null } };
    };
  };
  RecordDomesticDeliveryInput: {
    kind: 'INPUT_OBJECT';
    name: 'RecordDomesticDeliveryInput';
    isOneOf: false;
    inputFields: [
      {
        name: 'contractId';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'deliveredAt';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'DateTime'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'idempotencyKey';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'lines';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: {
              kind: 'NON_NULL';
              name: never;
              ofType: { kind: 'INPUT_OBJECT'; name: 'DomesticDeliveryLineInput'; ofType: null };
            };
          };
        };
        defaultValue: null;
      },
      {
        name: 'plantId';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } };
        defaultValue: null;
      },
    ];
  };
  RecordDomesticDeliveryResult: {
    kind: 'UNION';
    name: 'RecordDomesticDeliveryResult';
    fields: {};
    possibleTypes:
      | 'ConflictError'
      | 'ForbiddenError'
      | 'InvalidInputError'
      | 'NotFoundError'
      | 'RecordSaleDeliveryPayload';
  };
  RecordExchangeRateInput: {
    kind: 'INPUT_OBJECT';
    name: 'RecordExchangeRateInput';
    isOneOf: false;
    inputFields: [
      {
        name: 'base';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'Currency'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'idempotencyKey';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'quote';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'Currency'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'rate';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Decimal'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'ratedOn';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Date'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'source';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
    ];
  };
  RecordExchangeRateResult: {
    kind: 'UNION';
    name: 'RecordExchangeRateResult';
    fields: {};
    possibleTypes: 'ConflictError' | 'ForbiddenError' | 'InvalidInputError' | 'NotFoundError' | 'RecordedPayload';
  };
  RecordHullingRunInput: {
    kind: 'INPUT_OBJECT';
    name: 'RecordHullingRunInput';
    isOneOf: false;
    inputFields: [
      {
        name: 'finishedAt';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'DateTime'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'huskKg';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Decimal'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'idempotencyKey';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'inputs';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: {
              kind: 'NON_NULL';
              name: never;
              ofType: { kind: 'INPUT_OBJECT'; name: 'HullingInputLine'; ofType: null };
            };
          };
        };
        defaultValue: null;
      },
      { name: 'notes'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      {
        name: 'outputs';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: {
              kind: 'NON_NULL';
              name: never;
              ofType: { kind: 'INPUT_OBJECT'; name: 'HullingOutputLine'; ofType: null };
            };
          };
        };
        defaultValue: null;
      },
      {
        name: 'plantId';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'startedAt';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'DateTime'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'warehouseId';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } };
        defaultValue: null;
      },
    ];
  };
  RecordHullingRunPayload: {
    kind: 'OBJECT';
    name: 'RecordHullingRunPayload';
    fields: {
      replayed: {
        name: 'replayed';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      };
      run: {
        name: 'run';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'ProcessingRun'; ofType: null } };
      };
    };
  };
  RecordHullingRunResult: {
    kind: 'UNION';
    name: 'RecordHullingRunResult';
    fields: {};
    possibleTypes:
      | 'ConflictError'
      | 'ForbiddenError'
      | 'InvalidInputError'
      | 'NotFoundError'
      | 'RecordHullingRunPayload';
  };
  RecordLoanRepaymentInput: {
    kind: 'INPUT_OBJECT';
    name: 'RecordLoanRepaymentInput';
    isOneOf: false;
    inputFields: [
      {
        name: 'amount';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Decimal'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'idempotencyKey';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'loanId';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'paidOn';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Date'; ofType: null } };
        defaultValue: null;
      },
    ];
  };
  RecordLoanRepaymentResult: {
    kind: 'UNION';
    name: 'RecordLoanRepaymentResult';
    fields: {};
    possibleTypes: 'ConflictError' | 'ForbiddenError' | 'InvalidInputError' | 'LoanEventPayload' | 'NotFoundError';
  };
  RecordLotIntakeInput: {
    kind: 'INPUT_OBJECT';
    name: 'RecordLotIntakeInput';
    isOneOf: false;
    inputFields: [
      {
        name: 'bags';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'campaignId';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'farmerId';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'grossKg';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Decimal'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'idempotencyKey';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'moisturePercent';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Decimal'; ofType: null } };
        defaultValue: null;
      },
      { name: 'notes'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      {
        name: 'plantId';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } };
        defaultValue: null;
      },
      { name: 'productForm'; type: { kind: 'ENUM'; name: 'ProductForm'; ofType: null }; defaultValue: null },
      {
        name: 'receivedAt';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'DateTime'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'tareKg';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Decimal'; ofType: null } };
        defaultValue: null;
      },
    ];
  };
  RecordLotIntakePayload: {
    kind: 'OBJECT';
    name: 'RecordLotIntakePayload';
    fields: {
      lot: {
        name: 'lot';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Lot'; ofType: null } };
      };
      replayed: {
        name: 'replayed';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      };
    };
  };
  RecordLotIntakeResult: {
    kind: 'UNION';
    name: 'RecordLotIntakeResult';
    fields: {};
    possibleTypes:
      | 'ConflictError'
      | 'ForbiddenError'
      | 'InvalidInputError'
      | 'NotFoundError'
      | 'RecordLotIntakePayload';
  };
  RecordPackingRunInput: {
    kind: 'INPUT_OBJECT';
    name: 'RecordPackingRunInput';
    isOneOf: false;
    inputFields: [
      {
        name: 'finishedAt';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'DateTime'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'idempotencyKey';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'inputs';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: {
              kind: 'NON_NULL';
              name: never;
              ofType: { kind: 'INPUT_OBJECT'; name: 'BatchInputLine'; ofType: null };
            };
          };
        };
        defaultValue: null;
      },
      { name: 'notes'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      {
        name: 'outputs';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: {
              kind: 'NON_NULL';
              name: never;
              ofType: { kind: 'INPUT_OBJECT'; name: 'PackingOutputLine'; ofType: null };
            };
          };
        };
        defaultValue: null;
      },
      {
        name: 'plantId';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'startedAt';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'DateTime'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'warehouseId';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } };
        defaultValue: null;
      },
    ];
  };
  RecordPackingRunPayload: {
    kind: 'OBJECT';
    name: 'RecordPackingRunPayload';
    fields: {
      replayed: {
        name: 'replayed';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      };
      run: {
        name: 'run';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'ProcessingRun'; ofType: null } };
      };
    };
  };
  RecordPackingRunResult: {
    kind: 'UNION';
    name: 'RecordPackingRunResult';
    fields: {};
    possibleTypes:
      | 'ConflictError'
      | 'ForbiddenError'
      | 'InvalidInputError'
      | 'NotFoundError'
      | 'RecordPackingRunPayload';
  };
  RecordRoastingBatchInput: {
    kind: 'INPUT_OBJECT';
    name: 'RecordRoastingBatchInput';
    isOneOf: false;
    inputFields: [
      {
        name: 'finishedAt';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'DateTime'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'idempotencyKey';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'inputs';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: {
              kind: 'NON_NULL';
              name: never;
              ofType: { kind: 'INPUT_OBJECT'; name: 'BatchInputLine'; ofType: null };
            };
          };
        };
        defaultValue: null;
      },
      { name: 'notes'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      {
        name: 'plantId';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'profile';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'roastedKg';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Decimal'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'startedAt';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'DateTime'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'warehouseId';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } };
        defaultValue: null;
      },
    ];
  };
  RecordRoastingBatchPayload: {
    kind: 'OBJECT';
    name: 'RecordRoastingBatchPayload';
    fields: {
      replayed: {
        name: 'replayed';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      };
      run: {
        name: 'run';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'ProcessingRun'; ofType: null } };
      };
    };
  };
  RecordRoastingBatchResult: {
    kind: 'UNION';
    name: 'RecordRoastingBatchResult';
    fields: {};
    possibleTypes:
      | 'ConflictError'
      | 'ForbiddenError'
      | 'InvalidInputError'
      | 'NotFoundError'
      | 'RecordRoastingBatchPayload';
  };
  RecordSaleDeliveryInput: {
    kind: 'INPUT_OBJECT';
    name: 'RecordSaleDeliveryInput';
    isOneOf: false;
    inputFields: [
      {
        name: 'contractId';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'deliveredAt';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'DateTime'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'idempotencyKey';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'inputs';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: {
              kind: 'NON_NULL';
              name: never;
              ofType: { kind: 'INPUT_OBJECT'; name: 'DeliveryInputLine'; ofType: null };
            };
          };
        };
        defaultValue: null;
      },
      {
        name: 'plantId';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } };
        defaultValue: null;
      },
      { name: 'referencePricePerLb'; type: { kind: 'SCALAR'; name: 'Decimal'; ofType: null }; defaultValue: null },
    ];
  };
  RecordSaleDeliveryPayload: {
    kind: 'OBJECT';
    name: 'RecordSaleDeliveryPayload';
    fields: {
      delivery: {
        name: 'delivery';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'SaleDelivery'; ofType: null } };
      };
      replayed: {
        name: 'replayed';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      };
    };
  };
  RecordSaleDeliveryResult: {
    kind: 'UNION';
    name: 'RecordSaleDeliveryResult';
    fields: {};
    possibleTypes:
      | 'ConflictError'
      | 'ForbiddenError'
      | 'InvalidInputError'
      | 'NotFoundError'
      | 'RecordSaleDeliveryPayload';
  };
  RecordSalePaymentInput: {
    kind: 'INPUT_OBJECT';
    name: 'RecordSalePaymentInput';
    isOneOf: false;
    inputFields: [
      {
        name: 'amount';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Decimal'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'currency';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'Currency'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'deliveryId';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'exchangeRate';
        type: { kind: 'INPUT_OBJECT'; name: 'ExchangeRateInput'; ofType: null };
        defaultValue: null;
      },
      {
        name: 'idempotencyKey';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'receivedOn';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Date'; ofType: null } };
        defaultValue: null;
      },
    ];
  };
  RecordSalePaymentPayload: {
    kind: 'OBJECT';
    name: 'RecordSalePaymentPayload';
    fields: {
      payment: {
        name: 'payment';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'SalePayment'; ofType: null } };
      };
      replayed: {
        name: 'replayed';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      };
    };
  };
  RecordSalePaymentResult: {
    kind: 'UNION';
    name: 'RecordSalePaymentResult';
    fields: {};
    possibleTypes:
      | 'ConflictError'
      | 'ForbiddenError'
      | 'InvalidInputError'
      | 'NotFoundError'
      | 'RecordSalePaymentPayload';
  };
  RecordedPayload: {
    kind: 'OBJECT';
    name: 'RecordedPayload';
    fields: {
      replayed: {
        name: 'replayed';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      };
    };
  };
  ReferenceMarket: { name: 'ReferenceMarket'; enumValues: 'NY_C' };
  RejectLotInput: {
    kind: 'INPUT_OBJECT';
    name: 'RejectLotInput';
    isOneOf: false;
    inputFields: [
      {
        name: 'idempotencyKey';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'lotId';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'reason';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
      { name: 'rejectedAt'; type: { kind: 'SCALAR'; name: 'DateTime'; ofType: null }; defaultValue: null },
    ];
  };
  RejectLotPayload: {
    kind: 'OBJECT';
    name: 'RejectLotPayload';
    fields: {
      lot: {
        name: 'lot';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Lot'; ofType: null } };
      };
      replayed: {
        name: 'replayed';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      };
    };
  };
  RejectLotResult: {
    kind: 'UNION';
    name: 'RejectLotResult';
    fields: {};
    possibleTypes: 'ConflictError' | 'ForbiddenError' | 'InvalidInputError' | 'NotFoundError' | 'RejectLotPayload';
  };
  RepayCreditLineResult: {
    kind: 'UNION';
    name: 'RepayCreditLineResult';
    fields: {};
    possibleTypes:
      | 'ConflictError'
      | 'CreditLineMovementPayload'
      | 'ForbiddenError'
      | 'InvalidInputError'
      | 'NotFoundError';
  };
  RequestLoanDisbursementInput: {
    kind: 'INPUT_OBJECT';
    name: 'RequestLoanDisbursementInput';
    isOneOf: false;
    inputFields: [
      {
        name: 'amount';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Decimal'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'disbursedOn';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Date'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'idempotencyKey';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'loanId';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'reason';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
    ];
  };
  RequestLoanDisbursementResult: {
    kind: 'UNION';
    name: 'RequestLoanDisbursementResult';
    fields: {};
    possibleTypes: 'ConflictError' | 'ForbiddenError' | 'InvalidInputError' | 'LoanRequestPayload' | 'NotFoundError';
  };
  RequestLoanWriteOffInput: {
    kind: 'INPUT_OBJECT';
    name: 'RequestLoanWriteOffInput';
    isOneOf: false;
    inputFields: [
      {
        name: 'idempotencyKey';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'loanId';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'reason';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'writtenOffOn';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Date'; ofType: null } };
        defaultValue: null;
      },
    ];
  };
  RequestLoanWriteOffResult: {
    kind: 'UNION';
    name: 'RequestLoanWriteOffResult';
    fields: {};
    possibleTypes: 'ConflictError' | 'ForbiddenError' | 'InvalidInputError' | 'LoanRequestPayload' | 'NotFoundError';
  };
  ReverseJournalEntryInput: {
    kind: 'INPUT_OBJECT';
    name: 'ReverseJournalEntryInput';
    isOneOf: false;
    inputFields: [
      {
        name: 'entryId';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'idempotencyKey';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
      { name: 'occurredOn'; type: { kind: 'SCALAR'; name: 'Date'; ofType: null }; defaultValue: null },
      {
        name: 'reason';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
    ];
  };
  ReverseJournalEntryPayload: {
    kind: 'OBJECT';
    name: 'ReverseJournalEntryPayload';
    fields: {
      replayed: {
        name: 'replayed';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      };
      reversal: {
        name: 'reversal';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'JournalEntry'; ofType: null } };
      };
    };
  };
  ReverseJournalEntryResult: {
    kind: 'UNION';
    name: 'ReverseJournalEntryResult';
    fields: {};
    possibleTypes:
      | 'ConflictError'
      | 'ForbiddenError'
      | 'InvalidInputError'
      | 'NotFoundError'
      | 'ReverseJournalEntryPayload';
  };
  ReverseLoanEventInput: {
    kind: 'INPUT_OBJECT';
    name: 'ReverseLoanEventInput';
    isOneOf: false;
    inputFields: [
      {
        name: 'eventId';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'idempotencyKey';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'reason';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
      { name: 'reversedOn'; type: { kind: 'SCALAR'; name: 'Date'; ofType: null }; defaultValue: null },
    ];
  };
  ReverseLoanEventResult: {
    kind: 'UNION';
    name: 'ReverseLoanEventResult';
    fields: {};
    possibleTypes: 'ConflictError' | 'ForbiddenError' | 'InvalidInputError' | 'LoanEventPayload' | 'NotFoundError';
  };
  ReverseSalePaymentInput: {
    kind: 'INPUT_OBJECT';
    name: 'ReverseSalePaymentInput';
    isOneOf: false;
    inputFields: [
      {
        name: 'idempotencyKey';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'paymentId';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'reason';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
      { name: 'reversedOn'; type: { kind: 'SCALAR'; name: 'Date'; ofType: null }; defaultValue: null },
    ];
  };
  ReverseSalePaymentResult: {
    kind: 'UNION';
    name: 'ReverseSalePaymentResult';
    fields: {};
    possibleTypes:
      | 'ConflictError'
      | 'ForbiddenError'
      | 'InvalidInputError'
      | 'NotFoundError'
      | 'RecordSalePaymentPayload';
  };
  Role: { name: 'Role'; enumValues: 'ADMIN' | 'AUDITOR' | 'COOPERATIVE_MANAGER' | 'LENDER' | 'PLANT_STAFF' };
  RunInput: {
    kind: 'OBJECT';
    name: 'RunInput';
    fields: {
      batch: { name: 'batch'; type: { kind: 'OBJECT'; name: 'StockBatch'; ofType: null } };
      lot: {
        name: 'lot';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Lot'; ofType: null } };
      };
      weight: {
        name: 'weight';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Weight'; ofType: null } };
      };
    };
  };
  RunKind: { name: 'RunKind'; enumValues: 'HULLING' | 'PACKING' | 'ROASTING' };
  SafeInt: unknown;
  SaleDelivery: {
    kind: 'OBJECT';
    name: 'SaleDelivery';
    fields: {
      code: {
        name: 'code';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      contract: {
        name: 'contract';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'SalesContract'; ofType: null } };
      };
      cooperativeShares: {
        name: 'cooperativeShares';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: {
              kind: 'NON_NULL';
              name: never;
              ofType: { kind: 'OBJECT'; name: 'CooperativeSaleShare'; ofType: null };
            };
          };
        };
      };
      deliveredAt: {
        name: 'deliveredAt';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'DateTime'; ofType: null } };
      };
      deliveredOn: {
        name: 'deliveredOn';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Date'; ofType: null } };
      };
      id: { name: 'id'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } } };
      lines: {
        name: 'lines';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: {
              kind: 'NON_NULL';
              name: never;
              ofType: { kind: 'OBJECT'; name: 'SaleDeliveryLine'; ofType: null };
            };
          };
        };
      };
      lots: {
        name: 'lots';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'SaleTake'; ofType: null } };
          };
        };
      };
      owed: {
        name: 'owed';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
      payments: {
        name: 'payments';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'SalePayment'; ofType: null } };
          };
        };
      };
      plant: {
        name: 'plant';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Plant'; ofType: null } };
      };
      pounds: {
        name: 'pounds';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Decimal'; ofType: null } };
      };
      premium: {
        name: 'premium';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
      premiumPerLb: { name: 'premiumPerLb'; type: { kind: 'SCALAR'; name: 'Decimal'; ofType: null } };
      pricePerLb: { name: 'pricePerLb'; type: { kind: 'SCALAR'; name: 'Decimal'; ofType: null } };
      quantity: {
        name: 'quantity';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Weight'; ofType: null } };
      };
      referencePricePerLb: { name: 'referencePricePerLb'; type: { kind: 'SCALAR'; name: 'Decimal'; ofType: null } };
      value: {
        name: 'value';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
    };
  };
  SaleDeliveryLine: {
    kind: 'OBJECT';
    name: 'SaleDeliveryLine';
    fields: {
      batch: {
        name: 'batch';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'StockBatch'; ofType: null } };
      };
      sku: {
        name: 'sku';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      unitPrice: {
        name: 'unitPrice';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
      units: {
        name: 'units';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
      };
      value: {
        name: 'value';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
    };
  };
  SalePayment: {
    kind: 'OBJECT';
    name: 'SalePayment';
    fields: {
      amount: {
        name: 'amount';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
      delivery: {
        name: 'delivery';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'SaleDelivery'; ofType: null } };
      };
      entry: { name: 'entry'; type: { kind: 'OBJECT'; name: 'JournalEntry'; ofType: null } };
      exchangeRate: { name: 'exchangeRate'; type: { kind: 'OBJECT'; name: 'ExchangeRate'; ofType: null } };
      id: { name: 'id'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } } };
      receivedOn: {
        name: 'receivedOn';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Date'; ofType: null } };
      };
      reversal: { name: 'reversal'; type: { kind: 'OBJECT'; name: 'SalePaymentReversal'; ofType: null } };
      settlement: {
        name: 'settlement';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: {
              kind: 'NON_NULL';
              name: never;
              ofType: { kind: 'OBJECT'; name: 'CooperativeSettlement'; ofType: null };
            };
          };
        };
      };
    };
  };
  SalePaymentReversal: {
    kind: 'OBJECT';
    name: 'SalePaymentReversal';
    fields: {
      entry: { name: 'entry'; type: { kind: 'OBJECT'; name: 'JournalEntry'; ofType: null } };
      reason: {
        name: 'reason';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      reversedOn: {
        name: 'reversedOn';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Date'; ofType: null } };
      };
    };
  };
  SaleTake: {
    kind: 'OBJECT';
    name: 'SaleTake';
    fields: {
      batch: {
        name: 'batch';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'StockBatch'; ofType: null } };
      };
      cooperative: {
        name: 'cooperative';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Cooperative'; ofType: null } };
      };
      delivery: {
        name: 'delivery';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'SaleDelivery'; ofType: null } };
      };
      lot: {
        name: 'lot';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Lot'; ofType: null } };
      };
      weight: {
        name: 'weight';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Weight'; ofType: null } };
      };
    };
  };
  SalesContract: {
    kind: 'OBJECT';
    name: 'SalesContract';
    fields: {
      bagKg: { name: 'bagKg'; type: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
      bags: { name: 'bags'; type: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
      buyer: {
        name: 'buyer';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Buyer'; ofType: null } };
      };
      campaign: {
        name: 'campaign';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'HarvestCampaign'; ofType: null } };
      };
      code: {
        name: 'code';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      currency: {
        name: 'currency';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'Currency'; ofType: null } };
      };
      delivered: {
        name: 'delivered';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Weight'; ofType: null } };
      };
      deliveries: {
        name: 'deliveries';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'SaleDelivery'; ofType: null } };
          };
        };
      };
      differentialPerLb: { name: 'differentialPerLb'; type: { kind: 'SCALAR'; name: 'Decimal'; ofType: null } };
      fairtrade: {
        name: 'fairtrade';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      };
      grade: { name: 'grade'; type: { kind: 'ENUM'; name: 'GreenGrade'; ofType: null } };
      id: { name: 'id'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } } };
      market: {
        name: 'market';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'SalesMarket'; ofType: null } };
      };
      organic: {
        name: 'organic';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      };
      pricePerLb: { name: 'pricePerLb'; type: { kind: 'SCALAR'; name: 'Decimal'; ofType: null } };
      pricing: {
        name: 'pricing';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'ContractPricing'; ofType: null } };
      };
      quantity: { name: 'quantity'; type: { kind: 'OBJECT'; name: 'Weight'; ofType: null } };
      referenceMarket: { name: 'referenceMarket'; type: { kind: 'ENUM'; name: 'ReferenceMarket'; ofType: null } };
      signedOn: {
        name: 'signedOn';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Date'; ofType: null } };
      };
      unitPrices: {
        name: 'unitPrices';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'UnitPrice'; ofType: null } };
          };
        };
      };
    };
  };
  SalesContractConnection: {
    kind: 'OBJECT';
    name: 'SalesContractConnection';
    fields: {
      edges: {
        name: 'edges';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: {
              kind: 'NON_NULL';
              name: never;
              ofType: { kind: 'OBJECT'; name: 'SalesContractEdge'; ofType: null };
            };
          };
        };
      };
      nodes: {
        name: 'nodes';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'SalesContract'; ofType: null } };
          };
        };
      };
      pageInfo: {
        name: 'pageInfo';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'PageInfo'; ofType: null } };
      };
    };
  };
  SalesContractEdge: {
    kind: 'OBJECT';
    name: 'SalesContractEdge';
    fields: {
      cursor: {
        name: 'cursor';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      node: {
        name: 'node';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'SalesContract'; ofType: null } };
      };
    };
  };
  SalesMarket: { name: 'SalesMarket'; enumValues: 'DOMESTIC' | 'EXPORT' };
  SetAdvancePriceInput: {
    kind: 'INPUT_OBJECT';
    name: 'SetAdvancePriceInput';
    isOneOf: false;
    inputFields: [
      {
        name: 'campaignId';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'cooperativeId';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'currency';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'Currency'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'effectiveFrom';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Date'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'idempotencyKey';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'pricePerKg';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Decimal'; ofType: null } };
        defaultValue: null;
      },
    ];
  };
  SetAdvancePricePayload: {
    kind: 'OBJECT';
    name: 'SetAdvancePricePayload';
    fields: {
      advancePrice: {
        name: 'advancePrice';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'AdvancePrice'; ofType: null } };
      };
      replayed: {
        name: 'replayed';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      };
    };
  };
  SetAdvancePriceResult: {
    kind: 'UNION';
    name: 'SetAdvancePriceResult';
    fields: {};
    possibleTypes:
      | 'ConflictError'
      | 'ForbiddenError'
      | 'InvalidInputError'
      | 'NotFoundError'
      | 'SetAdvancePricePayload';
  };
  SetCooperativeRetentionInput: {
    kind: 'INPUT_OBJECT';
    name: 'SetCooperativeRetentionInput';
    isOneOf: false;
    inputFields: [
      {
        name: 'campaignId';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'cooperativeId';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'idempotencyKey';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'retentionPercent';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Decimal'; ofType: null } };
        defaultValue: null;
      },
    ];
  };
  SetCooperativeRetentionResult: {
    kind: 'UNION';
    name: 'SetCooperativeRetentionResult';
    fields: {};
    possibleTypes:
      | 'ConflictError'
      | 'ForbiddenError'
      | 'InvalidInputError'
      | 'NotFoundError'
      | 'SetSettlementTermsPayload';
  };
  SetEndorsementLimitInput: {
    kind: 'INPUT_OBJECT';
    name: 'SetEndorsementLimitInput';
    isOneOf: false;
    inputFields: [
      {
        name: 'campaignId';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'cooperativeId';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'currency';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'Currency'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'idempotencyKey';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'limit';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Decimal'; ofType: null } };
        defaultValue: null;
      },
    ];
  };
  SetEndorsementLimitResult: {
    kind: 'UNION';
    name: 'SetEndorsementLimitResult';
    fields: {};
    possibleTypes: 'ConflictError' | 'ForbiddenError' | 'InvalidInputError' | 'NotFoundError' | 'RecordedPayload';
  };
  SetSettlementTermsInput: {
    kind: 'INPUT_OBJECT';
    name: 'SetSettlementTermsInput';
    isOneOf: false;
    inputFields: [
      {
        name: 'campaignId';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'commissionPercent';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Decimal'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'currency';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'Currency'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'idempotencyKey';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'membership';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'SettlementMembership'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'processingFeePerKg';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Decimal'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'retentionPercent';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Decimal'; ofType: null } };
        defaultValue: null;
      },
    ];
  };
  SetSettlementTermsPayload: {
    kind: 'OBJECT';
    name: 'SetSettlementTermsPayload';
    fields: {
      replayed: {
        name: 'replayed';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      };
    };
  };
  SetSettlementTermsResult: {
    kind: 'UNION';
    name: 'SetSettlementTermsResult';
    fields: {};
    possibleTypes:
      | 'ConflictError'
      | 'ForbiddenError'
      | 'InvalidInputError'
      | 'NotFoundError'
      | 'SetSettlementTermsPayload';
  };
  SettlementBreakdown: {
    kind: 'OBJECT';
    name: 'SettlementBreakdown';
    fields: {
      coffee: {
        name: 'coffee';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
      commissions: {
        name: 'commissions';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
      currency: {
        name: 'currency';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'Currency'; ofType: null } };
      };
      loanRepayments: {
        name: 'loanRepayments';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
      premium: {
        name: 'premium';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
      processingFees: {
        name: 'processingFees';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
      retention: {
        name: 'retention';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
      toFarmers: {
        name: 'toFarmers';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
    };
  };
  SettlementMembership: { name: 'SettlementMembership'; enumValues: 'AFFILIATED' | 'SHAREHOLDER' };
  Shareholding: {
    kind: 'OBJECT';
    name: 'Shareholding';
    fields: {
      holderCode: {
        name: 'holderCode';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      holderKind: {
        name: 'holderKind';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      holderName: {
        name: 'holderName';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      since: {
        name: 'since';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Date'; ofType: null } };
      };
      stakePercent: {
        name: 'stakePercent';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Decimal'; ofType: null } };
      };
    };
  };
  StockBatch: {
    kind: 'OBJECT';
    name: 'StockBatch';
    fields: {
      brand: { name: 'brand'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      code: {
        name: 'code';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      cooperativeShares: {
        name: 'cooperativeShares';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: {
              kind: 'NON_NULL';
              name: never;
              ofType: { kind: 'OBJECT'; name: 'CooperativeShare'; ofType: null };
            };
          };
        };
      };
      form: {
        name: 'form';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'BatchForm'; ofType: null } };
      };
      grade: { name: 'grade'; type: { kind: 'ENUM'; name: 'GreenGrade'; ofType: null } };
      id: { name: 'id'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } } };
      ownerCount: {
        name: 'ownerCount';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
      };
      owners: {
        name: 'owners';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'BatchShare'; ofType: null } };
          };
        };
      };
      plant: {
        name: 'plant';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Plant'; ofType: null } };
      };
      producedAt: {
        name: 'producedAt';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'DateTime'; ofType: null } };
      };
      producedBy: {
        name: 'producedBy';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'ProcessingRun'; ofType: null } };
      };
      quantity: {
        name: 'quantity';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Weight'; ofType: null } };
      };
      remaining: {
        name: 'remaining';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Weight'; ofType: null } };
      };
      sku: { name: 'sku'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      unitSizeGrams: { name: 'unitSizeGrams'; type: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
      units: { name: 'units'; type: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
      unitsRemaining: { name: 'unitsRemaining'; type: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
      upstream: {
        name: 'upstream';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'StockBatch'; ofType: null } };
          };
        };
      };
      warehouse: {
        name: 'warehouse';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Warehouse'; ofType: null } };
      };
    };
  };
  StockBatchConnection: {
    kind: 'OBJECT';
    name: 'StockBatchConnection';
    fields: {
      edges: {
        name: 'edges';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'StockBatchEdge'; ofType: null } };
          };
        };
      };
      nodes: {
        name: 'nodes';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'StockBatch'; ofType: null } };
          };
        };
      };
      pageInfo: {
        name: 'pageInfo';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'PageInfo'; ofType: null } };
      };
      totalCount: {
        name: 'totalCount';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
      };
    };
  };
  StockBatchEdge: {
    kind: 'OBJECT';
    name: 'StockBatchEdge';
    fields: {
      cursor: {
        name: 'cursor';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      node: {
        name: 'node';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'StockBatch'; ofType: null } };
      };
    };
  };
  StockBatchFilter: {
    kind: 'INPUT_OBJECT';
    name: 'StockBatchFilter';
    isOneOf: false;
    inputFields: [
      { name: 'cooperativeId'; type: { kind: 'SCALAR'; name: 'ID'; ofType: null }; defaultValue: null },
      { name: 'form'; type: { kind: 'ENUM'; name: 'BatchForm'; ofType: null }; defaultValue: null },
      { name: 'grade'; type: { kind: 'ENUM'; name: 'GreenGrade'; ofType: null }; defaultValue: null },
      { name: 'inStock'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null }; defaultValue: null },
      { name: 'plantId'; type: { kind: 'SCALAR'; name: 'ID'; ofType: null }; defaultValue: null },
    ];
  };
  StockFilter: {
    kind: 'INPUT_OBJECT';
    name: 'StockFilter';
    isOneOf: false;
    inputFields: [
      { name: 'cooperativeId'; type: { kind: 'SCALAR'; name: 'ID'; ofType: null }; defaultValue: null },
      { name: 'form'; type: { kind: 'ENUM'; name: 'StockForm'; ofType: null }; defaultValue: null },
      { name: 'plantId'; type: { kind: 'SCALAR'; name: 'ID'; ofType: null }; defaultValue: null },
    ];
  };
  StockForm: { name: 'StockForm'; enumValues: 'GREEN' | 'PACKED' | 'PARCHMENT' | 'ROASTED' };
  StockPosition: {
    kind: 'OBJECT';
    name: 'StockPosition';
    fields: {
      cooperative: {
        name: 'cooperative';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Cooperative'; ofType: null } };
      };
      form: {
        name: 'form';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'StockForm'; ofType: null } };
      };
      grade: { name: 'grade'; type: { kind: 'ENUM'; name: 'GreenGrade'; ofType: null } };
      plant: {
        name: 'plant';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Plant'; ofType: null } };
      };
      sku: { name: 'sku'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      ungradedWeight: {
        name: 'ungradedWeight';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Weight'; ofType: null } };
      };
      warehouse: { name: 'warehouse'; type: { kind: 'OBJECT'; name: 'Warehouse'; ofType: null } };
      weight: {
        name: 'weight';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Weight'; ofType: null } };
      };
    };
  };
  String: unknown;
  Subscription: {
    kind: 'OBJECT';
    name: 'Subscription';
    fields: {
      lotActivity: {
        name: 'lotActivity';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'LotEvent'; ofType: null } };
      };
    };
  };
  ThroughputPeriod: {
    kind: 'OBJECT';
    name: 'ThroughputPeriod';
    fields: {
      actualExportYieldPercent: {
        name: 'actualExportYieldPercent';
        type: { kind: 'SCALAR'; name: 'Decimal'; ofType: null };
      };
      days: {
        name: 'days';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
      };
      end: {
        name: 'end';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Date'; ofType: null } };
      };
      expectedExportYieldPercent: {
        name: 'expectedExportYieldPercent';
        type: { kind: 'SCALAR'; name: 'Decimal'; ofType: null };
      };
      exportGreenProduced: {
        name: 'exportGreenProduced';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Weight'; ofType: null } };
      };
      flaggedRuns: {
        name: 'flaggedRuns';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
      };
      greenProduced: {
        name: 'greenProduced';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Weight'; ofType: null } };
      };
      hulled: {
        name: 'hulled';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Weight'; ofType: null } };
      };
      hullingUtilizationPercent: {
        name: 'hullingUtilizationPercent';
        type: { kind: 'SCALAR'; name: 'Decimal'; ofType: null };
      };
      lotsReceived: {
        name: 'lotsReceived';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
      };
      lotsRejected: {
        name: 'lotsRejected';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
      };
      packed: {
        name: 'packed';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Weight'; ofType: null } };
      };
      packingUtilizationPercent: {
        name: 'packingUtilizationPercent';
        type: { kind: 'SCALAR'; name: 'Decimal'; ofType: null };
      };
      received: {
        name: 'received';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Weight'; ofType: null } };
      };
      roasted: {
        name: 'roasted';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Weight'; ofType: null } };
      };
      roastedOutput: {
        name: 'roastedOutput';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Weight'; ofType: null } };
      };
      roastingUtilizationPercent: {
        name: 'roastingUtilizationPercent';
        type: { kind: 'SCALAR'; name: 'Decimal'; ofType: null };
      };
      runs: {
        name: 'runs';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
      };
      start: {
        name: 'start';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Date'; ofType: null } };
      };
      unitsPacked: {
        name: 'unitsPacked';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
      };
    };
  };
  TrialBalance: {
    kind: 'OBJECT';
    name: 'TrialBalance';
    fields: {
      accounts: {
        name: 'accounts';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'AccountBalance'; ofType: null } };
          };
        };
      };
      asOf: { name: 'asOf'; type: { kind: 'SCALAR'; name: 'Date'; ofType: null } };
      balanced: {
        name: 'balanced';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      };
      currencies: {
        name: 'currencies';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: {
              kind: 'NON_NULL';
              name: never;
              ofType: { kind: 'OBJECT'; name: 'CurrencyTrialTotals'; ofType: null };
            };
          };
        };
      };
    };
  };
  UnitPrice: {
    kind: 'OBJECT';
    name: 'UnitPrice';
    fields: {
      sku: {
        name: 'sku';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      unitPrice: {
        name: 'unitPrice';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Money'; ofType: null } };
      };
      unitSize: {
        name: 'unitSize';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Weight'; ofType: null } };
      };
    };
  };
  UnitPriceInput: {
    kind: 'INPUT_OBJECT';
    name: 'UnitPriceInput';
    isOneOf: false;
    inputFields: [
      {
        name: 'sku';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'unitPrice';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Decimal'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'unitSizeG';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
        defaultValue: null;
      },
    ];
  };
  Viewer: {
    kind: 'OBJECT';
    name: 'Viewer';
    fields: {
      cooperative: { name: 'cooperative'; type: { kind: 'OBJECT'; name: 'Cooperative'; ofType: null } };
      lender: { name: 'lender'; type: { kind: 'OBJECT'; name: 'Lender'; ofType: null } };
      name: {
        name: 'name';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      plant: { name: 'plant'; type: { kind: 'OBJECT'; name: 'Plant'; ofType: null } };
      role: {
        name: 'role';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'Role'; ofType: null } };
      };
    };
  };
  Warehouse: {
    kind: 'OBJECT';
    name: 'Warehouse';
    fields: {
      code: {
        name: 'code';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      id: { name: 'id'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } } };
      name: {
        name: 'name';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      plant: {
        name: 'plant';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Plant'; ofType: null } };
      };
    };
  };
  Weight: {
    kind: 'OBJECT';
    name: 'Weight';
    fields: {
      grams: {
        name: 'grams';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'SafeInt'; ofType: null } };
      };
      kg: {
        name: 'kg';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Decimal'; ofType: null } };
      };
      quintals: {
        name: 'quintals';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Decimal'; ofType: null } };
      };
    };
  };
};

/** An IntrospectionQuery representation of your schema.
 *
 * @remarks
 * This is an introspection of your schema saved as a file by GraphQLSP.
 * It will automatically be used by `gql.tada` to infer the types of your GraphQL documents.
 * If you need to reuse this data or update your `scalars`, update `tadaOutputLocation` to
 * instead save to a .ts instead of a .d.ts file.
 */
export type introspection = {
  name: never;
  query: 'Query';
  mutation: 'Mutation';
  subscription: 'Subscription';
  types: introspection_types;
};

import * as gqlTada from 'gql.tada';

declare module 'gql.tada' {
  interface setupSchema {
    introspection: introspection;
  }
}
