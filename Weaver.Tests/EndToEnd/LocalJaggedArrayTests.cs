using System;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.EndToEnd
{
    /// <summary>
    /// Memory stored into memory: rows of local jagged arrays, a Const row, a local
    /// <c>double[][][]</c>, arrays held in fields of objects, objects held in arrays, a
    /// <c>ref double[]</c> reassigned. The shadow of what is stored goes into the shadow of where
    /// it is stored, in both modes. Compiled from Debug and Release IL; reverse mode checked
    /// against exact values and central differences of the primal, forward mode against reverse.
    /// </summary>
    public sealed class LocalJaggedArrayTests
    {
        private const string Source = "using System; using AutoDiff; using static AutoDiff.Activity;\n" + @"
public sealed class Holder { public double[] Data = null!; public double Scale; }
public sealed class Node { public double W; }
public static partial class J {
    [AutoDiffReverse(""ERev"", Active, Active)]
    [AutoDiffForward(""EFwd"", Dual, Dual)]
    public static double E(double u)
    {
        double[][] a = new double[1][];
        a[0] = new double[1];
        a[0][0] = 2;
        return a[0][0] * u;
    }

    [AutoDiffReverse(""RowsRev"", Active, Active, Active)]
    [AutoDiffForward(""RowsFwd"", Dual, Dual, Dual)]
    [AutoDiffForward(""RowsFwd2"", 2, Dual, Dual, Dual)]
    public static double Rows(double u, double v)
    {
        var a = new double[3][];
        for (int i = 0; i < 3; i++)
        {
            a[i] = new double[i + 1];
            for (int j = 0; j <= i; j++) a[i][j] = (i + 1) * u + j * v * v;
        }
        double s = 0;
        for (int i = 0; i < a.Length; i++)
            for (int j = 0; j < a[i].Length; j++) s += a[i][j] * a[i][j] * (j + 1);
        return s;
    }

    [AutoDiffReverse(""ConstRowRev"", Const, Active, Active)]
    [AutoDiffForward(""ConstRowFwd"", Const, Dual, Dual)]
    public static double ConstRow(double[] row, double u)
    {
        var a = new double[2][];
        a[0] = row;
        a[1] = new double[2];
        a[1][0] = u * a[0][0];
        a[0][1] = u * u;
        return a[1][0] * row[1] + a[0][1];
    }

    [AutoDiffReverse(""PickRev"", Duplicated, Const, Const, Active)]
    [AutoDiffForward(""PickFwd"", Dual, Const, Const, Dual)]
    public static double Pick(double[] x, double[] table, bool useTable)
    {
        double[] source = useTable ? table : x;
        source[1] = source[0] * x[0];
        return source[1] * x[1];
    }

    [AutoDiffReverse(""CubeRev"", Duplicated, Active)]
    [AutoDiffForward(""CubeFwd"", Dual, Dual)]
    public static double Cube(double[] x)
    {
        var c = new double[2][][];
        for (int i = 0; i < 2; i++)
        {
            c[i] = new double[2][];
            for (int j = 0; j < 2; j++)
            {
                c[i][j] = new double[x.Length];
                for (int k = 0; k < x.Length; k++) c[i][j][k] = x[k] * (i + 1) + j * x[k] * x[k];
            }
        }
        double s = 0;
        foreach (var p in c) foreach (var r in p) foreach (var e in r) s += Math.Sin(e);
        return s;
    }

    [AutoDiffReverse(""FillRev"", Duplicated, Active, Active)]
    [AutoDiffForward(""FillFwd"", Dual, Dual, Dual)]
    public static double Fill(Holder h, double u)
    {
        h.Data = new double[2];
        h.Data[0] = u * h.Scale;
        h.Data[1] = h.Data[0] * u;
        return h.Data[1] + h.Scale;
    }

    [AutoDiffReverse(""LocalHolderRev"", Duplicated, Active, Active)]
    [AutoDiffForward(""LocalHolderFwd"", Dual, Dual, Dual)]
    public static double LocalHolder(double[] x, double u)
    {
        var h = new Holder { Data = x, Scale = u };
        var g = new Holder();
        g.Data = new double[1];
        g.Data[0] = h.Data[0] * h.Scale;
        return g.Data[0] * x[1];
    }

    [AutoDiffReverse(""NodesRev"", Active, Active)]
    [AutoDiffForward(""NodesFwd"", Dual, Dual)]
    public static double Nodes(double u)
    {
        var ns = new Node[3];
        for (int i = 0; i < 3; i++) { ns[i] = new Node(); ns[i].W = u * (i + 1); }
        double s = 0;
        foreach (var n in ns) s += n.W * n.W;
        return s;
    }

    [AutoDiffReverse(""RefRowRev"", Duplicated, Active, Active)]
    [AutoDiffForward(""RefRowFwd"", Dual, Dual, Dual)]
    public static double RefRow(ref double[] r, double u)
    {
        r = new double[] { u, 2 * u };
        return r[0] * r[1];
    }

    [AutoDiffReverse(""ReplaceRowRev"", Duplicated, Active, Active)]
    [AutoDiffForward(""ReplaceRowFwd"", Dual, Dual, Dual)]
    public static double ReplaceRow(double[][] m, double u)
    {
        var old = m[0];
        m[0] = new double[] { u * old[0], u };
        return m[0][0] * m[0][1] + old[1];
    }
}";

        private static void Near(double actual, double expected, string what, double relative = 1e-6) =>
            Assert.That(actual, Is.EqualTo(expected).Within(FiniteDifferences.Tolerance(expected, relative)), what);

        [TestCase(false), TestCase(true)]
        public void TheReproducer(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            Assert.That(woven.Get<Func<double, double, (double, double)>>("J", "ERev")(1.5, 1.0), Is.EqualTo((3.0, 2.0)));
            Assert.That(woven.Get<Func<double, double, (double, double)>>("J", "EFwd")(1.5, 1.0), Is.EqualTo((3.0, 2.0)));
        }

        [TestCase(false), TestCase(true)]
        public void RowsAllocatedInALoopWithActiveContents(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            var primal = woven.Get<Func<double, double, double>>("J", "Rows");
            var (u, v) = (0.7, -1.3);
            var g = FiniteDifferences.Gradient(p => primal(p[0], p[1]), u, v);
            var (value, du, dv) = woven.Get<Func<double, double, double, (double, double, double)>>("J", "RowsRev")(u, v, 1.0);
            Assert.That(value, Is.EqualTo(primal(u, v)));
            // Rows(u, v) = Σ_{i<3} Σ_{j≤i} (j+1)·((i+1)u + j v²)²: ∂u by hand.
            double exact = 0;
            for (int i = 0; i < 3; i++) for (int j = 0; j <= i; j++) exact += (j + 1) * 2 * ((i + 1) * u + j * v * v) * (i + 1);
            Near(du, exact, "∂u exact", 1e-12);
            Near(du, g[0], "∂u");
            Near(dv, g[1], "∂v");
            var fwd = woven.Get<Func<double, double, double, double, (double, double)>>("J", "RowsFwd");
            Near(fwd(u, 1, v, 0).Item2, du, "forward ∂u", 1e-12);
            Near(fwd(u, 0, v, 1).Item2, dv, "forward ∂v", 1e-12);
            // Batch mode: both directions in one call, each lane with its own shadow rows.
            var (_, t0, t1) = woven.Get<Func<double, double, double, double, double, double, (double, double, double)>>("J", "RowsFwd2")(u, 1, 0, v, 0, 1);
            Near(t0, du, "lane 0", 1e-12);
            Near(t1, dv, "lane 1", 1e-12);
        }

        [TestCase(false), TestCase(true)]
        public void AConstRowGetsAZeroShadowOfItsOwn(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            var primal = woven.Get<Func<double[], double, double>>("J", "ConstRow");
            double[] Row() => new[] { 3.0, 5.0 };
            var u = 1.25;
            // a[0][1] = u² lands in row[1]: ConstRow = u·row₀·u² + u² = 3u³ + u², ∂u = 9u² + 2u.
            var exact = 9 * u * u + 2 * u;
            Near(FiniteDifferences.Derivative(x => primal(Row(), x), u), exact, "differences agree with the math");
            var row = Row();
            var (value, du) = woven.Get<Func<double[], double, double, (double, double)>>("J", "ConstRowRev")(row, u, 1.0);
            Assert.That(value, Is.EqualTo(primal(Row(), u)));
            Near(du, exact, "∂u", 1e-12);
            Assert.That(row, Is.EqualTo(new[] { 3.0, u * u }), "the primal still writes into the Const row");
            var (fvalue, t) = woven.Get<Func<double[], double, double, (double, double)>>("J", "ConstRowFwd")(Row(), u, 1.0);
            Assert.That(fvalue, Is.EqualTo(value));
            Near(t, exact, "forward", 1e-12);
        }

        [TestCase(false, false), TestCase(true, false), TestCase(false, true), TestCase(true, true)]
        public void AConstArrayMeetingADuplicatedOneInOneVariable(bool optimize, bool useTable)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            var primal = woven.Get<Func<double[], double[], bool, double>>("J", "Pick");
            var (x, table) = (new[] { 1.5, -2.0 }, new[] { 4.0, 5.0 });
            // useTable: t₁ = t₀x₀, f = t₀x₀x₁, ∂x = (t₀x₁, t₀x₀). Else x₁ = x₀² overwrites x₁: f = x₀⁴, ∂x = (4x₀³, 0).
            var exact = useTable ? new[] { table[0] * x[1], table[0] * x[0] } : new[] { 4 * x[0] * x[0] * x[0], 0.0 };
            var g = FiniteDifferences.Gradient(p => primal((double[])p.Clone(), (double[])table.Clone(), useTable), x);
            Near(g[0], exact[0], "differences agree with the math");
            Near(g[1], exact[1], "differences agree with the math");
            var dx = new double[2];
            var t = (double[])table.Clone();
            var value = woven.Get<Func<double[], double[], double[], bool, double, double>>("J", "PickRev")((double[])x.Clone(), dx, t, useTable, 1.0);
            Assert.That(value, Is.EqualTo(primal((double[])x.Clone(), (double[])table.Clone(), useTable)));
            Assert.That(dx, Is.EqualTo(exact).Within(1e-12));
            if (useTable) Assert.That(t, Is.EqualTo(new[] { 4.0, 4.0 * x[0] }), "the primal writes into the Const table");
            var fwd = woven.Get<Func<double[], double[], double[], bool, (double, double)>>("J", "PickFwd");
            Near(fwd((double[])x.Clone(), new[] { 1.0, 0.0 }, (double[])table.Clone(), useTable).Item2, exact[0], "forward ∂x₀", 1e-12);
            Near(fwd((double[])x.Clone(), new[] { 0.0, 1.0 }, (double[])table.Clone(), useTable).Item2, exact[1], "forward ∂x₁", 1e-12);
        }

        [TestCase(false), TestCase(true)]
        public void ALocalArrayOfArraysOfArrays(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            var primal = woven.Get<Func<double[], double>>("J", "Cube");
            var x = new[] { 0.3, -0.8, 1.1 };
            var g = FiniteDifferences.Gradient(p => primal(p), x);
            var dx = new double[3];
            var value = woven.Get<Func<double[], double[], double, double>>("J", "CubeRev")((double[])x.Clone(), dx, 1.0);
            Assert.That(value, Is.EqualTo(primal(x)));
            for (int k = 0; k < 3; k++)
            {
                // Σ_i Σ_j sin((i+1)x + j x²): ∂x = Σ cos(·)·((i+1) + 2jx).
                double exact = 0;
                for (int i = 0; i < 2; i++) for (int j = 0; j < 2; j++) exact += Math.Cos(x[k] * (i + 1) + j * x[k] * x[k]) * (i + 1 + 2 * j * x[k]);
                Near(dx[k], exact, $"∂x{k} exact", 1e-12);
                Near(dx[k], g[k], $"∂x{k}");
            }
            var fwd = woven.Get<Func<double[], double[], (double, double)>>("J", "CubeFwd");
            Near(fwd((double[])x.Clone(), new[] { 1.0, 2.0, -1.0 }).Item2, dx[0] + 2 * dx[1] - dx[2], "⟨ẋ, ∇f⟩", 1e-12);
        }

        [TestCase(false), TestCase(true)]
        public void AnArrayCreatedIntoTheFieldOfADuplicatedObject(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            var holder = woven.Assembly.GetType("Holder")!;
            object Holder(double scale)
            {
                var h = Activator.CreateInstance(holder)!;
                holder.GetField("Scale")!.SetValue(h, scale);
                return h;
            }
            double Scale(object h) => (double)holder.GetField("Scale")!.GetValue(h)!;
            var j = woven.Assembly.GetType("J")!;
            double Primal(double scale, double u) => (double)j.GetMethod("Fill")!.Invoke(null, new[] { Holder(scale), u })!;
            var (s, u) = (1.5, 0.8);
            var g = FiniteDifferences.Gradient(p => Primal(p[0], p[1]), s, u);
            // Fill = u²·s + s: ∂s = u² + 1, ∂u = 2us.
            var shadow = Holder(0);
            var result = (System.Runtime.CompilerServices.ITuple)j.GetMethod("FillRev")!.Invoke(null, new[] { Holder(s), shadow, u, 1.0 })!;
            Assert.That(result[0], Is.EqualTo(Primal(s, u)));
            Near((double)result[1]!, 2 * u * s, "∂u", 1e-12);
            Near(Scale(shadow), u * u + 1, "∂Scale", 1e-12);
            Near((double)result[1]!, g[1], "∂u by differences");
            Near(Scale(shadow), g[0], "∂Scale by differences");
            var data = (double[])holder.GetField("Data")!.GetValue(shadow)!;
            Assert.That(data, Is.EqualTo(new[] { 0.0, 0.0 }), "the shadow object holds the shadow of the new array, its adjoints spent");
            var forward = (System.Runtime.CompilerServices.ITuple)j.GetMethod("FillFwd")!.Invoke(null, new[] { Holder(s), Holder(2.0), u, 3.0 })!;
            Near((double)forward[1]!, 2 * (u * u + 1) + 3 * 2 * u * s, "⟨ẋ, ∇f⟩", 1e-12);
        }

        [TestCase(false), TestCase(true)]
        public void LocalObjectsHoldingArrays(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            var primal = woven.Get<Func<double[], double, double>>("J", "LocalHolder");
            var (x, u) = (new[] { 2.0, -3.0 }, 0.5);
            // x₀·u·x₁: ∂x = (u·x₁, u·x₀), ∂u = x₀·x₁.
            var dx = new double[2];
            var (value, du) = woven.Get<Func<double[], double[], double, double, (double, double)>>("J", "LocalHolderRev")(x, dx, u, 1.0);
            Assert.That(value, Is.EqualTo(primal(x, u)));
            Assert.That(dx, Is.EqualTo(new[] { u * x[1], u * x[0] }));
            Assert.That(du, Is.EqualTo(x[0] * x[1]));
            var fwd = woven.Get<Func<double[], double[], double, double, (double, double)>>("J", "LocalHolderFwd");
            Assert.That(fwd(x, new[] { 1.0, 2.0 }, u, 3.0).Item2, Is.EqualTo(dx[0] + 2 * dx[1] + 3 * du));
        }

        [TestCase(false), TestCase(true)]
        public void ObjectsCreatedIntoALocalArray(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            var u = 0.9;
            // Σ ((i+1)u)² = 14u²: ∂u = 28u.
            var (value, du) = woven.Get<Func<double, double, (double, double)>>("J", "NodesRev")(u, 1.0);
            Assert.That(value, Is.EqualTo(woven.Get<Func<double, double>>("J", "Nodes")(u)));
            Near(du, 28 * u, "∂u", 1e-12);
            Near(woven.Get<Func<double, double, (double, double)>>("J", "NodesFwd")(u, 1.0).Item2, 28 * u, "forward", 1e-12);
        }

        private delegate (double, double) RefRowRev(ref double[] r, ref double[] dr, double u, double seed);

        private delegate (double, double) RefRowFwd(ref double[] r, ref double[] dr, double u, double du);

        [TestCase(false), TestCase(true)]
        public void ARefToAnArrayReassigned(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            var u = 1.5;
            double[] r = new double[0], dr = new double[0];
            // r = [u, 2u]: 2u², ∂u = 4u.
            var (value, du) = woven.Get<RefRowRev>("J", "RefRowRev")(ref r, ref dr, u, 1.0);
            Assert.That((value, du), Is.EqualTo((2 * u * u, 4 * u)));
            Assert.That(r, Is.EqualTo(new[] { u, 2 * u }));
            Assert.That(dr, Is.EqualTo(new[] { 0.0, 0.0 }), "the caller's shadow is the new array's, its adjoints spent");
            Assert.That(dr, Is.Not.SameAs(r));
            r = new double[0];
            dr = new double[0];
            var (fvalue, t) = woven.Get<RefRowFwd>("J", "RefRowFwd")(ref r, ref dr, u, 1.0);
            Assert.That((fvalue, t), Is.EqualTo((2 * u * u, 4 * u)));
            Assert.That(dr, Is.EqualTo(new[] { 1.0, 2.0 }), "the tangent of the new array");
        }

        [TestCase(false), TestCase(true)]
        public void ARowOfADuplicatedJaggedArrayReplaced(bool optimize)
        {
            using var woven = TestWeaver.WeaveAndLoad(Source, optimize);
            double[][] M() => new[] { new[] { 2.0, 7.0 }, new[] { 1.0 } };
            var u = 0.6;
            var primal = woven.Get<Func<double[][], double, double>>("J", "ReplaceRow");
            // u·m₀₀·u + m₀₁: ∂u = 2u·m₀₀, ∂m₀₀ = u², ∂m₀₁ = 1 (the old row's shadow).
            var m = M();
            var dm = new[] { new double[2], new double[1] };
            var oldShadow = dm[0];
            var (value, du) = woven.Get<Func<double[][], double[][], double, double, (double, double)>>("J", "ReplaceRowRev")(m, dm, u, 1.0);
            Assert.That(value, Is.EqualTo(primal(M(), u)));
            Near(du, 2 * u * 2.0, "∂u", 1e-12);
            Assert.That(oldShadow, Is.EqualTo(new[] { u * u, 1.0 }), "the old row's gradient");
            Assert.That(dm[0], Is.Not.SameAs(oldShadow), "the replaced row's shadow replaces the old shadow");
            var dmf = new[] { new[] { 1.0, 0.0 }, new double[1] };
            var (fvalue, t) = woven.Get<Func<double[][], double[][], double, double, (double, double)>>("J", "ReplaceRowFwd")(M(), dmf, u, 0.0);
            Assert.That(fvalue, Is.EqualTo(value));
            Near(t, u * u, "forward ∂m₀₀", 1e-12);
            Assert.That(dmf[0], Is.EqualTo(new[] { u, 0.0 }), "the tangent of the new row");
        }
    }
}
