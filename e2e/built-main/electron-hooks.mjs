// Module hooks for the built-main test: `electron` resolves to the recording fake the main-process
// unit tests use; everything else resolves as usual.
let fake = '';

export function initialize(data) {
  fake = data.fake;
}

export async function resolve(specifier, context, next) {
  if (specifier === 'electron') return { url: fake, shortCircuit: true };
  return next(specifier, context);
}
