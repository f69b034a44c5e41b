using System;
using System.Runtime.CompilerServices;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.EndToEnd
{
    /// <summary>
    /// Calls into the user's own code, differentiated through the callee's body: static helpers,
    /// struct methods, properties and operators, struct constructors, instance methods of
    /// classes, local functions, generic methods and generic math, helpers that write arrays or
    /// `ref` parameters, helpers with loops, and calls whose result carries no derivative (kept
    /// as calls). Compiled from Debug and Release IL; checked against hand-derived values,
    /// central differences and the other mode.
    /// </summary>
    public sealed class CallTests
    {
        private const string Source = "using System; using System.Numerics; using AutoDiff; using static AutoDiff.Activity;\n" + @"
public struct Vec2
{
    public double X, Y;
    public Vec2(double x, double y) { X = x; Y = y; }
    public Vec2(double angle) { X = Math.Cos(angle); Y = Math.Sin(angle); }
    public double Length => Math.Sqrt(X * X + Y * Y);
    public double Dot(in Vec2 o) => X * o.X + Y * o.Y;
    public Vec2 Scale(double s) => new Vec2(X * s, Y * s);
    public void Normalize() { var l = Length; X /= l; Y /= l; }
    public static Vec2 operator +(Vec2 a, Vec2 b) => new Vec2(a.X + b.X, a.Y + b.Y);
    public static Vec2 operator *(double s, Vec2 v) => v.Scale(s);
}

public struct Pair<T> where T : INumber<T>
{
    public T A, B;
    public T Sum() => A + B;
    public T Product() => A * B;
}

public sealed class Spring
{
    public double K;
    private double _rest;
    public double Rest { get => _rest; set => _rest = value; }
    public double Energy(double x) { var d = x - _rest; return 0.5 * K * d * d; }
    public double Total(double x) => Energy(x) + Energy(2 * x);
}

public class Base { protected double M; public Base(double m) { M = m; } }

public sealed class Particle : Base
{
    public double X, V;
    public double[] History;
    public Particle(double x, double v, double m) : base(m) { X = x; V = 2 * v; History = new[] { x, v }; }
    public double Energy() => 0.5 * M * V * V + X * History[1];
}

public abstract class Shape { public abstract double Area(double s); }
public class Square : Shape { public override double Area(double s) => s * s; }

public static class Extensions
{
    public static double Twice(this double x) => 2 * x;
}

public static class Helpers
{
    public static void Split(double x, out double a, out double b) { a = x * x; b = 3 * x; }
    public static double SumAll(params double[] xs) { double s = 0; foreach (var x in xs) s += x * x; return s; }
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b) { double s = 0; for (int i = 0; i < a.Length; i++) s += a[i] * b[i]; return s; }
    public static unsafe double Squares(double* p, int n) { double s = 0; for (int i = 0; i < n; i++) s += p[i] * p[i]; return s; }

    public static double Sq(double x) => x * x;
    public static T Square<T>(T x) where T : INumber<T> => x * x;
    public static T Cube<T>(T x) where T : INumber<T>, IRootFunctions<T> => T.Sqrt(x * x) * x * x + T.One - T.One;
    public static bool IsClose(double a, double b) => Math.Abs(a - b) < 1e-12;
    public static int Segment(double[] knots, double t)
    {
        int i = 0;
        while (i + 2 < knots.Length && knots[i + 1] <= t) i++;
        return i;
    }
    public static void Check(double x) { if (double.IsNaN(x)) throw new ArgumentException(""not a number""); }
    public static void SquareInPlace(ref double v) { v = v * v; }
    public static void Axpy(double a, double[] x, double[] y) { for (int i = 0; i < x.Length; i++) y[i] += a * x[i]; }
    public static double SumOfSquares(double[] a) { double s = 0; for (int i = 0; i < a.Length; i++) s += Sq(a[i]); return s; }
    public static double Dist(double[] a, int i, int j) => Math.Sqrt(Sq(a[i] - a[j]) + 1);
}

public static partial class C
{
    [AutoDiffReverse(""VecRev"", Active, Active)]
    [AutoDiffForward(""VecFwd"", Dual, Dual)]
    public static double VecProduct(Vec2 v) => v.Length * v.Dot(v);

    [AutoDiffReverse(""HelpersRev"", Active, Active)]
    [AutoDiffForward(""HelpersFwd"", Dual, Dual)]
    public static double WithHelpers(double x)
    {
        Helpers.Check(x);
        return Helpers.Sq(x) + Helpers.Square<double>(3 * x) + Helpers.Cube(x) + (Helpers.IsClose(x, 1) ? 0 : 1);
    }

    [AutoDiffReverse(""RefRev"", Active, Active)]
    [AutoDiffForward(""RefFwd"", Dual, Dual)]
    public static double ThroughRef(double x) { var y = x + 1; Helpers.SquareInPlace(ref y); Helpers.SquareInPlace(ref x); return y * x; }

    [AutoDiffReverse(""AxpyRev"", Duplicated, Duplicated, Active, Active)]
    [AutoDiffForward(""AxpyFwd"", Dual, Dual, Dual, Dual)]
    public static double AxpyTwice(double[] x, double[] y, double a)
    {
        Helpers.Axpy(a, x, y);
        Helpers.Axpy(a * a, y, x);
        return y[0] * x[1] + Helpers.SumOfSquares(y);
    }

    [AutoDiffReverse(""OpsRev"", Active, Active)]
    [AutoDiffForward(""OpsFwd"", Dual, Dual)]
    public static double Operators(double t)
    {
        var v = new Vec2(t, 2 * t) + t * new Vec2(1, t * t) + new Vec2(t);
        var w = v.Scale(t);
        w.Normalize();
        return w.X * v.Length + w.Y;
    }

    [AutoDiffReverse(""LocalRev"", Active, Active)]
    [AutoDiffForward(""LocalFwd"", Dual, Dual)]
    public static double LocalFunctions(double x)
    {
        double Cube(double t) => t * t * t;
        double scale = 3;
        double Scaled(double t) => scale * t;
        return Cube(x) + Cube(2 * x) + Scaled(x);
    }

    [AutoDiffReverse(""PairRev"", Active, Active, Active)]
    public static double Pairs(double x, double y)
    {
        var p = new Pair<double> { A = x, B = y };
        return p.Sum() * p.Product();
    }

    [AutoDiffReverse(""KnotsRev"", Duplicated, Active, Active)]
    [AutoDiffForward(""KnotsFwd"", Dual, Dual, Dual)]
    public static double Interpolate(double[] values, double t)
    {
        int i = Helpers.Segment(new[] { 0.0, 1.0, 2.0, 3.0 }, t);
        double f = t - i;
        return values[i] * (1 - f) + values[i + 1] * f;
    }

    [AutoDiffReverse(""KindsRev"", Active, Active)]
    [AutoDiffForward(""KindsFwd"", Dual, Dual)]
    [AutoDiffForward(""KindsFwd2"", 2, Dual, Dual)]
    public static double ArgumentKinds(double x)
    {
        Helpers.Split(x, out var a, out var b);
        var square = new Square();
        return a * b + Helpers.SumAll(x, 2 * x, 3) + x.Twice() + square.Area(x) + new Square().Area(2 * x);
    }

    [AutoDiffReverse(""SpanRev"", Duplicated, Duplicated, Active)]
    public static double Spans(double[] a, double[] b) => Helpers.Dot(a, b) + Helpers.Dot(a.AsSpan(1), b.AsSpan(0, 1));

    [AutoDiffReverse(""PointerRev"", Duplicated, Const, Active)]
    public static unsafe double Pointers(double* p, int n) => Helpers.Squares(p, n) * 0.5;

    [AutoDiffReverse(""ParticleRev"", Active, Active, Active, Active)]
    [AutoDiffForward(""ParticleFwd"", Dual, Dual, Dual, Dual)]
    public static double ParticleEnergy(double x, double v, double m) => new Particle(x, v, m).Energy();

    [AutoDiffReverse(""DistRev"", Duplicated, Active)]
    [AutoDiffForward(""DistFwd"", Dual, Dual)]
    public static double Chain(double[] p)
    {
        double s = 0;
        for (int i = 0; i + 1 < p.Length; i++) s += Helpers.Dist(p, i, i + 1) * Helpers.SumOfSquares(p);
        return s;
    }
}

public partial class Body
{
    public Spring S = null!;
    public double M;

    [AutoDiffReverse(""TotalRev"", Active, Active, This = Duplicated)]
    [AutoDiffForward(""TotalFwd"", Dual, Dual, This = Dual)]
    public double Energy(double x) => M * S.Total(x) + S.Rest;
}";

        private static void Near(double actual, double expected, string what, double relative = 1e-6) =>
            Assert.That(actual, Is.EqualTo(expected).Within(FiniteDifferences.Tolerance(expected, relative)), what);

        /// <summary>Reverse gradient against central differences and the exact value, forward tangent against the gradient.</summary>
        private static void CheckScalar(WovenAssembly woven, string primal, string reverse, string forward, double x, double exact)
        {
            var f = woven.Get<Func<double, double>>("C", primal);
            var (value, dx) = woven.Get<Func<double, double, (double, double)>>("C", reverse)(x, 1.0);
            Assert.That(value, Is.EqualTo(f(x)), primal);
            Near(dx, exact, primal + ": exact", 1e-12);
            Near(dx, FiniteDifferences.Derivative(f, x), primal + ": central differences");
            var (fvalue, t) = woven.Get<Func<double, double, (double, double)>>("C", forward)(x, 1.0);
            Assert.That(fvalue, Is.EqualTo(value), primal);
            Near(t, dx, primal + ": forward", 1e-12);
        }

        [TestCase(false), TestCase(true)]
        public void AStructPropertyAndAMethodTakingItselfByIn(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            var vec = woven.Assembly.GetType("Vec2")!;
            object V(double x, double y) => Activator.CreateInstance(vec, x, y)!;
            (double, double) Fields(object v) => ((double)vec.GetField("X")!.GetValue(v)!, (double)vec.GetField("Y")!.GetValue(v)!);
            var c = woven.Assembly.GetType("C")!;
            // |v|·(v·v) at (3, 4): 125, gradient 3|v|·v = (45, 60).
            var result = (ITuple)c.GetMethod("VecRev")!.Invoke(null, new[] { V(3, 4), 1.0 })!;
            Assert.That(result[0], Is.EqualTo(125.0));
            var (gx, gy) = Fields(result[1]!);
            Near(gx, 45, "∂x", 1e-12);
            Near(gy, 60, "∂y", 1e-12);
            var forward = (ITuple)c.GetMethod("VecFwd")!.Invoke(null, new[] { V(3, 4), V(1, -2) })!;
            Near((double)forward[1]!, 45 - 2 * 60, "⟨ẋ, ∇f⟩", 1e-12);
        }

        [TestCase(false, 2.0), TestCase(true, 2.0), TestCase(false, -0.7), TestCase(true, -0.7)]
        public void StaticGenericAndInactiveHelpers(bool optimize, double x)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            // x² + 9x² + |x|·x² (the guard, the tolerance test and T.One − T.One carry nothing): 20x + 3|x|x.
            CheckScalar(woven, "WithHelpers", "HelpersRev", "HelpersFwd", x, 20 * x + 3 * Math.Abs(x) * x);
        }

        [TestCase(false), TestCase(true)]
        public void AGuardThatThrowsStillThrows(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            var rev = woven.Get<Func<double, double, (double, double)>>("C", "HelpersRev");
            Assert.Throws<ArgumentException>(() => rev(double.NaN, 1.0));
        }

        [TestCase(false), TestCase(true)]
        public void RefParametersOfHelpers(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            // (x+1)²·x²: 2(x+1)x² + 2x(x+1)².
            var x = 1.5;
            CheckScalar(woven, "ThroughRef", "RefRev", "RefFwd", x, 2 * (x + 1) * x * x + 2 * x * (x + 1) * (x + 1));
        }

        [TestCase(false), TestCase(true)]
        public void HelpersThatWriteArraysAndLoop(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            var primal = woven.Get<Func<double[], double[], double, double>>("C", "AxpyTwice");
            var (x, y, a) = (new[] { 0.5, -1.0, 2.0 }, new[] { 1.5, 0.25, -0.5 }, 0.75);
            double Of(double[] p) => primal(new[] { p[0], p[1], p[2] }, new[] { p[3], p[4], p[5] }, p[6]);
            var point = new[] { x[0], x[1], x[2], y[0], y[1], y[2], a };
            var g = FiniteDifferences.Gradient(Of, point);
            var (dx, dy) = (new double[3], new double[3]);
            var (value, da) = woven.Get<Func<double[], double[], double[], double[], double, double, (double, double)>>("C", "AxpyRev")(
                (double[])x.Clone(), dx, (double[])y.Clone(), dy, a, 1.0);
            Assert.That(value, Is.EqualTo(Of(point)));
            for (int k = 0; k < 3; k++)
            {
                Near(dx[k], g[k], $"∂x{k}");
                Near(dy[k], g[3 + k], $"∂y{k}");
            }
            Near(da, g[6], "∂a");
            var direction = new[] { 1.0, 0.5, -1.0, 2.0, -0.5, 0.25, 3.0 };
            var (_, t) = woven.Get<Func<double[], double[], double[], double[], double, double, (double, double)>>("C", "AxpyFwd")(
                (double[])x.Clone(), new[] { 1.0, 0.5, -1.0 }, (double[])y.Clone(), new[] { 2.0, -0.5, 0.25 }, a, 3.0);
            double dot = 0;
            for (int k = 0; k < 3; k++) dot += direction[k] * dx[k] + direction[3 + k] * dy[k];
            Near(t, dot + 3.0 * da, "⟨ẋ, ∇f⟩", 1e-10);
        }

        [TestCase(false, 0.8), TestCase(true, 0.8), TestCase(false, 1.7), TestCase(true, 1.7)]
        public void OperatorsConstructorsAndStructMethodsThatWriteThis(bool optimize, double t)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            // v = (2t + cos t, 2t + t³ + sin t), w = tv/|tv| = v/|v|: f = w.X·|v| + w.Y = vx + vy/|v|.
            var (vx, vy) = (2 * t + Math.Cos(t), 2 * t + t * t * t + Math.Sin(t));
            var (dvx, dvy) = (2 - Math.Sin(t), 2 + 3 * t * t + Math.Cos(t));
            var norm = Math.Sqrt(vx * vx + vy * vy);
            var dnorm = (vx * dvx + vy * dvy) / norm;
            CheckScalar(woven, "Operators", "OpsRev", "OpsFwd", t, dvx + (dvy * norm - vy * dnorm) / (norm * norm));
        }

        [TestCase(false), TestCase(true)]
        public void LocalFunctionsWithAndWithoutCaptures(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            // x³ + 8x³ + 3x: 27x² + 3.
            CheckScalar(woven, "LocalFunctions", "LocalRev", "LocalFwd", 2.0, 27 * 4 + 3);
        }

        [TestCase(false), TestCase(true)]
        public void MethodsOfAGenericStruct(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            // (x + y)·xy: ∂x = xy + (x + y)y, ∂y = xy + (x + y)x.
            var (x, y) = (1.5, -2.0);
            var result = woven.Get<Func<double, double, double, (double, double, double)>>("C", "PairRev")(x, y, 1.0);
            Assert.That(result, Is.EqualTo(((x + y) * x * y, x * y + (x + y) * y, x * y + (x + y) * x)));
        }

        [TestCase(false, 1.25), TestCase(true, 1.25), TestCase(false, 2.5), TestCase(true, 2.5)]
        public void AnInactiveSegmentSearchReadingDifferentiatedMemory(bool optimize, double t)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            var values = new[] { 1.0, 4.0, 2.0, 8.0 };
            int i = (int)Math.Floor(t);
            double f = t - i;
            var dv = new double[4];
            var (value, dt) = woven.Get<Func<double[], double[], double, double, (double, double)>>("C", "KnotsRev")(values, dv, t, 1.0);
            Assert.That(value, Is.EqualTo(values[i] * (1 - f) + values[i + 1] * f));
            Assert.That(dt, Is.EqualTo(values[i + 1] - values[i]));
            var expected = new double[4];
            expected[i] = 1 - f;
            expected[i + 1] = f;
            Assert.That(dv, Is.EqualTo(expected));
            Assert.That(woven.Get<Func<double[], double[], double, double, (double, double)>>("C", "KnotsFwd")(values, new double[4], t, 1.0).Item2, Is.EqualTo(dt));
        }

        [TestCase(false), TestCase(true)]
        public void HelpersWithLoopsCalledInsideALoop(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            var primal = woven.Get<Func<double[], double>>("C", "Chain");
            var p = new[] { 0.3, -1.2, 0.8, 2.0 };
            var g = FiniteDifferences.Gradient(primal, p);
            var dp = new double[4];
            var value = woven.Get<Func<double[], double[], double, double>>("C", "DistRev")(p, dp, 1.0);
            Assert.That(value, Is.EqualTo(primal(p)));
            for (int k = 0; k < 4; k++) Near(dp[k], g[k], $"∂p{k}");
            Near(woven.Get<Func<double[], double[], (double, double)>>("C", "DistFwd")(p, new[] { 0.0, 1.0, 0.0, 0.0 }).Item2, dp[1], "forward ∂p1", 1e-10);
        }

        private unsafe delegate double PointerRev(double* p, double* dp, int n, double seed);

        [TestCase(false), TestCase(true)]
        public void OutParamsExtensionsSpansPointersAndAVirtualCallOnAnObjectMadeHere(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            // 3x³ + (x² + 4x² + 9) + 2x + x² + 4x²: 9x² + 20x + 2.
            var x = 1.5;
            var exact = 9 * x * x + 20 * x + 2;
            CheckScalar(woven, "ArgumentKinds", "KindsRev", "KindsFwd", x, exact);
            var (_, t0, t1) = woven.Get<Func<double, double, double, (double, double, double)>>("C", "KindsFwd2")(x, 1.0, -2.0);
            Assert.That((t0, t1), Is.EqualTo((exact, -2 * exact)), "batch forward mode through inlined calls");

            // a·b + a₁b₀: ∂a = b + (0, b₀), ∂b = a + (a₁, 0).
            var (a, b) = (new[] { 1.0, 2.0 }, new[] { 3.0, 4.0 });
            var (da, db) = (new double[2], new double[2]);
            var value = woven.Get<Func<double[], double[], double[], double[], double, double>>("C", "SpanRev")(a, da, b, db, 1.0);
            Assert.That(value, Is.EqualTo(11.0 + 6.0));
            Assert.That(da, Is.EqualTo(new[] { 3.0, 4.0 + 3.0 }));
            Assert.That(db, Is.EqualTo(new[] { 1.0 + 2.0, 2.0 }));

            unsafe
            {
                var p = new[] { 1.0, -2.0, 0.5 };
                var dp = new double[3];
                fixed (double* pp = p, pdp = dp)
                {
                    var squares = woven.Get<PointerRev>("C", "PointerRev")(pp, pdp, 3, 1.0);
                    Assert.That(squares, Is.EqualTo(0.5 * (1 + 4 + 0.25)));
                }
                Assert.That(dp, Is.EqualTo(p), "∂(½Σp²) = p");
            }
        }

        [TestCase(false), TestCase(true)]
        public void ClassConstructorsThatDoWork(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            // ½m(2v)² + x·v: ∂x = v, ∂v = 4mv + x, ∂m = 2v².
            var (x, v, m) = (0.5, -1.5, 2.0);
            var result = woven.Get<Func<double, double, double, double, (double, double, double, double)>>("C", "ParticleRev")(x, v, m, 1.0);
            Assert.That(result, Is.EqualTo((2 * m * v * v + x * v, v, 4 * m * v + x, 2 * v * v)));
            var fwd = woven.Get<Func<double, double, double, double, double, double, (double, double)>>("C", "ParticleFwd");
            Assert.That(fwd(x, 1, v, 0, m, 0).Item2, Is.EqualTo(v));
            Assert.That(fwd(x, 0, v, 1, m, 0).Item2, Is.EqualTo(4 * m * v + x));
            Assert.That(fwd(x, 0, v, 0, m, 1).Item2, Is.EqualTo(2 * v * v));
        }

        [TestCase(false), TestCase(true)]
        public void InstanceMethodsAndPropertiesOfClassesThroughThis(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            var bodyType = woven.Assembly.GetType("Body")!;
            var springType = woven.Assembly.GetType("Spring")!;
            object Make(double m, double k, double rest)
            {
                var spring = Activator.CreateInstance(springType)!;
                springType.GetField("K")!.SetValue(spring, k);
                springType.GetProperty("Rest")!.SetValue(spring, rest);
                var body = Activator.CreateInstance(bodyType)!;
                bodyType.GetField("S")!.SetValue(body, spring);
                bodyType.GetField("M")!.SetValue(body, m);
                return body;
            }
            var (m, k, rest, x) = (2.0, 3.0, 0.5, 1.25);
            // M·½K((x−r)² + (2x−r)²) + r
            double E(double m_, double k_, double r_, double x_) => m_ * 0.5 * k_ * ((x_ - r_) * (x_ - r_) + (2 * x_ - r_) * (2 * x_ - r_)) + r_;
            var g = FiniteDifferences.Gradient(q => E(q[0], q[1], q[2], q[3]), m, k, rest, x);
            var shadow = Make(0, 0, 0);
            var (value, dx) = ((double, double))bodyType.GetMethod("TotalRev")!.Invoke(Make(m, k, rest), new[] { shadow, x, 1.0 })!;
            Near(value, E(m, k, rest, x), "value", 1e-14);
            Near(dx, g[3], "∂x");
            Near((double)bodyType.GetField("M")!.GetValue(shadow)!, g[0], "∂M");
            var dspring = bodyType.GetField("S")!.GetValue(shadow)!;
            Near((double)springType.GetField("K")!.GetValue(dspring)!, g[1], "∂K");
            Near((double)springType.GetProperty("Rest")!.GetValue(dspring)!, g[2], "∂Rest, through a private field behind a property");
            var (_, t) = ((double, double))bodyType.GetMethod("TotalFwd")!.Invoke(Make(m, k, rest), new[] { Make(1, 0, 0), x, 1.0 })!;
            Near(t, g[0] + g[3], "forward", 1e-9);
        }
    }
}
