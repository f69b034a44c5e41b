using System.Linq;
using AutoDiff.Weaver.IR;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Instruction = Mono.Cecil.Cil.Instruction;

namespace AutoDiff.Weaver.Frontend.Inlining
{
    // Data moves of the framework (Array.Copy, Array.Fill, Array.Clear, Span<T>.CopyTo, .Fill,
    // .Clear) over float or double elements: the call is replaced by the body of the matching
    // method of AutoDiff.DataMoves in the runtime the module references, an element loop that
    // checks its arguments and copies as memmove does. Each element moved is then an ordinary
    // load and store, so both modes move derivatives with the values (tangents copied alongside;
    // in reverse, adjoints moved back and the overwritten slots cleared, in the reverse order of
    // the copy, so overlapping copies are right), and every analysis of memory (UnwrittenMemory,
    // fused loops, slot forwarding) sees each write at the memory it writes. Why not a rule per
    // method: a call the emitters handle by hand would have to be taught to each analysis as a
    // write to its destination; a loop of stores already is one. Other element types, and a
    // runtime without DataMoves, leave the call as it is (refused as today where derivatives
    // would have to flow through it).
    public sealed partial class CallInliner
    {
        /// <summary>The call being replaced by a DataMoves body: its instructions are reported at this call.</summary>
        private (MethodDefinition Method, Instruction Call)? _dataMoveCall;

        /// <summary>Inlines the DataMoves body standing for <paramref name="target"/>; false when there is none (the call stays).</summary>
        private bool TryInlineDataMove(MethodDefinition source, Instruction ins, MethodReference target)
        {
            if (_dataMoveCall != null) return false;
            var (name, element, parameters, zero) = DataMoveOf(target);
            if (name == null || element == null) return false;
            var model = DataMoveModel(name, parameters);
            if (model == null) return false;
            var closed = new GenericInstanceMethod(model); // not imported: only its body is read, and a refused weave must leave the module as it was
            closed.GenericArguments.Add(element);
            int before = _output.Count;
            if (zero) Append(element.MetadataType == MetadataType.Single ? Instruction.Create(OpCodes.Ldc_R4, 0f) : Instruction.Create(OpCodes.Ldc_R8, 0.0));
            _dataMoveCall = (source, ins);
            try
            {
                if (TryInline(OpCodes.Call, closed, constrained: null, dataMove: true))
                {
                    if (name == "Clone") _clone = (ins, new ArrayType(element));
                    return true;
                }
            }
            finally
            {
                _dataMoveCall = null;
            }
            _output.RemoveRange(before, _output.Count - before);
            return false;
        }

        /// <summary>
        /// Which DataMoves method stands for <paramref name="target"/>: its name, the element type,
        /// a description of its parameters ("a" an array, "s"/"r" a ref Span/ReadOnlySpan, "S" a
        /// span, "i" an int, "t" an element), and whether a zero element is passed last (Clear:
        /// the body cannot write default(T) of a generic type the frontend reads).
        /// </summary>
        private (string? Name, TypeReference? Element, string Parameters, bool Zero) DataMoveOf(MethodReference target)
        {
            var type = target.DeclaringType;
            var arity = target.Parameters.Count;
            if (type.FullName == "System.Array" && target.HasThis && target.Name == "Clone" && arity == 0)
            {
                // `(double[])a.Clone()`: the copy is new memory like `new double[n]` filled from a; the
                // cast after it (castclass of Clone's object) is then dropped (CastOfClone).
                return ("Clone", SameFloatArrays(Producer(0), null), "a", false);
            }
            if (type.FullName == "System.Array" && !target.HasThis)
            {
                switch (target.Name)
                {
                    case "Copy" when arity == 5 && AllInt32(target, 1, 3, 4) && IsArrayParameter(target, 0):
                        return ("Copy", SameFloatArrays(Producer(4), Producer(2)), "aiaii", false);
                    case "Copy" when arity == 3 && AllInt32(target, 2) && IsArrayParameter(target, 0):
                        return ("Copy", SameFloatArrays(Producer(2), Producer(1)), "aai", false);
                    case "Clear" when arity == 3 && AllInt32(target, 1, 2):
                        return ("Clear", SameFloatArrays(Producer(2), null), "aiit", true);
                    case "Clear" when arity == 1:
                        return ("Clear", SameFloatArrays(Producer(0), null), "at", true);
                    case "Fill" when target is GenericInstanceMethod fill && (arity == 2 || arity == 4 && AllInt32(target, 2, 3)):
                        return ("Fill", FloatOrNull(fill.GenericArguments[0]), arity == 2 ? "at" : "atii", false);
                }
                return (null, null, "", false);
            }
            if (!target.HasThis || !(type is GenericInstanceType span) || !IrTypeIsSpan(span)) return (null, null, "", false);
            var element = FloatOrNull(span.GenericArguments[0]);
            var self = span.Name.StartsWith("ReadOnly") ? "r" : "s";
            return target.Name switch
            {
                "CopyTo" when arity == 1 && target.Parameters[0].ParameterType.Name.StartsWith("Span") => ("CopyTo", element, self + "S", false),
                "Fill" when arity == 1 && self == "s" => ("Fill", element, "st", false),
                "Clear" when arity == 0 && self == "s" => ("Clear", element, "st", true),
                _ => (null, null, "", false),
            };
        }

