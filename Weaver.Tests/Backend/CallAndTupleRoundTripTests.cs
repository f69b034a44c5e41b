using System;
using System.Reflection;
using AutoDiff.Weaver.Backend;
using AutoDiff.Weaver.IR;
using Mono.Cecil;
using NUnit.Framework;
using static AutoDiff.Weaver.Tests.Backend.BackendFixture;

namespace AutoDiff.Weaver.Tests.Backend
{
    /// <summary>Calls (imported, pure and with side effects), tuples built by <see cref="TupleBuilder"/>, extern and instance stubs.</summary>
    public class CallAndTupleRoundTripTests
    {
        [Test]
        public void Math_calls_including_one_imported_from_another_module()
        {
            var module = ReadModule();
            // Cos comes from a reference in a different module, as a primal's callee might.
            using var other = ModuleDefinition.CreateModule("Other", ModuleKind.Dll);
            var cos = other.ImportReference(typeof(Math).GetMethod(nameof(Math.Cos), new[] { typeof(double) }));
            using var woven = Weave(module, "DD_D", (f, b) =>
            {
                var sin = MathMethod(module, "Sin");
                var x = f.Parameters[0];
                b.Return(b.Add(b.Mul(b.Call(sin, x), f.Parameters[1]), b.Call(cos, x)));
            });
            var fn = woven.Get<Func<double, double, double>>(StubsType, "DD_D");
            Assert.That(fn(0.7, 3), Is.EqualTo(Math.Sin(0.7) * 3 + Math.Cos(0.7)));
        }

        [Test]
        public void Side_effects_keep_their_order_and_unused_results_are_popped()
        {
            var module = ReadModule();
            var record = Stub(module, "Record", "Fixtures.Log");
            using var woven = Weave(module, "DD_D", (f, b) =>
            {
                var first = b.Call(record, f.Parameters[0]);
                var second = b.Call(record, f.Parameters[1]);
                b.Call(record, b.Const(IrType.Float64, 3)); // unused: still called, result popped
                b.Return(b.Sub(second, first)); // uses in the other order
            });
            var fn = woven.Get<Func<double, double, double>>(StubsType, "DD_D");
            Assert.That(fn(1, 2), Is.EqualTo(1));
            var log = woven.Assembly.GetType("Fixtures.Log")!.GetField("Text", BindingFlags.Public | BindingFlags.Static)!;
            Assert.That(log.GetValue(null), Is.EqualTo("1;2;3;"));
        }

        [Test]
        public void Void_function_with_a_call()
        {
            var module = ReadModule();
            var record = Stub(module, "Record", "Fixtures.Log");
            using var woven = Weave(module, "D_V", (f, b) =>
            {
                b.Call(record, b.Mul(f.Parameters[0], b.Const(IrType.Float64, 2)));
                b.Return(null);
            });
            woven.Get<Action<double>>(StubsType, "D_V")(4);
            var log = woven.Assembly.GetType("Fixtures.Log")!.GetField("Text")!;
            Assert.That(log.GetValue(null), Is.EqualTo("8;"));
        }

        [Test]
        public void Returns_a_pair_built_by_TupleBuilder()
        {
            var module = ReadModule();
            using var woven = Weave(module, "Pair", (f, b) =>
            {
                var x = f.Parameters[0];
                var y = f.Parameters[1];
                b.Return(TupleBuilder.Build(b, Stub(module, "Pair").ReturnType, new Value[] { b.Mul(x, y), b.Sub(x, y) }));
            });
            var fn = woven.Get<Func<double, double, ValueTuple<double, double>>>(StubsType, "Pair");
            Assert.That(fn(3, 2), Is.EqualTo((6.0, 1.0)));
        }

        [Test]
        public void Returns_a_nine_element_tuple_with_a_nested_rest()
        {
            var module = ReadModule();
            var resultType = Stub(module, "Nine").ReturnType;
            Assert.That(TupleBuilder.ElementCount(resultType), Is.EqualTo(9));
            using var woven = Weave(module, "Nine", (f, b) =>
            {
                var elements = new Value[9];
                for (int k = 0; k < 9; k++) elements[k] = b.Mul(f.Parameters[0], b.Const(IrType.Float64, k + 1));
                b.Return(TupleBuilder.Build(b, resultType, elements));
            });
            var fn = woven.Get<Func<double, (double, double, double, double, double, double, double, double, double)>>(StubsType, "Nine");
            Assert.That(fn(2), Is.EqualTo((2.0, 4.0, 6.0, 8.0, 10.0, 12.0, 14.0, 16.0, 18.0)));
        }

        [Test]
        public void TupleBuilder_returns_a_scalar_as_is_and_checks_counts()
        {
            var module = ReadModule();
            var stub = Stub(module, "D_D");
            var f = NewFunction(stub);
            var b = new AutoDiff.Weaver.IR.IrBuilder(f, f.Entry);
            Assert.That(TupleBuilder.Build(b, stub.ReturnType, new Value[] { f.Parameters[0] }), Is.SameAs(f.Parameters[0]));
            Assert.That(() => TupleBuilder.Build(b, Stub(module, "Pair").ReturnType, new Value[] { f.Parameters[0] }),
                Throws.InvalidOperationException.With.Message.Contains("holds 2 values"));
        }

        [TestCase("Extern")]
        [TestCase("PInvoke")]
        public void Extern_stub_gets_a_managed_body(string name)
        {
            var module = ReadModule();
            Assert.That(Stub(module, name).RVA, Is.EqualTo(0), "the fixture's extern stub has no IL to begin with");
            using var woven = Weave(module, name, (f, b) => b.Return(b.Add(f.Parameters[0], b.Const(IrType.Float64, 1))));
            Assert.That(woven.Get<Func<double, double>>(StubsType, name)(41), Is.EqualTo(42));
            var method = woven.Assembly.GetType(StubsType)!.GetMethod(name)!;
            Assert.That(method.Attributes & System.Reflection.MethodAttributes.PinvokeImpl, Is.EqualTo((System.Reflection.MethodAttributes)0));
        }

        [Test]
        public void Instance_stub_reads_its_arguments_after_this()
        {
            var module = ReadModule();
            EmitInto(module, "Scale", (f, b) =>
            {
                Assert.That(f.Parameters[0].Type.Kind, Is.EqualTo(IrTypeKind.Object));
                b.Return(b.Mul(f.Parameters[1], b.Const(IrType.Float64, 2)));
            }, "Fixtures.Scaler");
            using var woven = Support.WovenAssembly.Load(module);
            var type = woven.Assembly.GetType("Fixtures.Scaler")!;
            var scaler = Activator.CreateInstance(type);
            Assert.That(type.GetMethod("Scale")!.Invoke(scaler, new object[] { 5.0 }), Is.EqualTo(10.0));
        }
    }
}
