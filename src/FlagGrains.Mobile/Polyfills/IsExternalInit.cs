// netstandard2.1 predates init-only setters; the compiler only needs this type to exist.
namespace System.Runtime.CompilerServices;

internal static class IsExternalInit;
