using System;
using System.Diagnostics;
using System.Linq;
using System.Reflection;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Hosts
{
    /// <summary>
    /// The fixture projects are built as intended: Debug and Release IL, woven by Fody in their
    /// own build, and an unwoven Release build whose derivatives throw.
    /// </summary>
    [TestFixture]
    public sealed class FixtureWiringTests
    {
        [Test]
        public void Unwoven_derivative_throws_not_woven()
        {
            var bar = FixtureAssemblies.Get<Func<float, float, (float, float)>>(FixtureBuild.Unwoven, "Fixtures.SemanticsExamples", "Bar");

            var exception = Assert.Throws<AutoDiffNotWovenException>(() => bar(3f, 1f));

            Assert.That(exception!.Derivative, Is.EqualTo("Bar"));
        }

        [TestCase(FixtureBuild.Debug, true)]
        [TestCase(FixtureBuild.Release, false)]
        [TestCase(FixtureBuild.Unwoven, false)]
        public void Fixture_is_compiled_with_the_intended_optimization(FixtureBuild build, bool jitOptimizerDisabled)
        {
            var debuggable = FixtureAssemblies.Load(build).GetCustomAttribute<DebuggableAttribute>();

            Assert.That(debuggable?.IsJITOptimizerDisabled ?? false, Is.EqualTo(jitOptimizerDisabled));
        }

        [TestCase(FixtureBuild.Debug, true)]
        [TestCase(FixtureBuild.Release, true)]
        [TestCase(FixtureBuild.Unwoven, false)]
        public void Fody_ran_on_exactly_the_woven_builds(FixtureBuild build, bool woven)
        {
            // Fody marks every assembly it wrote with an internal type <AssemblyName>_ProcessedByFody.
            var marked = FixtureAssemblies.Load(build).GetTypes().Any(t => t.Name.EndsWith("_ProcessedByFody", StringComparison.Ordinal));

            Assert.That(marked, Is.EqualTo(woven));
        }

        [TestCaseSource(typeof(FixtureAssemblies), nameof(FixtureAssemblies.Woven))]
        public void Woven_derivative_returns_value_and_gradient(FixtureBuild build)
        {
            var bar = FixtureAssemblies.Get<Func<float, float, (float, float)>>(build, "Fixtures.SemanticsExamples", "Bar");

            Assert.That(bar(3f, 1f), Is.EqualTo((9f, 6f)));
        }
    }
}
