using System.Collections.Generic;
using System.Linq;
using AutoDiff.Weaver.Diagnostics;
using AutoDiff.Weaver.IR;
using Mono.Cecil;

namespace AutoDiff.Weaver.Backend
{
    /// <summary>
    /// PublicFieldAccess, the last pass before IL: a derivative that builds or reads a framework
    /// struct with private fields (System.Numerics.Complex, System.Drawing.PointF) does so through
    /// the struct's public API (<see cref="PublicStructShape"/>), never by the private fields'
    /// names, which are no contract (an app may roll forward to a runtime that renamed them). Its
    /// IR names those fields only at its boundaries — a parameter or an array element taken
    /// apart, a gradient or tangent put together — since the struct's own members, inlined, are
    /// scalars by then:
    /// <list type="bullet">
    /// <item>MakeStruct becomes <c>new Complex(re, im)</c>;</item>
    /// <item>a field of a struct value or of an address becomes its getter (<c>z.Real</c>);</item>
    /// <item>a field written through an address (<c>dz[i].m_real += a</c>, the reverse sweep's
    /// accumulation into a shadow, as a field address that is read and written) becomes a
    /// whole-struct write: <c>dz[i] = new Complex(dz[i].Real + a, dz[i].Imaginary)</c>.</item>
    /// </list>
    /// Any other use of such a field (a private static field read, the field's address handed
    /// on) is AD4004, naming the member, so the build stops rather than depend on it.
    /// Expects a finished derivative; guarantees no LoadField, StoreField, FieldAddress or
    /// LoadStaticField of a non-public field of a framework type, and no MakeStruct of such a type.
    /// </summary>
    public static class PublicFieldAccess
    {
        public static void Run(Function function, ModuleDefinition module)
        {
            var shapes = new Dictionary<string, (TypeDefinition Type, PublicStructShape? Shape)?>();
            (TypeDefinition Type, PublicStructShape? Shape)? ShapeOf(TypeReference? type)
            {
                if (type == null) return null;
                if (!shapes.TryGetValue(type.FullName, out var known))
                {
                    var definition = type.TryResolve();
                    known = definition != null && definition.IsValueType && FrameworkImplementation.IsFramework(definition)
                        && definition.Fields.Any(f => !f.IsStatic && !f.IsPublic) ? (definition, PublicStructShape.Of(definition)) : null;
                    shapes[type.FullName] = known;
                }
                return known;
            }

            // Field addresses first: a read or write through one may sit in a block listed before it.
            var fieldAddresses = new Dictionary<Instruction, int>();
            foreach (var i in function.Blocks.SelectMany(b => b.Instructions))
            {
                if (i.Op == Op.FieldAddress && ShapeOf(i.Field!.DeclaringType) is { } owner && FieldIndex(owner.Type, i.Field) is int k && k >= 0) fieldAddresses[i] = k;
            }

            var replaced = new Dictionary<Value, Value>();
            foreach (var block in function.Blocks)
            {
                var old = block.Instructions.ToList();
                block.Instructions.Clear();
                var b = new IrBuilder(function, block);
                foreach (var i in old)
                {
                    b.Origin = i.Origin;
                    var replacement = Rewrite(i, b, module, ShapeOf, fieldAddresses);
                    if (replacement == null) function.Append(block, i);
                    else if (replacement != i) replaced[i] = replacement;
                }
            }
            if (replaced.Count > 0) function.ReplaceUses(v => replaced.TryGetValue(v, out var r) ? r : v);
            // A field address now unused was dropped above; one still used is handed on somewhere.
            var used = function.UsedValues();
            foreach (var address in fieldAddresses.Keys.Where(used.Contains))
            {
                throw Refused(address.Field!, "whose address the derivative would hand on", address);
            }
        }

        private delegate (TypeDefinition Type, PublicStructShape? Shape)? Shapes(TypeReference? type);

