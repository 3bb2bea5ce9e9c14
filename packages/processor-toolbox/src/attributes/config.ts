import { z } from 'zod';

const scalar = z.union([z.string(), z.number(), z.boolean()]);
const key = z.string().min(1).describe('the attribute the action works on');

/** insert / update / upsert take their value from `value` (which may be `${env:NAME}`) or from another attribute. */
const setAction = (action: 'insert' | 'update' | 'upsert', when: string) =>
  z
    .object({
      key,
      action: z.literal(action).describe(when),
      value: scalar.optional().describe('the value to set (may come from ${env:NAME})'),
      from_attribute: z.string().min(1).optional().describe('copy the value of this attribute instead'),
    })
    .strict()
    .refine((a) => (a.value === undefined) !== (a.from_attribute === undefined), {
      message: `action ${action} needs exactly one of value or from_attribute`,
    });

export const actionConfig = z.union([
  setAction('insert', 'set the attribute only when it is absent'),
  setAction('update', 'set the attribute only when it is present'),
  setAction('upsert', 'set the attribute in any case'),
  z.object({ key, action: z.literal('delete').describe('remove the attribute') }).strict(),
  z
    .object({
      key,
      action: z.literal('rename').describe('move the value to another key (replacing what was there)'),
      to: z.string().min(1).describe('the new key'),
    })
    .strict(),
  z.object({ key, action: z.literal('hash').describe('replace the value by its SHA-256, in hex') }).strict(),
]);

export type Action = z.output<typeof actionConfig>;

/** Config of `attributes` (data point attributes) and `resource` (resource attributes): actions, in order. */
export const actionsConfig = z
  .object({
    actions: z.array(actionConfig).min(1).describe('applied in order to every point (attributes) or batch (resource)'),
  })
  .strict();

export type ActionsConfig = z.output<typeof actionsConfig>;
