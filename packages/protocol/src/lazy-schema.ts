/**
 * A schema built the first time it is used instead of when its module loads.
 *
 * Measured (Node 24, minified bundle, warm compile cache): importing every @x/protocol schema eagerly cost ~50 ms
 * of CPU on top of zod itself; built lazily, ~16 ms. A plugin pays only for the shapes it parses. The proxy adds
 * ~0.25 µs per `parse` call (zod is under 1% of the request path). Every schema module wraps its top-level
 * schemas with this; `z.infer<typeof X>` and every zod method work as on the schema itself.
 */
export function lazySchema<T extends object>(build: () => T): T {
  let real: T | undefined;
  const target = (): T => {
    real ??= build();
    return real;
  };
  return new Proxy(Object.create(null) as T, {
    get: (_shell, key) => {
      const schema = target();
      return Reflect.get(schema, key, schema);
    },
    set: (_shell, key, value) => Reflect.set(target(), key, value),
    has: (_shell, key) => Reflect.has(target(), key),
    ownKeys: () => Reflect.ownKeys(target()),
    getOwnPropertyDescriptor: (_shell, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(target(), key);
      // A proxy may not report a property as non-configurable that its (empty) shell does not have.
      if (descriptor) descriptor.configurable = true;
      return descriptor;
    },
    getPrototypeOf: () => Reflect.getPrototypeOf(target()),
    defineProperty: (_shell, key, descriptor) => Reflect.defineProperty(target(), key, descriptor),
    deleteProperty: (_shell, key) => Reflect.deleteProperty(target(), key),
  });
}
