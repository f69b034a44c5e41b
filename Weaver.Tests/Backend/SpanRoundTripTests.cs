using System;
using System.Linq;
using AutoDiff.Weaver.IR;
using Mono.Cecil;
using NUnit.Framework;
using AutoDiff.Weaver.Tests.Support;
using static AutoDiff.Weaver.Tests.Backend.BackendFixture;

namespace AutoDiff.Weaver.Tests.Backend
{
    /// <summary>
    /// Span parameters read and written through CallOnValue (get_Item, get_Length, Slice on a copy
    /// of the span), span values kept in locals and phis: lowered into stubs, written, reloaded with
    /// every method JIT-compiled, run, and compared with the same computation in C#.
    /// </summary>
    public class SpanRoundTripTests
    {
        private delegate double SumOf(ReadOnlySpan<double> x);

        private delegate void ScaleBy(Span<double> y, double k);

        private delegate double WriteAt(Span<double> y, int start, double v);

        private delegate double Pick(Span<double> y, int skip);

        /// <summary>The members of a stub's span parameter type as C# references them (the open signature on the instance).</summary>
        private sealed class SpanMembers
        {
            public SpanMembers(ModuleDefinition module, MethodDefinition stub)
            {
                Type = (GenericInstanceType)stub.Parameters[0].ParameterType;
                // !0: the first type parameter of an open Span`1 made for the purpose.
                var owner = new TypeReference(Type.ElementType.Namespace, Type.ElementType.Name, module, Type.ElementType.Scope, valueType: true);
                owner.GenericParameters.Add(new GenericParameter(owner));
                var t = owner.GenericParameters[0];
                // ReadOnlySpan's indexer returns `ref readonly T`: T& modreq(InAttribute), part of the signature the runtime binds.
                TypeReference item = new ByReferenceType(t);
                if (Type.ElementType.Name == "ReadOnlySpan`1")
                {
                    item = new RequiredModifierType(new TypeReference("System.Runtime.InteropServices", "InAttribute", module, Type.ElementType.Scope), item);
                }
                GetItem = new MethodReference("get_Item", item, Type) { HasThis = true };
                GetItem.Parameters.Add(new ParameterDefinition(module.TypeSystem.Int32));
                GetLength = new MethodReference("get_Length", module.TypeSystem.Int32, Type) { HasThis = true };
                var open = new GenericInstanceType(Type.ElementType);
                open.GenericArguments.Add(t);
                Slice = new MethodReference("Slice", open, Type) { HasThis = true };
                Slice.Parameters.Add(new ParameterDefinition(module.TypeSystem.Int32));
            }

            public GenericInstanceType Type { get; }

            public TypeReference Element => Type.GenericArguments[0];

            public MethodReference GetItem { get; }

            public MethodReference GetLength { get; }

            public MethodReference Slice { get; }

            /// <summary>span[i], a managed pointer into the span's memory.</summary>
            public Instruction Item(IrBuilder b, Value span, Value i) => b.CallOnValue(GetItem, IrType.ByRef(Element), span, i);

            public Instruction Length(IrBuilder b, Value span) => b.CallOnValue(GetLength, IrType.Int32, span);
        }

        private static (ModuleDefinition Module, SpanMembers Span) Prepare(string stub)
        {
            var module = ReadModule();
            return (module, new SpanMembers(module, Stub(module, stub, SpanStubsType)));
        }

        [Test]
        public void Sum_of_a_read_only_span_in_a_loop()
        {
            // s = 0; for (i = 0; i < x.Length; i++) s += x[i]; return s
            var (module, span) = Prepare("Sum");
            EmitInto(module, "Sum", (f, b) =>
            {
                var x = f.Parameters[0];
                Assert.That(x.Type.Kind, Is.EqualTo(IrTypeKind.Struct));
                var header = f.AddBlock("header");
                var body = f.AddBlock("body");
                var exit = f.AddBlock("exit");
                b.Jump(header);
                var i = f.AddPhi(header, IrType.Int32);
                var s = f.AddPhi(header, IrType.Float64);
                b.Block = header;
                b.Branch(b.Compare(CompareKind.Lt, i, span.Length(b, x)), body, exit);
                b.Block = body;
                var next = b.Add(s, b.LoadIndirect(span.Element, span.Item(b, x, i)));
                var step = b.Add(i, b.ConstInt(1));
                b.Jump(header);
                i.Incoming.Add(new PhiIncoming(f.Entry, b.ConstInt(0)));
                i.Incoming.Add(new PhiIncoming(body, step));
                s.Incoming.Add(new PhiIncoming(f.Entry, b.Const(IrType.Float64, 0)));
                s.Incoming.Add(new PhiIncoming(body, next));
                b.Block = exit;
                b.Return(s);
            }, SpanStubsType);
            using var woven = WovenAssembly.Load(module);
            var fn = woven.Get<SumOf>(SpanStubsType, "Sum");
            var data = new[] { 1.5, -2, 4.25, 8, 1e-3 };
            Assert.That(fn(data), Is.EqualTo(data.Sum()));
            Assert.That(fn(data.AsSpan(1, 3)), Is.EqualTo(-2 + 4.25 + 8));
            Assert.That(fn(ReadOnlySpan<double>.Empty), Is.EqualTo(0));
        }

