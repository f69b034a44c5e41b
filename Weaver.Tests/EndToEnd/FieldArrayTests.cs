using System;
using System.Linq;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.EndToEnd
{
    /// <summary>
    /// Arrays read from fields of a class parameter (`net.W`), as a loss over a network object reads
    /// its weights: where nothing in the function can change what a field refers to, such an array
    /// has a root of its own in the memory analysis (FieldContents), so loads of it that nothing
    /// writes are read again in the reverse sweep instead of taped, and a loop over samples that
    /// fills scratch layers is fused. Near misses keep the tape: a reference stored into memory, a
    /// field array written in the function (another field of its type may be the same array). Each
    /// gradient is checked against central differences and against the weave with fusion off, in
    /// Debug and Release IL. On entry the derivative checks that no field array it reads again is a
    /// shadow (a shadow object made by a shallow copy would share its arrays), and reads a field
    /// only when its object is not null.
    /// </summary>
    public sealed class FieldArrayTests
    {
        private const string Source = "using System; using AutoDiff; using static AutoDiff.Activity;\n" + @"
public sealed class Net
{
    public double[] W, B;
    public object? Tag;
    public Net(int n) { W = new double[n]; B = new double[n]; }
}

public static partial class F
{
    [AutoDiffReverse(""LayerRev"", Duplicated, Const, Active)]
    public static double Layer(Net net, double[] x)
    {
        var h = new double[net.B.Length];
        double total = 0;
        for (int s = 0; s < x.Length; s++)
        {
            for (int o = 0; o < h.Length; o++) h[o] = Math.Tanh(net.W[o] * net.W[o] * x[s] + net.B[o]);
            for (int o = 0; o < h.Length; o++) total += h[o] * h[o] * x[s];
        }
        return total;
    }

    // A reference stored into memory: what a field refers to is no longer known.
    [AutoDiffReverse(""StoresReferenceRev"", Duplicated, Const, Active)]
    public static double StoresReference(Net net, double[] x)
    {
        var layers = new double[][] { net.W, net.B };
        double total = 0;
        for (int s = 0; s < x.Length; s++)
        {
            for (int o = 0; o < layers[0].Length; o++) total = total * 0.5 + Math.Sin(layers[0][o] * x[s] + layers[1][o]);
        }
        return total;
    }

    // B is written after W is read: W may be B (the caller's object could hold one array twice).
    [AutoDiffReverse(""WritesFieldRev"", Duplicated, Const, Active)]
    public static double WritesField(Net net, double[] x)
    {
        double total = 0;
        for (int s = 0; s < x.Length; s++)
        {
            for (int o = 0; o < net.W.Length; o++)
            {
                total += Math.Sin(net.W[o] * x[s]) * net.B[o] + net.W[o] * net.W[o] * x[s];
                net.B[o] = net.B[o] * 0.9 + 0.2 * x[s];
            }
        }
        return total;
    }

    // A field made to refer to an array made here, which is written after the field's array is read.
    [AutoDiffReverse(""RebindsRev"", Duplicated, Const, Active)]
    public static double Rebinds(Net net, double[] x)
    {
        var old = net.W;
        var t = new double[old.Length];
        for (int o = 0; o < t.Length; o++) t[o] = old[o];
        net.W = t;
        double total = 0;
        for (int s = 0; s < x.Length; s++)
        {
            for (int o = 0; o < t.Length; o++)
            {
                total += Math.Sin(net.W[o] * net.W[o] * x[s]);
                t[o] = t[o] * x[s] + net.B[o];
            }
        }
        net.W = old;
        return total;
    }

    [AutoDiffReverse(""MaybeRev"", Duplicated, Duplicated, Active)]
    public static double Maybe(Net? net, double[] x)
    {
        double total = 0;
        for (int s = 0; s < x.Length; s++) total += x[s] * x[s] * (net == null ? 1 : Math.Cos(net.W[s % net.W.Length]));
        return total;
    }
}";

        private static readonly double[] X = { 0.3, -1.2, 0.8, 0.5 };

        [Test]
        public void Field_arrays_nothing_writes_are_read_again_and_the_loop_is_fused()
        {
            var plans = TestWeaver.Weave(Source, optimize: true).Result.Plans.ToDictionary(p => p.Derivative, p => p.ToString());
            foreach (var plan in plans.Values) TestContext.Out.WriteLine(plan);
            var layer = plans["F.LayerRev"];
            // net.W[o] is read again, and so are the shadow's arrays (dnet.W); tanh's result is what
            // the tape keeps. The scratch layer's elements, written in every iteration, are read
            // again by a second run of the loop that sums them (two-pass), before the next iteration writes them.
            Assert.That(layer, Does.Contain(": fused").And.Contain(": two-pass").And.Contain("(LoadElement) re-read").And.Contain("(LoadField) re-read"), layer);
            Assert.That(layer, Does.Not.Contain("(LoadField) tape").And.Contain("taped per iteration: 1 value"), layer);
            foreach (var name in new[] { "StoresReference", "WritesField", "Rebinds" })
            {
                var plan = plans["F." + name + "Rev"];
                Assert.That(plan, Does.Not.Contain("fused").And.Contain(") tape"), plan);
                Assert.That(plan, Does.Not.Contain("taped per iteration: 0 values"), plan);
            }
        }

        [TestCase(false), TestCase(true)]
        public void Gradients_match_central_differences_and_the_unfused_weave(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            using var unfused = TestWeaver.WeaveAndLoadUnfused(Source, optimize);
            foreach (var name in new[] { "Layer", "StoresReference", "WritesField", "Rebinds" })
            {
                double Primal(object n, double[] x) => (double)Call(woven, name, n, x)!;
                var net = NewNet(woven, 0.4, -0.3, 0.9, 0.2, 0.7, -0.5);
                var (value, dw, db) = Run(woven, name, net);
                var (value2, dw2, db2) = Run(unfused, name, net);
                double F(double[] w, double[] b)
                {
                    var copy = NewNet(woven, 0, 0, 0, 0, 0, 0);
                    Set(copy, w.ToArray(), b.ToArray());
                    return Primal(copy, X);
                }
                var (w0, b0) = Get(net);
                Assert.That(value, Is.EqualTo(F(w0, b0)).Within(1e-12), name);
                var expectedW = FiniteDifferences.Gradient(v => F(v, b0), w0);
                var expectedB = FiniteDifferences.Gradient(v => F(w0, v), b0);
                for (int k = 0; k < w0.Length; k++)
                {
                    Assert.That(dw[k], Is.EqualTo(expectedW[k]).Within(FiniteDifferences.Tolerance(expectedW[k])), $"{name}: ∂W[{k}]");
                    Assert.That(db[k], Is.EqualTo(expectedB[k]).Within(FiniteDifferences.Tolerance(expectedB[k])), $"{name}: ∂B[{k}]");
                }
                Assert.That(value2, Is.EqualTo(value), name);
                Assert.That(dw2.Concat(db2), Is.EqualTo(dw.Concat(db)).Within(1e-12), $"{name}: unfused");
            }
        }

        [Test]
        public void One_array_in_two_fields_is_written_through_one_and_read_through_the_other()
        {
            // The caller's network holds one array as both W and B, and its shadow likewise: the
            // writes into B change what W reads, so W's elements must not be read again.
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize: true);
            var shared = new[] { 0.4, -0.3, 0.9 };
            double F(double[] v)
            {
                var n = NewNet(woven, 0, 0, 0, 0, 0, 0);
                var a = v.ToArray();
                Set(n, a, a);
                return (double)Call(woven, "WritesField", n, X)!;
            }
            var net = NewNet(woven, 0, 0, 0, 0, 0, 0);
            var copy = shared.ToArray();
            Set(net, copy, copy);
            var shadow = NewNet(woven, 0, 0, 0, 0, 0, 0);
            var dshared = new double[shared.Length];
            Set(shadow, dshared, dshared);
            var value = (double)Call(woven, "WritesFieldRev", net, shadow, X, 1.0)!;
            Assert.That(value, Is.EqualTo(F(shared)).Within(1e-12));
            var expected = FiniteDifferences.Gradient(F, shared);
            for (int k = 0; k < shared.Length; k++) Assert.That(dshared[k], Is.EqualTo(expected[k]).Within(FiniteDifferences.Tolerance(expected[k])), $"∂shared[{k}]");
        }

        [Test]
        public void A_shadow_that_shares_a_field_array_with_the_argument_is_refused()
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize: true);
            var net = NewNet(woven, 0.4, -0.3, 0.9, 0.2, 0.7, -0.5);
            var shadow = NewNet(woven, 0, 0, 0, 0, 0, 0);
            var (w, _) = Get(net);
            shadow.GetType().GetField("B")!.SetValue(shadow, net.GetType().GetField("W")!.GetValue(net)); // a shallow copy's field
            var thrown = Assert.Throws<System.Reflection.TargetInvocationException>(() => Call(woven, "LayerRev", net, shadow, X, 1.0))!;
            Assert.That(thrown.InnerException, Is.TypeOf<ArgumentException>());
            Assert.That(thrown.InnerException!.Message, Does.Contain("'net.W' that is 'B' of the shadow of 'net'"));
            Assert.That(w, Is.EqualTo(Get(net).W), "nothing written before the check");
        }

        [Test]
        public void A_null_object_is_not_read_by_the_checks()
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize: true);
            var dx = new double[X.Length];
            var value = (double)Call(woven, "MaybeRev", null, null, X.ToArray(), dx, 1.0)!;
            Assert.That(value, Is.EqualTo(X.Sum(v => v * v)).Within(1e-12));
            Assert.That(dx, Is.EqualTo(X.Select(v => 2 * v)).Within(1e-12));
        }

        private static (double Value, double[] Dw, double[] Db) Run(WovenAssembly loaded, string name, object net)
        {
            var copy = NewNet(loaded, 0, 0, 0, 0, 0, 0);
            var (w, b) = Get(net);
            Set(copy, w.ToArray(), b.ToArray());
            var shadow = NewNet(loaded, 0, 0, 0, 0, 0, 0);
            var value = (double)Call(loaded, name + "Rev", copy, shadow, X.ToArray(), 1.0)!;
            var (dw, db) = Get(shadow);
            return (value, dw, db);
        }

        private static object? Call(WovenAssembly loaded, string method, params object?[] arguments) =>
            loaded.Assembly.GetType("F")!.GetMethod(method)!.Invoke(null, arguments);

        private static object NewNet(WovenAssembly loaded, params double[] wb)
        {
            var net = Activator.CreateInstance(loaded.Assembly.GetType("Net")!, wb.Length / 2)!;
            Set(net, wb.Take(wb.Length / 2).ToArray(), wb.Skip(wb.Length / 2).ToArray());
            return net;
        }

        private static void Set(object net, double[] w, double[] b)
        {
            net.GetType().GetField("W")!.SetValue(net, w);
            net.GetType().GetField("B")!.SetValue(net, b);
        }

        private static (double[] W, double[] B) Get(object net) =>
            (((double[])net.GetType().GetField("W")!.GetValue(net)!).ToArray(), ((double[])net.GetType().GetField("B")!.GetValue(net)!).ToArray());
    }
}
