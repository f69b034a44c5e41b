using System;
using System.Linq;
using AutoDiff.Weaver.IR;
using Mono.Cecil;
using NUnit.Framework;
using static AutoDiff.Weaver.Tests.Backend.BackendFixture;

namespace AutoDiff.Weaver.Tests.Backend
{
    /// <summary>Arrays, managed pointers (element addresses, ref and out parameters, by-ref locals and phis): lowered, written, reloaded, run.</summary>
    public class MemoryRoundTripTests
    {
        private delegate void RefScale(ref double x, double k);

        private delegate double OutSplit(double x, out double fraction);

        private delegate double InRead(in double x);

        private static TypeReference Double(ModuleDefinition module) => module.TypeSystem.Double;

        [Test]
        public void Sum_of_an_array_in_a_loop()
        {
            // s = 0; for (i = 0; i < (int)a.Length; i++) s += a[i]; return s
            var module = ReadModule();
            using var woven = WeaveMemory(module, "Sum", (f, b) =>
            {
                var a = f.Parameters[0];
                var header = f.AddBlock("header");
                var body = f.AddBlock("body");
                var exit = f.AddBlock("exit");
                var length = b.Convert(ConversionKind.I4, b.ArrayLength(a));
                b.Jump(header);
                var i = f.AddPhi(header, IrType.Int32);
                var s = f.AddPhi(header, IrType.Float64);
                b.Block = header;
                b.Branch(b.Compare(CompareKind.Lt, i, length), body, exit);
                b.Block = body;
                var next = b.Add(s, b.LoadElement(Double(module), a, i));
                var step = b.Add(i, b.ConstInt(1));
                b.Jump(header);
                i.Incoming.Add(new PhiIncoming(f.Entry, b.ConstInt(0)));
                i.Incoming.Add(new PhiIncoming(body, step));
                s.Incoming.Add(new PhiIncoming(f.Entry, b.Const(IrType.Float64, 0)));
                s.Incoming.Add(new PhiIncoming(body, next));
                b.Block = exit;
                b.Return(s);
            });
            var fn = woven.Get<Func<double[], double>>(MemoryStubsType, "Sum");
            var data = new[] { 1.5, -2, 4.25, 8, 1e-3 };
            Assert.That(fn(data), Is.EqualTo(data.Sum()));
            Assert.That(fn(Array.Empty<double>()), Is.EqualTo(0));
        }

        [Test]
        public void Load_store_and_load_again_keep_their_order()
        {
            // old = a[i]; a[i] = v * 2; return old * 1000 + a[i]
            var module = ReadModule();
            using var woven = WeaveMemory(module, "StoreThenLoad", (f, b) =>
            {
                var (a, i, v) = (f.Parameters[0], f.Parameters[1], f.Parameters[2]);
                var old = b.LoadElement(Double(module), a, i);
                b.StoreElement(Double(module), a, i, b.Mul(v, b.Const(IrType.Float64, 2)));
                b.Return(b.Add(b.Mul(old, b.Const(IrType.Float64, 1000)), b.LoadElement(Double(module), a, i)));
            });
            var fn = woven.Get<Func<double[], int, double, double>>(MemoryStubsType, "StoreThenLoad");
            var data = new[] { 1.0, 2.0, 3.0 };
            Assert.That(fn(data, 1, 7), Is.EqualTo(2 * 1000 + 14));
            Assert.That(data, Is.EqualTo(new[] { 1.0, 14.0, 3.0 }));
        }

        [Test]
        public void Read_modify_write_through_an_element_address()
        {
            // p = &a[i]; *p = *p * k + 1
            var module = ReadModule();
            using var woven = WeaveMemory(module, "ScaleElement", (f, b) =>
            {
                var p = b.ElementAddress(Double(module), f.Parameters[0], f.Parameters[1]);
                Assert.That(p.Type.Kind, Is.EqualTo(IrTypeKind.ByRef));
                var scaled = b.Add(b.Mul(b.LoadIndirect(Double(module), p), f.Parameters[2]), b.Const(IrType.Float64, 1));
                b.StoreIndirect(Double(module), p, scaled);
                b.Return(null);
            });
            var fn = woven.Get<Action<double[], int, double>>(MemoryStubsType, "ScaleElement");
            var data = new[] { 1.0, 2.0, 3.0 };
            fn(data, 2, 10);
            Assert.That(data, Is.EqualTo(new[] { 1.0, 2.0, 31.0 }));
        }

