using System.Linq;
using Mono.Cecil;
using Mono.Cecil.Cil;
using AutoDiff.Weaver.IR;

namespace AutoDiff.Weaver.Backend
{
    /// <summary>
    /// A derivative lives in the primal's type, but code inlined from a helper of another type
    /// reads that type's private fields and calls its private methods (a struct's private
    /// fields behind a public property). The runtime would refuse such access, so each private
    /// (or protected) member of this module that a derivative body names from another type is
    /// widened to internal, and so is a private nested type it names. Nothing becomes public:
    /// the assembly's surface is unchanged; reflection sees internal where it saw private.
    /// Members of another assembly (a class library inlined from) cannot be changed: when a body
    /// names one that is not public, the woven assembly declares
    /// <c>[assembly: IgnoresAccessChecksTo("Library")]</c>, which .NET honours (IgnoresAccessChecks.cs).
    /// Runs on the written body; changes only member visibility and that attribute, each recorded
    /// in <see cref="ModuleEdits"/> so that a refused weave can take it back.
    /// </summary>
    public static class AccessWidening
    {
        public static void Run(MethodDefinition derivative, ModuleEdits edits)
        {
            var module = derivative.Module;
            var from = derivative.DeclaringType;
            foreach (var ins in derivative.Body.Instructions)
            {
                switch (ins.Operand)
                {
                    case FieldReference f:
                        Type(f.DeclaringType, module, from, edits);
                        var field = f.TryResolve();
                        if (field != null && field.Module != module && !(field.IsPublic && IsPublic(field.DeclaringType)))
                        {
                            IgnoresAccessChecks.Add(module, field.Module.Assembly.Name.Name, edits);
                        }
                        else if (field != null && field.Module == module && !Reaches(from, field.DeclaringType) &&
                            (field.IsPrivate || field.IsFamily || field.IsFamilyAndAssembly))
                        {
                            var old = field.Attributes;
                            edits.Made(() => field.Attributes = old);
                            field.Attributes = (old & ~FieldAttributes.FieldAccessMask) | FieldAttributes.Assembly;
                        }
                        break;
                    case MethodReference m:
                        Method(m, module, from, edits);
                        break;
                    case TypeReference t:
                        Type(t, module, from, edits);
                        break;
                }
            }
        }

        private static void Method(MethodReference m, ModuleDefinition module, TypeDefinition from, ModuleEdits edits)
        {
            if (m is GenericInstanceMethod g)
            {
                foreach (var a in g.GenericArguments) Type(a, module, from, edits);
                m = g.ElementMethod;
            }
            Type(m.DeclaringType, module, from, edits);
            var method = m.TryResolve();
            if (method != null && method.Module != module && !(method.IsPublic && IsPublic(method.DeclaringType)))
            {
                IgnoresAccessChecks.Add(module, method.Module.Assembly.Name.Name, edits);
            }
            else if (method != null && method.Module == module && !Reaches(from, method.DeclaringType) &&
                (method.IsPrivate || method.IsFamily || method.IsFamilyAndAssembly))
            {
                var old = method.Attributes;
                edits.Made(() => method.Attributes = old);
                method.Attributes = (old & ~MethodAttributes.MemberAccessMask) | MethodAttributes.Assembly;
            }
        }

        private static void Type(TypeReference type, ModuleDefinition module, TypeDefinition from, ModuleEdits edits)
        {
            if (type is TypeSpecification spec)
            {
                if (type is GenericInstanceType g) foreach (var a in g.GenericArguments) Type(a, module, from, edits);
                Type(spec.ElementType, module, from, edits);
                return;
            }
            if (type is GenericParameter) return;
            var definition = type.TryResolve();
            if (definition != null && definition.Module != module && !IsPublic(definition))
            {
                IgnoresAccessChecks.Add(module, definition.Module.Assembly.Name.Name, edits);
            }
            while (definition != null && definition.Module == module && definition.IsNested)
            {
                if ((definition.IsNestedPrivate || definition.IsNestedFamily || definition.IsNestedFamilyAndAssembly) && !Reaches(from, definition.DeclaringType))
                {
                    var (changed, old) = (definition, definition.Attributes);
                    edits.Made(() => changed.Attributes = old);
                    definition.Attributes = (old & ~TypeAttributes.VisibilityMask) | TypeAttributes.NestedAssembly;
                }
                definition = definition.DeclaringType;
            }
        }

        private static bool IsPublic(TypeDefinition type)
        {
            for (var t = type; t != null; t = t.DeclaringType)
            {
                if (!(t.IsPublic || t.IsNestedPublic)) return false;
            }
            return true;
        }

        /// <summary>True when code in <paramref name="from"/> may use private members of <paramref name="owner"/>: it is that type or nested in it.</summary>
        private static bool Reaches(TypeDefinition from, TypeDefinition owner)
        {
            for (var t = from; t != null; t = t.DeclaringType)
            {
                if (t == owner) return true;
            }
            return false;
        }
    }
}
