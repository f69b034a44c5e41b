using System;
using System.Linq;
using AutoDiff.Weaver.Backend;
using AutoDiff.Weaver.IR;
using Mono.Cecil.Cil;
using NUnit.Framework;
using static AutoDiff.Weaver.Tests.Backend.BackendFixture;

namespace AutoDiff.Weaver.Tests.Backend
{
    /// <summary>What the emitted IL looks like (locals, branches), and what the emitter refuses.</summary>
    public class IlShapeTests
    {
        private static bool IsStloc(Mono.Cecil.Cil.Instruction i) =>
            i.OpCode.Code is Code.Stloc or Code.Stloc_S or Code.Stloc_0 or Code.Stloc_1 or Code.Stloc_2 or Code.Stloc_3;

        [Test]
        public void Straight_line_single_use_values_need_no_locals()
        {
            // x * x + 1
            var module = ReadModule();
            EmitInto(module, "D_D", (f, b) =>
            {
                var x = f.Parameters[0];
                b.Return(b.Add(b.Mul(x, x), b.Const(IrType.Float64, 1)));
            });
            var body = Stub(module, "D_D").Body;
            Assert.That(body.Variables, Is.Empty);
            Assert.That(body.Instructions.Any(IsStloc), Is.False);
            Assert.That(body.Instructions.Select(i => i.OpCode.Code),
                Is.EqualTo(new[] { Code.Ldarg_0, Code.Ldarg_0, Code.Mul, Code.Ldc_R8, Code.Add, Code.Ret }));
        }

        [Test]
        public void A_value_used_twice_gets_one_local_and_unused_pure_values_vanish()
        {
            // s = sin x (unused); t = x + 1; return t * t
            var module = ReadModule();
            EmitInto(module, "D_D", (f, b) =>
            {
                var x = f.Parameters[0];
                b.Call(MathMethod(module, "Sin"), x);
                var t = b.Add(x, b.Const(IrType.Float64, 1));
                b.Return(b.Mul(t, t));
            });
            var body = Stub(module, "D_D").Body;
            Assert.That(body.Variables.Select(v => v.VariableType.FullName), Is.EqualTo(new[] { "System.Double" }));
            Assert.That(body.Instructions.Count(IsStloc), Is.EqualTo(1));
            Assert.That(body.Instructions.Any(i => i.OpCode.Code == Code.Call), Is.False, "Math.Sin is pure and unused");
            Assert.That(body.InitLocals, Is.True);
            using var woven = Support.WovenAssembly.Load(module);
            Assert.That(woven.Get<Func<double, double>>(StubsType, "D_D")(2), Is.EqualTo(9));
        }

        [Test]
        public void Jump_to_the_next_block_falls_through()
        {
            var module = ReadModule();
            EmitInto(module, "D_D", (f, b) =>
            {
                var next = f.AddBlock();
                b.Jump(next);
                b.Block = next;
                b.Return(f.Parameters[0]);
            });
            Assert.That(Stub(module, "D_D").Body.Instructions.Select(i => i.OpCode.Code), Is.EqualTo(new[] { Code.Ldarg_0, Code.Ret }));
        }

        [Test]
        public void Branches_use_short_forms_when_close()
        {
            var module = ReadModule();
            EmitInto(module, "D_D", (f, b) =>
            {
                var yes = f.AddBlock();
                var no = f.AddBlock();
                b.Branch(b.Compare(CompareKind.Lt, f.Parameters[0], b.Const(IrType.Float64, 0)), yes, no);
                b.Block = yes;
                b.Return(b.Neg(f.Parameters[0]));
                b.Block = no;
                b.Return(f.Parameters[0]);
            });
            var codes = Stub(module, "D_D").Body.Instructions.Select(i => i.OpCode.Code).ToList();
            Assert.That(codes, Does.Contain(Code.Brfalse_S));
            Assert.That(codes, Does.Not.Contain(Code.Brfalse).And.Not.Contain(Code.Brtrue));
        }

