/** Enums and small value types shared by the domain types. */
import { certificationSchemes, lotStatuses, productForms } from '../db/schema.js';
import { ROLES } from '../server/auth/policy.js';
import { DOCUMENT_TYPES } from '../server/domain/identity.js';
import { gramsToKg, gramsToQuintals } from '../server/domain/units.js';
import { builder } from './builder.js';

/** A GraphQL enum whose values are the upper-case names of the stored lower-case ones. */
export function dbEnumOf<const T extends string>(name: string, values: readonly T[], description: string) {
  return builder.enumType(name, {
    description,
    values: Object.fromEntries(values.map((v) => [v.toUpperCase(), { value: v }])) as Record<
      Uppercase<T>,
      { value: T }
    >,
  });
}

export const RoleEnum = dbEnumOf('Role', ROLES, 'What a user may do; see docs/access.md.');
export const MembershipEnum = dbEnumOf(
  'Membership',
  ['shareholder', 'affiliated'] as const,
  'A shareholder cooperative owns part of the consortium; an affiliated one only uses its services.',
);
export const CertificationSchemeEnum = dbEnumOf('CertificationScheme', certificationSchemes, 'A certification scheme.');
export const ProductFormEnum = dbEnumOf(
  'ProductForm',
  productForms,
  'The form coffee is delivered in; dried parchment is the usual one.',
);
export const LotStatusEnum = dbEnumOf(
  'LotStatus',
  lotStatuses,
  'RECEIVED when weighed in; GRADED once graded; REJECTED with a reason (e.g. too wet).',
);
export const CupProtocolEnum = dbEnumOf(
  'CupProtocol',
  ['sca', 'cqi_q', 'coe'] as const,
  'How a cup score was taken: SCA cupping form, CQI Q-grader, or Cup of Excellence.',
);
export const DocumentTypeEnum = dbEnumOf(
  'DocumentType',
  DOCUMENT_TYPES,
  'The kind of identity document a national ID is: DNI (Peru, 8 digits), RUC (Peru, 11 digits), CE (carné de extranjería), OTHER.',
);
export const GenderEnum = dbEnumOf('Gender', ['female', 'male', 'other'] as const, 'Self-declared gender.');
export const PlantKindEnum = dbEnumOf(
  'PlantKind',
  ['plant', 'collection_center'] as const,
  'The processing plant, or a collection centre that receives lots for it.',
);
export const LenderKindEnum = dbEnumOf(
  'LenderKind',
  ['bank', 'copac', 'social_investor'] as const,
  'A bank, a savings-and-credit cooperative (COPAC) or a social investor.',
);

/** A weight, stored in grams. */
export const WeightRef = builder.objectRef<number>('Weight').implement({
  description: 'A weight. Stored as integer grams; kg exact; quintals of 46 kg rounded half-even to 2 decimals.',
  fields: (t) => ({
    grams: t.field({ type: 'SafeInt', resolve: (g) => g }),
    kg: t.field({ type: 'Decimal', resolve: (g) => gramsToKg(g) }),
    quintals: t.field({ type: 'Decimal', resolve: (g) => gramsToQuintals(g) }),
  }),
});

export const EudrStatusEnum = dbEnumOf(
  'EudrStatus',
  ['compliant', 'non_compliant'] as const,
  'EU deforestation regulation: whether coffee may be placed on the EU market (docs/eudr.md).',
);
