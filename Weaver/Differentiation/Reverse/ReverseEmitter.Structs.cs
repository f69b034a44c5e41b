using System.Collections.Generic;
using System.Linq;
using AutoDiff.Weaver.Diagnostics;
using AutoDiff.Weaver.IR;
using Mono.Cecil;

namespace AutoDiff.Weaver.Differentiation.Reverse
{
    /// <summary>
    /// Scalar structs (Point, Vector3). The frontend keeps flat structs as one SSA value per field,
    /// so inside the function only scalars carry adjoints; structs appear at the edges:
    /// <list type="bullet">
    /// <item>an Active struct parameter: each field read adds its adjoint into a per-field
    /// accumulator, and the gradient returned is a struct of the same type built from them;</item>
    /// <item>an Active struct return: the value returned is a MakeStruct of its fields, and the seed
    /// (a struct too) is taken apart field by field into their adjoints.</item>
    /// </list>
    /// A struct value that carries a derivative anywhere else (a nested struct, one returned by a
    /// call) is AD4004.
    /// </summary>
    public sealed partial class ReverseEmitter
    {
        private readonly Dictionary<(Parameter, string), Variable> _fieldAdjoints = new Dictionary<(Parameter, string), Variable>();

        /// <summary>The reverse of reading a field of an active struct parameter; false when <paramref name="i"/> is not one.</summary>
        private bool EmitReverseStructField(IrBuilder b, Instruction i)
        {
            if (i.Op != Op.LoadField || !(i.Operands[0] is Parameter p) || !p.Type.IsScalarStructValue) return false;
            if (!_activity.IsActive(i)) return true;
            var key = (p, i.Field!.Name);
            if (!_fieldAdjoints.TryGetValue(key, out var adjoint))
            {
                _fieldAdjoints[key] = adjoint = F.AddVariable(i.Type, "adj_" + p.ParameterName + "_" + i.Field.Name);
            }
            b.Store(adjoint, b.Add(b.Load(adjoint), b.ToFloat(TakeAdjoint(b, i), i.Type)));
            return true;
        }

        private HashSet<Value>? _returnedStructs;

        /// <summary>An active MakeStruct whose only uses are return values: its adjoint is the seed, taken apart at the return.</summary>
        private bool IsReturnedStruct(Instruction i)
        {
            if (i.Op != Op.MakeStruct || !_activity.IsActive(i)) return false;
            if (_returnedStructs == null)
            {
                var primal = Cloner.Primal;
                var usedElsewhere = new HashSet<Value>(primal.Blocks.SelectMany(b => b.Instructions.SelectMany(x => x.Operands)
                    .Concat(b.Phis.SelectMany(phi => phi.Incoming.Select(e => e.Value)))));
                _returnedStructs = new HashSet<Value>(primal.Blocks
                    .Select(b => b.Terminator is Return r ? r.Value : null)
                    .Where(v => v is Instruction { Op: Op.MakeStruct } && !usedElsewhere.Contains(v))!);
            }
            return _returnedStructs.Contains(i);
        }

        /// <summary>The reverse of returning MakeStruct(fields): each field's adjoint gets that field of the seed.</summary>
        private void SeedStructFields(IrBuilder b, Instruction made, Value seed)
        {
            var layout = Frontend.FlatStruct.Of(made.TypeOperand!, _context.Module)
                ?? throw new System.InvalidOperationException($"{made} returns a struct that is not flat");
            for (int k = 0; k < made.Operands.Length; k++)
            {
                var field = made.Operands[k];
                if (!_adjoints.ContainsKey(field)) continue;
                Accumulate(b, field, b.ToFloat(b.LoadField(layout.Fields[k], seed, layout.FieldTypes[k]), field.Type));
            }
        }

        /// <summary>The gradient of a struct parameter: a struct of its type whose fields are the accumulated adjoints.</summary>
        private Value StructGradient(IrBuilder b, Parameter p)
        {
            var definition = p.Type.Clr!.TryResolve()!;
            var fields = new List<Value>();
            foreach (var f in definition.Fields.Where(f => !f.IsStatic))
            {
                var type = IrType.FromClr(f.FieldType)!;
                if (!type.IsFloat)
                {
                    throw new DiagnosticException(DiagnosticCatalog.NotSupportedYet,
                        $"the gradient of '{p.ParameterName}' needs the nested struct field '{f.Name}'; nested structs are not differentiated yet");
                }
                fields.Add(_fieldAdjoints.TryGetValue((p, f.Name), out var adjoint) ? b.Load(adjoint) : b.Const(type, 0));
            }
            return b.MakeStruct(p.Type.Clr!, fields.ToArray());
        }

        /// <summary>The adjoint type of an active value; a struct computed in the function is not supported yet.</summary>
        private static IrType RequireFloat(IrType type, Mono.Cecil.Cil.Instruction? origin)
        {
            if (type.IsFloat) return type;
            throw new DiagnosticException(DiagnosticCatalog.NotSupportedYet,
                $"a struct value of type {type.Clr?.Name} carries a derivative where reverse mode cannot take it apart (a nested struct, a struct returned by a call, or one handed to a call); only structs of float and double fields, read and written field by field, are differentiated in reverse mode", origin);
        }
    }
}
