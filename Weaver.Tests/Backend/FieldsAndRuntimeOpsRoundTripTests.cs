using System;
using System.Linq;
using AutoDiff.Weaver.IR;
using Mono.Cecil;
using NUnit.Framework;
using static AutoDiff.Weaver.Tests.Backend.BackendFixture;

namespace AutoDiff.Weaver.Tests.Backend
{
    /// <summary>
    /// Fields (instance, address, static readonly), class construction, string constants and
    /// throw, and calls on a struct variable by address (a plain struct and a generic one
    /// referenced as the tape is).
    /// </summary>
    public class FieldsAndRuntimeOpsRoundTripTests
    {
        private static FieldReference BoxValue(ModuleDefinition module) => module.GetType("Fixtures.Box").Fields.Single(x => x.Name == "Value");

        [Test]
        public void Class_field_read_write_and_address()
        {
            // old = box.Value; box.Value = v * 2; p = &box.Value; *p = *p + 1; return old * 100 + box.Value
            var module = ReadModule();
            using var woven = WeaveMemory(module, "BoxFields", (f, b) =>
            {
                var (box, v) = (f.Parameters[0], f.Parameters[1]);
                var value = BoxValue(module);
                var old = b.LoadField(value, box);
                b.StoreField(value, box, b.Mul(v, b.Const(IrType.Float64, 2)));
                var p = b.FieldAddress(value, box);
                b.StoreIndirect(module.TypeSystem.Double, p, b.Add(b.LoadIndirect(module.TypeSystem.Double, p), b.Const(IrType.Float64, 1)));
                b.Return(b.Add(b.Mul(old, b.Const(IrType.Float64, 100)), b.LoadField(value, box)));
            });
            var boxType = woven.Assembly.GetType("Fixtures.Box")!;
            var instance = Activator.CreateInstance(boxType, 3.0)!;
            var result = woven.Assembly.GetType(MemoryStubsType)!.GetMethod("BoxFields")!.Invoke(null, new[] { instance, 5.0 });
            Assert.That(result, Is.EqualTo(3.0 * 100 + 11));
            Assert.That(boxType.GetField("Value")!.GetValue(instance), Is.EqualTo(11.0));
        }

        [Test]
        public void New_instance_of_a_class()
        {
            // box = new Box(v); p = &box.Value; *p = *p + 1; return box.Value
            var module = ReadModule();
            using var woven = WeaveMemory(module, "NewBox", (f, b) =>
            {
                var ctor = module.GetType("Fixtures.Box").Methods.Single(m => m.IsConstructor && !m.IsStatic);
                var box = b.NewObject(ctor, f.Parameters[0]);
                Assert.That(box.Type.Kind, Is.EqualTo(IrTypeKind.Object));
                var p = b.FieldAddress(BoxValue(module), box);
                b.StoreIndirect(module.TypeSystem.Double, p, b.Add(b.LoadIndirect(module.TypeSystem.Double, p), b.Const(IrType.Float64, 1)));
                b.Return(b.LoadField(BoxValue(module), box));
            });
            Assert.That(woven.Get<Func<double, double>>(MemoryStubsType, "NewBox")(4.5), Is.EqualTo(5.5));
        }

        [Test]
        public void Static_readonly_field()
        {
            var module = ReadModule();
            using var woven = WeaveMemory(module, "TimesScale", (f, b) =>
            {
                var scale = module.GetType("Fixtures.Constants").Fields.Single(x => x.Name == "Scale");
                b.Return(b.Mul(f.Parameters[0], b.LoadStaticField(scale)));
            });
            Assert.That(woven.Get<Func<double, double>>(MemoryStubsType, "TimesScale")(4), Is.EqualTo(4 * Math.Sqrt(6.25)));
        }

