using System.Linq;
using AutoDiff.Weaver.Diagnostics;
using AutoDiff.Weaver.Tests.Support;
using Mono.Cecil;
using Mono.Cecil.Cil;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Diagnostics
{
    /// <summary>
    /// <see cref="CSharpNames"/> on the references C# really compiles to (member references of
    /// generic instances carry <c>!0</c>, a <c>double[,]</c>'s element access is a call on
    /// <c>Double[0...,0...]</c>, library parameters have no names): each spelled as the user wrote it.
    /// </summary>
    [TestFixture]
    public sealed class CSharpNamesTests
    {
        private const string Source = @"using System; using System.Collections.Generic; using System.Numerics;
public struct Pair { public double A; public Pair(double a) { A = a; } public static Pair operator -(Pair p) => new Pair(-p.A); public static implicit operator double(Pair p) => p.A; }
public class Outer<T> { public class Inner { public T Value; } }
public static class Uses {
    public static T Twice<T>(T x) where T : System.Numerics.INumber<T> => x + x;
    public static double All(List<double> list, double[,] m, float[,,] cube, double[][] jagged, Span<float> span, Complex z, Outer<double>.Inner inner, double? maybe, (double, int) tuple, decimal money)
    {
        list[0] = list[1] + list.Count;
        m[0, 1] = m[1, 0];
        var local = new double[2, 3];
        ref double r = ref m[0, 0];
        r += cube[0, 0, 0] + jagged[0][0] + span[0] + Twice(2.0) + (-new Pair(1.0)) + inner.Value + (maybe ?? 0) + tuple.Item1 + (double)money;
        var w = z * new Complex(1, 2);
        return w.Real + local[0, 0] + Complex.Abs(w);
    }
    public static double Closures(double x) { double Square(double v) => v * v; Func<double, double> shift = v => v + x; return Square(x) + shift(x); }
}";

        private static ModuleDefinition _module = null!;

        [OneTimeSetUp]
        public void Compile() => _module = TestCompiler.Compile(Source, optimize: false, runGenerator: false).ReadModule();

        private static MethodDefinition All => _module.GetType("Uses").Methods.Single(m => m.Name == "All");

        /// <summary>The method that <c>All</c> calls (or constructs) named <paramref name="name"/> on a type whose name starts with <paramref name="owner"/>.</summary>
        private static MethodReference Called(string owner, string name) =>
            All.Body.Instructions.Where(i => i.Operand is MethodReference).Select(i => (MethodReference)i.Operand)
                .First(m => m.Name == name && m.DeclaringType.Name.StartsWith(owner));

        private static TypeReference ParameterType(string name) => All.Parameters.Single(p => p.Name == name).ParameterType;

        [TestCase("list", "List<double>")]
        [TestCase("m", "double[,]")]
        [TestCase("cube", "float[,,]")]
        [TestCase("jagged", "double[][]")]
        [TestCase("span", "Span<float>")]
        [TestCase("z", "Complex")]
        [TestCase("inner", "Outer<double>.Inner")]
        [TestCase("maybe", "double?")]
        [TestCase("tuple", "(double, int)")]
        [TestCase("money", "decimal")]
        public void Types_are_spelled_as_declared(string parameter, string expected)
        {
            Assert.That(CSharpNames.Type(ParameterType(parameter)), Is.EqualTo(expected));
        }

        [Test]
        public void Refs_pointers_and_open_generics()
        {
            var m = ParameterType("m");
            Assert.That(CSharpNames.Type(new ByReferenceType(m)), Is.EqualTo("ref double[,]"));
            Assert.That(CSharpNames.Type(new PointerType(_module.TypeSystem.Single)), Is.EqualTo("float*"));
            Assert.That(CSharpNames.Type(_module.GetType("Outer`1")), Is.EqualTo("Outer<T>"));
            Assert.That(CSharpNames.Type(_module.GetType("Outer`1").NestedTypes[0]), Is.EqualTo("Outer<T>.Inner"));
            Assert.That(CSharpNames.Type(new ArrayType(new ArrayType(_module.TypeSystem.Double), 2)), Is.EqualTo("double[,][]"),
                "C# writes the outer array's brackets first: a double[,][] is a matrix of double[]");
        }

        [Test]
        public void Indexers_and_properties_of_a_generic_instance_name_their_type_arguments()
        {
            var getItem = Called("List", "get_Item");
            Assert.That(getItem.ReturnType.Name, Is.EqualTo("!0"), "the reference keeps the open signature");
            Assert.That(CSharpNames.Method(getItem), Is.EqualTo("List<double>.this[int]"));
            Assert.That(CSharpNames.Method(Called("List", "set_Item")), Is.EqualTo("List<double>.this[int]"));
            Assert.That(CSharpNames.Method(Called("List", "get_Count")), Is.EqualTo("List<double>.Count"));
            Assert.That(CSharpNames.Method(Called("Span", "get_Item")), Is.EqualTo("Span<float>.this[int]"));
            Assert.That(CSharpNames.Method(Called("Complex", "get_Real")), Is.EqualTo("Complex.Real"));
            Assert.That(CSharpNames.Type(getItem.ReturnType, getItem), Is.EqualTo("double"), "!0 resolved through the declaring instance");
            Assert.That(CSharpNames.Type(getItem.ReturnType), Is.EqualTo("T"), "without a context: the declared name, not !0");
        }

        [Test]
        public void Multi_dimensional_array_accessors_are_element_accesses()
        {
            Assert.That(CSharpNames.Method(Called("Double[0...,0...]", "Get")), Is.EqualTo("an element read of double[,]"));
            Assert.That(CSharpNames.Method(Called("Double[0...,0...]", "Set")), Is.EqualTo("an element write of double[,]"));
            Assert.That(CSharpNames.Method(Called("Double[0...,0...]", "Address")), Is.EqualTo("a reference to an element of double[,]"));
            Assert.That(CSharpNames.Method(Called("Double[0...,0...]", ".ctor")), Is.EqualTo("new double[,]"));
            Assert.That(CSharpNames.Method(Called("Single[0...,0...,0...]", "Get")), Is.EqualTo("an element read of float[,,]"));
        }

        [Test]
        public void Operators_conversions_constructors_and_generic_methods()
        {
            Assert.That(CSharpNames.Method(Called("Complex", "op_Multiply")), Is.EqualTo("Complex.operator *"));
            Assert.That(CSharpNames.Method(Called("Pair", "op_UnaryNegation")), Is.EqualTo("Pair.operator -"));
            Assert.That(CSharpNames.Method(Called("Pair", "op_Implicit")), Is.EqualTo("the implicit conversion from Pair to double"));
            Assert.That(CSharpNames.Method(Called("Complex", ".ctor")), Is.EqualTo("new Complex(double, double)"));
            Assert.That(CSharpNames.Method(Called("Decimal", "op_Explicit")), Is.EqualTo("the explicit conversion from decimal to double"));
            Assert.That(CSharpNames.Method(Called("Uses", "Twice")), Is.EqualTo("Uses.Twice<double>"));
            var twice = _module.GetType("Uses").Methods.Single(m => m.Name == "Twice");
            Assert.That(CSharpNames.Type(twice.ReturnType), Is.EqualTo("T"));
            Assert.That(CSharpNames.Type(twice.ReturnType, Called("Uses", "Twice")), Is.EqualTo("double"), "!!0 resolved through the generic instance");
        }

        [Test]
        public void Local_functions_and_lambdas_are_named_by_the_method_they_are_in()
        {
            var calls = _module.GetType("Uses").Methods.Single(m => m.Name == "Closures").Body.Instructions
                .Select(i => i.Operand).OfType<MethodReference>().ToList();
            var square = calls.Single(m => m.Name.Contains("Square"));
            var lambda = calls.Single(m => m.Name.Contains("b__"));
            Assert.That(square.Name, Does.StartWith("<Closures>g__Square"));
            Assert.That(CSharpNames.Method(square), Is.EqualTo("local function Square in Uses.Closures"));
            Assert.That(lambda.DeclaringType.Name, Does.StartWith("<>c__DisplayClass"), "it captures x: a method of the closure class");
            Assert.That(CSharpNames.Method(lambda), Is.EqualTo("a lambda in Uses.Closures"));
        }

        [Test]
        public void A_library_parameter_without_a_name_is_named_from_its_declaration_or_by_position()
        {
            var setItem = Called("List", "set_Item");
            Assert.That(setItem.Parameters[1].Name, Is.Empty, "a member reference names no parameter");
            Assert.That(CSharpNames.Parameter(setItem.Parameters[1]), Is.EqualTo("'value'"), "the declaration resolves: its name");
            var unresolvable = new MethodReference("F", _module.TypeSystem.Void, new TypeReference("Nowhere", "Gone", _module, new AssemblyNameReference("Gone", new System.Version(1, 0))));
            unresolvable.Parameters.Add(new ParameterDefinition(_module.TypeSystem.Double));
            unresolvable.Parameters.Add(new ParameterDefinition(_module.TypeSystem.Double));
            Assert.That(CSharpNames.Parameter(unresolvable.Parameters[1]), Is.EqualTo("parameter 2"));
        }

        [Test]
        public void A_local_is_named_from_the_pdb_or_described()
        {
            var locals = All.Body.Variables;
            var named = locals.Select(l => CSharpNames.Local(All, l)).ToList();
            Assert.That(named, Does.Contain("local 'local'").And.Contain("local 'w'"));
            var unnamed = new VariableDefinition(_module.TypeSystem.Double);
            Assert.That(CSharpNames.Local(All, unnamed), Is.EqualTo("a local variable"));
        }
    }
}