        [Test]
        public void Read_modify_write_through_a_ref_parameter()
        {
            // x = x * k + 1, x being `ref double`: the parameter is the managed pointer
            var module = ReadModule();
            using var woven = WeaveMemory(module, "ScaleRef", (f, b) =>
            {
                var x = f.Parameters[0];
                Assert.That(x.Type.Kind, Is.EqualTo(IrTypeKind.ByRef));
                var scaled = b.Add(b.Mul(b.LoadIndirect(Double(module), x), f.Parameters[1]), b.Const(IrType.Float64, 1));
                b.StoreIndirect(Double(module), x, scaled);
                b.Return(null);
            });
            var fn = woven.Get<RefScale>(MemoryStubsType, "ScaleRef");
            var value = 2.5;
            fn(ref value, 4);
            Assert.That(value, Is.EqualTo(11));
        }

        [Test]
        public void In_parameter_is_read_through_its_pointer()
        {
            var module = ReadModule();
            using var woven = WeaveMemory(module, "ReadIn", (f, b) =>
                b.Return(b.Mul(b.LoadIndirect(Double(module), f.Parameters[0]), b.Const(IrType.Float64, 3))));
            var value = 1.25;
            Assert.That(woven.Get<InRead>(MemoryStubsType, "ReadIn")(in value), Is.EqualTo(3.75));
        }

        [Test]
        public void Out_parameter_is_written()
        {
            // whole = Math.Floor(x); fraction = x - whole; return whole
            var module = ReadModule();
            using var woven = WeaveMemory(module, "Split", (f, b) =>
            {
                var x = f.Parameters[0];
                var whole = b.Call(MathMethod(module, "Floor"), x);
                b.StoreIndirect(Double(module), f.Parameters[1], b.Sub(x, whole));
                b.Return(whole);
            });
            var fn = woven.Get<OutSplit>(MemoryStubsType, "Split");
            Assert.That(fn(3.75, out var fraction), Is.EqualTo(3));
            Assert.That(fraction, Is.EqualTo(0.75));
        }

        [Test]
        public void Jagged_array_element()
        {
            // return a[i][j] + a[j][i]
            var module = ReadModule();
            using var woven = WeaveMemory(module, "Jagged", (f, b) =>
            {
                var (a, i, j) = (f.Parameters[0], f.Parameters[1], f.Parameters[2]);
                var row = new ArrayType(Double(module));
                var first = b.LoadElement(Double(module), b.LoadElement(row, a, i), j);
                var second = b.LoadElement(Double(module), b.LoadElement(row, a, j), i);
                b.Return(b.Add(first, second));
            });
            var fn = woven.Get<Func<double[][], int, int, double>>(MemoryStubsType, "Jagged");
            var data = new[] { new[] { 1.0, 2.0 }, new[] { 30.0, 40.0, 50.0 } };
            Assert.That(fn(data, 0, 1), Is.EqualTo(data[0][1] + data[1][0]));
            Assert.That(fn(data, 1, 1), Is.EqualTo(data[1][1] * 2));
        }

        [Test]
        public void Enum_elements_take_the_token_forms()
        {
            // a[j] = a[i] (ldelem.any / stelem.any); *&a[i] = 6 (ldobj / stobj); return *&a[j]
            var module = ReadModule();
            using var woven = WeaveMemory(module, "EnumElements", (f, b) =>
            {
                var (a, i, j) = (f.Parameters[0], f.Parameters[1], f.Parameters[2]);
                var day = ((ArrayType)a.Type.Clr!).ElementType;
                b.StoreElement(day, a, j, b.LoadElement(day, a, i));
                b.StoreIndirect(day, b.ElementAddress(day, a, i), b.ConstInt((int)DayOfWeek.Saturday));
                b.Return(b.LoadIndirect(day, b.ElementAddress(day, a, j)));
            });
            var fn = woven.Get<Func<DayOfWeek[], int, int, DayOfWeek>>(MemoryStubsType, "EnumElements");
            var days = new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Friday };
            Assert.That(fn(days, 2, 0), Is.EqualTo(DayOfWeek.Friday));
            Assert.That(days, Is.EqualTo(new[] { DayOfWeek.Friday, DayOfWeek.Tuesday, DayOfWeek.Saturday }));
        }

