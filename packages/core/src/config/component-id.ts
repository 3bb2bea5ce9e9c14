import { COMPONENT_TYPE_PATTERN } from '../component/define.js';

/** The part after "/" in `type/name`: anything printable except "/" and spaces. */
const NAME_PATTERN = /^[^\s/]+$/;

/** Splits a component or pipeline id (`type` or `type/name`) or says what is wrong with it. */
export function parseComponentId(
  id: string,
): { readonly type: string; readonly name: string | undefined } | { readonly error: string } {
  const slash = id.indexOf('/');
  const type = slash < 0 ? id : id.slice(0, slash);
  const name = slash < 0 ? undefined : id.slice(slash + 1);
  if (!COMPONENT_TYPE_PATTERN.test(type)) {
    return {
      error: `invalid id "${id}": the type "${type}" must be lowercase letters, digits and _ starting with a letter (${String(COMPONENT_TYPE_PATTERN)})`,
    };
  }
  if (name !== undefined && !NAME_PATTERN.test(name)) {
    return {
      error:
        name === ''
          ? `invalid id "${id}": the name after "/" is empty`
          : `invalid id "${id}": write type or type/name, the name without "/" or spaces`,
    };
  }
  return { type, name };
}
