using System.Linq;
using AutoDiff.Weaver.Differentiation.Reverse;
using AutoDiff.Weaver.IR;
using Mono.Cecil;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Differentiation
{
    /// <summary>
    /// Within a block: a read of a slot just written or read gives that value; a store the next
    /// store to the slot overwrites unread is dropped, and so is a store of what the slot holds —
    /// so the reverse of <c>a[i] += t</c> (take, clear, add back) leaves the slot alone. Anything
    /// that may touch the slot through another address keeps every access.
    /// </summary>
    public sealed class ShadowSlotForwardingTests
    {
        private static readonly ModuleDefinition Module = ModuleDefinition.CreateModule("m", ModuleKind.Dll);
        private static TypeReference Double => Module.TypeSystem.Double;

        /// <summary>f(double[] a, double[] b, int i, double x) with one block built by <paramref name="body"/>.</summary>
        private static (Function F, Block Block) Build(System.Action<IrBuilder, Value, Value, Value, Value> body)
        {
            var f = new Function("f", IrType.Void, null);
            var a = f.AddParameter(IrType.Object(new ArrayType(Double)), "a");
            var b = f.AddParameter(IrType.Object(new ArrayType(Double)), "b");
            var i = f.AddParameter(IrType.Int32, "i");
            var x = f.AddParameter(IrType.Float64, "x");
            var block = f.AddBlock();
            var builder = new IrBuilder(f, block);
            body(builder, a, b, i, x);
            builder.Return(null);
            return (f, block);
        }

        private static int Count(Block block, Op op) => block.Instructions.Count(i => i.Op == op);

        [Test]
        public void The_reverse_of_an_add_assign_leaves_the_slot_alone()
        {
            // t = da[i]; da[i] = 0; da[i] = da[i] + t  (each through its own ldelema)
            var (f, block) = Build((b, a, _, i, _) =>
            {
                var t = b.LoadIndirect(Double, b.ElementAddress(Double, a, i));
                b.StoreIndirect(Double, b.ElementAddress(Double, a, i), b.Const(IrType.Float64, 0));
                var slot = b.ElementAddress(Double, a, i);
                b.StoreIndirect(Double, slot, b.Add(b.LoadIndirect(Double, slot), t));
            });

            ShadowSlotForwarding.Run(f);

            Assert.That(Count(block, Op.StoreIndirect), Is.Zero, IrPrinter.Print(f));
            Assert.That(Count(block, Op.LoadIndirect), Is.EqualTo(1), IrPrinter.Print(f));
            Assert.That(Count(block, Op.Add), Is.Zero, IrPrinter.Print(f));
        }

        [Test]
        public void A_clear_then_an_add_becomes_one_store_of_the_addend()
        {
            // da[i] = 0; da[i] = da[i] + x → da[i] = x
            var (f, block) = Build((b, a, _, i, x) =>
            {
                var slot = b.ElementAddress(Double, a, i);
                b.StoreIndirect(Double, slot, b.Const(IrType.Float64, 0));
                b.StoreIndirect(Double, slot, b.Add(b.LoadIndirect(Double, slot), x));
            });

            ShadowSlotForwarding.Run(f);

            var stores = block.Instructions.Where(i => i.Op == Op.StoreIndirect).ToList();
            Assert.That(stores, Has.Count.EqualTo(1), IrPrinter.Print(f));
            Assert.That(stores[0].Operands[1], Is.SameAs(f.Parameters[3]));
            Assert.That(Count(block, Op.LoadIndirect), Is.Zero, IrPrinter.Print(f));
        }

        [Test]
        public void A_store_through_another_array_keeps_the_read_and_both_stores()
        {
            // da[i] = 0; db[i] = x (db may be da); da[i] = da[i] + x
            var (f, block) = Build((b, a, other, i, x) =>
            {
                var slot = b.ElementAddress(Double, a, i);
                b.StoreIndirect(Double, slot, b.Const(IrType.Float64, 0));
                b.StoreIndirect(Double, b.ElementAddress(Double, other, i), x);
                b.StoreIndirect(Double, slot, b.Add(b.LoadIndirect(Double, slot), x));
            });

            ShadowSlotForwarding.Run(f);

            Assert.That(Count(block, Op.StoreIndirect), Is.EqualTo(3), IrPrinter.Print(f));
            Assert.That(Count(block, Op.LoadIndirect), Is.EqualTo(1), IrPrinter.Print(f));
        }

        [Test]
        public void An_array_the_function_allocates_is_not_a_parameter()
        {
            // s = new double[n]; ds[i] = 0; da[i] = da[i] + x (da is a parameter: not s); ds[i] = ds[i] + x → ds[i] = x
            var (f, block) = Build((b, a, _, i, x) =>
            {
                var local = b.NewArray(Double, b.ConstInt(4));
                var slot = b.ElementAddress(Double, local, i);
                b.StoreIndirect(Double, slot, b.Const(IrType.Float64, 0));
                var other = b.ElementAddress(Double, a, i);
                b.StoreIndirect(Double, other, b.Add(b.LoadIndirect(Double, other), x));
                b.StoreIndirect(Double, slot, b.Add(b.LoadIndirect(Double, slot), x));
            });

            ShadowSlotForwarding.Run(f);

            Assert.That(Count(block, Op.StoreIndirect), Is.EqualTo(2), IrPrinter.Print(f));
            Assert.That(Count(block, Op.LoadIndirect), Is.EqualTo(1), "only da[i] is read: " + IrPrinter.Print(f));
        }

        [Test]
        public void A_store_the_function_reads_back_after_another_write_stays()
        {
            // da[i] = 0; db[i] = x (may be da[i]); y = da[i] (a real read); da[i] = y + x: the clear is read, so it stays
            var (f, block) = Build((b, a, other, i, x) =>
            {
                var slot = b.ElementAddress(Double, a, i);
                b.StoreIndirect(Double, slot, b.Const(IrType.Float64, 0));
                b.StoreIndirect(Double, b.ElementAddress(Double, other, i), x);
                b.StoreIndirect(Double, slot, b.Add(b.LoadIndirect(Double, slot), x));
            });

            ShadowSlotForwarding.Run(f);

            Assert.That(Count(block, Op.StoreIndirect), Is.EqualTo(3), IrPrinter.Print(f));
        }

        [Test]
        public void A_read_through_another_array_keeps_the_store_it_may_see()
        {
            // da[i] = x; y = db[i] (db may be da); da[i] = 0
            var (f, block) = Build((b, a, other, i, x) =>
            {
                var slot = b.ElementAddress(Double, a, i);
                b.StoreIndirect(Double, slot, x);
                var y = b.LoadIndirect(Double, b.ElementAddress(Double, other, i));
                b.StoreIndirect(Double, slot, b.Const(IrType.Float64, 0));
                b.StoreIndirect(Double, b.ElementAddress(Double, other, i), y);
            });

            ShadowSlotForwarding.Run(f);

            Assert.That(Count(block, Op.StoreIndirect), Is.EqualTo(3), IrPrinter.Print(f));
        }
    }
}
