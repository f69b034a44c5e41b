using System;
using System.Linq;
using AutoDiff.Weaver.Diagnostics;
using AutoDiff.Weaver.Frontend;
using AutoDiff.Weaver.IR;
using AutoDiff.Weaver.Tests.Support;
using Mono.Cecil;
using Mono.Cecil.Cil;
using NUnit.Framework;

namespace AutoDiff.Weaver.Tests.Frontend
{
    /// <summary>IL shapes C# rarely or never emits, written by hand with Cecil, read by the frontend.</summary>
    public class HandWrittenIlTests
    {
        /// <summary>A static method <c>int M(int n)</c> (or the given signature) in a fresh module, its body written by <paramref name="emit"/>.</summary>
        private static MethodDefinition Method(Action<ILProcessor, MethodDefinition> emit, string returns = "Int32", params string[] parameters)
        {
            var module = ModuleDefinition.CreateModule("HandWritten", ModuleKind.Dll);
            TypeReference Type(string name) => name switch
            {
                "Int32" => module.TypeSystem.Int32,
                "Single" => module.TypeSystem.Single,
                "Double" => module.TypeSystem.Double,
                "Single[]" => new ArrayType(module.TypeSystem.Single),
                "Object[]" => new ArrayType(module.TypeSystem.Object),
                "Double&" => new ByReferenceType(module.TypeSystem.Double),
                "Object&" => new ByReferenceType(module.TypeSystem.Object),
                "IntPtr" => module.TypeSystem.IntPtr,
                _ => throw new ArgumentException(name),
            };
            var type = new TypeDefinition("", "H", TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed, module.TypeSystem.Object);
            module.Types.Add(type);
            var method = new MethodDefinition("M", MethodAttributes.Public | MethodAttributes.Static, Type(returns));
            if (parameters.Length == 0) parameters = new[] { "Int32" };
            for (int i = 0; i < parameters.Length; i++) method.Parameters.Add(new ParameterDefinition("p" + i, ParameterAttributes.None, Type(parameters[i])));
            type.Methods.Add(method);
            emit(method.Body.GetILProcessor(), method);
            return method;
        }

