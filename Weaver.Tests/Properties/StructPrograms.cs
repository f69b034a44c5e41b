using System;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using AutoDiff.Weaver.Tests.Support;

namespace AutoDiff.Weaver.Tests.Properties
{
    /// <summary>
    /// Programs over double-based user structs (P, and S holding a P), written by
    /// <see cref="RandomStructProgram"/>: struct locals made, copied and written field by field at
    /// both levels, whole structs moved between locals and the elements of a Duplicated P[],
    /// loops over it with data-dependent branches, ternaries choosing structs, Math calls on
    /// fields; one in four returns a struct (P or the nested S). The objective is
    /// ⟨seed, result⟩ + ⟨seed, ps afterwards⟩ (the shadow of ps is its seed): the reverse gradient
    /// is checked against central differences of it, and the forward tangent against the reverse
    /// gradient.
    /// </summary>
    public sealed class StructPrograms : ProgramFamily
    {
        private const int Elements = 4;

        public override string Name => "Struct";

        public override int BaseSeed => 9000;

        public override int CiCount => 1600;

        protected override string Types =>
            "public struct P { public double X, Y; public P(double x, double y) { X = x; Y = y; } }\n" +
            "public struct S { public P A; public double W; }\n";

        // Program k's return type is in the seed, so that a program is made again from its seed alone.
        private static string ReturnType(int seed) => (seed % 8) switch { 0 => "P", 4 => "S", _ => "double" };

        public override string Generate(int seed) => $"//{ReturnType(seed)}\n" + new RandomStructProgram(seed, ReturnType(seed)).Body();

        protected override string Declare(int k, string body) =>
            $"[AutoDiffReverse(\"R{k}\", Active, Active, Duplicated, Active, Active)] [AutoDiffForward(\"T{k}\", Dual, Dual, Dual, Dual, Dual)]\n" +
            $"public static {body.Substring(2, body.IndexOf('\n') - 2)} F{k}(P p, S s, P[] ps, double x) {{\n{body}\n}}";

        public override Verdict Check(Assembly woven, int k)
        {
            var type = Programs(woven);
            var f = type.GetMethod("F" + k)!;
            var rev = type.GetMethod("R" + k)!;
            var fwd = type.GetMethod("T" + k)!;
            var arguments = new Arguments(woven.GetType(Namespace + ".P", throwOnError: true)!, woven.GetType(Namespace + ".S", throwOnError: true)!);

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
            if (!value.Concat(psAfter).All(double.IsFinite)) return Verdict.SetAside;

            // Reverse: R(p, s, ps, dps, x, dret) = (value, dp, ds, dx), ∂ps added into dps.
            var (p0, s0, ps0, x0) = arguments.Split(at);
            var dps = arguments.Points(psSeed);
            var reverse = (ITuple)Call(rev, p0, s0, ps0, dps, x0, Seed());
            ExpectLeaves(Leaves(reverse[0]!), value, "the value R returns");
            ExpectLeaves(Leaves(ps0), psAfter, "ps after R");
            var gradient = Leaves(reverse[1]!).Concat(Leaves(reverse[2]!)).Concat(Leaves(dps)).Append((double)reverse[3]!).ToArray();
            var counter = new GradientCounter();
            var objective = Objective(at);
            for (int i = 0; i < at.Length; i++)
            {
                var j = i;
                double Along(double e) { var c = (double[])at.Clone(); c[j] = e; return Objective(c); }
                counter.Compare(Along, at[i], objective, gradient[i], "∂" + Arguments.Names[i]);
            }

            // Forward: T(p, ṗ, s, ṡ, ps, ṗs, x, ẋ) = (value, tangent); ṗs is overwritten with the tangent of ps.
            var direction = new[] { 1.0, -0.5, 0.25, 2.0, -1.0, 0.5, 1.5, -0.25, 0.75, -2.0, 1.0, 0.5, -1.5, 0.5 };
            var (p1, s1, ps1, x1) = arguments.Split(at);
            var (tp, ts, tps, tx) = arguments.Split(direction);
            var forward = (ITuple)Call(fwd, p1, tp, s1, ts, ps1, tps, x1, tx);
            ExpectLeaves(Leaves(forward[0]!), value, "the value T returns");
            var tangent = Dot(resultSeed, Leaves(forward[1]!)) + Dot(psSeed, Leaves(tps));
            var dot = Dot(gradient, direction);
            ProgramMismatch.Expect(tangent, dot, FiniteDifferences.Tolerance(dot, 1e-9), "⟨ẋ, Jᵀ·seed⟩ = ⟨seed, J·ẋ⟩: the forward tangent against the reverse gradient");
            return counter.Verdict;
        }

        private static object Call(MethodInfo method, params object[] arguments) => method.Invoke(null, arguments)!;

        private static void ExpectLeaves(double[] actual, double[] expected, string what)
        {
            for (int i = 0; i < expected.Length; i++) ProgramMismatch.Expect(actual[i], expected[i], 0, $"{what}, leaf {i}");
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
