using AutoDiff.Weaver.IR;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Engine
{
    /// <summary>The IR verifier (run after every pass in tests) reports a use before its definition in one block, and accepts the same code in order.</summary>
    public sealed class IrVerifierTests
    {
        [Test]
        public void A_use_before_its_definition_in_the_same_block_is_reported()
        {
            var f = new Function("f", IrType.Float64, null);
            var x = f.AddParameter(IrType.Float64, "x");
            var b = new IrBuilder(f, f.AddBlock());
            var square = b.Mul(x, x);
            var sum = (Instruction)b.Add(square, x);
            b.Return(sum);
            Assert.That(IrVerifier.Verify(f), Is.Empty);

            // Move the sum in front of the square it reads.
            f.Entry.Instructions.Remove(sum);
            f.Entry.Instructions.Insert(0, sum);
            Assert.That(IrVerifier.Verify(f), Has.One.Contains("before its definition"));
        }
    }
}
