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
        /// <summary>Adjoint accumulators of the leaves of Active struct parameters, by parameter and field path ("Position.X").</summary>
        private readonly Dictionary<(Parameter, string), Variable> _fieldAdjoints = new Dictionary<(Parameter, string), Variable>();

        private HashSet<Value>? _structPlumbing;

        /// <summary>
        /// The parameter and field path a field read reaches through (`p.A.X` is (p, "A.X")) when
        /// it reads, maybe through nested structs, a struct parameter; null otherwise.
        /// </summary>
        private static (Parameter Parameter, string Path)? ParameterPath(Instruction i)
        {
            var names = new List<string>();
            Value v = i;
            while (v is Instruction { Op: Op.LoadField } load && load.Operands[0].Type.IsScalarStructValue)
            {
                names.Insert(0, load.Field!.Name);
                v = load.Operands[0];
            }
            return names.Count > 0 && v is Parameter p ? (p, string.Join(".", names)) : ((Parameter, string)?)null;
        }

        /// <summary>
        /// Struct-typed values that carry no adjoint of their own because their leaves do: field
        /// reads of a struct parameter that only lead to further field reads (`p.A` in `p.A.X`),
        /// and structs built only to be returned (or to be fields of such), whose adjoint is the
        /// seed taken apart at the return.
        /// </summary>
        private bool IsStructPlumbing(Instruction i)
        {
            if (!i.Type.IsScalarStructValue) return false;
            if (_structPlumbing == null)
            {
                var users = new Dictionary<Value, List<object>>();
                void Use(Value v, object user)
                {
                    if (!users.TryGetValue(v, out var list)) users[v] = list = new List<object>();
                    list.Add(user);
                }
                foreach (var b in Cloner.Primal.Blocks)
                {
                    foreach (var x in b.Instructions) foreach (var o in x.Operands) Use(o, x);
                    foreach (var phi in b.Phis) foreach (var e in phi.Incoming) Use(e.Value, phi);
                    foreach (var o in b.Terminator!.Operands) Use(o, b.Terminator);
                }
                List<object> UsersOf(Value v) => users.TryGetValue(v, out var list) ? list : new List<object>();
                _structPlumbing = new HashSet<Value>();
                foreach (var x in Cloner.Primal.Blocks.SelectMany(b => b.Instructions))
                {
                    if (x.Op == Op.LoadField && x.Type.IsScalarStructValue && ParameterPath(x) != null
                        && UsersOf(x).All(u => u is Instruction { Op: Op.LoadField })) _structPlumbing.Add(x);
                }
                // Returned structs, then (outside in) the structs they are built from.
                var returned = new Queue<Value>(Cloner.Primal.Blocks.Select(b => b.Terminator is Return r ? r.Value : null)
                    .Where(v => v is Instruction { Op: Op.MakeStruct } && UsersOf(v).All(u => u is Return))!);
                while (returned.Count > 0)
                {
                    var made = (Instruction)returned.Dequeue();
                    if (!_structPlumbing.Add(made)) continue;
                    foreach (var o in made.Operands)
                    {
                        if (o is Instruction { Op: Op.MakeStruct } inner && UsersOf(inner).All(u => u is Instruction { Op: Op.MakeStruct } m && _structPlumbing.Contains(m))) returned.Enqueue(inner);
                    }
                }
            }
            return _structPlumbing.Contains(i);
        }

        /// <summary>The reverse of reading a leaf of an active struct parameter; false when <paramref name="i"/> is no such read.</summary>
        private bool EmitReverseStructField(IrBuilder b, Instruction i)
        {
            if (i.Op != Op.LoadField || !(ParameterPath(i) is var (p, path))) return false;
            if (!_activity.IsActive(i) || IsStructPlumbing(i)) return true;
            if (!i.Type.IsFloat) return false; // a struct read used whole: DeclareVariables has refused it
            var key = (p, path);
            if (!_fieldAdjoints.TryGetValue(key, out var adjoint))
            {
                _fieldAdjoints[key] = adjoint = F.AddVariable(i.Type, "adj_" + p.ParameterName + "_" + path.Replace('.', '_'));
            }
            b.Store(adjoint, b.Add(b.Load(adjoint), b.ToFloat(TakeAdjoint(b, i), i.Type)));
            return true;
        }

        /// <summary>The reverse of returning MakeStruct(fields): each field's adjoint gets that field of the seed (nested structs likewise).</summary>
        private void SeedStructFields(IrBuilder b, Instruction made, Value seed)
        {
            var layout = Frontend.FlatStruct.Of(made.TypeOperand!, _context.Module)
                ?? throw new System.InvalidOperationException($"{made} returns a struct that is not flat");
            for (int k = 0; k < made.Operands.Length; k++)
            {
                var field = made.Operands[k];
                var part = b.LoadField(layout.Fields[k], seed, layout.FieldTypes[k]);
                if (field is Instruction inner && IsStructPlumbing(inner)) SeedStructFields(b, inner, part);
                else if (_adjoints.ContainsKey(field)) Accumulate(b, field, b.ToFloat(part, field.Type));
            }
        }

        /// <summary>The gradient of a struct parameter: a struct of its type whose leaves are the accumulated adjoints.</summary>
        private Value StructGradient(IrBuilder b, Parameter p)
        {
            var layout = Frontend.FlatStruct.Of(p.Type.Clr!, _context.Module) ?? throw new DiagnosticException(DiagnosticCatalog.NotSupportedYet,
                $"the gradient of '{p.ParameterName}' ({CSharpNames.Type(p.Type.Clr!)}) needs a struct of float and double fields (nested ones too); this one holds something else");
            return StructGradient(b, p, layout, "");
        }

        private Value StructGradient(IrBuilder b, Parameter p, Frontend.FlatStruct layout, string prefix)
        {
            var fields = new Value[layout.Fields.Count];
            for (int k = 0; k < fields.Length; k++)
            {
                var path = prefix.Length == 0 ? layout.Fields[k].Name : prefix + "." + layout.Fields[k].Name;
                fields[k] = layout.Nested[k] is { } nested ? StructGradient(b, p, nested, path)
                    : _fieldAdjoints.TryGetValue((p, path), out var adjoint) ? b.Load(adjoint) : b.Const(layout.FieldTypes[k], 0);
            }
            return b.MakeStruct(layout.Type, fields);
        }

        /// <summary>The adjoint type of an active value; a struct that reverse mode cannot take apart is AD4004.</summary>
        private static IrType RequireFloat(IrType type, Mono.Cecil.Cil.Instruction? origin)
        {
            if (type.IsFloat) return type;
            throw new DiagnosticException(DiagnosticCatalog.NotSupportedYet,
                $"a struct value of type {CSharpNames.Type(type)} carries a derivative where reverse mode cannot take it apart (a struct returned by a call, or one handed to a call); only structs of float and double fields (nested ones too), read and written field by field, are differentiated in reverse mode", origin);
        }
    }
}
