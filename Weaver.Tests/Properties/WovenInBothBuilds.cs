using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Properties
{
    /// <summary>
    /// A property-test fixture over many generated programs: their source is compiled and woven
    /// once from Debug IL and once from Release IL before the cases run, and unloaded after.
    /// </summary>
    public abstract class WovenInBothBuilds
    {
        private readonly Dictionary<bool, WovenAssembly> _woven = new Dictionary<bool, WovenAssembly>();

        /// <summary>All the programs, as one compilation unit.</summary>
        protected abstract string Source();

        [OneTimeSetUp]
        public void Weave()
        {
            var source = Source();
            _woven[false] = TestWeaver.WeaveAndLoad(source, optimize: false);
            _woven[true] = TestWeaver.WeaveAndLoad(source, optimize: true);
        }

        [OneTimeTearDown]
        public void Unload()
        {
            foreach (var w in _woven.Values) w.Dispose();
            _woven.Clear();
        }

        /// <summary>The woven assembly from Release (<paramref name="optimize"/>) or Debug IL.</summary>
        protected Assembly Woven(bool optimize) => _woven[optimize].Assembly;

        /// <summary>
        /// The check every program of shape <c>double F{k}(double x, double y, int n)</c> with
        /// <c>R{k}</c> (reverse: x, y Active) and <c>T{k}</c> (forward: x, y Dual) gets, at three
        /// points: the primal value, the gradient against central differences (points where the
        /// program has a kink are set aside), the forward tangent against the gradient.
        /// </summary>
        protected void CheckScalarProgram(bool optimize, string typeName, int k, int seed, string body, int largeTripCount)
        {
            var type = Woven(optimize).GetType(typeName, throwOnError: true)!;
            var f = type.GetMethod("F" + k)!;
            var rev = type.GetMethod("R" + k)!;
            var fwd = type.GetMethod("T" + k)!;
            double Primal(double x, double y, int n) => (double)f.Invoke(null, new object[] { x, y, n })!;
            foreach (var (x, y, n) in new[] { (0.31, -0.72, 3), (-1.13, 0.44, largeTripCount), (0.87, 1.21, 0) })
            {
                var value = Primal(x, y, n);
                if (!double.IsFinite(value)) continue;
                var (rv, dx, dy) = ((double, double, double))rev.Invoke(null, new object[] { x, y, n, 1.0 })!;
                Assert.That(rv, Is.EqualTo(value), $"primal at ({x}, {y}, {n})");
                if (!FiniteDifferences.IsSmooth(v => Primal(v, y, n), x) || !FiniteDifferences.IsSmooth(v => Primal(x, v, n), y)) continue; // a kink here: no derivative to compare
                var gx = FiniteDifferences.Derivative(v => Primal(v, y, n), x);
                var gy = FiniteDifferences.Derivative(v => Primal(x, v, n), y);
                Assert.That(dx, Is.EqualTo(gx).Within(FiniteDifferences.Tolerance(gx, 1e-5)), $"∂x at ({x}, {y}, {n}), seed {seed}\n{body}");
                Assert.That(dy, Is.EqualTo(gy).Within(FiniteDifferences.Tolerance(gy, 1e-5)), $"∂y at ({x}, {y}, {n}), seed {seed}\n{body}");
                var (fv, t) = ((double, double))fwd.Invoke(null, new object[] { x, 2.0, y, -1.0, n })!;
                Assert.That(fv, Is.EqualTo(value));
                Assert.That(t, Is.EqualTo(2 * dx - dy).Within(FiniteDifferences.Tolerance(2 * dx - dy, 1e-10)), $"⟨ẋ, ∇f⟩ at ({x}, {y}, {n}), seed {seed}\n{body}");
            }
        }

        /// <summary>One case per program and build, named so a failure says which.</summary>
        protected static IEnumerable<TestCaseData> CasesFor(int programs, string name) =>
            Enumerable.Range(0, programs).SelectMany(k => new[] { false, true }.Select(o => new TestCaseData(k, o).SetName($"{name}{k}_{(o ? "Release" : "Debug")}")));
    }
}
