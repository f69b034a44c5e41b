using System;
using System.Linq;
using AutoDiff.Weaver.Tests.Support;
using Mono.Cecil.Cil;
using NUnit.Framework;
using static AutoDiff.Weaver.Tests.Backend.BackendFixture;

namespace AutoDiff.Weaver.Tests.Backend
{
    /// <summary>The test harness itself must be able to fail: a bad body is caught at load, by name.</summary>
    public class WovenAssemblyTests
    {
        [Test]
        public void Unwoven_fixture_loads_and_runs_its_stub()
        {
            using var woven = WovenAssembly.Load(ReadModule());
            var fn = woven.Get<Func<double, double>>(StubsType, "D_D");
            Assert.That(() => fn(1), Throws.TypeOf<NotImplementedException>());
        }

        [Test]
        public void Stack_imbalance_is_reported_with_the_method_name()
        {
            var module = ReadModule();
            var stub = Stub(module, "DD_D");
            var body = new MethodBody(stub);
            body.Instructions.Add(Instruction.Create(OpCodes.Ldarg_0));
            body.Instructions.Add(Instruction.Create(OpCodes.Add)); // one operand short
            body.Instructions.Add(Instruction.Create(OpCodes.Ret));
            stub.Body = body;
            stub.DebugInformation.SequencePoints.Clear();
            stub.DebugInformation.Scope = null;
            Assert.That(() => WovenAssembly.Load(module),
                Throws.TypeOf<InvalidProgramException>().With.Message.Contains("Fixtures.Stubs.DD_D"));
        }

        [Test]
        public void Get_reports_a_missing_method()
        {
            using var woven = WovenAssembly.Load(ReadModule());
            Assert.That(() => woven.Get<Func<int, int>>(StubsType, "D_D"), Throws.ArgumentException.With.Message.Contains("D_D"));
            Assert.That(woven.Assembly.GetTypes().Any(t => t.FullName == StubsType), Is.True);
        }
    }
}
