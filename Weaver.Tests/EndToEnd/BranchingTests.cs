extern alias FixturesUnwoven;

using System;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.EndToEnd
{
    /// <summary>
    /// Control flow, on the Fody-woven fixtures (Debug and Release IL): every reverse gradient
    /// against central differences of the primal itself, and every forward tangent against the
    /// reverse gradient (the two modes are built by different emitters).
    /// </summary>
    [TestFixture(FixtureBuild.Debug)]
    [TestFixture(FixtureBuild.Release)]
    public sealed class BranchingTests
    {
        private const string Type = "Fixtures.Branching";
        private readonly FixtureBuild _build;

        public BranchingTests(FixtureBuild build) => _build = build;

        private T Get<T>(string name) where T : Delegate => FixtureAssemblies.Get<T>(_build, Type, name);

        private static void Near(double actual, double expected, string what, double relative = 1e-5) =>
            Assert.That(actual, Is.EqualTo(expected).Within(FiniteDifferences.Tolerance(expected, relative)), what);

        /// <summary>Checks a one-input double function's two derivatives at the given points.</summary>
        private void CheckUnary(string name, Func<double, double> primal, params double[] points)
        {
            var rev = Get<Func<double, double, (double, double)>>(name + "Rev");
            var fwd = Get<Func<double, double, (double, double)>>(name + "Fwd");
            foreach (var x in points)
            {
                var (value, gradient) = rev(x, 1.0);
                Assert.That(value, Is.EqualTo(primal(x)), $"{name} primal at {x}");
                Near(gradient, FiniteDifferences.Derivative(primal, x), $"{name}' at {x}");
                var (fvalue, tangent) = fwd(x, 1.0);
                Assert.That(fvalue, Is.EqualTo(value));
                Near(tangent, gradient, $"{name} forward vs reverse at {x}", 1e-12);
            }
        }

        [Test]
        public void Piecewise() => CheckUnary("Piecewise", FixturesUnwoven::Fixtures.Branching.Piecewise, -1.5, -0.2, 0.3, 2.0);

        [Test]
        public void CastToIntIsAStep() => CheckUnary("Steps", FixturesUnwoven::Fixtures.Branching.Steps, 0.1, 0.3, 0.6, 1.1, 2.4);

        [Test]
        public void EarlyReturns()
        {
            var rev = Get<Func<double, double, double, (double, double, double)>>("EarlyRev");
            var fwd = Get<Func<double, double, double, double, (double, double)>>("EarlyFwd");
            foreach (var (x, y) in new[] { (3.0, 0.5), (1.0, -2.0), (1.0, -0.5), (0.5, 0.25) })
            {
                var g = FiniteDifferences.Gradient(p => FixturesUnwoven::Fixtures.Branching.Early(p[0], p[1]), x, y);
                var (value, dx, dy) = rev(x, y, 1.0);
                Assert.That(value, Is.EqualTo(FixturesUnwoven::Fixtures.Branching.Early(x, y)));
                Near(dx, g[0], $"∂x at ({x}, {y})");
                Near(dy, g[1], $"∂y at ({x}, {y})");
                Near(fwd(x, 1, y, 0).Item2, dx, "forward ∂x", 1e-12);
                Near(fwd(x, 0, y, 1).Item2, dy, "forward ∂y", 1e-12);
            }
            // On the line x + y = 0 the function is the constant 1: no derivative flows.
            Assert.That(rev(0.5, -0.5, 1.0), Is.EqualTo((1.0, 0.0, 0.0)));
            Assert.That(fwd(0.5, 1, -0.5, 1), Is.EqualTo((1.0, 0.0)));
        }

        [Test]
        public void TernaryLeavesAValueOnTheStack()
        {
            var rev = Get<Func<double, double, bool, double, (double, double, double)>>("TernaryRev");
            var fwd = Get<Func<double, double, double, double, bool, (double, double)>>("TernaryFwd");
            foreach (var c in new[] { true, false })
            {
                foreach (var (a, b) in new[] { (0.7, 1.3), (-2.0, 0.4) })
                {
                    var g = FiniteDifferences.Gradient(p => FixturesUnwoven::Fixtures.Branching.Ternary(p[0], p[1], c), a, b);
                    var (value, da, db) = rev(a, b, c, 1.0);
                    Assert.That(value, Is.EqualTo(FixturesUnwoven::Fixtures.Branching.Ternary(a, b, c)));
                    Near(da, g[0], $"∂a c={c}");
                    Near(db, g[1], $"∂b c={c}");
                    Near(fwd(a, 2, b, 3, c).Item2, 2 * da + 3 * db, "⟨ẋ, ∇f⟩", 1e-12);
                }
            }
        }

        [Test]
        public void ValueDefinedOnTwoPathsInFloat()
        {
            var rev = Get<Func<float, float, float, (float, float, float)>>("JoinRev");
            var fwd = Get<Func<float, float, float, float, (float, float)>>("JoinFwd");
            foreach (var (x, y) in new[] { (2f, 0.9f), (0.3f, 0.4f), (-1.5f, 2f) })
            {
                var g = FiniteDifferences.Gradient(p => FixturesUnwoven::Fixtures.Branching.Join((float)p[0], (float)p[1]), x, y);
                var gd = FiniteDifferences.Gradient(p => JoinInDouble(p[0], p[1]), x, y);
                var (value, dx, dy) = rev(x, y, 1f);
                Assert.That(value, Is.EqualTo(FixturesUnwoven::Fixtures.Branching.Join(x, y)));
                Near(dx, gd[0], $"∂x at ({x}, {y})", 1e-4);
                Near(dy, gd[1], $"∂y at ({x}, {y})", 1e-4);
                Near(fwd(x, 1, y, 0).Item2, dx, "forward ∂x", 1e-5);
                Near(fwd(x, 0, y, 1).Item2, dy, "forward ∂y", 1e-5);
                _ = g;
            }
        }

        // The same function in double, for a finite-difference reference free of float rounding.
        private static double JoinInDouble(double x, double y)
        {
            double t = x * y > 1 ? x * Math.Cos(y) : y - x;
            t = t * t + x;
            return t / (1 + y * y);
        }

        [Test]
        public void MaxMinAbs()
        {
            var rev = Get<Func<double, double, double, double, (double, double, double, double)>>("ClampRev");
            var fwd = Get<Func<double, double, double, double, double, double, (double, double)>>("ClampFwd");
            foreach (var (x, lo, hi) in new[] { (0.5, 0.0, 1.0), (-0.5, 0.0, 1.0), (1.5, 0.0, 1.0), (0.5, 0.7, 1.0) })
            {
                var g = FiniteDifferences.Gradient(p => FixturesUnwoven::Fixtures.Branching.Clamp(p[0], p[1], p[2]), x, lo, hi);
                var (value, dx, dlo, dhi) = rev(x, lo, hi, 1.0);
                Assert.That(value, Is.EqualTo(FixturesUnwoven::Fixtures.Branching.Clamp(x, lo, hi)));
                Near(dx, g[0], $"∂x at {x}");
                Near(dlo, g[1], $"∂lo at {x}");
                Near(dhi, g[2], $"∂hi at {x}");
                Near(fwd(x, 1, lo, 2, hi, 3).Item2, dx + 2 * dlo + 3 * dhi, "⟨ẋ, ∇f⟩", 1e-12);
            }
        }

        [Test]
        public void SwitchOverAConstInteger()
        {
            var rev = Get<Func<double, int, double, (double, double)>>("SwitchRev");
            var fwd = Get<Func<double, double, int, (double, double)>>("SwitchFwd");
            for (int k = -1; k <= 4; k++)
            {
                foreach (var x in new[] { 0.4, 2.5 })
                {
                    var (value, dx) = rev(x, k, 1.0);
                    Assert.That(value, Is.EqualTo(FixturesUnwoven::Fixtures.Branching.Switch(x, k)));
                    Near(dx, FiniteDifferences.Derivative(v => FixturesUnwoven::Fixtures.Branching.Switch(v, k), x), $"k={k}, x={x}");
                    Near(fwd(x, 1, k).Item2, dx, "forward", 1e-12);
                }
            }
        }

        [Test]
        public void SignedAndUnsignedIntegerComparisons()
        {
            var rev = Get<Func<double, int, double, (double, double)>>("IntCompareRev");
            var fwd = Get<Func<double, double, int, (double, double)>>("IntCompareFwd");
            for (int k = -4; k <= 4; k++)
            {
                var (value, dx) = rev(0.7, k, 1.0);
                Assert.That(value, Is.EqualTo(FixturesUnwoven::Fixtures.Branching.IntCompare(0.7, k)), $"k={k}");
                Near(dx, FiniteDifferences.Derivative(v => FixturesUnwoven::Fixtures.Branching.IntCompare(v, k), 0.7), $"k={k}");
                var (fvalue, tangent) = fwd(0.7, 1, k);
                Assert.That(fvalue, Is.EqualTo(value));
                Near(tangent, dx, $"forward k={k}", 1e-12);
            }
        }

        [Test]
        public void SwitchOverAnEnum()
        {
            // The enum type differs per fixture assembly, so the derivatives are called by reflection.
            var type = FixtureAssemblies.Type(_build, Type);
            var kindType = FixtureAssemblies.Type(_build, "Fixtures.ShapeKind");
            var rev = type.GetMethod("ShapeRev")!;
            var fwd = type.GetMethod("ShapeFwd")!;
            foreach (var kind in new[] { FixturesUnwoven::Fixtures.ShapeKind.Circle, FixturesUnwoven::Fixtures.ShapeKind.Square, FixturesUnwoven::Fixtures.ShapeKind.Triangle })
            {
                var boxed = Enum.ToObject(kindType, (int)kind);
                foreach (var r in new[] { 0.5, 1.5, 4.0 })
                {
                    var (value, dr) = ((double, double))rev.Invoke(null, new object[] { r, boxed, 1.0 })!;
                    Assert.That(value, Is.EqualTo(FixturesUnwoven::Fixtures.Branching.Shape(r, kind)));
                    Near(dr, FiniteDifferences.Derivative(v => FixturesUnwoven::Fixtures.Branching.Shape(v, kind), r), $"{kind}, r={r}");
                    Near((((double, double))fwd.Invoke(null, new object[] { r, 1.0, boxed })!).Item2, dr, "forward", 1e-12);
                }
            }
        }

        [Test]
        public void NegatedComparisonKeepsNaNSemantics()
        {
            var rev = Get<Func<double, double, double, (double, double, double)>>("NotLessRev");
            Assert.That(rev(2, 1, 1), Is.EqualTo((2.0, 1.0, 2.0)), "x ≥ y: x·y");
            Assert.That(rev(1, 2, 1), Is.EqualTo((-1.0, 1.0, -1.0)), "x < y: x − y");
            var (value, dx, dy) = rev(double.NaN, 2, 1);
            Assert.That(double.IsNaN(value) && dx == 2 && double.IsNaN(dy), Is.True, $"NaN takes the !(x < y) side: ({value}, {dx}, {dy})");
        }

        [Test]
        public void ConstParameterAndLocalAssignedOnOnePath()
        {
            var rev = Get<Func<double, double, double, (double, double)>>("ScaleRev");
            foreach (var s in new[] { 0.5, 3.0 })
            {
                var (value, dx) = rev(1.5, s, 1.0);
                Assert.That(value, Is.EqualTo(FixturesUnwoven::Fixtures.Branching.Scale(1.5, s)));
                Near(dx, FiniteDifferences.Derivative(v => FixturesUnwoven::Fixtures.Branching.Scale(v, s), 1.5), $"s={s}");
            }
        }

        [Test]
        public void ConstReturnGivesThePrimalOnly()
        {
            // Reverse mode with a Const return: the primal, then the gradient, which is zero
            // since no derivative flows out.
            var rev = Get<Func<double, (double, double)>>("ConstRetRev");
            Assert.That(rev(4.0), Is.EqualTo((8.0, 0.0)));
        }

        [Test]
        public void InstanceMethodWithConstThis()
        {
            var type = FixtureAssemblies.Load(_build).GetType("Fixtures.Scaler", throwOnError: true)!;
            var scaler = Activator.CreateInstance(type)!;
            var rev = (Func<double, double, (double, double)>)Delegate.CreateDelegate(typeof(Func<double, double, (double, double)>), scaler, "ApplyRev");
            foreach (var x in new[] { -0.5, 1.2 })
            {
                var (value, dx) = rev(x, 1.0);
                Assert.That(value, Is.EqualTo(Math.Sinh(x) * x));
                Near(dx, Math.Cosh(x) * x + Math.Sinh(x), $"x={x}", 1e-12);
            }
        }
    }
}
