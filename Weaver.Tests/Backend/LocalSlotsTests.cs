using System;
using System.Linq;
using AutoDiff.Weaver.IR;
using Mono.Cecil;
using NUnit.Framework;
using static AutoDiff.Weaver.Tests.Backend.BackendFixture;

namespace AutoDiff.Weaver.Tests.Backend
{
    /// <summary>
    /// Locals are shared by values whose lifetimes do not overlap (LocalSlots, LiveIntervals):
    /// how few a body needs, and that no value is clobbered while it is live: around a loop, on
    /// the zeroed entry a variable relies on, across parallel phi copies, by address.
    /// </summary>
    public class LocalSlotsTests
    {
        private static string[] LocalTypes(ModuleDefinition module, string stub, string type = StubsType) =>
            Stub(module, stub, type).Body.Variables.Select(v => v.VariableType.FullName).ToArray();

        [Test]
        public void A_thousand_sequential_temporaries_share_one_local()
        {
            // t = x; 1000 times: t = t + t * 0.001. Each t is read twice, so it needs a local, but one is live at a time.
            var module = ReadModule();
            EmitInto(module, "D_D", (f, b) =>
            {
                Value t = f.Parameters[0];
                for (int k = 0; k < 1000; k++) t = b.Add(t, b.Mul(t, b.Const(IrType.Float64, 0.001)));
                b.Return(t);
            });
            Assert.That(LocalTypes(module, "D_D"), Is.EqualTo(new[] { "System.Double" }));
            using var woven = Support.WovenAssembly.Load(module);
            double expected = 0.75;
            for (int k = 0; k < 1000; k++) expected = expected + expected * 0.001;
            Assert.That(woven.Get<Func<double, double>>(StubsType, "D_D")(0.75), Is.EqualTo(expected));
        }

        private static double AroundALoop(double a, double b, int n)
        {
            double w = a * 5, keep = a * a + b, sum = 0;
            int m = (int)(w * w);
            for (int i = 0; i < n; i++)
            {
                double t = a + i, u = t * t;
                sum = sum + u * u;
            }
            return keep * keep + sum + (m + m);
        }

        [Test]
        public void Values_live_around_a_loop_and_a_variable_read_before_written_keep_their_locals()
        {
            // keep is live through the loop; sum is never stored before the loop (it relies on the
            // zeroed locals), so it must not take w's local, free from m on (an int takes none of
            // the doubles'); t and u, which start later, may.
            var module = ReadModule();
            EmitInto(module, "DDI_D", (f, b) =>
            {
                var (a, c, n) = (f.Parameters[0], f.Parameters[1], f.Parameters[2]);
                var header = f.AddBlock("header");
                var body = f.AddBlock("body");
                var exit = f.AddBlock("exit");
                var sum = f.AddVariable(IrType.Float64, "sum");
                var w = b.Mul(a, b.Const(IrType.Float64, 5));
                var keep = b.Add(b.Mul(a, a), c);
                var m = b.Convert(ConversionKind.I4, b.Mul(w, w));
                b.Jump(header);
                var i = f.AddPhi(header, IrType.Int32);
                b.Block = header;
                b.Branch(b.Compare(CompareKind.Lt, i, n), body, exit);
                b.Block = body;
                var t = b.Add(a, b.Convert(ConversionKind.R8, i));
                var u = b.Mul(t, t);
                b.Store(sum, b.Add(b.Load(sum), b.Mul(u, u)));
                var next = b.Add(i, b.ConstInt(1));
                b.Jump(header);
                i.Incoming.Add(new PhiIncoming(f.Entry, b.ConstInt(0)));
                i.Incoming.Add(new PhiIncoming(body, next));
                b.Block = exit;
                b.Return(b.Add(b.Add(b.Mul(keep, keep), b.Load(sum)), b.Convert(ConversionKind.R8, b.Add(m, m))));
            });
            // w, t and u one after another; keep; sum.
            Assert.That(LocalTypes(module, "DDI_D").Count(n => n == "System.Double"), Is.EqualTo(3));
            using var woven = Support.WovenAssembly.Load(module);
            var fn = woven.Get<Func<double, double, int, double>>(StubsType, "DDI_D");
            foreach (var n in new[] { 0, 1, 3 })
            {
                Assert.That(fn(0.5, 2, n), Is.EqualTo(AroundALoop(0.5, 2, n)), $"n = {n}");
            }
        }

        private static double PreviousRound(double x, int n)
        {
            double p = 0, acc = 0;
            for (int k = 0; ; k++)
            {
                double d = x + (k + 1), q = x * (k + 1);
                acc = acc + d * d;
                if (k + 1 >= n) return p * 1000 + acc;
                p = q;
            }
        }