        /// <summary>The value that stands for <paramref name="i"/> (itself when it was re-emitted as it was); null to keep it.</summary>
        private static Value? Rewrite(Instruction i, IrBuilder b, ModuleDefinition module, Shapes shapeOf, Dictionary<Instruction, int> fieldAddresses)
        {
            switch (i.Op)
            {
                case Op.MakeStruct when shapeOf(i.TypeOperand) is { } made:
                {
                    var s = Require(made.Shape, made.Type, i);
                    var arguments = new Value[i.Operands.Length];
                    for (int k = 0; k < arguments.Length; k++) arguments[s.ParameterOfField[k]] = i.Operands[k];
                    return b.NewObj(Constructor(s, i.TypeOperand!, module), arguments);
                }
                case Op.LoadField when shapeOf(i.Field!.DeclaringType) is { } read && FieldIndex(read.Type, i.Field) is int k && k >= 0:
                {
                    var getter = Getter(Require(read.Shape, read.Type, i), k, i.Field.DeclaringType, module);
                    return i.Operands[0].Type.Kind == IrTypeKind.Struct ? b.CallOnValue(getter, i.Type, i.Operands[0]) : b.Call(getter, i.Operands[0]);
                }
                case Op.StoreField when shapeOf(i.Field!.DeclaringType) is { } written && FieldIndex(written.Type, i.Field) is int k && k >= 0:
                    if (i.Operands[0].Type.Kind != IrTypeKind.ByRef) throw Refused(i.Field, "written in a struct value", i);
                    WriteField(b, Require(written.Shape, written.Type, i), i.Field.DeclaringType, module, i.Operands[0], k, i.Operands[1]);
                    return i;
                case Op.LoadStaticField when i.Field!.TryResolve() is { IsPublic: false } field && FrameworkImplementation.IsFramework(field.DeclaringType):
                    throw Refused(i.Field!, "that the class constructor does not set to a constant", i);
                case Op.FieldAddress when fieldAddresses.ContainsKey(i):
                    return i; // dropped: its reads and writes below go through the struct
                case Op.LoadIndirect when i.Operands[0] is Instruction address && fieldAddresses.TryGetValue(address, out var k):
                {
                    var (type, shape) = shapeOf(address.Field!.DeclaringType)!.Value;
                    return b.Call(Getter(Require(shape, type, i), k, address.Field.DeclaringType, module), address.Operands[0]);
                }
                case Op.StoreIndirect when i.Operands[0] is Instruction address && fieldAddresses.TryGetValue(address, out var k):
                {
                    var (type, shape) = shapeOf(address.Field!.DeclaringType)!.Value;
                    WriteField(b, Require(shape, type, i), address.Field.DeclaringType, module, address.Operands[0], k, i.Operands[1]);
                    return i;
                }
            }
            return null;
        }

        /// <summary>*struct = new S(..., value in field k, the other fields as they are, ...).</summary>
        private static void WriteField(IrBuilder b, PublicStructShape shape, TypeReference type, ModuleDefinition module, Value address, int k, Value value)
        {
            var arguments = new Value[shape.Getters.Count];
            for (int j = 0; j < arguments.Length; j++)
            {
                arguments[shape.ParameterOfField[j]] = j == k ? value : b.Call(Getter(shape, j, type, module), address);
            }
            b.StoreIndirect(type, address, b.NewObj(Constructor(shape, type, module), arguments));
        }

        private static int FieldIndex(TypeDefinition type, FieldReference field)
        {
            var fields = type.Fields.Where(f => !f.IsStatic).ToList();
            int k = fields.FindIndex(f => f.Name == field.Name);
            return k >= 0 && !fields[k].IsPublic ? k : -1;
        }

        private static PublicStructShape Require(PublicStructShape? shape, TypeDefinition type, Instruction at) =>
            shape ?? throw new DiagnosticException(DiagnosticCatalog.NotSupportedYet,
                $"a {CSharpNames.Type(type)} value crosses the derivative's boundary, and {CSharpNames.Type(type)} has no public constructor and getters that set and read its fields one to one; pass its parts as float or double values instead", at.Origin);

        private static DiagnosticException Refused(FieldReference field, string what, Instruction at) =>
            new DiagnosticException(DiagnosticCatalog.NotSupportedYet,
                $"the derivative would use the private field '{field.Name}' of {CSharpNames.Type(field.DeclaringType)}, {what}; a private field of the framework is no contract, so the derivative may not name it: pass the struct's parts as float or double values, or give the method that uses it a [CustomDerivative]", at.Origin);

        private static MethodReference Constructor(PublicStructShape shape, TypeReference type, ModuleDefinition module)
        {
            var constructor = new MethodReference(".ctor", module.TypeSystem.Void, type) { HasThis = true };
            foreach (var p in shape.Constructor.Parameters) constructor.Parameters.Add(new ParameterDefinition(Scalar(p.ParameterType, module)));
            return constructor;
        }

        private static MethodReference Getter(PublicStructShape shape, int k, TypeReference type, ModuleDefinition module) =>
            new MethodReference(shape.Getters[k].Name, Scalar(shape.Getters[k].ReturnType, module), type) { HasThis = true };

        private static TypeReference Scalar(TypeReference type, ModuleDefinition module) => type.MetadataType switch
        {
            MetadataType.Double => module.TypeSystem.Double,
            MetadataType.Single => module.TypeSystem.Single,
            _ => module.ImportReference(type),
        };
    }
}
