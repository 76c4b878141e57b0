/** The key under which each error class keeps the symbol it stamps on its instances. */
export const CLASS_BRAND: unique symbol = Symbol.for("x.dify-plugin.error-class-brand");

/** Any error class, as `isInstance` sees `this`. */
export type ErrorClass<T> = abstract new (...args: never[]) => T;

/**
 * Stamps `errorClass` with its brand (call once per class, right after its declaration, with a name no
 * other class uses): its instances, and those of every subclass, then pass `errorClass.isInstance`.
 */
export function brandError(errorClass: ErrorClass<unknown>, name: string): void {
  const mark = Symbol.for(`x.dify-plugin.error.${name}`);
  Object.defineProperty(errorClass, CLASS_BRAND, { value: mark });
  Object.defineProperty(errorClass.prototype, mark, { value: true });
  // An own `isInstance` per class that does not depend on `this`, so `errors.filter(X.isInstance)` works too.
  Object.defineProperty(errorClass, "isInstance", {
    configurable: true,
    writable: true,
    value: (error: unknown): boolean =>
      typeof error === "object" && error !== null && (error as Record<symbol, unknown>)[mark] === true,
  });
}
