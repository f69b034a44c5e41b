using System;
using System.Linq;
using AutoDiff.Weaver.Backend;
using AutoDiff.Weaver.IR;
using AutoDiff.Weaver.Tests.Support;
using Mono.Cecil;

namespace AutoDiff.Weaver.Tests.Backend
{
    /// <summary>
    /// A fixture assembly of stubs (bodies that throw, and an extern one) that backend tests
    /// fill with hand-built IR, then write, reload and run. Compiled once; each test reads its
    /// own copy of the module.
    /// </summary>
    internal static class BackendFixture
    {
        public const string StubsType = "Fixtures.Stubs";

        public const string MemoryStubsType = "Fixtures.MemoryStubs";

        public const string SpanStubsType = "Fixtures.SpanStubs";

        private const string Source = @"
using System;
namespace Fixtures
{
    [AttributeUsage(AttributeTargets.Method)]
    public sealed class StubAttribute : Attribute { }

    public static class Stubs
    {
        public static double DD_D(double x, double y) => throw new NotImplementedException();
        public static double D_D(double x) => throw new NotImplementedException();
        public static float FF_F(float x, float y) => throw new NotImplementedException();
        public static int II_I(int x, int y) => throw new NotImplementedException();
        public static long LL_L(long x, long y) => throw new NotImplementedException();
        public static int DD_I(double x, double y) => throw new NotImplementedException();
        public static int FF_I(float x, float y) => throw new NotImplementedException();
        public static int LL_I(long x, long y) => throw new NotImplementedException();
        public static int L_I(long x) => throw new NotImplementedException();
        public static long L_L(long x) => throw new NotImplementedException();
        public static long D_L(double x) => throw new NotImplementedException();
        public static double L_D(long x) => throw new NotImplementedException();
        public static float D_F(double x) => throw new NotImplementedException();
        public static double DDI_D(double a, double b, int n) => throw new NotImplementedException();
        public static double ID_D(int k, double x) => throw new NotImplementedException();
        public static void D_V(double x) => throw new NotImplementedException();
        public static (double, double) Pair(double x, double y) => throw new NotImplementedException();
        public static (double, double, double, double, double, double, double, double, double) Nine(double x) => throw new NotImplementedException();
        [Stub] public static extern double Extern(double x);
        [System.Runtime.InteropServices.DllImport(""no-such-library"")] public static extern double PInvoke(double x);
    }

