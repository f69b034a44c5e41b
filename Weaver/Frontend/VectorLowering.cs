using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Weaver.IR;
using Mono.Cecil;

namespace AutoDiff.Weaver.Frontend
{
    /// <summary>
    /// The members of System.Numerics.Vector2/3/4 written out as scalar IR on their fields
    /// (`a + b` is MakeStruct(a.X + b.X, ...), `Dot` a sum of products, `Length` MathF.Sqrt of
    /// it), so that the differentiation passes see only scalar arithmetic and MathF calls, whose
    /// rules they have. One table entry per member; a member not in the table stays a call.
    /// The scalar forms give the same derivative as the library's SIMD code; the primal value the
    /// derivative returns may differ from the library's in the last bit, where its summation
    /// order or fused multiply-adds differ.
    /// </summary>
    public sealed class VectorLowering
    {
        private delegate Value? Lowering(VectorLowering v, TypeReference vector, Value[] args);

        private static readonly Dictionary<string, Lowering> Table = new Dictionary<string, Lowering>
        {
            ["op_Addition"] = (v, t, a) => v.Lanes(t, a, (x, y) => v._b.Add(x, y)),
            ["Add"] = (v, t, a) => v.Lanes(t, a, (x, y) => v._b.Add(x, y)),
            ["op_Subtraction"] = (v, t, a) => v.Lanes(t, a, (x, y) => v._b.Sub(x, y)),
            ["Subtract"] = (v, t, a) => v.Lanes(t, a, (x, y) => v._b.Sub(x, y)),
            ["op_Multiply"] = (v, t, a) => v.Lanes(t, a, (x, y) => v._b.Mul(x, y)),
            ["Multiply"] = (v, t, a) => v.Lanes(t, a, (x, y) => v._b.Mul(x, y)),
            ["op_Division"] = (v, t, a) => v.Lanes(t, a, (x, y) => v._b.Div(x, y)),
            ["Divide"] = (v, t, a) => v.Lanes(t, a, (x, y) => v._b.Div(x, y)),
            ["op_UnaryNegation"] = (v, t, a) => v.Map(t, a, x => v._b.Neg(x)),
            ["Negate"] = (v, t, a) => v.Map(t, a, x => v._b.Neg(x)),
            ["op_UnaryPlus"] = (v, t, a) => v.Map(t, a, x => x),
            ["SquareRoot"] = (v, t, a) => v.Map(t, a, x => v.Math("Sqrt", x)),
            ["Abs"] = (v, t, a) => v.Map(t, a, x => v.Math("Abs", x)),
            ["Min"] = (v, t, a) => v.Lanes(t, a, (x, y) => v.Math("Min", x, y)),
            ["Max"] = (v, t, a) => v.Lanes(t, a, (x, y) => v.Math("Max", x, y)),
            ["Dot"] = (v, t, a) => a.Length == 2 && v.AllVectors(t, a) ? v.Dot(a[0], a[1]) : null,
            ["LengthSquared"] = (v, t, a) => a.Length == 1 && v.AllVectors(t, a) ? v.Dot(a[0], a[0]) : null,
            ["Length"] = (v, t, a) => a.Length == 1 && v.AllVectors(t, a) ? v.Math("Sqrt", v.Dot(a[0], a[0])) : null,
            ["DistanceSquared"] = (v, t, a) => a.Length == 2 && v.AllVectors(t, a) ? v.DistanceSquared(t, a[0], a[1]) : null,
            ["Distance"] = (v, t, a) => a.Length == 2 && v.AllVectors(t, a) ? v.Math("Sqrt", v.DistanceSquared(t, a[0], a[1])) : null,
            ["Normalize"] = (v, t, a) => a.Length == 1 && v.AllVectors(t, a) ? v.Normalize(t, a[0]) : null,
            ["Lerp"] = (v, t, a) => a.Length == 3 && v.IsThisVector(t, a[0]) && v.IsThisVector(t, a[1])
                && (a[2].Type.IsFloat || v.IsThisVector(t, a[2])) ? v.Lerp(t, a[0], a[1], a[2]) : null,
            ["Cross"] = (v, t, a) => a.Length == 2 && t.Name == "Vector3" && v.AllVectors(t, a) ? v.Cross(t, a[0], a[1]) : null,
            ["get_Zero"] = (v, t, a) => a.Length == 0 ? v.Constant(t, _ => 0) : null,
            ["get_One"] = (v, t, a) => a.Length == 0 ? v.Constant(t, _ => 1) : null,
            ["get_UnitX"] = (v, t, a) => a.Length == 0 ? v.Constant(t, k => k == 0 ? 1 : 0) : null,
            ["get_UnitY"] = (v, t, a) => a.Length == 0 ? v.Constant(t, k => k == 1 ? 1 : 0) : null,
            ["get_UnitZ"] = (v, t, a) => a.Length == 0 ? v.Constant(t, k => k == 2 ? 1 : 0) : null,
            ["get_UnitW"] = (v, t, a) => a.Length == 0 ? v.Constant(t, k => k == 3 ? 1 : 0) : null,
        };

        private readonly IrBuilder _b;
        private readonly Func<TypeReference, FlatStruct?> _layout;
        private readonly Func<Value, FlatStruct, int, Value> _fieldOf;
        private readonly Engine.KnownMethods _methods;

        public VectorLowering(IrBuilder builder, Func<TypeReference, FlatStruct?> layout, Func<Value, FlatStruct, int, Value> fieldOf, Engine.KnownMethods methods)
        {
            _b = builder;
            _layout = layout;
            _fieldOf = fieldOf;
            _methods = methods;
        }