        [Test]
        public void Memory_uses_typed_opcodes_for_primitives_and_token_forms_for_other_types()
        {
            // double[]: ldelema, ldind.r8, stind.r8; DayOfWeek[]: ldelem.any, stelem.any, ldelema, ldobj, stobj
            var module = ReadModule();
            EmitInto(module, "ScaleElement", (f, b) =>
            {
                var p = b.ElementAddress(module.TypeSystem.Double, f.Parameters[0], f.Parameters[1]);
                b.StoreIndirect(module.TypeSystem.Double, p, b.Mul(b.LoadIndirect(module.TypeSystem.Double, p), f.Parameters[2]));
                b.Return(null);
            }, MemoryStubsType);
            EmitInto(module, "EnumElements", (f, b) =>
            {
                var (a, i, j) = (f.Parameters[0], f.Parameters[1], f.Parameters[2]);
                var day = a.Type.ElementClr!;
                b.StoreElement(day, a, j, b.LoadElement(day, a, i));
                var p = b.ElementAddress(day, a, i);
                b.StoreIndirect(day, p, b.LoadIndirect(day, p));
                b.Return(b.ConstInt(0));
            }, MemoryStubsType);
            Assert.That(Codes(module, "ScaleElement"), Is.EqualTo(new[]
            {
                Code.Ldarg_0, Code.Ldarg_1, Code.Ldelema, Code.Stloc_0,
                Code.Ldloc_0, Code.Ldind_R8, Code.Stloc_1, // a load stays in place, before the store
                Code.Ldloc_0, Code.Ldloc_1, Code.Ldarg_2, Code.Mul, Code.Stind_R8, Code.Ret,
            }));
            Assert.That(Codes(module, "EnumElements"), Is.EqualTo(new[]
            {
                Code.Ldarg_0, Code.Ldarg_1, Code.Ldelem_Any, Code.Stloc_0,
                Code.Ldarg_0, Code.Ldarg_2, Code.Ldloc_0, Code.Stelem_Any,
                Code.Ldarg_0, Code.Ldarg_1, Code.Ldelema, Code.Stloc_1,
                Code.Ldloc_1, Code.Ldobj, Code.Stloc_0, Code.Ldloc_1, Code.Ldloc_0, Code.Stobj, // the first element is dead: its local is reused
                Code.Ldc_I4_0, Code.Ret,
            }));
            using var woven = Support.WovenAssembly.Load(module);
        }

        [Test]
        public void An_unused_load_is_emitted_and_popped()
        {
            var module = ReadModule();
            EmitInto(module, "LoadUnused", (f, b) =>
            {
                b.LoadElement(module.TypeSystem.Double, f.Parameters[0], f.Parameters[1]);
                b.Return(b.Const(IrType.Float64, 1));
            }, MemoryStubsType);
            Assert.That(Codes(module, "LoadUnused"), Is.EqualTo(new[] { Code.Ldarg_0, Code.Ldarg_1, Code.Ldelem_R8, Code.Pop, Code.Ldc_R8, Code.Ret }));
        }

        private static Code[] Codes(Mono.Cecil.ModuleDefinition module, string stub) =>
            Stub(module, stub, MemoryStubsType).Body.Instructions.Select(i => i.OpCode.Code).ToArray();

        [Test]
        public void Unlowerable_IR_throws_and_leaves_the_target_untouched()
        {
            var module = ReadModule();
            var stub = Stub(module, "D_D");
            var before = stub.Body.Instructions.Select(i => i.OpCode.Code).ToList();
            var f = NewFunction(stub);
            var b = new IrBuilder(f, f.Entry);
            var yes = f.AddBlock();
            b.Branch(f.Parameters[0], yes, yes); // a float condition: IL cannot branch on it
            b.Block = yes;
            b.Return(f.Parameters[0]);
            Assert.That(() => IlEmitter.Emit(f, stub), Throws.InvalidOperationException.With.Message.Contains("condition"));
            Assert.That(stub.Body.Instructions.Select(i => i.OpCode.Code), Is.EqualTo(before));
        }

        [Test]
        public void Parameter_count_mismatch_throws()
        {
            var module = ReadModule();
            var f = new Function("wrong", IrType.Float64, null);
            f.AddBlock();
            new IrBuilder(f, f.Entry).Return(f.Const(IrType.Float64, 1));
            Assert.That(() => IlEmitter.Emit(f, Stub(module, "DD_D")), Throws.InvalidOperationException.With.Message.Contains("parameters"));
        }

        [Test]
        public void The_IR_is_not_changed()
        {
            var module = ReadModule();
            var f = EmitInto(module, "DD_D", (fn, b) =>
            {
                var join = fn.AddBlock();
                b.Branch(b.Compare(CompareKind.Lt, fn.Parameters[0], fn.Parameters[1]), join, join);
                var phi = fn.AddPhi(join, IrType.Float64);
                phi.Incoming.Add(new PhiIncoming(fn.Entry, fn.Parameters[1]));
                b.Block = join;
                b.Return(phi);
            });
            var printed = IrPrinter.Print(f);
            IlEmitter.Emit(f, Stub(module, "DD_D"));
            Assert.That(IrPrinter.Print(f), Is.EqualTo(printed));
            Assert.That(f.Blocks, Has.Count.EqualTo(2));
        }
    }
}
