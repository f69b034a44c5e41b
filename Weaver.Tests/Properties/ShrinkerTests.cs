using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Properties
{
    /// <summary>The shrinker keeps what the failure needs and drops the rest.</summary>
    public sealed class ShrinkerTests
    {
        private const string Body = "double a = x; double b = y; var s = new double[3];\n" +
                                    "a = Math.Cos((b + 0.5) * Math.Tanh(a));\n" +
                                    "s[1] += Math.Max(a, (y - Math.Sin(b)));\n" +
                                    "b = Math.Atan(a) * 0.5;\n" +
                                    "return (a + Math.Sin(y)) + a * 0.5 + s[1];";

        [Test]
        public void Statements_and_expressions_the_failure_does_not_need_are_dropped()
        {
            // "Fails" while the program still takes the sine of y somewhere.
            var shrunk = Shrinker.Shrink(Body, body => body.Contains("Math.Sin(y)"));

            Assert.That(shrunk, Does.Contain("Math.Sin(y)"));
            Assert.That(shrunk.Split('\n'), Has.Length.EqualTo(2), shrunk);
            Assert.That(shrunk, Does.Not.Contain("Math.Cos").And.Not.Contain("Math.Max").And.Not.Contain("Math.Atan"));
        }

        [Test]
        public void A_program_that_cannot_be_made_smaller_is_returned_unchanged()
        {
            Assert.That(Shrinker.Shrink(Body, body => body == Body), Is.EqualTo(Body));
        }
    }
}