    public static class Log
    {
        public static string Text = """";
        public static double Record(double v) { Text += v.ToString(System.Globalization.CultureInfo.InvariantCulture) + "";""; return v; }
    }

    public sealed class Scaler
    {
        public double Factor = 3;
        public double Scale(double x) => throw new NotImplementedException();
    }

    public static class MemoryStubs
    {
        public static double Sum(double[] a) => throw new NotImplementedException();
        public static double StoreThenLoad(double[] a, int i, double v) => throw new NotImplementedException();
        public static void ScaleElement(double[] a, int i, double k) => throw new NotImplementedException();
        public static void ScaleRef(ref double x, double k) => throw new NotImplementedException();
        public static double ReadIn(in double x) => throw new NotImplementedException();
        public static double Split(double x, out double fraction) => throw new NotImplementedException();
        public static double Jagged(double[][] a, int i, int j) => throw new NotImplementedException();
        public static DayOfWeek EnumElements(DayOfWeek[] a, int i, int j) => throw new NotImplementedException();
        public static double[] Filled(int n, double v) => throw new NotImplementedException();
        public static double PickRef(double[] a, int i, int j, int which, double v) => throw new NotImplementedException();
        public static double LoadUnused(double[] a, int i) => throw new NotImplementedException();
        public static double BoxFields(Box box, double v) => throw new NotImplementedException();
        public static double NewBox(double v) => throw new NotImplementedException();
        public static double TimesScale(double x) => throw new NotImplementedException();
        public static double Checked(double x) => throw new NotImplementedException();
        public static int CountTwice(int x, int y) => throw new NotImplementedException();
        public static double PushTwice(double x, double y) => throw new NotImplementedException();
    }

    public static class SpanStubs
    {
        public static double Sum(ReadOnlySpan<double> x) => throw new NotImplementedException();
        public static void Scale(Span<double> y, double k) => throw new NotImplementedException();
        public static double WriteThroughSlice(Span<double> y, int start, double v) => throw new NotImplementedException();
        public static double PickSpan(Span<double> y, int skip) => throw new NotImplementedException();
    }

    public sealed class Box
    {
        public double Value;
        public Box(double value) { Value = value; }
    }

    public static class Constants
    {
        public static readonly double Scale = Math.Sqrt(6.25);
    }

    public struct Counter
    {
        int n;
        public void Add(int k) => n += k;
        public int Get() => n;
    }

    // Generic like the runtime tape: its methods are referenced on Accumulator<double> with the open signature (!0).
    public struct Accumulator<T>
    {
        T last;
        int count;
        public void Push(T value) { last = value; count++; }
        public T Last() => last;
        public int Count() => count;
    }
}";

        private static readonly Lazy<CompiledAssembly> Compiled =
            new Lazy<CompiledAssembly>(() => TestCompiler.Compile(Source, optimize: true, runGenerator: false, assemblyName: "BackendFixture"));

        public static ModuleDefinition ReadModule() => Compiled.Value.ReadModule();

        public static MethodDefinition Stub(ModuleDefinition module, string name, string type = StubsType) =>
            module.GetType(type).Methods.Single(m => m.Name == name);

        /// <summary>An IR function with the stub's parameters (<c>this</c> first) and an empty entry block.</summary>
        public static Function NewFunction(MethodDefinition stub)
        {
            var returnType = stub.ReturnType;
            var f = new Function(stub.Name, IrType.FromClr(returnType) ?? IrType.Struct(returnType), stub);
            if (stub.HasThis) f.AddParameter(IrType.Object(stub.DeclaringType), "this");
            foreach (var p in stub.Parameters) f.AddParameter(IrType.FromClr(p.ParameterType)!, p.Name);
            f.AddBlock("entry");
            return f;
        }

        /// <summary>Builds IR for one stub with <paramref name="build"/>, emits it, writes and loads the module.</summary>
        public static WovenAssembly Weave(string stub, Action<Function, IrBuilder> build) => Weave(ReadModule(), stub, build);

        public static WovenAssembly Weave(ModuleDefinition module, string stub, Action<Function, IrBuilder> build)
        {
            EmitInto(module, stub, build);
            return WovenAssembly.Load(module);
        }

        /// <summary>Builds and emits IR into one stub of <paramref name="module"/>; returns the function (verified first).</summary>
        public static Function EmitInto(ModuleDefinition module, string stub, Action<Function, IrBuilder> build, string type = StubsType)
        {
            var method = Stub(module, stub, type);
            var f = NewFunction(method);
            build(f, new IrBuilder(f, f.Entry));
            var errors = IrVerifier.Verify(f, checkDominance: false);
            if (errors.Count > 0) throw new InvalidOperationException("The test built unsound IR:\n" + string.Join("\n", errors) + "\n" + f);
            IlEmitter.Emit(f, method);
            return f;
        }

        /// <summary>Emits IR into one stub of Fixtures.MemoryStubs, then writes and loads the module.</summary>
        public static WovenAssembly WeaveMemory(ModuleDefinition module, string stub, Action<Function, IrBuilder> build)
        {
            EmitInto(module, stub, build, MemoryStubsType);
            return WovenAssembly.Load(module);
        }

        /// <summary>A reference to a static System.Math method taking doubles, scoped to the module's core library.</summary>
        public static MethodReference MathMethod(ModuleDefinition module, string name, int arity = 1)
        {
            var math = new TypeReference("System", "Math", module, module.TypeSystem.CoreLibrary);
            var method = new MethodReference(name, module.TypeSystem.Double, math);
            for (int k = 0; k < arity; k++) method.Parameters.Add(new ParameterDefinition(module.TypeSystem.Double));
            return method;
        }
    }
}
