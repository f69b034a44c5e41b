using System.Collections.Generic;
using System.Linq;
using AutoDiff.Weaver;
using Mono.Cecil;

namespace AutoDiff.Cli
{
    /// <summary>
    /// Which declared derivatives a <c>--method</c> value names: <c>Type.Method</c> or a bare
    /// <c>Method</c>, where the method is the derivative or its primal (so one name picks every
    /// derivative of a primal). The type is matched by its name or its full name, nested types
    /// written with '.' or '+' as C# or reflection would, so users need not know Cecil's '/'.
    /// </summary>
    internal static class DerivativeSelector
    {
        public static IReadOnlyList<DeclaredDerivative> Select(IReadOnlyList<DeclaredDerivative> declared, string? method) =>
            method == null ? declared : declared.Where(d => Matches(d, method)).ToList();

        public static bool Matches(DeclaredDerivative derivative, string method)
        {
            var dot = method.LastIndexOf('.');
            var name = dot < 0 ? method : method.Substring(dot + 1);
            if (derivative.Name != name && derivative.Primal.Name != name) return false;
            return dot < 0 || TypeMatches(derivative.Primal.DeclaringType, method.Substring(0, dot));
        }

        private static bool TypeMatches(TypeDefinition type, string written)
        {
            var full = type.FullName;
            return written == type.Name
                || written == full
                || written == full.Replace('/', '.')
                || written == full.Replace('/', '+')
                || (type.DeclaringType != null && written == NestedName(type));
        }

        /// <summary>"Outer.Inner" without the namespace, as C# code inside the namespace writes it.</summary>
        private static string NestedName(TypeDefinition type) =>
            type.DeclaringType == null ? type.Name : NestedName(type.DeclaringType) + "." + type.Name;

        /// <summary>The message for a --method that names nothing.</summary>
        public static string NothingNamed(string path, string method) =>
            $"{path}: error: no derivative or primal named '{method}' (give Type.Method or Method; 'autodiff show {System.IO.Path.GetFileName(path)}' lists them).";
    }
}
