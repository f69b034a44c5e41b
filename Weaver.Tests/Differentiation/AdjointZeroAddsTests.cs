using System.Linq;
using AutoDiff.Weaver.Differentiation.Reverse;
using AutoDiff.Weaver.IR;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Differentiation
{
    /// <summary>`v = v + c` where v is zero on every path becomes `v = c`; where one path may leave v nonzero, the addition stays.</summary>
    public sealed class AdjointZeroAddsTests
    {
        [Test]
        public void AnAdditionToAVariableZeroOnEveryPathIsFolded()
        {
            // entry: v starts at 0, w = x; branch; left: t = v; v = 0; right: nothing; join: v = v + x.
            var f = new Function("f", IrType.Float64, null);
            var x = f.AddParameter(IrType.Float64, "x");
            var c = f.AddParameter(IrType.Int32, "c");
            var v = f.AddVariable(IrType.Float64, "v");
            var entry = f.AddBlock();
            var left = f.AddBlock();
            var right = f.AddBlock();
            var join = f.AddBlock();
            new IrBuilder(f, entry).Branch(c, left, right);
            var lb = new IrBuilder(f, left);
            lb.Store(v, lb.Const(IrType.Float64, 0));
            lb.Jump(join);
            new IrBuilder(f, right).Jump(join);
            var jb = new IrBuilder(f, join);
            jb.Store(v, jb.Add(jb.Load(v), x));
            jb.Return(jb.Load(v));

            AdjointZeroAdds.Fold(f);

            Assert.That(join.Instructions.Any(i => i.Op == Op.Add), Is.False, IrPrinter.Print(f));
            Assert.That(join.Instructions.First(i => i.Op == Op.StoreVar).Operands[0], Is.SameAs(x));
        }

        [Test]
        public void AnAdditionToAVariableThatMayHoldSomethingStays()
        {
            // As above, but the right path stores x into v first.
            var f = new Function("f", IrType.Float64, null);
            var x = f.AddParameter(IrType.Float64, "x");
            var c = f.AddParameter(IrType.Int32, "c");
            var v = f.AddVariable(IrType.Float64, "v");
            var entry = f.AddBlock();
            var left = f.AddBlock();
            var right = f.AddBlock();
            var join = f.AddBlock();
            new IrBuilder(f, entry).Branch(c, left, right);
            new IrBuilder(f, left).Jump(join);
            var rb = new IrBuilder(f, right);
            rb.Store(v, x);
            rb.Jump(join);
            var jb = new IrBuilder(f, join);
            jb.Store(v, jb.Add(jb.Load(v), x));
            jb.Return(jb.Load(v));

            AdjointZeroAdds.Fold(f);

            Assert.That(join.Instructions.Count(i => i.Op == Op.Add), Is.EqualTo(1), IrPrinter.Print(f));
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