        /// <summary>True for System.Numerics.Vector2, Vector3 and Vector4.</summary>
        public static bool IsVector(TypeReference type) =>
            type.Namespace == "System.Numerics" && (type.Name == "Vector2" || type.Name == "Vector3" || type.Name == "Vector4");

        /// <summary>
        /// The scalar IR of a call to <paramref name="method"/> of a vector type with
        /// <paramref name="arguments"/> (the receiver first for an instance method); null when the
        /// member or this overload has no lowering.
        /// </summary>
        public Value? TryLower(MethodReference method, Value[] arguments)
        {
            if (!IsVector(method.DeclaringType) || !Table.TryGetValue(method.Name, out var lowering)) return null;
            return lowering(this, method.DeclaringType, arguments);
        }

        /// <summary>The fields a vector constructor sets from its arguments (scalars, or smaller vectors spread out); null for other overloads.</summary>
        public Value[]? ConstructorFields(TypeReference vector, Value[] arguments)
        {
            var layout = _layout(vector)!;
            var spread = new List<Value>();
            foreach (var a in arguments)
            {
                if (a.Type.IsFloat) spread.Add(_b.ToFloat(a, IrType.Float32));
                else if (a.Type.Kind == IrTypeKind.Struct && a.Type.Clr != null && IsVector(a.Type.Clr)) spread.AddRange(Fields(a));
                else return null;
            }
            if (spread.Count == layout.Fields.Count) return spread.ToArray();
            if (arguments.Length == 1 && arguments[0].Type.IsFloat) return Enumerable.Repeat(spread[0], layout.Fields.Count).ToArray();
            return null;
        }

        private bool IsThisVector(TypeReference vector, Value v) => _layout(vector)!.Holds(v);

        private bool AllVectors(TypeReference vector, Value[] args) => args.All(a => IsThisVector(vector, a));

        private Value[] Fields(Value vector)
        {
            var layout = _layout(vector.Type.Clr!)!;
            var fields = new Value[layout.Fields.Count];
            for (int k = 0; k < fields.Length; k++) fields[k] = _fieldOf(vector, layout, k);
            return fields;
        }

        private Value Make(TypeReference vector, Value[] fields) => _b.MakeStruct(vector, fields);

        /// <summary>An elementwise binary op: vector with vector, vector with scalar, or scalar with vector.</summary>
        private Value? Lanes(TypeReference t, Value[] a, Func<Value, Value, Value> op)
        {
            if (a.Length != 2) return null;
            bool left = IsThisVector(t, a[0]), right = IsThisVector(t, a[1]);
            if (!left && !right || !left && !a[0].Type.IsFloat || !right && !a[1].Type.IsFloat) return null;
            int n = _layout(t)!.Fields.Count;
            var x = left ? Fields(a[0]) : Enumerable.Repeat(a[0], n).ToArray();
            var y = right ? Fields(a[1]) : Enumerable.Repeat(a[1], n).ToArray();
            return Make(t, x.Zip(y, op).ToArray());
        }

        private Value? Map(TypeReference t, Value[] a, Func<Value, Value> op) =>
            a.Length == 1 && IsThisVector(t, a[0]) ? Make(t, Fields(a[0]).Select(op).ToArray()) : null;

        private Value Dot(Value a, Value b)
        {
            var x = Fields(a);
            var y = Fields(b);
            var sum = _b.Mul(x[0], y[0]);
            for (int k = 1; k < x.Length; k++) sum = _b.Add(sum, _b.Mul(x[k], y[k]));
            return sum;
        }

        private Value DistanceSquared(TypeReference t, Value a, Value b)
        {
            var difference = Lanes(t, new[] { a, b }, (x, y) => _b.Sub(x, y))!;
            return Dot(difference, difference);
        }

        private Value Normalize(TypeReference t, Value a)
        {
            var length = Math("Sqrt", Dot(a, a));
            return Make(t, Fields(a).Select(x => _b.Div(x, length)).ToArray());
        }

        private Value Cross(TypeReference t, Value a, Value b)
        {
            var x = Fields(a);
            var y = Fields(b);
            return Make(t, new[]
            {
                _b.Sub(_b.Mul(x[1], y[2]), _b.Mul(x[2], y[1])),
                _b.Sub(_b.Mul(x[2], y[0]), _b.Mul(x[0], y[2])),
                _b.Sub(_b.Mul(x[0], y[1]), _b.Mul(x[1], y[0])),
            });
        }

        /// <summary>
        /// x·(1 − s) + y·s per lane, the library's own form (not x + (y − x)·s, which differs in the
        /// last bit); the amount is one scalar for every lane or a vector of them.
        /// </summary>
        private Value Lerp(TypeReference t, Value a, Value b, Value amount)
        {
            var x = Fields(a);
            var y = Fields(b);
            var s = IsThisVector(t, amount) ? Fields(amount) : Enumerable.Repeat(_b.ToFloat(amount, IrType.Float32), x.Length).ToArray();
            var one = _b.Function.Const(IrType.Float32, 1);
            return Make(t, x.Select((xk, k) => _b.Add(_b.Mul(xk, _b.Sub(one, s[k])), _b.Mul(y[k], s[k]))).ToArray());
        }

        private Value Constant(TypeReference t, Func<int, double> value)
        {
            int n = _layout(t)!.Fields.Count;
            return Make(t, Enumerable.Range(0, n).Select(k => (Value)_b.Function.Const(IrType.Float32, value(k))).ToArray());
        }

        private Value Math(string name, params Value[] args) => _b.Call(_methods.Math(name, IrType.Float32, args.Length), args);
    }
}