        [Test]
        public void Scale_in_place_through_element_references()
        {
            // for (i = 0; i < y.Length; i++) { p = &y[i]; *p = *p * k; }
            var (module, span) = Prepare("Scale");
            EmitInto(module, "Scale", (f, b) =>
            {
                var (y, k) = (f.Parameters[0], f.Parameters[1]);
                var header = f.AddBlock("header");
                var body = f.AddBlock("body");
                var exit = f.AddBlock("exit");
                b.Jump(header);
                var i = f.AddPhi(header, IrType.Int32);
                b.Block = header;
                b.Branch(b.Compare(CompareKind.Lt, i, span.Length(b, y)), body, exit);
                b.Block = body;
                var p = span.Item(b, y, i);
                b.StoreIndirect(span.Element, p, b.Mul(b.LoadIndirect(span.Element, p), k));
                var step = b.Add(i, b.ConstInt(1));
                b.Jump(header);
                i.Incoming.Add(new PhiIncoming(f.Entry, b.ConstInt(0)));
                i.Incoming.Add(new PhiIncoming(body, step));
                b.Block = exit;
                b.Return(null);
            }, SpanStubsType);
            using var woven = WovenAssembly.Load(module);
            var fn = woven.Get<ScaleBy>(SpanStubsType, "Scale");
            var data = new[] { 1.0, 2, 3, 4, 5 };
            fn(data.AsSpan(1, 3), 10);
            Assert.That(data, Is.EqualTo(new[] { 1.0, 20, 30, 40, 5 }));
            fn(Span<double>.Empty, 2);
        }

        [Test]
        public void A_slice_kept_in_a_local_across_blocks_writes_into_the_callers_memory()
        {
            // t = y.Slice(start); (next block) t[0] = v; return y[start] * 1000 + t.Length
            var (module, span) = Prepare("WriteThroughSlice");
            EmitInto(module, "WriteThroughSlice", (f, b) =>
            {
                var (y, start, v) = (f.Parameters[0], f.Parameters[1], f.Parameters[2]);
                var t = b.CallOnValue(span.Slice, IrType.Struct(span.Type), y, start);
                var next = f.AddBlock("next");
                b.Jump(next);
                b.Block = next;
                b.StoreIndirect(span.Element, span.Item(b, t, b.ConstInt(0)), v);
                var read = b.LoadIndirect(span.Element, span.Item(b, y, start));
                b.Return(b.Add(b.Mul(read, b.Const(IrType.Float64, 1000)), b.Convert(ConversionKind.R8, span.Length(b, t))));
            }, SpanStubsType);
            using var woven = WovenAssembly.Load(module);
            var fn = woven.Get<WriteAt>(SpanStubsType, "WriteThroughSlice");
            var data = new[] { 1.0, 2, 3, 4 };
            Assert.That(fn(data, 1, 7.5), Is.EqualTo(7.5 * 1000 + 3));
            Assert.That(data, Is.EqualTo(new[] { 1.0, 7.5, 3, 4 }));
            Assert.Throws<ArgumentOutOfRangeException>(() => fn(data, 5, 0));
            Assert.Throws<IndexOutOfRangeException>(() => fn(data, 4, 0));
        }

        [Test]
        public void A_phi_of_spans()
        {
            // s = skip > 0 ? y.Slice(skip) : y; return s[0] + s.Length
            var (module, span) = Prepare("PickSpan");
            EmitInto(module, "PickSpan", (f, b) =>
            {
                var (y, skip) = (f.Parameters[0], f.Parameters[1]);
                var sliced = f.AddBlock("sliced");
                var join = f.AddBlock("join");
                b.Branch(b.Compare(CompareKind.Gt, skip, b.ConstInt(0)), sliced, join);
                b.Block = sliced;
                var t = b.CallOnValue(span.Slice, IrType.Struct(span.Type), y, skip);
                b.Jump(join);
                var s = f.AddPhi(join, IrType.Struct(span.Type));
                s.Incoming.Add(new PhiIncoming(f.Entry, y));
                s.Incoming.Add(new PhiIncoming(sliced, t));
                b.Block = join;
                var first = b.LoadIndirect(span.Element, span.Item(b, s, b.ConstInt(0)));
                b.Return(b.Add(first, b.Convert(ConversionKind.R8, span.Length(b, s))));
            }, SpanStubsType);
            using var woven = WovenAssembly.Load(module);
            var fn = woven.Get<Pick>(SpanStubsType, "PickSpan");
            var data = new[] { 10.0, 20, 30 };
            Assert.That(fn(data, 0), Is.EqualTo(13));
            Assert.That(fn(data, 2), Is.EqualTo(31));
        }
    }
}
