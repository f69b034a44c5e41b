using System.Linq;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Diagnostics
{
    /// <summary>
    /// What stays refused around the System.Numerics models (Runtime/NumericsModels/): a runtime
    /// that has none (an old one, or the netstandard2.0 build, which lacks MathF) leaves Quaternion's
    /// members refused as before, never woven from the framework's SIMD code; and members without a
    /// model are refused at the user's call, in C# terms.
    /// </summary>
    public sealed class NumericsModelDiagnosticsTests
    {
        [Test]
        public void A_runtime_without_models_refuses_Quaternion_members()
        {
            using var woven = OlderRuntime.Weave(OlderRuntime.Attributes, @"using System.Numerics; using AutoDiff; using static AutoDiff.Activity;
public static partial class C {
    [AutoDiffReverse(""D"", Active, Active, Active)]
    public static float F(Quaternion q, float t) => Quaternion.Slerp(Quaternion.Identity, q, t).X;
    public static (float, Quaternion, float) D(Quaternion q, float t, float dret) => throw new System.NotImplementedException();
}");
            var messages = woven.Diagnostics.Select(x => x.ToString()).ToList();
            Assert.That(woven.Diagnostics.Select(x => x.Code), Is.Not.Empty.And.All.AnyOf("AD4001", "AD2005"), string.Join("\n", messages));
            Assert.That(messages, Has.Some.Contain("Quaternion.Slerp(Quaternion, Quaternion, float)"));
        }

        [TestCase("Matrix4x4.CreateBillboard(new Vector3(x, 0, 0), Vector3.Zero, Vector3.UnitY, Vector3.UnitZ).M11", "AD4001", "Matrix4x4.CreateBillboard(Vector3, Vector3, Vector3, Vector3)")]
        [TestCase("new Quaternion(x, 1, 2, 3)[2]", "AD2005", "Quaternion.this[int] is a member of struct Quaternion")]
        public void A_member_without_a_model_is_refused_at_the_call(string expression, string code, string fragment)
        {
            var source = "using System; using System.Numerics; using AutoDiff; using static AutoDiff.Activity;\npublic static partial class C {\n    [AutoDiffReverse(\"D\", Active, Active)]\n    public static float F(float x) => " + expression + ";\n}";
            foreach (var optimize in new[] { false, true }) TestWeaver.Refused(source, optimize, code, fragment, line: 4);
        }
    }
}
