using System;
using System.Linq;
using AutoDiff.Weaver.IR;
using NUnit.Framework;
using static AutoDiff.Weaver.Tests.Backend.BackendFixture;

namespace AutoDiff.Weaver.Tests.Backend
{
    /// <summary>Branches, phis (parallel copies, trampolines on critical edges), loops, switches, variables, several returns.</summary>
    public class ControlFlowRoundTripTests
    {
        [Test]
        public void Diamond_with_phi()
        {
            // r = x > 0 ? x * x : -x; return r + 1
            using var woven = Weave("D_D", (f, b) =>
            {
                var x = f.Parameters[0];
                var then = f.AddBlock("then");
                var @else = f.AddBlock("else");
                var join = f.AddBlock("join");
                b.Branch(b.Compare(CompareKind.Gt, x, b.Const(IrType.Float64, 0)), then, @else);
                b.Block = then;
                var square = b.Mul(x, x);
                b.Jump(join);
                b.Block = @else;
                var negated = b.Neg(x);
                b.Jump(join);
                var r = f.AddPhi(join, IrType.Float64);
                r.Incoming.Add(new PhiIncoming(then, square));
                r.Incoming.Add(new PhiIncoming(@else, negated));
                b.Block = join;
                b.Return(b.Add(r, b.Const(IrType.Float64, 1)));
            });
            var fn = woven.Get<Func<double, double>>(StubsType, "D_D");
            Assert.That(fn(3), Is.EqualTo(10));
            Assert.That(fn(-2), Is.EqualTo(3));
        }

        [Test]
        public void AD5004_more_locals_than_IL_allows_is_a_diagnostic_not_invalid_IL()
        {
            var module = ReadModule();
            // 65,535 variables all written before any is read, and a sum: 65,536 values live at once, which no sharing of locals can fit.
            var e = Assert.Throws<AutoDiff.Weaver.Diagnostics.DiagnosticException>(() => EmitInto(module, "D_D", (f, b) =>
            {
                var x = f.Parameters[0];
                var held = Enumerable.Range(0, AutoDiff.Weaver.Backend.IlEmitter.MaximumLocals).Select(k => f.AddVariable(IrType.Float64, "v" + k)).ToList();
                foreach (var v in held) b.Store(v, x);
                var sum = f.AddVariable(IrType.Float64, "sum");
                b.Store(sum, x);
                foreach (var v in held) b.Store(sum, b.Add(b.Load(sum), b.Load(v)));
                b.Return(b.Load(sum));
            }))!;
            Assert.That(e.Descriptor.Code, Is.EqualTo("AD5004"));
            Assert.That(e.What, Does.Contain("65536 locals"));
            Assert.That(BackendFixture.Stub(module, "D_D").Body.Instructions.Any(i => i.OpCode == Mono.Cecil.Cil.OpCodes.Throw), Is.True, "nothing was installed");
        }

        [Test]
        public void Critical_edge_into_a_phi_goes_through_a_trampoline()
        {
            // r = x; if (x < 1) r = x * 10; return r  — the branch's false edge goes straight to the join.
            using var woven = Weave("D_D", (f, b) =>
            {
                var x = f.Parameters[0];
                var then = f.AddBlock("then");
                var join = f.AddBlock("join");
                b.Branch(b.Compare(CompareKind.Lt, x, b.Const(IrType.Float64, 1)), then, join);
                b.Block = then;
                var scaled = b.Mul(x, b.Const(IrType.Float64, 10));
                b.Jump(join);
                var r = f.AddPhi(join, IrType.Float64);
                r.Incoming.Add(new PhiIncoming(f.Entry, x));
                r.Incoming.Add(new PhiIncoming(then, scaled));
                b.Block = join;
                b.Return(r);
            });
            var fn = woven.Get<Func<double, double>>(StubsType, "D_D");
            Assert.That(fn(0.5), Is.EqualTo(5));
            Assert.That(fn(4), Is.EqualTo(4));
        }

        private static double SwapLoop(double a, double b, int n)
        {
            for (int i = 0; i < n; i++) (a, b) = (b, a + i);
            return a * 1000 + b;
        }

