using System.Linq;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.EndToEnd
{
    /// <summary>
    /// A module that references an AutoDiff.Runtime from before the tape moved several values per
    /// call (Push of one value, Pop, Release and nothing else) is woven with one Push and one Pop per
    /// value, as before, and never calls a member that runtime lacks.
    /// </summary>
    public sealed class OlderRuntimeTapeTests
    {
        [Test]
        public void A_runtime_with_the_single_value_tape_gets_one_push_and_one_pop_per_value()
        {
            using var woven = OlderRuntime.Weave(OlderRuntime.Attributes + @"
    public struct Tape<T> {
        private T[] _b; private int _n;
        public int Count => _n;
        public void Push(T value) { if (_b == null) _b = new T[16]; if (_n == _b.Length) System.Array.Resize(ref _b, 2 * _n); _b[_n++] = value; }
        public T Pop() => _b[--_n];
        public void Release() { _b = null; _n = 0; }
    }", "using System; using AutoDiff; using static AutoDiff.Activity;\n" + @"public static partial class C {
    [AutoDiffReverse(""D"", Active, Const, Active)]
    public static double F(double x, int n) { double r = 1, q = 0.5; for (int i = 0; i < n; i++) { r = Math.Exp(r * x - q); q = Math.Tanh(q + r); } return r * q; }
    public static (double, double) D(double x, int n, double dret) => throw new System.NotImplementedException();
}");
            Assert.That(woven.Diagnostics, Is.Empty, string.Join("\n", woven.Diagnostics));

            var calls = woven.Module.GetType("C").Methods.Single(m => m.Name == "D").Body.Instructions
                .Select(i => i.Operand).OfType<Mono.Cecil.MethodReference>().Where(m => m.DeclaringType.Name == "Tape`1")
                .Select(m => m.Name + "/" + m.Parameters.Count).ToList();
            Assert.That(calls.Count(c => c == "Push/1"), Is.GreaterThanOrEqualTo(2), string.Join(", ", calls));
            Assert.That(calls.Count(c => c == "Pop/0"), Is.EqualTo(calls.Count(c => c == "Push/1")), string.Join(", ", calls));
            Assert.That(calls.Distinct(), Is.SubsetOf(new[] { "Push/1", "Pop/0", "Release/0" }), string.Join(", ", calls));
        }
    }
}
