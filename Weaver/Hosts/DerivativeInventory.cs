using System.Collections.Generic;
using System.Linq;
using AutoDiff.Weaver.Diagnostics;
using AutoDiff.Weaver.Differentiation;
using AutoDiff.Weaver.Frontend;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace AutoDiff.Weaver
{
    /// <summary>
    /// What a module declares, for hosts that look before they weave: every derivative asked for
    /// by an attribute, the declaration that receives it, and whether that declaration already has
    /// a woven body. Reads only; the module is not changed. A request the engine would refuse is
    /// listed with its problem rather than thrown, so a host can show it.
    /// </summary>
    public static class DerivativeInventory
    {
        private const string NotWovenException = "AutoDiff.AutoDiffNotWovenException";

        public static IReadOnlyList<DeclaredDerivative> Read(ModuleDefinition module)
        {
            var found = new List<DeclaredDerivative>();
            foreach (var (method, attribute) in DerivativeRequestReader.FindAttributes(module))
            {
                var name = attribute.ConstructorArguments.Count > 0 ? attribute.ConstructorArguments[0].Value as string ?? "?" : "?";
                try
                {
                    if (method.HasGenericParameters)
                    {
                        // A generic-math primal: its generic declaration (which dispatches to the closings once woven).
                        var generic = GenericDerivative.Prepare(method, attribute);
                        found.Add(new DeclaredDerivative(method, name, generic.Request, generic.Declaration, null));
                        continue;
                    }
                    var request = DerivativeRequestReader.Read(method, attribute);
                    var stub = StubLocator.Find(request, DerivativeSignature.Of(request));
                    found.Add(new DeclaredDerivative(method, name, request, stub, null));
                }
                catch (DiagnosticException e)
                {
                    found.Add(new DeclaredDerivative(method, name, null, null, e.Descriptor.Code + ": " + e.What));
                }
            }
            return found;
        }

        /// <summary>
        /// True when the weaver has written <paramref name="stub"/>'s body: the assembly carries
        /// the weaver's mark (<see cref="Backend.WovenMarker"/>) and the body no longer constructs
        /// AutoDiffNotWovenException (the generator's declaration throws it, a woven body never
        /// does). A body written by hand is not taken for a woven one.
        /// </summary>
        public static bool IsWoven(MethodDefinition stub)
        {
            if (!stub.HasBody || !Backend.WovenMarker.IsOn(stub.Module)) return false;
            return !stub.Body.Instructions.Any(i =>
                i.OpCode.Code == Code.Newobj && i.Operand is MethodReference ctor && ctor.DeclaringType.FullName == NotWovenException);
        }
    }

    /// <summary>One derivative an attribute asks for (see <see cref="DerivativeInventory"/>).</summary>
    public sealed class DeclaredDerivative
    {
        public DeclaredDerivative(MethodDefinition primal, string name, DerivativeRequest? request, MethodDefinition? stub, string? problem)
        {
            Primal = primal;
            Name = name;
            Request = request;
            Stub = stub;
            Problem = problem;
        }

        public MethodDefinition Primal { get; }

        /// <summary>The derivative method's name, as the attribute gives it.</summary>
        public string Name { get; }

        /// <summary>The checked request (mode, activities); null when the attribute or declaration is refused.</summary>
        public DerivativeRequest? Request { get; }

        /// <summary>The declaration that receives the body; null when it is missing or has another signature.</summary>
        public MethodDefinition? Stub { get; }

        /// <summary>Why the engine would refuse this derivative (code and what was found); null when it looks fine.</summary>
        public string? Problem { get; }

        public bool IsWoven => Stub != null && DerivativeInventory.IsWoven(Stub);
    }
}