        [Test]
        public void String_constant_passed_to_an_exception_and_thrown()
        {
            // if (x < 0) throw new InvalidOperationException("x must not be negative"); return Math.Sqrt(x)
            var module = ReadModule();
            using var woven = WeaveMemory(module, "Checked", (f, b) =>
            {
                var x = f.Parameters[0];
                var fail = f.AddBlock("fail");
                var ok = f.AddBlock("ok");
                b.Branch(b.Compare(CompareKind.Lt, x, b.Const(IrType.Float64, 0)), fail, ok);
                b.Block = fail;
                var ctor = module.ImportReference(typeof(InvalidOperationException).GetConstructor(new[] { typeof(string) }));
                var message = b.LoadString(module.TypeSystem.String, "x must not be negative");
                b.Throw(b.NewObject(ctor, message));
                b.Block = ok;
                b.Return(b.Call(MathMethod(module, "Sqrt"), x));
            });
            var fn = woven.Get<Func<double, double>>(MemoryStubsType, "Checked");
            Assert.That(fn(6.25), Is.EqualTo(2.5));
            Assert.That(() => fn(-1), Throws.TypeOf<InvalidOperationException>().With.Message.EqualTo("x must not be negative"));
        }

        [Test]
        public void Calls_on_a_struct_variable_by_address()
        {
            // c.Add(x); c.Add(y); old = c (a copy); c.Add(100); d = old; return d.Get() * 1000 + c.Get()
            // The copy is read before the third Add: the load must not be moved to its store.
            var module = ReadModule();
            using var woven = WeaveMemory(module, "CountTwice", (f, b) =>
            {
                var counter = module.GetType("Fixtures.Counter");
                var add = counter.Methods.Single(m => m.Name == "Add");
                var get = counter.Methods.Single(m => m.Name == "Get");
                var c = f.AddVariable(IrType.Struct(counter), "c");
                var d = f.AddVariable(IrType.Struct(counter), "d");
                b.CallOnVariable(c, add, IrType.Void, f.Parameters[0]);
                b.CallOnVariable(c, add, IrType.Void, f.Parameters[1]);
                var old = b.Load(c);
                b.CallOnVariable(c, add, IrType.Void, b.ConstInt(100));
                b.Store(d, old);
                var copied = b.CallOnVariable(d, get, IrType.Int32);
                b.Return(b.Add(b.Mul(copied, b.ConstInt(1000)), b.CallOnVariable(c, get, IrType.Int32)));
            });
            var fn = woven.Get<Func<int, int, int>>(MemoryStubsType, "CountTwice");
            Assert.That(fn(3, 4), Is.EqualTo(7 * 1000 + 107));
        }

        [Test]
        public void Calls_on_a_generic_struct_variable_through_the_open_signature()
        {
            // acc: Accumulator<double>; acc.Push(x); acc.Push(y); return acc.Last() * acc.Count()
            var module = ReadModule();
            using var woven = WeaveMemory(module, "PushTwice", (f, b) =>
            {
                var open = module.GetType("Fixtures.Accumulator`1");
                var closed = new GenericInstanceType(open);
                closed.GenericArguments.Add(module.TypeSystem.Double);
                var t = open.GenericParameters[0];
                var push = new MethodReference("Push", module.TypeSystem.Void, closed) { HasThis = true };
                push.Parameters.Add(new ParameterDefinition(t));
                var last = new MethodReference("Last", t, closed) { HasThis = true };
                var count = new MethodReference("Count", module.TypeSystem.Int32, closed) { HasThis = true };
                var acc = f.AddVariable(IrType.Struct(closed), "acc");
                b.CallOnVariable(acc, push, IrType.Void, f.Parameters[0]);
                b.CallOnVariable(acc, push, IrType.Void, f.Parameters[1]);
                var n = b.Convert(ConversionKind.R8, b.CallOnVariable(acc, count, IrType.Int32));
                b.Return(b.Mul(b.CallOnVariable(acc, last, IrType.Float64), n));
            });
            Assert.That(woven.Get<Func<double, double, double>>(MemoryStubsType, "PushTwice")(1.5, 4), Is.EqualTo(8));
        }
    }
}