        [Test]
        public void Phi_swap_across_a_loop_back_edge()
        {
            // header: a1 = phi[entry: a, body: b1]; b1 = phi[entry: b, body: a1 + i]; i = phi[entry: 0, body: i + 1]
            using var woven = Weave("DDI_D", (f, b) =>
            {
                var header = f.AddBlock("header");
                var body = f.AddBlock("body");
                var exit = f.AddBlock("exit");
                b.Jump(header);
                var a1 = f.AddPhi(header, IrType.Float64);
                var b1 = f.AddPhi(header, IrType.Float64);
                var i = f.AddPhi(header, IrType.Int32);
                b.Block = header;
                b.Branch(b.Compare(CompareKind.Lt, i, f.Parameters[2]), body, exit);
                b.Block = body;
                var sum = b.Add(a1, b.Convert(ConversionKind.R8, i));
                var next = b.Add(i, b.ConstInt(1));
                b.Jump(header);
                a1.Incoming.Add(new PhiIncoming(f.Entry, f.Parameters[0]));
                a1.Incoming.Add(new PhiIncoming(body, b1));
                b1.Incoming.Add(new PhiIncoming(f.Entry, f.Parameters[1]));
                b1.Incoming.Add(new PhiIncoming(body, sum));
                i.Incoming.Add(new PhiIncoming(f.Entry, b.ConstInt(0)));
                i.Incoming.Add(new PhiIncoming(body, next));
                b.Block = exit;
                b.Return(b.Add(b.Mul(a1, b.Const(IrType.Float64, 1000)), b1));
            });
            var fn = woven.Get<Func<double, double, int, double>>(StubsType, "DDI_D");
            foreach (var n in new[] { 0, 1, 2, 5, 8 })
            {
                Assert.That(fn(1, 2, n), Is.EqualTo(SwapLoop(1, 2, n)), $"n = {n}");
            }
        }

        [Test]
        public void Pure_swap_on_a_critical_back_edge()
        {
            // do { (a, b) = (b, a); i++ } while (i < n): the body's phis are set on the branch's back edge (a trampoline).
            using var woven = Weave("DDI_D", (f, b) =>
            {
                var body = f.AddBlock("body");
                var exit = f.AddBlock("exit");
                b.Jump(body);
                var a1 = f.AddPhi(body, IrType.Float64);
                var b1 = f.AddPhi(body, IrType.Float64);
                var i = f.AddPhi(body, IrType.Int32);
                b.Block = body;
                var next = b.Add(i, b.ConstInt(1));
                b.Branch(b.Compare(CompareKind.Lt, next, f.Parameters[2]), body, exit);
                a1.Incoming.Add(new PhiIncoming(f.Entry, f.Parameters[0]));
                a1.Incoming.Add(new PhiIncoming(body, b1));
                b1.Incoming.Add(new PhiIncoming(f.Entry, f.Parameters[1]));
                b1.Incoming.Add(new PhiIncoming(body, a1));
                i.Incoming.Add(new PhiIncoming(f.Entry, b.ConstInt(0)));
                i.Incoming.Add(new PhiIncoming(body, next));
                b.Block = exit;
                // After the last iteration the swapped pair is (b1, a1).
                b.Return(b.Sub(b.Mul(b1, b.Const(IrType.Float64, 10)), a1));
            });
            var fn = woven.Get<Func<double, double, int, double>>(StubsType, "DDI_D");
            Assert.That(fn(1, 2, 1), Is.EqualTo(2 * 10 - 1), "one iteration swaps once");
            Assert.That(fn(1, 2, 2), Is.EqualTo(1 * 10 - 2), "two swap back");
            Assert.That(fn(1, 2, 3), Is.EqualTo(2 * 10 - 1));
        }

        private static double SwitchReference(int k, double x) => k switch
        {
            0 => x * 2 + 0.5,
            1 => x + 100 + 0.5,
            2 => x - 1,
            _ => -x + 0.5,
        };

