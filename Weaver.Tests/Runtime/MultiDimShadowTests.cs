using System;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Runtime
{
    /// <summary>
    /// The runtime's helpers for shadows of multi-dimensional arrays: Shadows.ZeroLike makes a
    /// zeroed array of the argument's shape (lengths and lower bounds), and
    /// ShadowChecks.ShadowLength requires a shadow of the argument's shape, since derivatives
    /// read and write the shadow at the primal's own indices.
    /// </summary>
    public sealed class MultiDimShadowTests
    {
        private static Array WithBounds(Type element, int[] lengths, int[] lowerBounds) => Array.CreateInstance(element, lengths, lowerBounds);

        [Test]
        public void ZeroLikeKeepsLengthsAndLowerBounds()
        {
            var a = (double[,])WithBounds(typeof(double), new[] { 2, 3 }, new[] { 1, -1 });
            a[2, 1] = 5;
            var zero = Shadows.ZeroLike(a)!;
            Assert.That(zero, Is.Not.SameAs(a));
            Assert.That((zero.GetLength(0), zero.GetLength(1), zero.GetLowerBound(0), zero.GetLowerBound(1)), Is.EqualTo((2, 3, 1, -1)));
            Assert.That(zero[2, 1], Is.EqualTo(0.0));
            var cube = Shadows.ZeroLike(new float[2, 1, 4])!;
            Assert.That((cube.GetLength(0), cube.GetLength(1), cube.GetLength(2)), Is.EqualTo((2, 1, 4)));
            Assert.That(Shadows.ZeroLike(new float[,] { { 1f, 2f } })!, Is.EqualTo(new float[1, 2]));
            Assert.That(Shadows.ZeroLike(new double[1, 1, 1] { { { 3.0 } } })!, Is.EqualTo(new double[1, 1, 1]));
            Assert.That(Shadows.ZeroLike((double[,]?)null), Is.Null);
        }

        [Test]
        public void ShadowOfAMatrixMustHaveItsShape()
        {
            var a = new double[2, 3];
            ShadowChecks.ShadowLength(a, new double[2, 3], "f");
            var wrong = Assert.Throws<ArgumentException>(() => ShadowChecks.ShadowLength(a, new double[3, 2], "f"))!;
            Assert.That(wrong.Message, Does.Contain("f: the shadow has shape [3, 2] but the argument has [2, 3]"));
            Assert.Throws<ArgumentException>(() => ShadowChecks.ShadowLength(a, new double[6], "f"), "a vector with room for every element is still another shape");
            Assert.Throws<ArgumentException>(() => ShadowChecks.ShadowLength(a, new double[2, 3, 1], "f"));
            Assert.That(Assert.Throws<ArgumentException>(() => ShadowChecks.ShadowLength(a, null, "f"))!.Message, Does.Contain("the shadow is null but the argument is an array of [2, 3]"));

            var shifted = WithBounds(typeof(double), new[] { 2, 3 }, new[] { 1, 0 });
            ShadowChecks.ShadowLength(shifted, WithBounds(typeof(double), new[] { 2, 3 }, new[] { 1, 0 }), "f");
            Assert.That(Assert.Throws<ArgumentException>(() => ShadowChecks.ShadowLength(shifted, new double[2, 3], "f"))!.Message,
                Does.Contain("the shadow has shape [2, 3] but the argument has [1..2, 3]"), "lower bounds are part of the shape");
        }
    }
}