        [Test]
        public void New_array_filled_in_a_loop_and_returned()
        {
            // r = new double[n]; for (i = 0; i < n; i++) r[i] = v * i; return r
            var module = ReadModule();
            using var woven = WeaveMemory(module, "Filled", (f, b) =>
            {
                var (n, v) = (f.Parameters[0], f.Parameters[1]);
                var header = f.AddBlock("header");
                var body = f.AddBlock("body");
                var exit = f.AddBlock("exit");
                var array = b.NewArray(Double(module), n);
                b.Jump(header);
                var i = f.AddPhi(header, IrType.Int32);
                b.Block = header;
                b.Branch(b.Compare(CompareKind.Lt, i, n), body, exit);
                b.Block = body;
                b.StoreElement(Double(module), array, i, b.Mul(v, b.Convert(ConversionKind.R8, i)));
                var step = b.Add(i, b.ConstInt(1));
                b.Jump(header);
                i.Incoming.Add(new PhiIncoming(f.Entry, b.ConstInt(0)));
                i.Incoming.Add(new PhiIncoming(body, step));
                b.Block = exit;
                b.Return(array);
            });
            var fn = woven.Get<Func<int, double, double[]>>(MemoryStubsType, "Filled");
            Assert.That(fn(4, 1.5), Is.EqualTo(new[] { 0, 1.5, 3, 4.5 }));
            Assert.That(fn(0, 1.5), Is.Empty);
        }

        [Test]
        public void By_ref_phi_and_by_ref_variable_kept_across_blocks()
        {
            // r = which != 0 ? &a[i] : &a[j]  (a phi);  $slot = r;  old = *r;
            // next block: *$slot = old + v; return *$slot * 10
            var module = ReadModule();
            using var woven = WeaveMemory(module, "PickRef", (f, b) =>
            {
                var (a, i, j, which, v) = (f.Parameters[0], f.Parameters[1], f.Parameters[2], f.Parameters[3], f.Parameters[4]);
                var slot = f.AddVariable(IrType.ByRef(Double(module)), "slot");
                var left = f.AddBlock("left");
                var right = f.AddBlock("right");
                var join = f.AddBlock("join");
                var tail = f.AddBlock("tail");
                var p = b.ElementAddress(Double(module), a, i);
                var q = b.ElementAddress(Double(module), a, j);
                b.Branch(which, left, right);
                b.Block = left;
                b.Jump(join);
                b.Block = right;
                b.Jump(join);
                var r = f.AddPhi(join, IrType.ByRef(Double(module)));
                r.Incoming.Add(new PhiIncoming(left, p));
                r.Incoming.Add(new PhiIncoming(right, q));
                b.Block = join;
                b.Store(slot, r);
                var old = b.LoadIndirect(Double(module), r);
                b.Jump(tail);
                b.Block = tail;
                b.StoreIndirect(Double(module), b.Load(slot), b.Add(old, v));
                b.Return(b.Mul(b.LoadIndirect(Double(module), b.Load(slot)), b.Const(IrType.Float64, 10)));
            });
            var fn = woven.Get<Func<double[], int, int, int, double, double>>(MemoryStubsType, "PickRef");
            var data = new[] { 1.0, 2.0, 3.0 };
            Assert.That(fn(data, 0, 2, 1, 0.5), Is.EqualTo(15));
            Assert.That(fn(data, 0, 2, 0, 0.25), Is.EqualTo(32.5));
            Assert.That(data, Is.EqualTo(new[] { 1.5, 2.0, 3.25 }));
        }

        [Test]
        public void An_unused_out_of_range_load_still_throws()
        {
            // _ = a[i]; return 1
            var module = ReadModule();
            using var woven = WeaveMemory(module, "LoadUnused", (f, b) =>
            {
                b.LoadElement(Double(module), f.Parameters[0], f.Parameters[1]);
                b.Return(b.Const(IrType.Float64, 1));
            });
            var fn = woven.Get<Func<double[], int, double>>(MemoryStubsType, "LoadUnused");
            Assert.That(fn(new[] { 5.0 }, 0), Is.EqualTo(1));
            Assert.That(() => fn(new[] { 5.0 }, 1), Throws.InstanceOf<IndexOutOfRangeException>());
            Assert.That(() => fn(null!, 0), Throws.InstanceOf<NullReferenceException>());
        }
    }
}
