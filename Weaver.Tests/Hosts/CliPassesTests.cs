using AutoDiff.Cli;
using AutoDiff.Weaver.Engine;
using NUnit.Framework;
using static AutoDiff.Weaver.Tests.Support.CliRunner;

namespace AutoDiff.Weaver.Tests.Hosts
{
    /// <summary><c>autodiff passes</c>: the engine's pass list as the engine has it, and whether the IR is verified after each pass.</summary>
    [TestFixture]
    public sealed class CliPassesTests
    {
        [Test]
        public void Passes_prints_the_pipeline_in_order()
        {
            var (exit, output, error) = Autodiff("passes");

            Assert.That(exit, Is.EqualTo(Program.Success), error);
            Assert.That(output, Does.StartWith(Pipeline.Standard.ToString()));
            Assert.That(output, Does.Contain("frontend: IL → SSA" + System.Environment.NewLine + "   2 CfgBuilder").And.Contain("  11 ReturnedArrayCheck").And.Contain("  14 AdjointZeroAdds").And.Contain("(reverse mode only)"));
            Assert.That(output, Does.EndWith("The IR is verified after every pass (AUTODIFF_VERIFY_IR=1)." + System.Environment.NewLine), "the tests turn verification on");
        }
    }
}