        private static bool IrTypeIsSpan(TypeReference type) => IrType.IsSpan(type);

        private static bool AllInt32(MethodReference m, params int[] indices) => indices.All(k => m.Parameters[k].ParameterType.MetadataType == MetadataType.Int32);

        private static bool IsArrayParameter(MethodReference m, int index) => m.Parameters[index].ParameterType.FullName == "System.Array";

        /// <summary>The Array.Clone call just replaced by DataMoves.Clone, and the array type it copied.</summary>
        private (Instruction Call, ArrayType Type)? _clone;

        /// <summary>
        /// True when <paramref name="ins"/> is the castclass right after a replaced Array.Clone, to the
        /// array type it copied, and no branch arrives at it: the copy already has that type, so the
        /// cast (which the frontend would refuse) does nothing and is left out.
        /// </summary>
        private bool IsCastOfClone(MethodDefinition source, Instruction ins, object? operand)
        {
            var clone = _clone;
            _clone = null;
            return clone is { } c && ins.OpCode.Code == Code.Castclass && ins.Previous == c.Call &&
                   operand is TypeReference cast && cast.FullName == c.Type.FullName && !BranchTargets(source.Body).Contains(ins);
        }

        private static TypeReference? FloatOrNull(TypeReference element) =>
            element.MetadataType is MetadataType.Double or MetadataType.Single ? element : null;

        /// <summary>The element type when the IL that pushed the arrays shows each is a float[] or a double[] (both of one type); null otherwise.</summary>
        private static TypeReference? SameFloatArrays(Instruction? first, Instruction? second)
        {
            var a = ArrayTypePushedBy(first);
            if (a == null || !a.IsVector || FloatOrNull(a.ElementType) == null) return null;
            if (second == null) return a.ElementType;
            var b = ArrayTypePushedBy(second);
            return b != null && b.IsVector && b.ElementType.FullName == a.ElementType.FullName ? a.ElementType : null;
        }

        /// <summary>The static type of the array an instruction pushes, where the instruction says it (a parameter, local, field, call, newarr).</summary>
        private static ArrayType? ArrayTypePushedBy(Instruction? ins) => ins?.Operand switch
        {
            ParameterDefinition p when ins.OpCode.Code is Code.Ldarg or Code.Ldarg_S => p.ParameterType as ArrayType,
            VariableDefinition v when ins.OpCode.Code is Code.Ldloc or Code.Ldloc_S => v.VariableType as ArrayType,
            FieldReference f when ins.OpCode.Code is Code.Ldfld or Code.Ldsfld => f.FieldType as ArrayType,
            MethodReference m when ins.OpCode.Code is Code.Call or Code.Callvirt => m.ReturnType as ArrayType,
            TypeReference t when ins.OpCode.Code == Code.Newarr => new ArrayType(t),
            _ => null,
        };

        /// <summary>The DataMoves method of the referenced runtime named <paramref name="name"/> whose parameters are as <paramref name="parameters"/> says; null when that runtime has none.</summary>
        private MethodDefinition? DataMoveModel(string name, string parameters)
        {
            return _context.Methods.RuntimeModels("DataMoves")?.Methods.FirstOrDefault(m => m.Name == name && m.HasGenericParameters &&
                string.Concat(m.Parameters.Select(p => Describe(p.ParameterType))) == parameters);
        }

        private static char Describe(TypeReference type) => type switch
        {
            ByReferenceType r => r.ElementType.Name.StartsWith("ReadOnly") ? 'r' : 's',
            ArrayType => 'a',
            GenericParameter => 't',
            GenericInstanceType => 'S',
            _ => type.MetadataType == MetadataType.Int32 ? 'i' : '?',
        };
    }
}