        [Test]
        public void Switch_with_default_phis_and_several_returns()
        {
            using var woven = Weave("ID_D", (f, b) =>
            {
                var k = f.Parameters[0];
                var x = f.Parameters[1];
                var case0 = f.AddBlock("case0");
                var case2 = f.AddBlock("case2");
                var otherwise = f.AddBlock("default");
                var join = f.AddBlock("join");
                var plus = b.Add(x, b.Const(IrType.Float64, 100));
                // Case 1 goes straight to the join (a critical edge with a phi copy).
                b.Terminate(new Switch(k, new[] { case0, join, case2 }, otherwise));
                b.Block = case0;
                var doubled = b.Mul(x, b.Const(IrType.Float64, 2));
                b.Jump(join);
                b.Block = case2;
                b.Return(b.Sub(x, b.Const(IrType.Float64, 1)));
                b.Block = otherwise;
                var negated = b.Neg(x);
                b.Jump(join);
                var r = f.AddPhi(join, IrType.Float64);
                r.Incoming.Add(new PhiIncoming(f.Entry, plus));
                r.Incoming.Add(new PhiIncoming(case0, doubled));
                r.Incoming.Add(new PhiIncoming(otherwise, negated));
                b.Block = join;
                b.Return(b.Add(r, b.Const(IrType.Float64, 0.5)));
            });
            var fn = woven.Get<Func<int, double, double>>(StubsType, "ID_D");
            foreach (var k in new[] { 0, 1, 2, 3, -1, int.MaxValue })
            {
                Assert.That(fn(k, 7), Is.EqualTo(SwitchReference(k, 7)), $"k = {k}");
            }
        }

        [Test]
        public void Variables_and_values_used_across_blocks_without_dominance()
        {
            // As a reverse sweep does: a value made on one path (%t in b1) is read in a later
            // block that the path does not dominate, guarded by re-testing the same condition.
            using var woven = Weave("DD_D", (f, b) =>
            {
                var x = f.Parameters[0];
                var y = f.Parameters[1];
                var acc = f.AddVariable(IrType.Float64, "acc");
                var left = f.AddBlock("left");
                var merge = f.AddBlock("merge");
                var reread = f.AddBlock("reread");
                var done = f.AddBlock("done");
                b.Store(acc, y);
                var positive = b.Compare(CompareKind.Gt, x, b.Const(IrType.Float64, 0));
                b.Branch(positive, left, merge);
                b.Block = left;
                var t = b.Mul(x, b.Const(IrType.Float64, 3));
                b.Store(acc, b.Add(b.Load(acc), b.Const(IrType.Float64, 1)));
                b.Jump(merge);
                b.Block = merge;
                b.Branch(positive, reread, done);
                b.Block = reread;
                b.Store(acc, b.Add(b.Load(acc), t));
                b.Jump(done);
                b.Block = done;
                b.Return(b.Load(acc));
            });
            var fn = woven.Get<Func<double, double, double>>(StubsType, "DD_D");
            Assert.That(fn(2, 10), Is.EqualTo(10 + 1 + 6));
            Assert.That(fn(-2, 10), Is.EqualTo(10));
        }

        [Test]
        public void A_load_is_not_moved_past_a_store_to_its_variable()
        {
            // old = load v; store v, y; return old + load v  →  x + y
            using var woven = Weave("DD_D", (f, b) =>
            {
                var v = f.AddVariable(IrType.Float64, "v");
                b.Store(v, f.Parameters[0]);
                var old = b.Load(v);
                b.Store(v, f.Parameters[1]);
                b.Return(b.Add(old, b.Load(v)));
            });
            var fn = woven.Get<Func<double, double, double>>(StubsType, "DD_D");
            Assert.That(fn(1, 20), Is.EqualTo(21));
        }

        [Test]
        public void Branch_on_an_Int64_condition_and_an_early_return()
        {
            using var woven = Weave("LL_L", (f, b) =>
            {
                var early = f.AddBlock("early");
                var late = f.AddBlock("late");
                b.Branch(b.Binary(Op.And, f.Parameters[0], f.Parameters[1]), early, late);
                b.Block = early;
                b.Return(f.ConstInt(IrType.Int64, 1));
                b.Block = late;
                b.Return(f.ConstInt(IrType.Int64, 2));
            });
            var fn = woven.Get<Func<long, long, long>>(StubsType, "LL_L");
            Assert.That(fn(1L << 40, 1L << 40), Is.EqualTo(1));
            Assert.That(fn(1L << 40, 1), Is.EqualTo(2));
        }
    }
}
