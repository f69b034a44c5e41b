using System.Collections.Generic;
using System.Linq;
using AutoDiff.Weaver.Diagnostics;
using AutoDiff.Weaver.Differentiation;
using AutoDiff.Weaver.Engine;
using Mono.Cecil;

namespace AutoDiff.Weaver.Frontend
{
    /// <summary>
    /// Finds the declaration that receives a derivative's body: a method of the primal's type with
    /// the derivative's name, the same static-ness, and exactly the parameters and result that
    /// <see cref="DerivativeSignature"/> computes. The source generator writes that declaration;
    /// checking it here keeps a hand-written or stale one from receiving a body of another shape.
    /// </summary>
    public static class StubLocator
    {
        public static MethodDefinition Find(DerivativeRequest request, DerivativeSignature signature)
        {
            var primal = request.Primal;
            var candidates = primal.DeclaringType.Methods.Where(m => m.Name == request.Name).ToList();
            var expected = Describe(request.Name, signature);
            if (candidates.Count == 0)
            {
                throw new DiagnosticException(DiagnosticCatalog.StubNotFound,
                    $"no method '{request.Name}' in {CSharpNames.Type(primal.DeclaringType)} to receive the derivative of '{primal.Name}'; expected {expected}");
            }
            foreach (var m in candidates)
            {
                if (Matches(m, primal, signature)) return m;
            }
            throw new DiagnosticException(DiagnosticCatalog.StubSignatureMismatch,
                $"'{request.Name}' in {CSharpNames.Type(primal.DeclaringType)} does not have the derivative's signature; expected {expected}, found " +
                string.Join(" and ", candidates.Select(DescribeActual)));
        }

        private static bool Matches(MethodDefinition m, MethodDefinition primal, DerivativeSignature signature)
        {
            if (m.IsStatic != primal.IsStatic || m.Parameters.Count != signature.Parameters.Count) return false;
            for (int i = 0; i < m.Parameters.Count; i++)
            {
                if (m.Parameters[i].ParameterType.FullName != signature.Parameters[i].Type.FullName) return false;
            }
            var actual = TupleTypes.Elements(m.ReturnType);
            return actual.Count == signature.Results.Count &&
                   actual.Zip(signature.Results, (a, e) => a.FullName == e.Type.FullName).All(x => x);
        }

        private static string Describe(string name, DerivativeSignature s)
        {
            var result = s.Results.Count switch
            {
                0 => "void",
                1 => CSharpNames.Type(s.Results[0].Type),
                _ => "(" + string.Join(", ", s.Results.Select(r => CSharpNames.Type(r.Type))) + ")",
            };
            return $"{result} {name}({string.Join(", ", s.Parameters.Select(p => CSharpNames.Type(p.Type) + " " + p.Name))})";
        }

        private static string DescribeActual(MethodDefinition m)
        {
            var elements = TupleTypes.Elements(m.ReturnType);
            var result = elements.Count switch
            {
                0 => "void",
                1 => CSharpNames.Type(elements[0]),
                _ => "(" + string.Join(", ", elements.Select(t => CSharpNames.Type(t))) + ")",
            };
            return $"{(m.IsStatic ? "static " : "")}{result} {m.Name}({string.Join(", ", m.Parameters.Select(p => CSharpNames.Type(p) + " " + p.Name))})";
        }
    }
}
