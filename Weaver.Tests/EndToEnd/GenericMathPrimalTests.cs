using System;
using System.Linq;
using System.Reflection;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.EndToEnd
{
    /// <summary>
    /// Derivatives of methods written over generic math (issue 13): the attribute stands on
    /// <c>T F&lt;T&gt;(...) where T : IFloatingPointIeee754&lt;T&gt;</c> (or INumber&lt;T&gt;...), the generator
    /// declares <c>D&lt;T&gt;</c>, and the weaver differentiates F closed over double and over float
    /// and makes D&lt;T&gt; call the one T is. Each function, as such code is written (Horner's rule
    /// over a coefficient array, a softplus with T.Exp/T.Log and a branch, a Euclidean norm with
    /// T.Sqrt, an energy through a generic helper and T.CreateChecked, a fixed-point iteration in a
    /// loop, a dot product over spans), is checked for T = double against central differences of
    /// the primal closed over double and against the other mode, and for T = float against the
    /// double derivative (float precision). Debug and Release IL.
    /// </summary>
    [TestFixture(false), TestFixture(true)]
    public sealed class GenericMathPrimalTests
    {
        private readonly bool _optimize;
        private WovenAssembly? _woven;

        public GenericMathPrimalTests(bool optimize) => _optimize = optimize;

        private const string Source = @"using System; using System.Numerics; using AutoDiff; using static AutoDiff.Activity;
public static partial class G {
    // Horner's rule, coefficients highest first (as numerics code writes it).
    [AutoDiffReverse(""HornerRev"", Active, Duplicated, Active)]
    [AutoDiffForward(""HornerFwd"", Dual, Dual, Dual)]
    public static T Horner<T>(T x, T[] c) where T : INumber<T>
    {
        T y = T.Zero;
        for (int i = 0; i < c.Length; i++) y = y * x + c[i];
        return y;
    }

    // softplus(x) = log(1 + e^x), written to stay finite for large |x|.
    [AutoDiffReverse(""SoftplusRev"", Active, Active)]
    [AutoDiffForward(""SoftplusFwd"", Dual, Dual)]
    public static T Softplus<T>(T x) where T : IFloatingPointIeee754<T>
        => x > T.Zero ? x + T.Log(T.One + T.Exp(-x)) : T.Log(T.One + T.Exp(x));

    [AutoDiffReverse(""NormRev"", Duplicated, Active)]
    [AutoDiffForward(""NormFwd"", Dual, Dual)]
    public static T Norm<T>(T[] v) where T : IFloatingPointIeee754<T>
    {
        T s = T.Zero;
        foreach (var e in v) s += e * e;
        return T.Sqrt(s);
    }

    static T Sq<T>(T x) where T : INumber<T> => x * x;

    // Statics of the interfaces without a Math name: called as double's and float's own (double.Clamp, float.Hypot).
    [AutoDiffReverse(""OwnStaticsRev"", Active, Active, Active)]
    [AutoDiffForward(""OwnStaticsFwd"", Dual, Dual, Dual)]
    public static T OwnStatics<T>(T x, T y) where T : IFloatingPointIeee754<T> =>
        T.Hypot(x, y) * T.Clamp(x * y, -T.One, T.One) + T.Exp2(y) - T.CopySign(x, y);

    // A spring's energy through a generic helper, with a constant made by T.CreateChecked.
    [AutoDiffReverse(""EnergyRev"", Active, Active, Active)]
    [AutoDiffForward(""EnergyFwd"", Dual, Dual, Dual)]
    public static T Energy<T>(T x, T y) where T : IFloatingPoint<T>, ITrigonometricFunctions<T>
        => T.CreateChecked(0.5) * Sq(x - y) + T.Sin(x) * y;

    // A fixed-point iteration: a loop whose trip count is a Const argument.
    [AutoDiffReverse(""IterateRev"", Active, Const, Active)]
    [AutoDiffForward(""IterateFwd"", Dual, Const, Dual)]
    public static T Iterate<T>(T x, int n) where T : IFloatingPointIeee754<T>
    {
        T y = x;
        for (int i = 0; i < n; i++) y = y - T.CreateChecked(0.1) * T.Sin(y) * x;
        return y;
    }

    // A returned array the method makes (a softmax): Duplicated in reverse, Dual in forward.
    [AutoDiffReverse(""SoftmaxRev"", Duplicated, Duplicated)]
    [AutoDiffForward(""SoftmaxFwd"", Dual, Dual)]
    public static T[] Softmax<T>(T[] x) where T : IFloatingPointIeee754<T>
    {
        var y = new T[x.Length];
        T s = T.Zero;
        for (int i = 0; i < x.Length; i++) { y[i] = T.Exp(x[i]); s += y[i]; }
        for (int i = 0; i < x.Length; i++) y[i] /= s;
        return y;
    }

    [AutoDiffReverse(""DotRev"", Duplicated, Duplicated, Active)]
    public static T Dot<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b) where T : INumber<T>
    {
        T s = T.Zero;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }
}";

        [OneTimeSetUp]
        public void Weave() => _woven = TestWeaver.WeaveAndLoad(Source, _optimize);

        [OneTimeTearDown]
        public void Unload() => _woven?.Dispose();

        /// <summary>G's generic method <paramref name="name"/> closed over <paramref name="t"/>, as a delegate.</summary>
        private TDelegate Closed<TDelegate>(string name, Type t) where TDelegate : Delegate
        {
            var method = _woven!.Assembly.GetType("G")!.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
                .Single(m => m.Name == name && m.IsGenericMethodDefinition);
            return (TDelegate)method.MakeGenericMethod(t).CreateDelegate(typeof(TDelegate));
        }

        private static readonly double[] Points = { -1.7, -0.3, 0.4, 1.3, 2.2 };

        [Test]
        public void Horner()
        {
            var c = new[] { 0.5, -1.2, 2.0, 0.3 };
            var f = Closed<Func<double, double[], double>>("Horner", typeof(double));
            var rev = Closed<Func<double, double[], double[], double, (double, double)>>("HornerRev", typeof(double));
            var fwd = Closed<Func<double, double, double[], double[], (double, double)>>("HornerFwd", typeof(double));
            var revF = Closed<Func<float, float[], float[], float, (float, float)>>("HornerRev", typeof(float));
            foreach (var x in Points)
            {
                var dc = new double[c.Length];
                var (value, dx) = rev(x, c, dc, 1.0);
                Assert.That(value, Is.EqualTo(f(x, c)));
                var gradient = FiniteDifferences.Gradient(p => f(p[0], p.Skip(1).ToArray()), new[] { x }.Concat(c).ToArray());
                Assert.That(dx, Is.EqualTo(gradient[0]).Within(1e-6));
                for (int i = 0; i < c.Length; i++) Assert.That(dc[i], Is.EqualTo(gradient[i + 1]).Within(1e-6), $"dc[{i}] at {x}");
                // Forward along (1, u): the tangent is dx + Σ dc·u.
                var u = new[] { 0.3, -0.7, 1.1, 0.2 };
                var (fvalue, tangent) = fwd(x, 1.0, c, u);
                Assert.That(fvalue, Is.EqualTo(value));
                Assert.That(tangent, Is.EqualTo(dx + dc.Zip(u, (a, b) => a * b).Sum()).Within(1e-12));

                var dcF = new float[c.Length];
                var (valueF, dxF) = revF((float)x, c.Select(v => (float)v).ToArray(), dcF, 1f);
                Assert.That(valueF, Is.EqualTo(value).Within(1e-4 * Math.Max(1, Math.Abs(value))));
                Assert.That(dxF, Is.EqualTo(dx).Within(1e-4 * Math.Max(1, Math.Abs(dx))));
                for (int i = 0; i < c.Length; i++) Assert.That(dcF[i], Is.EqualTo(dc[i]).Within(1e-4 * Math.Max(1, Math.Abs(dc[i]))));
            }
        }

        [TestCase("Softplus")]
        [TestCase("Iterate")]
        public void OneScalar(string name)
        {
            bool counted = name == "Iterate";
            Func<double, double> f = counted
                ? x => Closed<Func<double, int, double>>(name, typeof(double))(x, 7)
                : Closed<Func<double, double>>(name, typeof(double));
            Func<double, (double, double)> rev = counted
                ? x => Closed<Func<double, int, double, (double, double)>>(name + "Rev", typeof(double))(x, 7, 1.0)
                : x => Closed<Func<double, double, (double, double)>>(name + "Rev", typeof(double))(x, 1.0);
            Func<double, (double, double)> fwd = counted
                ? x => Closed<Func<double, double, int, (double, double)>>(name + "Fwd", typeof(double))(x, 1.0, 7)
                : x => Closed<Func<double, double, (double, double)>>(name + "Fwd", typeof(double))(x, 1.0);
            Func<float, (float, float)> revF = counted
                ? x => Closed<Func<float, int, float, (float, float)>>(name + "Rev", typeof(float))(x, 7, 1f)
                : x => Closed<Func<float, float, (float, float)>>(name + "Rev", typeof(float))(x, 1f);
            Func<float, (float, float)> fwdF = counted
                ? x => Closed<Func<float, float, int, (float, float)>>(name + "Fwd", typeof(float))(x, 1f, 7)
                : x => Closed<Func<float, float, (float, float)>>(name + "Fwd", typeof(float))(x, 1f);
            foreach (var x in Points)
            {
                var (value, dx) = rev(x);
                Assert.That(value, Is.EqualTo(f(x)));
                Assert.That(dx, Is.EqualTo(FiniteDifferences.Derivative(f, x)).Within(1e-6), $"at {x}");
                var (fvalue, tangent) = fwd(x);
                Assert.That(fvalue, Is.EqualTo(value));
                Assert.That(tangent, Is.EqualTo(dx).Within(1e-12));
                var (valueF, dxF) = revF((float)x);
                var (fvalueF, tangentF) = fwdF((float)x);
                Assert.That(valueF, Is.EqualTo(value).Within(1e-4 * Math.Max(1, Math.Abs(value))));
                Assert.That(dxF, Is.EqualTo(dx).Within(1e-4 * Math.Max(1, Math.Abs(dx))), $"float at {x}");
                Assert.That(fvalueF, Is.EqualTo(valueF));
                Assert.That(tangentF, Is.EqualTo(dxF).Within(1e-5 * Math.Max(1, Math.Abs(dxF))));
            }
        }

        [Test]
        public void Norm()
        {
            var f = Closed<Func<double[], double>>("Norm", typeof(double));
            var rev = Closed<Func<double[], double[], double, double>>("NormRev", typeof(double));
            var fwd = Closed<Func<double[], double[], (double, double)>>("NormFwd", typeof(double));
            var revF = Closed<Func<float[], float[], float, float>>("NormRev", typeof(float));
            var v = new[] { 0.7, -1.3, 2.1, 0.4 };
            var dv = new double[v.Length];
            Assert.That(rev(v, dv, 1.0), Is.EqualTo(f(v)));
            var gradient = FiniteDifferences.Gradient(f, v);
            for (int i = 0; i < v.Length; i++) Assert.That(dv[i], Is.EqualTo(gradient[i]).Within(1e-6));
            var u = new[] { 1.0, 0.5, -0.25, 2.0 };
            var (value, tangent) = fwd(v, u);
            Assert.That(value, Is.EqualTo(f(v)));
            Assert.That(tangent, Is.EqualTo(dv.Zip(u, (a, b) => a * b).Sum()).Within(1e-12));
            var dvF = new float[v.Length];
            revF(v.Select(e => (float)e).ToArray(), dvF, 1f);
            for (int i = 0; i < v.Length; i++) Assert.That(dvF[i], Is.EqualTo(dv[i]).Within(1e-5));
        }

        [Test]
        public void EnergyThroughAGenericHelper()
        {
            var f = Closed<Func<double, double, double>>("Energy", typeof(double));
            var rev = Closed<Func<double, double, double, (double, double, double)>>("EnergyRev", typeof(double));
            var fwd = Closed<Func<double, double, double, double, (double, double)>>("EnergyFwd", typeof(double));
            var revF = Closed<Func<float, float, float, (float, float, float)>>("EnergyRev", typeof(float));
            foreach (var x in Points)
            {
                var y = 0.6 - x / 3;
                var (value, dx, dy) = rev(x, y, 1.0);
                Assert.That(value, Is.EqualTo(f(x, y)));
                var gradient = FiniteDifferences.Gradient(p => f(p[0], p[1]), x, y);
                Assert.That(dx, Is.EqualTo(gradient[0]).Within(1e-6));
                Assert.That(dy, Is.EqualTo(gradient[1]).Within(1e-6));
                var (_, tangent) = fwd(x, 0.25, y, -2.0);
                Assert.That(tangent, Is.EqualTo(0.25 * dx - 2.0 * dy).Within(1e-12));
                var (_, dxF, dyF) = revF((float)x, (float)y, 1f);
                Assert.That(dxF, Is.EqualTo(dx).Within(1e-4 * Math.Max(1, Math.Abs(dx))));
                Assert.That(dyF, Is.EqualTo(dy).Within(1e-4 * Math.Max(1, Math.Abs(dy))));
            }
        }

        [Test]
        public void StaticsOfTheFloatTypesWithoutAMathName()
        {
            var f = Closed<Func<double, double, double>>("OwnStatics", typeof(double));
            var rev = Closed<Func<double, double, double, (double, double, double)>>("OwnStaticsRev", typeof(double));
            var fwd = Closed<Func<double, double, double, double, (double, double)>>("OwnStaticsFwd", typeof(double));
            var revF = Closed<Func<float, float, float, (float, float, float)>>("OwnStaticsRev", typeof(float));
            foreach (var x in Points)
            {
                var y = 0.6 - x / 3;
                var (value, dx, dy) = rev(x, y, 1.0);
                Assert.That(value, Is.EqualTo(f(x, y)));
                var gradient = FiniteDifferences.Gradient(p => f(p[0], p[1]), x, y);
                Assert.That(dx, Is.EqualTo(gradient[0]).Within(1e-6), $"x = {x}");
                Assert.That(dy, Is.EqualTo(gradient[1]).Within(1e-6), $"x = {x}");
                var (_, tangent) = fwd(x, 0.25, y, -2.0);
                Assert.That(tangent, Is.EqualTo(0.25 * dx - 2.0 * dy).Within(1e-12));
                var (_, dxF, dyF) = revF((float)x, (float)y, 1f);
                Assert.That(dxF, Is.EqualTo(dx).Within(1e-4 * Math.Max(1, Math.Abs(dx))));
                Assert.That(dyF, Is.EqualTo(dy).Within(1e-4 * Math.Max(1, Math.Abs(dy))));
            }
        }

        [Test]
        public void ReturnedArray()
        {
            var f = Closed<Func<double[], double[]>>("Softmax", typeof(double));
            var rev = Closed<Func<double[], double[], double[], double[]>>("SoftmaxRev", typeof(double));
            var fwd = Closed<Func<double[], double[], (double[], double[])>>("SoftmaxFwd", typeof(double));
            var revF = Closed<Func<float[], float[], float[], float[]>>("SoftmaxRev", typeof(float));
            var x = new[] { 0.3, -1.2, 0.8, 2.0 };
            var w = new[] { 1.0, -0.5, 0.25, 2.0 };
            var u = new[] { 0.5, 1.5, -1.0, 0.2 };
            var dx = new double[x.Length];
            Assert.That(rev(x, dx, w), Is.EqualTo(f(x)));
            var gradient = FiniteDifferences.Gradient(p => f(p).Zip(w, (a, b) => a * b).Sum(), x);
            for (int i = 0; i < x.Length; i++) Assert.That(dx[i], Is.EqualTo(gradient[i]).Within(1e-6));
            var (y, tangent) = fwd(x, u);
            Assert.That(y, Is.EqualTo(f(x)));
            // wᵀ(J u) = (Jᵀ w)ᵀ u
            Assert.That(tangent.Zip(w, (a, b) => a * b).Sum(), Is.EqualTo(dx.Zip(u, (a, b) => a * b).Sum()).Within(1e-12));
            var dxF = new float[x.Length];
            revF(x.Select(v => (float)v).ToArray(), dxF, w.Select(v => (float)v).ToArray());
            for (int i = 0; i < x.Length; i++) Assert.That(dxF[i], Is.EqualTo(dx[i]).Within(1e-5));
        }

        private delegate double DotRev(ReadOnlySpan<double> a, Span<double> da, ReadOnlySpan<double> b, Span<double> db, double dret);

        private delegate float DotRevF(ReadOnlySpan<float> a, Span<float> da, ReadOnlySpan<float> b, Span<float> db, float dret);

        [Test]
        public void DotOverSpans()
        {
            var rev = Closed<DotRev>("DotRev", typeof(double));
            var revF = Closed<DotRevF>("DotRev", typeof(float));
            var a = new[] { 0.5, -1.5, 2.0 };
            var b = new[] { 1.25, 0.75, -0.5 };
            var (da, db) = (new double[3], new double[3]);
            Assert.That(rev(a, da, b, db, 2.0), Is.EqualTo(a.Zip(b, (p, q) => p * q).Sum()));
            // The gradient of a·b is (b, a), times the seed: exact.
            Assert.That(da, Is.EqualTo(b.Select(q => 2 * q).ToArray()));
            Assert.That(db, Is.EqualTo(a.Select(p => 2 * p).ToArray()));
            var (daF, dbF) = (new float[3], new float[3]);
            revF(a.Select(p => (float)p).ToArray(), daF, b.Select(q => (float)q).ToArray(), dbF, 1f);
            Assert.That(daF, Is.EqualTo(b.Select(q => (float)q).ToArray()));
            Assert.That(dbF, Is.EqualTo(a.Select(p => (float)p).ToArray()));
        }

        private const string MoreSource = @"using System; using System.Numerics; using AutoDiff; using static AutoDiff.Activity;
public partial class Model {
    public double Scale = 1.5;
    // An instance method of a non-generic class (this Const), with a batch forward derivative.
    [AutoDiffReverse(""Rev"", Active, Active, Active)]
    [AutoDiffForward(""Fwd2"", 2, Dual, Dual, Dual)]
    public T Bump<T>(T x, T y) where T : IFloatingPointIeee754<T> => T.CreateChecked(Scale) * T.Exp(-(x * x + y * y)) + T.Pi * x;

    // Recursion: the closing calls Power<double>, whose derivative the weaver makes as for a non-generic recursive method.
    [AutoDiffReverse(""PowerRev"", Active, Const, Active)]
    [AutoDiffForward(""PowerFwd"", Dual, Const, Dual)]
    public static T Power<T>(T x, int n) where T : INumber<T> => n == 0 ? T.One : x * Power(x, n - 1);

    // Higher order: a non-generic primal calling the generic derivative closed over double.
    [AutoDiffForward(""SlopeTangent"", Dual, Dual)]
    public static double Slope(double x) => Cube(x, 1.0).Item2;

    [AutoDiffReverse(""Cube"", Active, Active)]
    public static T CubeOf<T>(T x) where T : INumber<T> => x * x * x;
}";

        private delegate (double, double, double) BumpFwd2(double x, double dx0, double dx1, double y, double dy0, double dy1);

        [Test]
        public void InstanceMethodAndBatchForward()
        {
            using var woven = TestWeaver.WeaveAndLoad(MoreSource, _optimize);
            var type = woven.Assembly.GetType("Model")!;
            var model = Activator.CreateInstance(type)!;
            MethodInfo Method(string name) => type.GetMethods().Single(m => m.Name == name && m.IsGenericMethodDefinition).MakeGenericMethod(typeof(double));
            var f = (Func<double, double, double>)Method("Bump").CreateDelegate(typeof(Func<double, double, double>), model);
            var rev = (Func<double, double, double, (double, double, double)>)Method("Rev").CreateDelegate(typeof(Func<double, double, double, (double, double, double)>), model);
            var fwd = (BumpFwd2)Method("Fwd2").CreateDelegate(typeof(BumpFwd2), model);
            var (x, y) = (0.3, -0.8);
            var (value, dx, dy) = rev(x, y, 1.0);
            Assert.That(value, Is.EqualTo(f(x, y)));
            var gradient = FiniteDifferences.Gradient(p => f(p[0], p[1]), x, y);
            Assert.That(dx, Is.EqualTo(gradient[0]).Within(1e-6));
            Assert.That(dy, Is.EqualTo(gradient[1]).Within(1e-6));
            var (fvalue, t0, t1) = fwd(x, 1, 0.5, y, 0, -1);
            Assert.That(fvalue, Is.EqualTo(value));
            Assert.That(t0, Is.EqualTo(dx).Within(1e-12));
            Assert.That(t1, Is.EqualTo(0.5 * dx - dy).Within(1e-12));
        }

        [Test]
        public void RecursiveGenericPrimal()
        {
            using var woven = TestWeaver.WeaveAndLoad(MoreSource, _optimize);
            var type = woven.Assembly.GetType("Model")!;
            TDelegate Method<TDelegate>(string name, Type t) where TDelegate : Delegate =>
                (TDelegate)type.GetMethods().Single(m => m.Name == name && m.IsGenericMethodDefinition).MakeGenericMethod(t).CreateDelegate(typeof(TDelegate));
            var rev = Method<Func<double, int, double, (double, double)>>("PowerRev", typeof(double));
            var fwd = Method<Func<float, float, int, (float, float)>>("PowerFwd", typeof(float));
            foreach (var x in Points)
            {
                // d/dx x⁵ = 5x⁴, a hand-derived value
                var (value, dx) = rev(x, 5, 1.0);
                Assert.That(value, Is.EqualTo(Math.Pow(x, 5)).Within(1e-12 * Math.Max(1, Math.Abs(value))));
                Assert.That(dx, Is.EqualTo(5 * Math.Pow(x, 4)).Within(1e-12 * Math.Max(1, Math.Abs(dx))));
                var (valueF, tangentF) = fwd((float)x, 1f, 5);
                Assert.That(valueF, Is.EqualTo(value).Within(1e-5 * Math.Max(1, Math.Abs(value))));
                Assert.That(tangentF, Is.EqualTo(dx).Within(1e-5 * Math.Max(1, Math.Abs(dx))));
            }
        }

        [Test]
        public void ForwardOverTheGenericDerivativeClosedOverDouble()
        {
            using var woven = TestWeaver.WeaveAndLoad(MoreSource, _optimize);
            var tangent = woven.Get<Func<double, double, (double, double)>>("Model", "SlopeTangent");
            foreach (var x in Points)
            {
                // d/dx (3x²) = 6x
                Assert.That(tangent(x, 1.0), Is.EqualTo((3 * x * x, 6 * x)).Using<(double, double)>((a, b) => Math.Abs(a.Item1 - b.Item1) < 1e-12 && Math.Abs(a.Item2 - b.Item2) < 1e-12));
            }
        }

        [Test]
        public void AnotherTypeArgumentThrowsSayingWhy()
        {
            // Reached only from outside the woven assembly (here: reflection); inside it, such a call is AD4010.
            var softplus = Closed<Func<Half, Half, (Half, Half)>>("SoftplusRev", typeof(Half));
            var e = Assert.Throws<NotSupportedException>(() => softplus((Half)1, (Half)1))!;
            Assert.That(e.Message, Does.Contain("G.SoftplusRev<T>, the derivative of G.Softplus<T>, is made for T = double and T = float only; it was called with T = System.Half"));
            var horner = Closed<Func<decimal, decimal[], decimal[], decimal, (decimal, decimal)>>("HornerRev", typeof(decimal));
            Assert.That(() => horner(1m, new[] { 1m }, new[] { 0m }, 1m), Throws.TypeOf<NotSupportedException>().With.Message.Contains("T = System.Decimal"));
            var integers = Closed<Func<int, int, int[], int[], (int, int)>>("HornerFwd", typeof(int));
            Assert.That(() => integers(1, 0, new[] { 1 }, new[] { 0 }), Throws.TypeOf<NotSupportedException>().With.Message.Contains("T = System.Int32"));
        }
    }
}