        [Test]
        public void A_phi_one_edge_reads_and_another_writes_stays_live_through_the_block()
        {
            // body ends in a branch: back to header (p = q, k = k1) or out to exit (r = p). Its
            // only read of p is that copy, at its very end, beside the copy that writes p: p is
            // live all through body, and d (dead before the end, while q lives on) must not take
            // its local. The blocks are laid out body, header, pre, so every write of p comes
            // after body's code: only the data flow, not the order of the code, shows p live there.
            var module = ReadModule();
            EmitInto(module, "DDI_D", (f, b) =>
            {
                var (x, n) = (f.Parameters[0], f.Parameters[2]);
                var body = f.AddBlock("body");
                var header = f.AddBlock("header");
                var pre = f.AddBlock("pre");
                var exit = f.AddBlock("exit");
                var acc = f.AddVariable(IrType.Float64, "acc");
                b.Jump(pre);
                b.Block = pre;
                b.Jump(header);
                var p = f.AddPhi(header, IrType.Float64);
                var k = f.AddPhi(header, IrType.Int32);
                b.Block = header;
                b.Jump(body);
                b.Block = body;
                var k1 = b.Add(k, b.ConstInt(1));
                var d = b.Add(x, b.Convert(ConversionKind.R8, k1));
                var q = b.Mul(x, b.Convert(ConversionKind.R8, k1));
                b.Store(acc, b.Add(b.Load(acc), b.Mul(d, d)));
                b.Branch(b.Compare(CompareKind.Lt, k1, n), header, exit);
                p.Incoming.Add(new PhiIncoming(pre, b.Const(IrType.Float64, 0)));
                p.Incoming.Add(new PhiIncoming(body, q));
                k.Incoming.Add(new PhiIncoming(pre, b.ConstInt(0)));
                k.Incoming.Add(new PhiIncoming(body, k1));
                var r = f.AddPhi(exit, IrType.Float64);
                r.Incoming.Add(new PhiIncoming(body, p));
                b.Block = exit;
                b.Return(b.Add(b.Mul(r, b.Const(IrType.Float64, 1000)), b.Load(acc)));
            });
            using var woven = Support.WovenAssembly.Load(module);
            var fn = woven.Get<Func<double, double, int, double>>(StubsType, "DDI_D");
            foreach (var n in new[] { 1, 2, 3, 5 })
            {
                Assert.That(fn(0.5, 0, n), Is.EqualTo(PreviousRound(0.5, n)), $"n = {n}");
            }
        }

        [Test]
        public void Variables_used_by_address_never_share()
        {
            // c.Add(x); r1 = c.Get(); d.Add(y); r2 = d.Get(): c is done with before d starts, but
            // d relies on its zeroed local, which c's would not be.
            var module = ReadModule();
            EmitInto(module, "CountTwice", (f, b) =>
            {
                var counter = module.GetType("Fixtures.Counter");
                var add = counter.Methods.Single(m => m.Name == "Add");
                var get = counter.Methods.Single(m => m.Name == "Get");
                var c = f.AddVariable(IrType.Struct(counter), "c");
                var d = f.AddVariable(IrType.Struct(counter), "d");
                b.CallOnVariable(c, add, IrType.Void, f.Parameters[0]);
                var r1 = b.CallOnVariable(c, get, IrType.Int32);
                b.CallOnVariable(d, add, IrType.Void, f.Parameters[1]);
                var r2 = b.CallOnVariable(d, get, IrType.Int32);
                b.Return(b.Add(b.Mul(r1, b.ConstInt(1000)), r2));
            }, MemoryStubsType);
            Assert.That(LocalTypes(module, "CountTwice", MemoryStubsType).Count(n => n == "Fixtures.Counter"), Is.EqualTo(2));
            using var woven = Support.WovenAssembly.Load(module);
            Assert.That(woven.Get<Func<int, int, int>>(MemoryStubsType, "CountTwice")(3, 4), Is.EqualTo(3004));
        }

        [Test]
        public void Only_values_of_one_type_share_a_local()
        {
            // i = k + k; d = x * x; j = i * i; e = d + d; ...: ints and doubles alternate, each read twice.
            var module = ReadModule();
            EmitInto(module, "ID_D", (f, b) =>
            {
                Value i = f.Parameters[0], d = f.Parameters[1];
                for (int n = 0; n < 10; n++)
                {
                    i = b.Add(i, i);
                    d = b.Mul(d, d);
                }
                b.Return(b.Add(b.Convert(ConversionKind.R8, b.Add(i, i)), b.Add(d, d)));
            });
            Assert.That(LocalTypes(module, "ID_D"), Is.EquivalentTo(new[] { "System.Int32", "System.Double" }));
            using var woven = Support.WovenAssembly.Load(module);
            int ei = 1;
            double ed = 1.01;
            for (int n = 0; n < 10; n++)
            {
                ei = ei + ei;
                ed = ed * ed;
            }
            Assert.That(woven.Get<Func<int, double, double>>(StubsType, "ID_D")(1, 1.01), Is.EqualTo((double)(ei + ei) + (ed + ed)));
        }
    }
}
