using System.Collections.Generic;
using AutoDiff.Weaver.Engine;
using AutoDiff.Weaver.IR;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace AutoDiff.Weaver.Analysis
{
    /// <summary>
    /// Finds callees whose calls can carry no derivative, by reading their IL: they return nothing
    /// that could hold one (void, bool, char, integers, enums, string) and write no memory that
    /// could (no store of a float, of a struct of them, or of a reference to memory holding them:
    /// fields, statics, array elements, through refs), nor call anything that might, transitively.
    /// Such a call may be handed active values and differentiated memory: it reads them, and what
    /// it gives back is a constant (a tolerance test, a segment search, a guard that throws).
    /// Methods without IL count only when <see cref="CallSemantics.KeepsNothing"/> knows them.
    /// Reads; changes nothing. Results are cached per method.
    /// </summary>
    public sealed class InactiveCallAnalysis
    {
        private readonly Dictionary<string, bool> _writesNothing = new Dictionary<string, bool>();

        /// <summary>True when a call to <paramref name="method"/> neither returns nor writes anything that can carry a derivative.</summary>
        public bool IsInactive(MethodReference method) =>
            ResultCarriesNothing(method.ReturnType) && WritesNoDerivatives(method);

        /// <summary>A type no derivative can live in: void, bool, char, the integers, enums, string.</summary>
        public static bool ResultCarriesNothing(TypeReference type)
        {
            switch (type.MetadataType)
            {
                case MetadataType.Void: case MetadataType.Boolean: case MetadataType.Char:
                case MetadataType.SByte: case MetadataType.Byte: case MetadataType.Int16: case MetadataType.UInt16:
                case MetadataType.Int32: case MetadataType.UInt32: case MetadataType.Int64: case MetadataType.UInt64:
                case MetadataType.IntPtr: case MetadataType.UIntPtr: case MetadataType.String:
                    return true;
                case MetadataType.ValueType:
                    return type.TryResolve()?.IsEnum == true;
                default:
                    return false;
            }
        }

        /// <summary>True when the method, and everything it calls, stores nothing that could hold a derivative.</summary>
        public bool WritesNoDerivatives(MethodReference method)
        {
            if (CallSemantics.KeepsNothing(method)) return true;
            var definition = method.TryResolve();
            if (definition == null || !definition.HasBody || !CallSemantics.IsUserCode(definition)) return false;
            var key = definition.FullName;
            if (_writesNothing.TryGetValue(key, out var known)) return known;
            _writesNothing[key] = true; // a recursive call assumes the answer it is computing
            var answer = Scan(definition);
            _writesNothing[key] = answer;
            return answer;
        }

        private bool Scan(MethodDefinition definition)
        {
            foreach (var ins in definition.Body.Instructions)
            {
                switch (ins.OpCode.Code)
                {
                    case Code.Stfld: case Code.Stsfld:
                        if (MayHold(((FieldReference)ins.Operand).FieldType)) return false;
                        break;
                    case Code.Stelem_R4: case Code.Stelem_R8: case Code.Stelem_Ref: case Code.Stind_R4: case Code.Stind_R8: case Code.Stind_Ref:
                    case Code.Cpblk: case Code.Initblk: case Code.Cpobj: case Code.Calli: case Code.Jmp:
                        return false;
                    case Code.Stelem_Any: case Code.Stobj: case Code.Initobj:
                        if (MayHold((TypeReference)ins.Operand)) return false;
                        break;
                    case Code.Call: case Code.Callvirt: case Code.Newobj:
                    {
                        var callee = (MethodReference)ins.Operand;
                        if (ins.OpCode.Code == Code.Callvirt && CallSemantics.IsOpenVirtual(callee)) return false; // the target is not known
                        if (!WritesNoDerivatives(callee)) return false;
                        break;
                    }
                    case Code.Ldftn: case Code.Ldvirtftn:
                        return false; // a delegate: what it will run is not known
                }
            }
            return true;
        }

        /// <summary>Could a slot of this type hold a derivative (a float, a struct, memory, an object of unknown class, a type parameter)?</summary>
        private static bool MayHold(TypeReference type)
        {
            if (ResultCarriesNothing(type)) return false; // void, bool, integers, enums, string
            if (type.IsArray) return MayHold(((ArrayType)type).ElementType);
            return true;
        }
    }
}
