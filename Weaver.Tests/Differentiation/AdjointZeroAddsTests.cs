using System.Linq;
using AutoDiff.Weaver.Differentiation.Reverse;
using AutoDiff.Weaver.IR;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Differentiation
{
    /// <summary>`v = v + c` where v is zero on every path becomes `v = c`; where one path may leave v nonzero, the addition stays.</summary>
    public sealed class AdjointZeroAddsTests
    {
        /// <summary>
        /// entry branches to left and right, which join: `v = v + x; return v`. Locals start at 0;
        /// <paramref name="left"/> and <paramref name="right"/> may store into v on their way.
        /// </summary>
        private static (Function F, Block Join, Value X) Diamond(System.Action<IrBuilder, Variable, Value> left, System.Action<IrBuilder, Variable, Value> right)
        {
            var f = new Function("f", IrType.Float64, null);
            var x = f.AddParameter(IrType.Float64, "x");
            var c = f.AddParameter(IrType.Int32, "c");
            var v = f.AddVariable(IrType.Float64, "v");
            var entry = f.AddBlock();
            var l = f.AddBlock();
            var r = f.AddBlock();
            var join = f.AddBlock();
            new IrBuilder(f, entry).Branch(c, l, r);
            foreach (var (block, store) in new[] { (l, left), (r, right) })
            {
                var b = new IrBuilder(f, block);
                store(b, v, x);
                b.Jump(join);
            }
            var jb = new IrBuilder(f, join);
            jb.Store(v, jb.Add(jb.Load(v), x));
            jb.Return(jb.Load(v));
            return (f, join, x);
        }

        [Test]
        public void AnAdditionToAVariableZeroOnEveryPathIsFolded()
        {
            var (f, join, x) = Diamond((b, v, _) => b.Store(v, b.Const(IrType.Float64, 0)), (_, _, _) => { });

            AdjointZeroAdds.Fold(f);

            Assert.That(join.Instructions.Any(i => i.Op == Op.Add), Is.False, IrPrinter.Print(f));
            Assert.That(join.Instructions.First(i => i.Op == Op.StoreVar).Operands[0], Is.SameAs(x));
        }

        [Test]
        public void AnAdditionToAVariableThatMayHoldSomethingStays()
        {
            var (f, join, _) = Diamond((_, _, _) => { }, (b, v, x) => b.Store(v, x));

            AdjointZeroAdds.Fold(f);

            Assert.That(join.Instructions.Count(i => i.Op == Op.Add), Is.EqualTo(1), IrPrinter.Print(f));
        }

        [Test]
        public void AChainOfFoldedAdditionsEndsAtTheValueAdded()
        {
            // v, w zero: a = v + x; b = w + a; return b → return x (b's fold lands on a, which is folded too).
            var f = new Function("f", IrType.Float64, null);
            var x = f.AddParameter(IrType.Float64, "x");
            var v = f.AddVariable(IrType.Float64, "v");
            var w = f.AddVariable(IrType.Float64, "w");
            var b = new IrBuilder(f, f.AddBlock());
            var a = b.Add(b.Load(v), x);
            b.Return(b.Add(b.Load(w), a));

            AdjointZeroAdds.Fold(f);

            Assert.That(((Return)f.Entry.Terminator!).Value, Is.SameAs(x), IrPrinter.Print(f));
            Assert.That(IrVerifier.Verify(f, checkDominance: true), Is.Empty);
        }

        [Test]
        public void ALoopCarriedAccumulationStays()
        {
            // entry → header; header: v = v + x; back to header or out. v is nonzero after the first round.
            var f = new Function("f", IrType.Float64, null);
            var x = f.AddParameter(IrType.Float64, "x");
            var c = f.AddParameter(IrType.Int32, "c");
            var v = f.AddVariable(IrType.Float64, "v");
            var entry = f.AddBlock();
            var header = f.AddBlock();
            var exit = f.AddBlock();
            new IrBuilder(f, entry).Jump(header);
            var hb = new IrBuilder(f, header);
            hb.Store(v, hb.Add(hb.Load(v), x));
            hb.Branch(c, header, exit);
            new IrBuilder(f, exit).Return(new IrBuilder(f, exit).Load(v));

            AdjointZeroAdds.Fold(f);

            Assert.That(header.Instructions.Count(i => i.Op == Op.Add), Is.EqualTo(1), IrPrinter.Print(f));
        }
    }
}
