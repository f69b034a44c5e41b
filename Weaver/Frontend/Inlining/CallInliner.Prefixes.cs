using System.Linq;
using AutoDiff.Weaver.IR;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Instruction = Mono.Cecil.Cil.Instruction;

namespace AutoDiff.Weaver.Frontend.Inlining
{
    // Prefixed calls: `tail.` is dropped from a call that is inlined; `constrained. T` before a
    // call to an interface's static member over a primitive becomes the arithmetic it stands for
    // (GenericMath), and before a member a user struct implements becomes that member, inlined.
    public sealed partial class CallInliner
    {
        /// <summary>Emits a prefix and the call after it together; false when both are to be copied as they are.</summary>
        private bool EmitPrefixed(Instruction prefix, Instruction next, GenericContext generic)
        {
            if (!(next.OpCode.Code is Code.Call or Code.Callvirt)) return false;
            var method = generic.Method((MethodReference)next.Operand);
            if (prefix.OpCode.Code == Code.Tail)
            {
                Append(Instruction.Create(OpCodes.Nop));
                if (TryInline(next.OpCode, method, constrained: null)) return true;
                Append(Instruction.Create(next.OpCode, method));
                return true;
            }
            if (prefix.OpCode.Code != Code.Constrained) return false;
            var type = generic.Type((TypeReference)prefix.Operand);
            int before = _output.Count;
            if (GenericMath.TryLower(type, method, _context.Methods, _output))
            {
                _inlined++; // the body changed: a generic primal closed over double reads this copy
                return true;
            }
            var implementation = Implementation(type, method);
            if (implementation == null) return false;
            Append(Instruction.Create(OpCodes.Nop));
            if (TryInline(OpCodes.Call, implementation, type)) return true;
            _output.RemoveRange(before, _output.Count - before);
            return false;
        }

        /// <summary>
        /// <c>double.CreateChecked(n)</c>, <c>float.CreateTruncating(x)</c> and the like called on the
        /// float type itself (no generic type, so no constrained prefix): the conversion GenericMath
        /// writes for <c>T.CreateChecked</c> closed over that type. False when it is not one, or
        /// from a type GenericMath does not convert (the call stays, refused if a derivative must pass).
        /// </summary>
        private bool TryLowerConversion(MethodReference method)
        {
            if (method.HasThis || !(method.Name is "CreateChecked" or "CreateTruncating" or "CreateSaturating")) return false;
            var type = method.DeclaringType.FullName switch
            {
                "System.Double" => _context.Module.TypeSystem.Double,
                "System.Single" => _context.Module.TypeSystem.Single,
                _ => null,
            };
            if (type == null || !GenericMath.TryLower(type, method, _context.Methods, _output)) return false;
            _inlined++;
            return true;
        }

        /// <summary>The method of user struct <paramref name="type"/> that implements interface member <paramref name="method"/> (by name and arity, or explicitly); null if none.</summary>
        private static MethodReference? Implementation(TypeReference type, MethodReference method)
        {
            var definition = type.TryResolve();
            if (definition == null || !definition.IsValueType || type.IsGenericInstance) return null;
            foreach (var m in definition.Methods)
            {
                if (m.HasThis != method.HasThis || m.Parameters.Count != method.Parameters.Count) continue;
                if (m.Overrides.Any(o => o.Name == method.Name && o.DeclaringType.GetElementType().FullName == method.DeclaringType.GetElementType().FullName) ||
                    m.Name == method.Name && m.IsPublic)
                {
                    return m;
                }
            }
            return null;
        }
    }
}
