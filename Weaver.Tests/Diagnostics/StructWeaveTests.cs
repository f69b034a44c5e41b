using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Diagnostics
{
    /// <summary>Vector members without a lowering stay calls: one that carries a derivative is AD4001, never a silent zero.</summary>
    public sealed class StructWeaveTests
    {
        [TestCase(false, "Reverse", "Active, Active, Active"), TestCase(true, "Reverse", "Active, Active, Active")]
        [TestCase(false, "Forward", "Dual, Dual, Dual"), TestCase(true, "Forward", "Dual, Dual, Dual")]
        public void AD4001_AVectorMemberWithoutALowering(bool optimize, string mode, string activities)
        {
            var source = "using System.Numerics; using AutoDiff; using static AutoDiff.Activity;\n" + @"public static partial class C {
    [AutoDiff" + mode + @"(""D"", " + activities + @")]
    public static float F(Vector3 a, Vector3 b)
    {
        var m = Vector3.CopySign(a, b);
        return m.X * m.Y;
    }
}";
            TestWeaver.Refused(source, optimize, "AD4001", "CopySign", line: 6);
        }
    }
}
