using System.Linq;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Properties
{
    /// <summary>
    /// Programs a run's exploring seeds once drew and failed on, made again from their seeds and
    /// checked by their family in every run, so that what the fix changed stays as it is.
    /// </summary>
    public sealed class FoundProgramsTests
    {
        /// <summary>
        /// acc grows to about 10⁷ over the loop and the result cancels it (<c>acc + v[3]·x + (x − acc)</c>):
        /// the forward tangent adds and takes out a tangent near 10¹⁵ and keeps −106.25, the reverse
        /// gradient gives −106.2743 — both right to their rounding, which the check measures now
        /// (ForwardRounding) instead of asking for 10⁻⁹ of the result.
        /// </summary>
        [TestCase(false)]
        [TestCase(true)]
        public void A_tangent_that_cancels_a_large_one_is_held_to_the_rounding_it_shows(bool optimize)
        {
            var family = new MemoryPrograms();
            var run = BatchRun.Run(family, new[] { family.Generate(330999328) }, optimize);

            // Its gradient (∂v near 10⁶) is beyond central differences: only forward against reverse is checked.
            Assert.That(run.Failures.Select(f => f.Failure.ToString()), Is.Empty);
        }
    }
}
