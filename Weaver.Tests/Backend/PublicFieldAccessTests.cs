using System.Linq;
using System.Numerics;
using AutoDiff.Weaver.Backend;
using AutoDiff.Weaver.Diagnostics;
using AutoDiff.Weaver.IR;
using AutoDiff.Weaver.Tests.Support;
using Mono.Cecil;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Backend
{
    /// <summary>
    /// PublicFieldAccess on derivative IR written by hand: a framework struct with private fields
    /// (Complex) is built and read through its public constructor and getters, and a use of a
    /// private field that has no public equivalent is AD4004, naming the field and the type.
    /// </summary>
    public sealed class PublicFieldAccessTests
    {
        private static ModuleDefinition Module() => TestCompiler.Compile("public static class Empty { }", optimize: false, runGenerator: false).ReadModule();

        private static FieldReference ComplexField(ModuleDefinition module, string name) =>
            new FieldReference(name, module.TypeSystem.Double, module.ImportReference(typeof(Complex)));

        [Test]
        public void Boundaries_go_through_the_constructor_and_the_getters()
        {
            var module = Module();
            var complex = module.ImportReference(typeof(Complex));
            var f = new Function("f", IrType.Struct(complex), null);
            var z = f.AddParameter(IrType.Struct(complex), "z");
            var element = f.AddParameter(IrType.ByRef(complex), "element");
            var b = new IrBuilder(f, f.AddBlock());
            var re = b.LoadField(ComplexField(module, "m_real"), z);
            var im = b.LoadField(ComplexField(module, "m_imaginary"), z);
            var address = b.FieldAddress(ComplexField(module, "m_imaginary"), element);
            b.StoreIndirect(module.TypeSystem.Double, address, b.Add(b.LoadIndirect(module.TypeSystem.Double, address), re));
            b.Return(b.MakeStruct(complex, b.Mul(re, im), im));

            PublicFieldAccess.Run(f, module);

            var all = f.Blocks.SelectMany(block => block.Instructions).ToList();
            Assert.That(all.Where(i => i.Field != null), Is.Empty, IrPrinter.Print(f));
            Assert.That(all.Where(i => i.Op == Op.MakeStruct), Is.Empty, IrPrinter.Print(f));
            Assert.That(all.Where(i => i.Op == Op.CallOnValue).Select(i => i.Method!.Name), Is.EqualTo(new[] { "get_Real", "get_Imaginary" }));
            // *element = new Complex(element->Real, element->Imaginary + re), then the result.
            Assert.That(all.Where(i => i.Op == Op.Call).Select(i => i.Method!.Name), Is.EquivalentTo(new[] { "get_Imaginary", "get_Real" }));
            Assert.That(all.Count(i => i.Op == Op.NewObj && i.Method!.Name == ".ctor"), Is.EqualTo(2));
            Assert.That(all.Single(i => i.Op == Op.StoreIndirect).Operands[0], Is.SameAs(element));
            Assert.That(IrVerifier.Verify(f), Is.Empty);
        }

        [Test]
        public void A_private_field_address_handed_on_is_refused()
        {
            var module = Module();
            var complex = module.ImportReference(typeof(Complex));
            var f = new Function("f", IrType.ByRef(module.TypeSystem.Double), null);
            var element = f.AddParameter(IrType.ByRef(complex), "element");
            var b = new IrBuilder(f, f.AddBlock());
            b.Return(b.FieldAddress(ComplexField(module, "m_real"), element));
            var e = Assert.Throws<DiagnosticException>(() => PublicFieldAccess.Run(f, module))!;
            Assert.That(e.Descriptor.Code, Is.EqualTo("AD4004"));
            Assert.That(e.What, Does.Contain("the private field 'm_real' of Complex, whose address the derivative would hand on"));
            IlNotation.AssertAbsent(e.Descriptor.Code, e.What);
        }

        [Test]
        public void A_private_static_field_is_refused()
        {
            var module = Module();
            var f = new Function("f", IrType.Float64, null);
            var b = new IrBuilder(f, f.AddBlock());
            b.Return(b.LoadStaticField(ComplexField(module, "s_sqrtRescaleThreshold")));
            var e = Assert.Throws<DiagnosticException>(() => PublicFieldAccess.Run(f, module))!;
            Assert.That(e.Descriptor.Code, Is.EqualTo("AD4004"));
            Assert.That(e.What, Does.Contain("the private field 's_sqrtRescaleThreshold' of Complex"));
        }

        [Test]
        public void A_framework_struct_without_a_public_shape_is_refused()
        {
            // DateTime's constructors check their arguments and its getters compute: no one-to-one pair.
            var module = Module();
            var dateTime = module.ImportReference(typeof(System.DateTime));
            var f = new Function("f", IrType.Struct(dateTime), null);
            var data = f.AddParameter(IrType.Int64, "data");
            var b = new IrBuilder(f, f.AddBlock());
            b.Return(b.MakeStruct(dateTime, data));
            var e = Assert.Throws<DiagnosticException>(() => PublicFieldAccess.Run(f, module))!;
            Assert.That(e.Descriptor.Code, Is.EqualTo("AD4004"));
            Assert.That(e.What, Does.Contain("a DateTime value crosses the derivative's boundary"));
        }
    }
}
