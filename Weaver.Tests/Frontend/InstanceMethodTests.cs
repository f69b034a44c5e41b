using System.Linq;
using AutoDiff.Weaver.IR;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Frontend
{
    /// <summary>Instance methods: <c>this</c> is parameter 0, calls carry their receiver first, void calls are never operands.</summary>
    public class InstanceMethodTests
    {
        private const string Source = @"
public class C
{
    public virtual double K(double x) => x * 2;
    public static void Log(double x) { }
    public double M(double x) { Log(x); return K(x) + x; }
}";

        [TestCase(false)]
        [TestCase(true)]
        public void ThisComesFirstAndCallsKeepTheirReceiver(bool optimize)
        {
            using var module = TestCompiler.Compile(Source, optimize, runGenerator: false).ReadModule();
            var f = FrontendFixture.ReadVerified(module.GetType("C").Methods.Single(m => m.Name == "M"));
            Assert.That(f.Parameters.Select(p => p.ParameterName), Is.EqualTo(new[] { "this", "x" }));
            Assert.That(f.Parameters[0].Type.Kind, Is.EqualTo(IrTypeKind.Object));
            Assert.That(f.Parameters[0].Type.Clr!.FullName, Is.EqualTo("C"));
            var calls = f.Blocks.SelectMany(b => b.Instructions).Where(i => OpFacts.IsCall(i.Op)).ToList();
            Assert.That(calls.Select(c => c.Op), Is.EqualTo(new[] { Op.Call, Op.CallVirt }));
            Assert.That(calls[0].Type.IsVoid, Is.True);
            Assert.That(calls[1].Operands, Is.EqualTo(new Value[] { f.Parameters[0], f.Parameters[1] }));
            Assert.That(calls[1].Method!.Name, Is.EqualTo("K"));
            var uses = f.Blocks.SelectMany(b => b.Instructions).SelectMany(i => i.Operands);
            Assert.That(uses, Does.Not.Contain(calls[0]));
        }

        [TestCase(false)]
        [TestCase(true)]
        public void InParameterOfAVirtualMethodIsAByRefDespiteItsModreq(bool optimize)
        {
            // C# marks `in` on a virtual method with modreq(InAttribute) around the float32&.
            const string source = "public class V { public virtual float Square(in float x) => x * x; public float Twice(float y) => Square(in y) * 2; }";
            using var module = TestCompiler.Compile(source, optimize, runGenerator: false).ReadModule();
            var square = module.GetType("V").Methods.Single(m => m.Name == "Square");
            Assert.That(square.Parameters[0].ParameterType, Is.InstanceOf<Mono.Cecil.RequiredModifierType>());
            var f = FrontendFixture.ReadVerified(square);
            Assert.That(f.Parameters[1].Type.ToString(), Is.EqualTo("ref<System.Single>"));
            Assert.That(IrPrinter.Print(f), Does.Contain("loadindirect<Single> %x"));
        }
    }
}
