using System.Linq;
using AutoDiff.Weaver.Frontend;
using AutoDiff.Weaver.IR;
using AutoDiff.Weaver.Tests.Support;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Frontend
{
    /// <summary>Compiles C# members inside <c>public static class F</c> and reads one of them with the frontend.</summary>
    public static class FrontendFixture
    {
        public const string TypeName = "F";

        public static string Wrap(string members) =>
            "using System;\n#pragma warning disable CS0162, CS0219\npublic static class F\n{\n" + members + "\n}\n";

        public static Function Read(string members, string method, bool optimize)
        {
            var compiled = TestCompiler.Compile(Wrap(members), optimize, runGenerator: false);
            using var module = compiled.ReadModule();
            return ReadVerified(module.GetType(TypeName).Methods.Single(m => m.Name == method));
        }

        /// <summary>Reads the method and asserts the IR verifier (with dominance) finds nothing wrong.</summary>
        public static Function ReadVerified(Mono.Cecil.MethodDefinition method)
        {
            var f = PrimalReader.Read(method);
            var errors = IrVerifier.Verify(f);
            Assert.That(errors, Is.Empty, "IrVerifier:\n" + string.Join("\n", errors) + "\n" + IrPrinter.Print(f));
            Assert.That(f.Variables, Is.Empty, "the frontend makes pure SSA");
            foreach (var b in f.Blocks)
            {
                Assert.That(b.Terminator!.Origin, Is.Not.Null, $"terminator of {b} has no origin");
                foreach (var i in b.Instructions)
                {
                    Assert.That(i.Origin, Is.Not.Null, $"{IrPrinter.Print(i)} has no origin");
                    Assert.That(i.Op, Is.Not.EqualTo(Op.LoadVar).And.Not.EqualTo(Op.StoreVar));
                }
                if (b != f.Entry || f.Blocks.Count == 1 || b.Instructions.Count > 0)
                {
                    Assert.That(b.IlOffset, Is.GreaterThanOrEqualTo(0), $"{b} has no IL offset");
                }
            }
            return f;
        }

        /// <summary>Compiles <paramref name="members"/>, reads <paramref name="method"/>, and returns the diagnostic it must give and the method.</summary>
        public static (AutoDiff.Weaver.Diagnostics.DiagnosticException Error, Mono.Cecil.MethodDefinition Method) ReadFails(string members, string method, bool optimize)
        {
            var module = TestCompiler.Compile(Wrap(members), optimize, runGenerator: false).ReadModule();
            var definition = System.Linq.Enumerable.Single(module.GetType(TypeName).Methods, m => m.Name == method);
            var error = NUnit.Framework.Assert.Throws<AutoDiff.Weaver.Diagnostics.DiagnosticException>(() => AutoDiff.Weaver.Frontend.PrimalReader.Read(definition))!;
            return (error, definition);
        }

        /// <summary>The first IL instruction of the method with one of the given opcodes.</summary>
        public static Mono.Cecil.Cil.Instruction First(Mono.Cecil.MethodDefinition method, params Mono.Cecil.Cil.Code[] codes) =>
            System.Linq.Enumerable.First(method.Body.Instructions, i => System.Array.IndexOf(codes, i.OpCode.Code) >= 0);
    }
}
