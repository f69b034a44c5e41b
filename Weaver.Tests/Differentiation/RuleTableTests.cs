using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Text;
using AutoDiff.Weaver.Differentiation.Rules;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Differentiation
{
    /// <summary>
    /// Walks the rule table itself: for every entry and every float/double overload of it in
    /// System.Math, System.MathF and Double/Single.Hypot, generates a primal with a reverse and a
    /// forward derivative, weaves it from Debug and Release IL, and checks both modes against
    /// central differences of the double-precision function, and against each other. A new
    /// rule needs no new test; a rule without a covering overload fails here.
    /// </summary>
    [TestFixture]
    public sealed class RuleTableTests
    {
        private static readonly List<Case> Cases = BuildCases();
        private readonly Dictionary<bool, WovenAssembly> _woven = new Dictionary<bool, WovenAssembly>();

        [OneTimeSetUp]
        public void WeaveAll()
        {
            var source = Source();
            _woven[false] = TestWeaver.WeaveAndLoad(source, optimize: false);
            _woven[true] = TestWeaver.WeaveAndLoad(source, optimize: true);
        }

        [OneTimeTearDown]
        public void Unload()
        {
            foreach (var w in _woven.Values) w.Dispose();
        }

        [Test]
        public void EveryRuleHasAFloatAndADoubleOverloadUnderTest()
        {
            foreach (var entry in DerivativeRules.MethodEntries)
            {
                var covered = Cases.Where(c => c.Key == entry.Key).Select(c => c.IsFloat).Distinct().Count();
                Assert.That(covered, Is.EqualTo(2), $"rule {entry.Key} needs a float and a double overload under test");
            }
        }

        public static IEnumerable<TestCaseData> AllCases() =>
            Cases.SelectMany(c => new[] { false, true }.Select(opt => new TestCaseData(c.Id, opt).SetName($"{c.Id}_{(opt ? "Release" : "Debug")}")));

        [TestCaseSource(nameof(AllCases))]
        public void ReverseAndForwardMatchCentralDifferences(string id, bool optimize)
        {
            var c = Cases.Single(x => x.Id == id);
            var woven = _woven[optimize];
            var type = woven.Assembly.GetType("RuleFixtures.R", throwOnError: true)!;
            var rev = type.GetMethod(c.Name + "_rev")!;
            var fwd = type.GetMethod(c.Name + "_fwd")!;
            foreach (var point in c.Points)
            {
                var reference = c.Reference(point);
                var primal = c.Evaluate(point);
                var tol = c.IsFloat ? 2e-3 : 1e-6;

                // Reverse: (primal, grad_0, ..., grad_k) with dret = 1.
                var revArgs = c.Arguments(point).Concat(new object[] { c.Scalar(1) }).ToArray();
                var revResult = Items(rev.Invoke(null, revArgs));
                Assert.That(ToDouble(revResult[0]), Is.EqualTo(primal).Within(Tolerance(primal, tol)), $"{c.Name} primal at {Show(point)}");
                var gradient = revResult.Skip(1).Select(ToDouble).ToArray();
                Assert.That(gradient.Length, Is.EqualTo(c.ActiveCount));

                // Forward: one unit tangent per active argument gives that partial; the sum of the
                // reverse gradient against the tangent direction (1, 2, 3...) gives the dot-product check.
                for (int a = 0; a < c.ActiveCount; a++)
                {
                    Assert.That(gradient[a], Is.EqualTo(reference[a]).Within(Tolerance(reference[a], tol)),
                        $"{c.Name} reverse ∂/∂arg{a} at {Show(point)}");
                    var tangent = Items(fwd.Invoke(null, c.ForwardArguments(point, k => k == a ? 1 : 0)));
                    Assert.That(ToDouble(tangent[1]), Is.EqualTo(reference[a]).Within(Tolerance(reference[a], tol)),
                        $"{c.Name} forward ∂/∂arg{a} at {Show(point)}");
                }
                var direction = Enumerable.Range(1, c.ActiveCount).Select(k => (double)k).ToArray();
                var dot = gradient.Zip(direction, (g, d) => g * d).Sum();
                var jvp = ToDouble(Items(fwd.Invoke(null, c.ForwardArguments(point, k => direction[k])))[1]);
                Assert.That(jvp, Is.EqualTo(dot).Within(Tolerance(dot, tol)), $"{c.Name} ⟨ẋ, ∇f⟩ at {Show(point)}");
            }
        }

        private static double Tolerance(double expected, double relative) => relative * Math.Max(1, Math.Abs(expected));

        private static object?[] Items(object? result)
        {
            if (result is System.Runtime.CompilerServices.ITuple t) return Enumerable.Range(0, t.Length).Select(i => t[i]).ToArray();
            return new[] { result };
        }

        private static double ToDouble(object? o) => Convert.ToDouble(o, CultureInfo.InvariantCulture);

        private static string Show(double[] p) => "(" + string.Join(", ", p.Select(x => x.ToString(CultureInfo.InvariantCulture))) + ")";

        private static string Source()
        {
            var sb = new StringBuilder();
            sb.AppendLine("using System; using AutoDiff; using static AutoDiff.Activity;");
            sb.AppendLine("namespace RuleFixtures { public static partial class R {");
            foreach (var c in Cases) sb.AppendLine(c.Declaration());
            sb.AppendLine("} }");
            return sb.ToString();
        }

        /// <summary>Sample points per function, inside its domain and away from kinks and integers.</summary>
        private static double[][] PointsFor(string name, int active)
        {
            double[][] P(params double[][] p) => p;
            switch (name)
            {
                case "Acosh": return P(new[] { 1.5 }, new[] { 2.3 });
                case "Log": case "Log10": case "Log2": case "Sqrt": return active == 1 ? P(new[] { 0.4 }, new[] { 1.3 }, new[] { 2.5 }) : P(new[] { 1.3, 2.5 }, new[] { 0.4, 3.0 });
                case "Asin": case "Acos": case "Atanh": return P(new[] { -0.5 }, new[] { 0.3 });
                case "Pow": return P(new[] { 0.5, -1.3 }, new[] { 1.7, 0.4 }, new[] { 1.2, 2.2 });
                case "Max": case "Min": case "Atan2": case "Hypot": return P(new[] { 0.3, 1.2 }, new[] { 1.4, -0.5 }, new[] { 3.0, 4.0 });
                case "FusedMultiplyAdd": return P(new[] { 0.3, 1.2, -0.4 }, new[] { -1.1, 0.6, 2.0 });
                case "CopySign": return P(new[] { 0.7, -1.2 }, new[] { -0.4, 2.0 }, new[] { 1.3, 0.5 });
                case "MaxMagnitude": case "MinMagnitude": return P(new[] { 0.3, -1.2 }, new[] { 1.4, -0.5 }, new[] { -3.0, 2.0 });
                case "Lerp": return P(new[] { 0.3, 1.2, 0.25 }, new[] { -1.1, 0.6, 1.4 });
                case "LogP1": return P(new[] { -0.4 }, new[] { 0.3 }, new[] { 2.5 });
                // Below, inside and above [lo, hi].
                case "Clamp": return P(new[] { -0.9, -0.5, 0.8 }, new[] { 0.3, -0.5, 0.8 }, new[] { 1.7, -0.5, 0.8 });
                case "Cbrt": return P(new[] { -0.7 }, new[] { 0.4 }, new[] { 2.0 });
                default: return P(new[] { -0.7 }, new[] { 0.4 }, new[] { 1.3 });
            }
        }

        private static List<Case> BuildCases()
        {
            var cases = new List<Case>();
            foreach (var entry in DerivativeRules.MethodEntries)
            {
                var slash = entry.Key.IndexOf('/');
                var name = entry.Key.Substring(0, slash);
                var arity = int.Parse(entry.Key.Substring(slash + 1), CultureInfo.InvariantCulture);
                foreach (var isFloat in new[] { false, true })
                {
                    var scalar = isFloat ? typeof(float) : typeof(double);
                    // float overloads live in MathF, except those only Math has (Clamp(float, float, float));
                    // functions only double and float have (Hypot, Exp2, LogP1, Lerp…) are theirs.
                    var host = typeof(Math).GetMember(name).Length == 0 ? scalar : isFloat && typeof(MathF).GetMember(name).Length > 0 ? typeof(MathF) : typeof(Math);
                    var overloads = host.GetMethods(BindingFlags.Public | BindingFlags.Static)
                        .Where(m => m.Name == name && m.GetParameters().Length == arity && m.ReturnType == scalar &&
                                    m.GetParameters()[0].ParameterType == scalar &&
                                    m.GetParameters().All(p => p.ParameterType == scalar || p.ParameterType == typeof(int) || p.ParameterType.IsEnum));
                    foreach (var m in overloads) cases.Add(new Case(entry.Key, m, isFloat, cases.Count));
                }
            }
            return cases;
        }

        private sealed class Case
        {
            private readonly MethodInfo _method;
            private readonly MethodInfo _doubleTwin;
            private readonly ParameterInfo[] _parameters;

            public Case(string key, MethodInfo method, bool isFloat, int n)
            {
                Key = key;
                _method = method;
                IsFloat = isFloat;
                _parameters = method.GetParameters();
                Name = $"{method.Name}{_parameters.Length}_{(isFloat ? "f" : "d")}_{n}";
                Id = Name;
                ActiveCount = _parameters.Count(p => p.ParameterType == method.ReturnType);
                Points = PointsFor(method.Name, ActiveCount);
                var doubleHost = typeof(Math).GetMember(method.Name).Length == 0 ? typeof(double) : typeof(Math);
                _doubleTwin = doubleHost.GetMethod(method.Name, _parameters.Select(p => p.ParameterType == method.ReturnType ? typeof(double) : p.ParameterType).ToArray())!;
            }

            public string Key { get; }

            public string Name { get; }

            public string Id { get; }

            public bool IsFloat { get; }

            public int ActiveCount { get; }

            public double[][] Points { get; }

            private string ScalarName => IsFloat ? "float" : "double";

            public object Scalar(double v) => IsFloat ? (object)(float)v : v;

            public string Declaration()
            {
                var ps = _parameters.Select((p, i) => p.ParameterType == _method.ReturnType ? $"{ScalarName} a{i}" : null).Where(s => s != null).ToList();
                var call = string.Join(", ", _parameters.Select((p, i) => p.ParameterType == _method.ReturnType ? $"a{i}" : ConstFor(p.ParameterType)));
                var host = _method.DeclaringType == typeof(double) ? "double" : _method.DeclaringType == typeof(float) ? "float" : _method.DeclaringType!.Name;
                var rev = string.Join(", ", Enumerable.Repeat("Active", ActiveCount + 1));
                var fwd = string.Join(", ", Enumerable.Repeat("Dual", ActiveCount + 1));
                return $"[AutoDiffReverse(\"{Name}_rev\", {rev})] [AutoDiffForward(\"{Name}_fwd\", {fwd})]\n" +
                       $"public static {ScalarName} {Name}({string.Join(", ", ps)}) => {host}.{_method.Name}({call});";
            }

            private static string ConstFor(Type t) => t == typeof(int) ? "2" : $"{t.FullName}.{Enum.GetNames(t)[1]}";

            /// <summary>Every argument of the framework method: the point's scalars, and the fixed Const ones the declaration passes.</summary>
            private object?[] FullArgs(double[] point, Func<double, object> scalar)
            {
                int a = 0;
                return _parameters.Select(p => p.ParameterType == _method.ReturnType
                    ? scalar(point[a++])
                    : p.ParameterType == typeof(int) ? 2 : Enum.GetValues(p.ParameterType).GetValue(1)).ToArray();
            }

            private object?[] DoubleArgs(double[] point) => FullArgs(point, x => x);

            public double Evaluate(double[] point) => IsFloat
                ? Convert.ToDouble(_method.Invoke(null, FullArgs(point, Scalar)), CultureInfo.InvariantCulture)
                : (double)_doubleTwin.Invoke(null, DoubleArgs(point))!;

            public object[] Arguments(double[] point) => point.Select(Scalar).ToArray();

            public object[] ForwardArguments(double[] point, Func<int, double> tangent) =>
                point.SelectMany((x, k) => new[] { Scalar(x), Scalar(tangent(k)) }).ToArray();

            /// <summary>Central differences of the double-precision function, one partial per active argument.</summary>
            public double[] Reference(double[] point)
            {
                var result = new double[point.Length];
                for (int a = 0; a < point.Length; a++)
                {
                    var h = 1e-6 * Math.Max(1, Math.Abs(point[a]));
                    var up = (double[])point.Clone();
                    var down = (double[])point.Clone();
                    up[a] += h;
                    down[a] -= h;
                    result[a] = ((double)_doubleTwin.Invoke(null, DoubleArgs(up))! - (double)_doubleTwin.Invoke(null, DoubleArgs(down))!) / (2 * h);
                }
                return result;
            }
        }
    }
}