        [Test]
        public void ValueCarriedOnTheStackAroundALoop()
        {
            // acc stays on the stack across the back edge: int M(n) { acc = 0; while (n != 0) { acc += n; n--; } return acc; }
            var method = Method((il, m) =>
            {
                var head = il.Create(OpCodes.Ldarg_0);
                var exit = il.Create(OpCodes.Ret);
                il.Emit(OpCodes.Ldc_I4_0);
                il.Append(head);
                il.Emit(OpCodes.Brfalse_S, exit);
                il.Emit(OpCodes.Ldarg_0);
                il.Emit(OpCodes.Add);
                il.Emit(OpCodes.Ldarg_0);
                il.Emit(OpCodes.Ldc_I4_1);
                il.Emit(OpCodes.Sub);
                il.Emit(OpCodes.Starg_S, m.Parameters[0]);
                il.Emit(OpCodes.Br_S, head);
                il.Append(exit);
            });
            var f = FrontendFixture.ReadVerified(method);
            Assert.That(IrPrinter.Print(f), Is.EqualTo(
@"function M(%p0: i32): i32
b0:
  jump b1
b1:
  %2: i32 = phi [b0: 0], [b2: %4]
  %3: i32 = phi [b0: %p0], [b2: %6]
  branch %3, b2, b3
b2:
  %4: i32 = add %2, %3
  %6: i32 = sub %3, 1
  jump b1
b3:
  ret %2
".Replace("\r", "")));
            var interpreter = new IrInterpreter();
            Assert.That(interpreter.Run(f, 0), Is.EqualTo(0));
            Assert.That(interpreter.Run(f, 4), Is.EqualTo(10));
        }

        [Test]
        public void EntryThatIsALoopHeaderGetsAnEntryBlockOfItsOwn()
        {
            // n = n - 1 until n <= 0, starting at offset 0: the IL entry has a back edge.
            var method = Method((il, m) =>
            {
                var top = il.Create(OpCodes.Ldarg_0);
                il.Append(top);
                il.Emit(OpCodes.Ldc_I4_1);
                il.Emit(OpCodes.Sub);
                il.Emit(OpCodes.Dup);
                il.Emit(OpCodes.Starg_S, m.Parameters[0]);
                il.Emit(OpCodes.Ldc_I4_0);
                il.Emit(OpCodes.Bgt_S, top);
                il.Emit(OpCodes.Ldarg_0);
                il.Emit(OpCodes.Ret);
            });
            var f = FrontendFixture.ReadVerified(method);
            Assert.That(f.Entry.Phis, Is.Empty);
            Assert.That(f.Entry.Terminator, Is.InstanceOf<Jump>());
            Assert.That(f.Blocks[1].IlOffset, Is.EqualTo(0));
            Assert.That(f.Blocks[1].Phis, Has.Count.EqualTo(1));
            Assert.That(new IrInterpreter().Run(f, 5), Is.EqualTo(0));
            Assert.That(new IrInterpreter().Run(f, -3), Is.EqualTo(-4));
        }

        [Test]
        public void BranchWithBothTargetsEqualBecomesAJumpAndUnreachableCodeIsDropped()
        {
            var method = Method((il, m) =>
            {
                var next = il.Create(OpCodes.Ldarg_0);
                il.Emit(OpCodes.Ldarg_0);
                il.Emit(OpCodes.Brtrue_S, next);
                il.Append(next);
                il.Emit(OpCodes.Ret);
                il.Emit(OpCodes.Ldfld, new FieldReference("X", m.Module.TypeSystem.Int32, m.DeclaringType)); // never reached
                il.Emit(OpCodes.Ret);
            });
            var f = FrontendFixture.ReadVerified(method);
            Assert.That(IrPrinter.Print(f), Is.EqualTo(
@"function M(%p0: i32): i32
b0:
  jump b1
b1:
  ret %p0
".Replace("\r", "")));
            Assert.That(f.Entry.Terminator!.Origin!.OpCode, Is.EqualTo(OpCodes.Brtrue_S));
        }

        [Test]
        public void SwitchWithRepeatedTargetsGivesOnePhiEntryPerPredecessor()
        {
            // switch (n) { case 0: case 1: case 3: push 10; default: push 20 } then add 1 at the join.
            var method = Method((il, m) =>
            {
                var ten = il.Create(OpCodes.Ldc_I4_S, (sbyte)10);
                var join = il.Create(OpCodes.Ldc_I4_1);
                il.Emit(OpCodes.Ldarg_0);
                il.Emit(OpCodes.Switch, new[] { ten, ten, join, ten });
                il.Emit(OpCodes.Ldc_I4_S, (sbyte)20);
                il.Emit(OpCodes.Br_S, join);
                il.Append(ten);
                il.Emit(OpCodes.Br_S, join);
                il.Append(join);
                il.Emit(OpCodes.Ret);
            });
            // Case 2 jumps straight to the join with an empty stack: that is invalid IL.
            var error = Assert.Throws<DiagnosticException>(() => PrimalReader.Read(method))!;
            Assert.That(error.Descriptor, Is.SameAs(DiagnosticCatalog.InvalidIl));

            var valid = Method((il, m) =>
            {
                var ten = il.Create(OpCodes.Ldc_I4_S, (sbyte)10);
                var join = il.Create(OpCodes.Ldc_I4_1);
                il.Emit(OpCodes.Ldarg_0);
                il.Emit(OpCodes.Switch, new[] { ten, ten, ten });
                il.Emit(OpCodes.Ldc_I4_S, (sbyte)20);
                il.Emit(OpCodes.Br_S, join);
                il.Append(ten);
                il.Emit(OpCodes.Br_S, join);
                il.Append(join);
                il.Emit(OpCodes.Add);
                il.Emit(OpCodes.Ret);
            });
            var f = FrontendFixture.ReadVerified(valid);
            var phi = f.Blocks.Single(b => b.Phis.Count > 0).Phis.Single();
            Assert.That(phi.Incoming, Has.Count.EqualTo(2));
            var interpreter = new IrInterpreter();
            Assert.That(new[] { -1, 0, 1, 2, 3 }.Select(n => interpreter.Run(f, n)), Is.EqualTo(new object[] { 21, 11, 11, 11, 21 }));
        }

        [Test]
        public void DifferentStackDepthsAtAJoinAreInvalidIl()
        {
            var method = Method((il, m) =>
            {
                var join = il.Create(OpCodes.Ldc_I4_2);
                il.Emit(OpCodes.Ldarg_0);
                il.Emit(OpCodes.Brtrue_S, join);
                il.Emit(OpCodes.Ldc_I4_1);
                il.Append(join);
                il.Emit(OpCodes.Ret);
            });
            var error = Assert.Throws<DiagnosticException>(() => PrimalReader.Read(method))!;
            Assert.That(error.Descriptor.Code, Is.EqualTo("AD2007"));
            Assert.That(error.Origin, Is.Not.Null);
        }

        [Test]
        public void StoresConvertBetweenFloatWidthsAndDupPopAreStackShuffles()
        {
            // float M(float p0, double p1) { p0 = p1 (implicit conv.r4); return p0 * p1 (f64, implicit conv.r4 on ret); }
            var method = Method((il, m) =>
            {
                il.Emit(OpCodes.Ldarg_1);
                il.Emit(OpCodes.Dup);
                il.Emit(OpCodes.Pop);
                il.Emit(OpCodes.Starg_S, m.Parameters[0]);
                il.Emit(OpCodes.Ldarg_0);
                il.Emit(OpCodes.Ldarg_1);
                il.Emit(OpCodes.Mul);
                il.Emit(OpCodes.Ret);
            }, "Single", "Single", "Double");
            var f = FrontendFixture.ReadVerified(method);
            Assert.That(IrPrinter.Print(f), Is.EqualTo(
@"function M(%p0: f32, %p1: f64): f32
b0:
  %2: f32 = conv.r4 %p1
  %3: f64 = mul %2, %p1
  %4: f32 = conv.r4 %3
  ret %4
".Replace("\r", "")));
        }

        [Test]
        public void UnsupportedTypeOfALocalIsReportedAtItsFirstUse()
        {
            var method = Method((il, m) =>
            {
                m.Body.Variables.Add(new VariableDefinition(m.Module.ImportReference(typeof(System.DateTime))));
                m.Body.Variables.Add(new VariableDefinition(m.Module.TypeSystem.Int32));
                il.Emit(OpCodes.Ldloc_1);
                il.Emit(OpCodes.Ldloc_0);
                il.Emit(OpCodes.Pop);
                il.Emit(OpCodes.Ret);
            });
            var error = Assert.Throws<DiagnosticException>(() => PrimalReader.Read(method))!;
            Assert.That(error.Descriptor.Code, Is.EqualTo("AD2005"));
            Assert.That(error.Origin!.OpCode, Is.EqualTo(OpCodes.Ldloc_0));
            StringAssert.Contains("DateTime", error.What);
        }

        [Test]
        public void StoreIntoAFloatElementNarrowsADoubleAndRefFormsTakeTheStaticElementType()
        {
            // float M(float[] a, object[] o, ref object r, double d) { a[0] = d (stelem.r4, implicit conv.r4); r = o[1]; return a[0]; }
            var method = Method((il, m) =>
            {
                il.Emit(OpCodes.Ldarg_0);
                il.Emit(OpCodes.Ldc_I4_0);
                il.Emit(OpCodes.Ldarg_3);
                il.Emit(OpCodes.Stelem_R4);
                il.Emit(OpCodes.Ldarg_2);
                il.Emit(OpCodes.Ldarg_1);
                il.Emit(OpCodes.Ldc_I4_1);
                il.Emit(OpCodes.Ldelem_Ref);
                il.Emit(OpCodes.Stind_Ref);
                il.Emit(OpCodes.Ldarg_2);
                il.Emit(OpCodes.Ldind_Ref);
                il.Emit(OpCodes.Pop);
                il.Emit(OpCodes.Ldarg_0);
                il.Emit(OpCodes.Ldc_I4_0);
                il.Emit(OpCodes.Ldelem_R4);
                il.Emit(OpCodes.Ret);
            }, "Single", "Single[]", "Object[]", "Object&", "Double");
            var f = FrontendFixture.ReadVerified(method);
            Assert.That(IrPrinter.Print(f), Is.EqualTo(
@"function M(%p0: obj<System.Single[]>, %p1: obj<System.Object[]>, %p2: ref<System.Object>, %p3: f64): f32
b0:
  %5: f32 = conv.r4 %p3
  storeelement<Single> %p0, 0, %5
  %8: obj<System.Object> = loadelement<Object> %p1, 1
  storeindirect<Object> %p2, %8
  %10: obj<System.Object> = loadindirect<Object> %p2
  %12: f32 = loadelement<Single> %p0, 0
  ret %12
".Replace("\r", "")));
        }

        [Test]
        public void ReadingThroughAnUnmanagedPointerIsReported()
        {
            // double M(nint p) => *(double*)p;
            var method = Method((il, m) =>
            {
                il.Emit(OpCodes.Ldarg_0);
                il.Emit(OpCodes.Ldind_R8);
                il.Emit(OpCodes.Ret);
            }, "Double", "IntPtr");
            var error = Assert.Throws<DiagnosticException>(() => PrimalReader.Read(method))!;
            Assert.That(error.Descriptor.Code, Is.EqualTo("AD2001"));
            Assert.That(error.Origin!.OpCode, Is.EqualTo(OpCodes.Ldind_R8));
            StringAssert.Contains("unmanaged pointer", error.What);
        }

        [Test]
        public void ThrowDropsWhatElseIsOnTheStack()
        {
            // double M(double p0) { if (p0 < 0) { push p0; throw null-typed-object } return p0; } — throw empties the stack.
            var method = Method((il, m) =>
            {
                var ok = il.Create(OpCodes.Ldarg_0);
                il.Emit(OpCodes.Ldarg_0);
                il.Emit(OpCodes.Ldc_R8, 0.0);
                il.Emit(OpCodes.Bge_S, ok);
                il.Emit(OpCodes.Ldarg_0);
                il.Emit(OpCodes.Ldnull);
                il.Emit(OpCodes.Throw);
                il.Append(ok);
                il.Emit(OpCodes.Ret);
            }, "Double", "Double");
            var f = FrontendFixture.ReadVerified(method);
            Assert.That(f.Blocks.Count(b => b.Terminator is Throw), Is.EqualTo(1));
            Assert.That(new IrInterpreter().Run(f, 2.0), Is.EqualTo(2.0));
            Assert.Throws<NullReferenceException>(() => new IrInterpreter().Run(f, -1.0));
        }

        [Test]
        public void ReadonlyPrefixOfLdelemaIsIgnored()
        {
            // float M(float[] a) => readonly. ldelema float32; ldind.r4 (how generic code reads `in` an element).
            var method = Method((il, m) =>
            {
                il.Emit(OpCodes.Ldarg_0);
                il.Emit(OpCodes.Ldc_I4_1);
                il.Emit(OpCodes.Readonly);
                il.Emit(OpCodes.Ldelema, m.Module.TypeSystem.Single);
                il.Emit(OpCodes.Ldind_R4);
                il.Emit(OpCodes.Ret);
            }, "Single", "Single[]");
            var f = FrontendFixture.ReadVerified(method);
            Assert.That(IrPrinter.Print(f), Is.EqualTo(
@"function M(%p0: obj<System.Single[]>): f32
b0:
  %2: ref<System.Single> = elementaddress<Single> %p0, 1
  %3: f32 = loadindirect<Single> %2
  ret %3
".Replace("\r", "")));
            Assert.That(new IrInterpreter().Run(f, new object?[] { new[] { 1f, 2.5f } }), Is.EqualTo(2.5f));
        }
    }
}
