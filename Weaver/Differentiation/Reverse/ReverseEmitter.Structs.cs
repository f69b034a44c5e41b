using System.Collections.Generic;
using System.Linq;
using AutoDiff.Weaver.Diagnostics;
using AutoDiff.Weaver.IR;
using Mono.Cecil;

namespace AutoDiff.Weaver.Differentiation.Reverse
{
    /// <summary>
    /// Scalar structs (Point, Vector3) passed as Active parameters: each field read adds its
    /// adjoint into a per-field accumulator, and the gradient returned is a struct of the same
    /// type built from them. Struct values computed inside the function are not differentiated
    /// yet (AD4004).
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
                $"a struct value of type {type.Clr?.Name} computed inside the function carries a derivative; only struct parameters read field by field are differentiated in reverse mode yet", origin);
        }
    }
}
