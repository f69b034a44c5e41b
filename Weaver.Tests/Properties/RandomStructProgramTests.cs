using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Properties
{
    /// <summary>
    /// Random programs over double-based user structs (P, and S holding a P): struct locals
    /// made, copied and written field by field at both levels, whole structs moved between
    /// locals and the elements of a Duplicated P[], loops over it with data-dependent branches,
    /// ternaries choosing structs, Math calls on fields; some return a struct. Every program is
    /// woven from Debug and Release IL. The objective is ⟨seed, result⟩ + ⟨seed, ps afterwards⟩
    /// (the shadow of ps is its seed): the reverse gradient is checked against central
    /// differences of it, and the forward tangent against the reverse gradient.
    /// </summary>
    [TestFixture]
    public sealed class RandomStructProgramTests : WovenInBothBuilds
    {
        private static readonly int ScalarPrograms = Soak.Count(45);
        private static readonly int StructPrograms = Soak.Count(15);
        private static readonly int Programs = ScalarPrograms + StructPrograms;
        private const int Elements = 4;
        private static readonly string[] Bodies = Enumerable.Range(0, Programs)
            .Select(k => new RandomStructProgram(Soak.Seed(9000, k), ReturnType(k)).Body()).ToArray();

        // Scalar programs first; the struct-returning ones alternate between P and the nested S.
        private static string ReturnType(int k) => k < ScalarPrograms ? "double" : (k % 2 == 0 ? "P" : "S");

        protected override string Source()
        {
            var sb = new StringBuilder("using System; using AutoDiff; using static AutoDiff.Activity;\nnamespace RandomStruct {\n");
            sb.AppendLine("public struct P { public double X, Y; public P(double x, double y) { X = x; Y = y; } }");
            sb.AppendLine("public struct S { public P A; public double W; }");
            sb.AppendLine("public static partial class Programs {");
            for (int k = 0; k < Programs; k++)
            {
                sb.AppendLine($"[AutoDiffReverse(\"R{k}\", Active, Active, Duplicated, Active, Active)] [AutoDiffForward(\"T{k}\", Dual, Dual, Dual, Dual, Dual)]");
                sb.AppendLine($"public static {ReturnType(k)} F{k}(P p, S s, P[] ps, double x) {{\n{Bodies[k]}\n}}");
            }
            return sb.Append("} }").ToString();
        }

        public static IEnumerable<TestCaseData> Cases() => CasesFor(Programs, "StructProgram");

        [TestCaseSource(nameof(Cases))]
        public void GradientMatchesCentralDifferencesAndForwardMode(int k, bool optimize)
        {
            var assembly = Woven(optimize);
            var type = assembly.GetType("RandomStruct.Programs", throwOnError: true)!;
            var f = type.GetMethod("F" + k)!;
            var rev = type.GetMethod("R" + k)!;
            var fwd = type.GetMethod("T" + k)!;
            var arguments = new Arguments(assembly.GetType("RandomStruct.P", throwOnError: true)!, assembly.GetType("RandomStruct.S", throwOnError: true)!);

            // The inputs, flattened: p.X, p.Y, s.A.X, s.A.Y, s.W, ps[0].X, ps[0].Y, …, ps[3].Y, x.
            // Three digits, where the generator's constants have two: no input ties with another
            // or with a constant (a tie sits on a kink of Max or a branch, where differences fail).
            var at = new[] { 0.413, -0.887, 1.291, 0.217, -0.352, 0.806, -0.263, -1.117, 0.594, 0.158, 0.947, -0.721, -0.436, 0.559 };
            var psSeed = new[] { 0.3, -0.6, 0.9, 0.1, -0.2, 0.7, 0.5, -0.4 };
            var resultLeaves = f.ReturnType == typeof(double) ? 1 : Leaves(Activator.CreateInstance(f.ReturnType)!).Length;
            var resultSeed = new[] { 1.0, -0.75, 0.5, 1.25 }.Take(resultLeaves).ToArray();
            object Seed() => f.ReturnType == typeof(double) ? resultSeed[0] : arguments.Build(f.ReturnType, resultSeed);

            (double[] Result, double[] Ps) Primal(double[] v)
            {
                var (p, s, ps, x) = arguments.Split(v);
                var result = f.Invoke(null, new[] { p, s, ps, x })!;
                return (Leaves(result), Leaves(ps));
            }
            double Objective(double[] v)
            {
                var (result, ps) = Primal(v);
                return Dot(resultSeed, result) + Dot(psSeed, ps);
            }
            var (value, psAfter) = Primal(at);
            Assume.That(value.Concat(psAfter).All(double.IsFinite), "the primal is finite here");

            // Reverse: R(p, s, ps, dps, x, dret) = (value, dp, ds, dx), ∂ps added into dps.
            var (p0, s0, ps0, x0) = arguments.Split(at);
            var dps = arguments.Points(psSeed);
            var reverse = (ITuple)rev.Invoke(null, new[] { p0, s0, ps0, dps, x0, Seed() })!;
            Assert.That(Leaves(reverse[0]!), Is.EqualTo(value), "primal value\n" + Bodies[k]);
            Assert.That(Leaves(ps0), Is.EqualTo(psAfter), "ps afterwards\n" + Bodies[k]);
            var gradient = Leaves(reverse[1]!).Concat(Leaves(reverse[2]!)).Concat(Leaves(dps)).Append((double)reverse[3]!).ToArray();
            for (int i = 0; i < at.Length; i++)
            {
                var j = i;
                double Along(double e) { var c = (double[])at.Clone(); c[j] = e; return Objective(c); }
                if (!FiniteDifferences.IsSmooth(Along, at[i])) continue; // a kink or jump along this coordinate: no derivative to compare
                var expected = FiniteDifferences.Derivative(Along, at[i]);
                Assert.That(gradient[i], Is.EqualTo(expected).Within(FiniteDifferences.Tolerance(expected, 1e-5)), $"∂{Arguments.Names[i]}, seed {Soak.Seed(9000, k)}\n" + Bodies[k]);
            }

            // Forward: T(p, ṗ, s, ṡ, ps, ṗs, x, ẋ) = (value, tangent); ṗs is overwritten with the tangent of ps.
            var direction = new[] { 1.0, -0.5, 0.25, 2.0, -1.0, 0.5, 1.5, -0.25, 0.75, -2.0, 1.0, 0.5, -1.5, 0.5 };
            var (p1, s1, ps1, x1) = arguments.Split(at);
            var (tp, ts, tps, tx) = arguments.Split(direction);
            var forward = (ITuple)fwd.Invoke(null, new[] { p1, tp, s1, ts, ps1, tps, x1, tx })!;
            Assert.That(Leaves(forward[0]!), Is.EqualTo(value), "forward primal value");
            var tangent = Dot(resultSeed, Leaves(forward[1]!)) + Dot(psSeed, Leaves(tps));
            var dot = Dot(gradient, direction);
            Assert.That(tangent, Is.EqualTo(dot).Within(FiniteDifferences.Tolerance(dot, 1e-9)), "⟨ẋ, Jᵀ·seed⟩ = ⟨seed, J·ẋ⟩\n" + Bodies[k]);
        }

        private static double Dot(double[] a, double[] b) => a.Zip(b, (u, v) => u * v).Sum();

        /// <summary>The doubles of a double, a struct (fields depth first) or an array of structs, in order.</summary>
        private static double[] Leaves(object o) => o switch
        {
            double d => new[] { d },
            Array a => a.Cast<object>().SelectMany(Leaves).ToArray(),
            _ => o.GetType().GetFields(BindingFlags.Public | BindingFlags.Instance).SelectMany(f => Leaves(f.GetValue(o)!)).ToArray(),
        };

        /// <summary>Builds the generated assembly's P, S and P[] from flat leaves (the inverse of <see cref="Leaves"/>).</summary>
        private sealed class Arguments
        {
            public static readonly string[] Names = new[] { "p.X", "p.Y", "s.A.X", "s.A.Y", "s.W" }
                .Concat(Enumerable.Range(0, Elements).SelectMany(i => new[] { $"ps[{i}].X", $"ps[{i}].Y" })).Append("x").ToArray();

            private readonly Type _p;
            private readonly Type _s;

            public Arguments(Type p, Type s)
            {
                _p = p;
                _s = s;
            }

            public (object P, object S, Array Ps, double X) Split(double[] v) =>
                (Build(_p, v[0..2]), Build(_s, v[2..5]), Points(v[5..(5 + 2 * Elements)]), v[5 + 2 * Elements]);

            public Array Points(double[] v)
            {
                var a = Array.CreateInstance(_p, v.Length / 2);
                for (int i = 0; i < a.Length; i++) a.SetValue(Build(_p, v[(2 * i)..(2 * i + 2)]), i);
                return a;
            }

            public object Build(Type type, double[] leaves)
            {
                int next = 0;
                return Fill(type, leaves, ref next);
            }

            private static object Fill(Type type, double[] leaves, ref int next)
            {
                if (type == typeof(double)) return leaves[next++];
                var o = Activator.CreateInstance(type)!;
                foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Instance)) field.SetValue(o, Fill(field.FieldType, leaves, ref next));
                return o;
            }
        }
    }
}
